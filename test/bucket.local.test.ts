import { mkdir } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalFolderBucket } from "../src/bucket/local.ts";
import { FileError } from "../src/errors.ts";
import { createTempFolder, type TempFolder } from "./support/folders.ts";

describe("local folder bucket", () => {
  let folder: TempFolder;
  beforeEach(async () => {
    folder = await createTempFolder();
    await folder.write("b.txt", "bee");
    await folder.write("a/z.pdf", "%PDF-");
    await folder.write("a/y.docx", "PK");
    await folder.write(".DS_Store", "junk");
    await folder.write(".git/config", "junk");
    await folder.write("c/d/e.md", "# E");
  });
  afterEach(() => folder.cleanup());

  it("lists recursively in code-unit order with a resumable cursor, ignoring dotfiles", async () => {
    const bucket = new LocalFolderBucket(folder.dir);
    const first = await bucket.list({ cursor: null, limit: 2 });
    expect(first.objects.map((o) => o.path)).toEqual(["a/y.docx", "a/z.pdf"]);
    expect(first.nextCursor).toBe("a/z.pdf");
    // A fresh instance (the next tick) continues from the saved cursor.
    const next = await new LocalFolderBucket(folder.dir).list({ cursor: first.nextCursor, limit: 2 });
    expect(next.objects.map((o) => o.path)).toEqual(["b.txt", "c/d/e.md"]);
    expect(next.nextCursor).toBeNull();
    expect(next.objects[0]).toMatchObject({ size: 3, etag: expect.stringMatching(/^3-\d+$/) });
  });

  it("watches only the prefix folder when one is given", async () => {
    const bucket = new LocalFolderBucket(folder.dir, { prefix: "c/" });
    const page = await bucket.list({ cursor: null, limit: 10 });
    expect(page.objects.map((o) => o.path)).toEqual(["c/d/e.md"]);
  });

  it("refuses a missing folder instead of reporting an empty bucket", async () => {
    const bucket = new LocalFolderBucket(path.join(folder.dir, "nope"));
    await expect(bucket.list({ cursor: null, limit: 10 })).rejects.toThrow(/does not exist/);
  });

  it("downloads inside the folder only, with too_large and download_failed codes", async () => {
    const bucket = new LocalFolderBucket(folder.dir);
    expect(new TextDecoder().decode(await bucket.download("b.txt", { maxBytes: 10 }))).toBe("bee");
    await expect(bucket.download("b.txt", { maxBytes: 2 })).rejects.toMatchObject({ code: "too_large" });
    await expect(bucket.download("missing.txt", { maxBytes: 10 })).rejects.toMatchObject({
      code: "download_failed",
    });
    await mkdir(path.join(folder.dir, "..", "outside"), { recursive: true });
    const outside = bucket.download("../outside/x", { maxBytes: 10 });
    await expect(outside).rejects.toBeInstanceOf(FileError);
    await expect(outside).rejects.toThrow(/outside the bucket folder/);
  });
});
