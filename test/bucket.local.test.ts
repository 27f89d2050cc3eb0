import { mkdir, symlink } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LocalFolderBucket } from "../src/bucket/local.ts";
import { FileError } from "../src/errors.ts";
import { createTempFolder, type TempFolder } from "./support/folders.ts";

/** Runs before every fs.stat of the bucket (null = none): lets a test delete a file between readdir and stat. */
const fsHook = vi.hoisted(() => ({ beforeStat: null as ((file: string) => Promise<void>) | null }));
vi.mock("node:fs/promises", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs/promises")>();
  const stat = fs.stat as (file: string, ...rest: unknown[]) => Promise<unknown>;
  return {
    ...fs,
    stat: async (file: string, ...rest: unknown[]) => {
      await fsHook.beforeStat?.(String(file));
      return stat(file, ...rest);
    },
  };
});

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
  afterEach(async () => {
    fsHook.beforeStat = null;
    await folder.cleanup();
  });

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
    const bucket = new LocalFolderBucket(folder.dir, { prefix: "/c" });
    const page = await bucket.list({ cursor: null, limit: 10 });
    expect(page.objects.map((o) => o.path)).toEqual(["c/d/e.md"]);
    expect(bucket.prefix).toBe("c/");
    expect(new LocalFolderBucket(folder.dir).prefix).toBe("");
  });

  it("lists a prefix folder that does not exist as empty", async () => {
    const page = await new LocalFolderBucket(folder.dir, { prefix: "nope" }).list({
      cursor: null,
      limit: 10,
    });
    expect(page).toEqual({ objects: [], nextCursor: null });
  });

  it("leaves out a file deleted between readdir and stat, and lists the rest", async () => {
    fsHook.beforeStat = async (file) => {
      if (file === path.join(folder.dir, "a", "z.pdf")) await folder.remove("a/z.pdf");
    };

    const page = await new LocalFolderBucket(folder.dir).list({ cursor: null, limit: 10 });

    expect(page.objects.map((o) => o.path)).toEqual(["a/y.docx", "b.txt", "c/d/e.md"]);
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

  describe("symbolic links", () => {
    let outside: TempFolder;
    beforeEach(async () => {
      outside = await createTempFolder();
      await outside.write("ext.txt", "outside");
      await outside.write("shared/inner.txt", "inner");
      const link = async (target: string, at: string) => {
        await mkdir(path.dirname(path.join(folder.dir, at)), { recursive: true });
        await symlink(target, path.join(folder.dir, at));
      };
      await link(path.join(outside.dir, "ext.txt"), "links/ext.txt");
      await link("../b.txt", "links/b-again.txt");
      await link(path.join(outside.dir, "shared"), "links/shared");
      await link("missing.txt", "links/broken.txt");
      await link(".", "self");
      await link("..", "c/d/up");
      // Two folders linking to each other: each is followed once from the other, never round and round.
      await folder.write("x/f.txt", "f");
      await folder.write("y/g.txt", "g");
      await link("../y", "x/to-y");
      await link("../x", "y/to-x");
    });
    afterEach(() => outside.cleanup());

    it("follows links to files and folders inside and outside, never into a loop; broken links are left out", async () => {
      const bucket = new LocalFolderBucket(folder.dir);
      const page = await bucket.list({ cursor: null, limit: 100 });

      expect(page.objects.map((o) => o.path)).toEqual([
        "a/y.docx",
        "a/z.pdf",
        "b.txt",
        "c/d/e.md",
        "links/b-again.txt",
        "links/ext.txt",
        "links/shared/inner.txt",
        "x/f.txt",
        "x/to-y/g.txt",
        "y/g.txt",
        "y/to-x/f.txt",
      ]);
      const byPath = new Map(page.objects.map((o) => [o.path, o]));
      // The etag is the target's: editing the target re-queues the link's path.
      expect(byPath.get("links/b-again.txt")?.etag).toBe(byPath.get("b.txt")?.etag);
      const text = async (p: string) => new TextDecoder().decode(await bucket.download(p, { maxBytes: 100 }));
      expect(await text("links/ext.txt")).toBe("outside");
      expect(await text("links/shared/inner.txt")).toBe("inner");
    });
  });
});
