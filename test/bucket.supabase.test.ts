import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { BucketConfigError, FileError } from "../src/errors.ts";
import {
  createStorageWorld,
  listAcrossTicks,
  listAll,
  pathsOf,
  type StorageWorld,
} from "./support/storage-world.ts";

const RESUMES: Record<string, string> = {
  "alice.pdf": "%PDF-alice",
  "cv/bob.docx": "PK-bob",
  "cv/2026/carol.txt": "Carol\nEngineer",
  "cv/2026/dave.md": "# Dave",
  "cv/2026/.emptyFolderPlaceholder": "",
  "cvx/eve.txt": "Eve",
  "zed.txt": "Zed",
};

describe("Supabase Storage bucket: listing with list-v2", () => {
  let world: StorageWorld;
  afterEach(() => world.cleanup());

  it("pages flat through nested keys and resumes from a saved cursor in a fresh instance", async () => {
    world = await createStorageWorld(RESUMES);
    const { objects, pages } = await listAcrossTicks(() => world.bucket(), 2);
    expect(objects.map((o) => o.path)).toEqual([
      "alice.pdf",
      "cv/2026/carol.txt",
      "cv/2026/dave.md",
      "cv/bob.docx",
      "cvx/eve.txt",
      "zed.txt",
    ]);
    expect(pages).toBe(4);
    // Flat listing only: the server never had to be walked folder by folder.
    expect(world.server.faults.count("list")).toBe(0);
    const sent = world.server.requests.filter((r) => r.kind === "listV2").map((r) => r.body);
    expect(sent[0]).toEqual({ prefix: "", limit: 2 });
    expect(sent[1]).toEqual({ prefix: "", limit: 2, cursor: expect.any(String) });
  });

  it("maps eTag (quoted md5), size and updated_at from the listing", async () => {
    world = await createStorageWorld({ "cv/bob.docx": "PK-bob" });
    const [bob] = await listAll(world.bucket(), 10);
    const md5 = createHash("md5").update("PK-bob").digest("hex");
    expect(bob).toEqual({ path: "cv/bob.docx", size: 6, etag: `"${md5}"`, updatedAt: expect.any(String) });
    expect(Number.isNaN(Date.parse(bob?.updatedAt ?? ""))).toBe(false);
  });

  it.each(["cv", "cv/", "/cv/"])(
    "lists only under the prefix folder %j, not its namesakes",
    async (prefix) => {
      world = await createStorageWorld(RESUMES);
      const objects = await listAll(world.bucket({ prefix }), 10);
      expect(objects.map((o) => o.path)).toEqual(["cv/2026/carol.txt", "cv/2026/dave.md", "cv/bob.docx"]);
    },
  );

  it("does not resume a cursor saved under another prefix: the listing starts over", async () => {
    world = await createStorageWorld(RESUMES);
    const first = await world.bucket().list({ cursor: null, limit: 1 });
    const page = await world.bucket({ prefix: "cv" }).list({ cursor: first.nextCursor, limit: 10 });
    expect(pathsOf(page.objects)).toEqual(["cv/2026/carol.txt", "cv/2026/dave.md", "cv/bob.docx"]);
  });

  it("refuses a missing bucket instead of listing it as empty", async () => {
    world = await createStorageWorld(RESUMES);
    world.server.removeBucket("msmm-resumes");
    const error = await world
      .bucket()
      .list({ cursor: null, limit: 10 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BucketConfigError);
    expect(error).toMatchObject({
      code: "bucket_not_found",
      message: expect.stringMatching(/RESUME_BUCKET/),
    });
  });

  it("notices the bucket vanished between two listings of a long-lived instance", async () => {
    world = await createStorageWorld({ "a.txt": "A" });
    const bucket = world.bucket();
    expect(pathsOf(await listAll(bucket, 10))).toEqual(["a.txt"]);
    await world.remove("a.txt");
    world.server.removeBucket("msmm-resumes");
    await expect(bucket.list({ cursor: null, limit: 10 })).rejects.toMatchObject({
      code: "bucket_not_found",
    });
  });

  it("lists an existing empty bucket as empty", async () => {
    world = await createStorageWorld({});
    expect(await world.bucket().list({ cursor: null, limit: 10 })).toEqual({ objects: [], nextCursor: null });
    expect(world.server.faults.count("getBucket")).toBe(1);
  });

  it("asks for the bucket only when a listing would end empty", async () => {
    world = await createStorageWorld(RESUMES);
    await listAll(world.bucket(), 100);
    expect(world.server.faults.count("getBucket")).toBe(0);
  });

  it("reports a wrong key as bucket_access_denied naming SUPABASE_SECRET_KEY", async () => {
    world = await createStorageWorld(RESUMES);
    const error = await world
      .bucket({ key: "sb_secret_wrong" })
      .list({ cursor: null, limit: 10 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BucketConfigError);
    expect(error).toMatchObject({ code: "bucket_access_denied" });
    expect((error as Error).message).toMatch(/SUPABASE_SECRET_KEY/);
    expect((error as Error).message).toMatch(/403 AccessDenied/);
  });

  it("reports a key refused by the API gateway (HTTP 401) as bucket_access_denied", async () => {
    world = await createStorageWorld(RESUMES, { gateway: true });
    await expect(
      world.bucket({ key: "sb_secret_wrong" }).list({ cursor: null, limit: 10 }),
    ).rejects.toMatchObject({
      code: "bucket_access_denied",
      message: expect.stringMatching(/Invalid API key/),
    });
  });
});

describe("Supabase Storage bucket: download", () => {
  let world: StorageWorld;
  afterEach(() => world.cleanup());

  it("downloads the object's bytes, whatever legal characters its key holds", async () => {
    world = await createStorageWorld({ "cv/Ann Lee+CV (1)?.txt": "Ann", "cv/bob.docx": "PK-bob" });
    const bucket = world.bucket();
    const [ann] = await listAll(bucket, 10);
    expect(ann?.path).toBe("cv/Ann Lee+CV (1)?.txt");
    const bytes = await bucket.download(ann?.path ?? "", { maxBytes: 100 });
    expect(new TextDecoder().decode(bytes)).toBe("Ann");
    expect(world.server.requests.at(-1)?.path).toBe(
      "/storage/v1/object/msmm-resumes/cv/Ann%20Lee%2BCV%20(1)%3F.txt",
    );
  });

  it("returns an empty file as zero bytes", async () => {
    world = await createStorageWorld({ "empty.txt": "" });
    expect(await world.bucket().download("empty.txt", { maxBytes: 10 })).toEqual(new Uint8Array(0));
  });

  it("turns an object deleted after listing into object_missing", async () => {
    world = await createStorageWorld(RESUMES);
    const bucket = world.bucket();
    await listAll(bucket, 100);
    await world.remove("cv/bob.docx");
    const error = await bucket.download("cv/bob.docx", { maxBytes: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileError);
    expect(error).toMatchObject({ code: "object_missing", outcome: "remove" });
  });

  it("turns a missing bucket into BucketConfigError, not a file's problem", async () => {
    world = await createStorageWorld(RESUMES);
    world.server.removeBucket("msmm-resumes");
    const error = await world
      .bucket()
      .download("alice.pdf", { maxBytes: 100 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BucketConfigError);
    expect(error).toMatchObject({ code: "bucket_not_found" });
  });

  it("names the key too when a wrong key makes the private bucket look missing", async () => {
    world = await createStorageWorld(RESUMES);
    const error = await world
      .bucket({ key: "sb_secret_wrong" })
      .download("alice.pdf", { maxBytes: 100 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "bucket_not_found",
      message: expect.stringMatching(/SUPABASE_SECRET_KEY/),
    });
  });

  it("stops reading a body over maxBytes with too_large", async () => {
    world = await createStorageWorld({ "big.pdf": "" });
    await world.put("big.pdf", new Uint8Array(16 * 1024 * 1024));
    const error = await world
      .bucket()
      .download("big.pdf", { maxBytes: 1024 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileError);
    expect(error).toMatchObject({ code: "too_large", outcome: "skip" });
    // The body was cancelled, not read to the end: the server never finished sending it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(world.server.requests.at(-1)?.finished).toBe(false);
  });

  it("accepts a body of exactly maxBytes", async () => {
    world = await createStorageWorld({ "four.txt": "four" });
    expect(await world.bucket().download("four.txt", { maxBytes: 4 })).toHaveLength(4);
  });

  it("maps a 5xx to download_failed (retried)", async () => {
    world = await createStorageWorld(RESUMES);
    world.server.faults.failNext("download", 1);
    const error = await world
      .bucket()
      .download("alice.pdf", { maxBytes: 100 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "download_failed", outcome: "retry" });
    expect((error as Error).message).toMatch(/HTTP 500 InternalError/);
  });

  it("rejects with the signal's reason when aborted mid-request", async () => {
    world = await createStorageWorld(RESUMES);
    world.server.faults.failNext("download", 1, { stallMs: 5_000 });
    const controller = new AbortController();
    const reason = new Error("deadline");
    setTimeout(() => controller.abort(reason), 50);
    const started = Date.now();
    const error = await world
      .bucket()
      .download("alice.pdf", { maxBytes: 100, signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBe(reason);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("does not even ask when the signal is already aborted", async () => {
    world = await createStorageWorld(RESUMES);
    const controller = new AbortController();
    controller.abort(new Error("interrupted"));
    await expect(
      world.bucket().download("alice.pdf", { maxBytes: 100, signal: controller.signal }),
    ).rejects.toThrow("interrupted");
    expect(world.server.faults.count("download")).toBe(0);
  });
});
