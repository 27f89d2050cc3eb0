import { afterEach, describe, expect, it } from "vitest";
import type { ListPage } from "../src/bucket/port.ts";
import { BucketConfigError, FileError } from "../src/errors.ts";
import { ANSWERS } from "./support/storage-server.ts";
import { createStorageWorld, listAll, pathsOf, type StorageWorld } from "./support/storage-world.ts";

const FILES: Record<string, string> = {
  "a.txt": "A",
  "b/c.txt": "C",
  "b/d.txt": "D",
  "e.txt": "E",
  "f/g/h.txt": "H",
};
const ALL = Object.keys(FILES).sort();

/** A listing error must be a plain (transient) Error: never a BucketConfigError or FileError, never a page. */
function expectTransient(error: unknown, pattern: RegExp): void {
  expect(error).toBeInstanceOf(Error);
  expect(error).not.toBeInstanceOf(BucketConfigError);
  expect(error).not.toBeInstanceOf(FileError);
  expect((error as Error).message).toMatch(pattern);
}

describe("Supabase Storage bucket: faults while listing", () => {
  let world: StorageWorld;
  afterEach(() => world.cleanup());

  it.each([
    ["a 500", ANSWERS.internalError, /HTTP 500 InternalError/],
    ["a proxy's 502 page", ANSWERS.badGateway, /HTTP 502/],
    [
      "an HTTP 404 after list-v2 already answered",
      { status: 404, body: { message: "Not Found" } },
      /HTTP 404/,
    ],
  ])(
    "fails page 2 on %s as a transient error, and the saved cursor still resumes",
    async (_name, answer, pattern) => {
      world = await createStorageWorld(FILES);
      const first = await world.bucket().list({ cursor: null, limit: 2 });
      const bucket = world.bucket();
      world.server.faults.failNth("listV2", 1, answer);
      const error = await bucket.list({ cursor: first.nextCursor, limit: 2 }).catch((e: unknown) => e);
      expectTransient(error, pattern);
      // The same instance retries with the same cursor: it did not fall back to list(), nothing was lost.
      const rest: ListPage[] = [];
      let cursor = first.nextCursor;
      while (cursor !== null) {
        const page = await bucket.list({ cursor, limit: 2 });
        rest.push(page);
        cursor = page.nextCursor;
      }
      expect(pathsOf([...first.objects, ...rest.flatMap((p) => p.objects)])).toEqual(ALL);
      expect(world.server.faults.count("list")).toBe(0);
    },
  );

  it("does not take a 5xx on the first list-v2 call for a missing list-v2", async () => {
    world = await createStorageWorld(FILES);
    world.server.faults.failNext("listV2", 1, ANSWERS.internalError);
    const error = await world
      .bucket()
      .list({ cursor: null, limit: 10 })
      .catch((e: unknown) => e);
    expectTransient(error, /Listing bucket "msmm-resumes" failed/);
    expect(world.server.faults.count("list")).toBe(0);
  });

  it("fails a walk page on a 5xx and resumes it from the saved cursor", async () => {
    world = await createStorageWorld(FILES, { listV2: "feature-not-enabled" });
    const first = await world.bucket().list({ cursor: null, limit: 2 });
    world.server.faults.failNth("list", 1, ANSWERS.internalError);
    const error = await world
      .bucket()
      .list({ cursor: first.nextCursor, limit: 2 })
      .catch((e: unknown) => e);
    expectTransient(error, /HTTP 500/);
    let cursor = first.nextCursor;
    const objects = [...first.objects];
    while (cursor !== null) {
      const page = await world.bucket().list({ cursor, limit: 2 });
      objects.push(...page.objects);
      cursor = page.nextCursor;
    }
    expect(pathsOf(objects)).toEqual(ALL);
  });

  it("stops with bucket_not_found when Storage says NoSuchBucket mid-walk", async () => {
    world = await createStorageWorld(FILES, { listV2: "feature-not-enabled" });
    const first = await world.bucket().list({ cursor: null, limit: 1 });
    world.server.faults.failNth("list", 1, ANSWERS.noSuchBucket);
    const error = await world
      .bucket()
      .list({ cursor: first.nextCursor, limit: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BucketConfigError);
    expect(error).toMatchObject({ code: "bucket_not_found" });
  });

  it("never ends a listing empty when the bucket check itself fails", async () => {
    world = await createStorageWorld({});
    world.server.faults.failNext("getBucket", 1, ANSWERS.internalError);
    const error = await world
      .bucket()
      .list({ cursor: null, limit: 10 })
      .catch((e: unknown) => e);
    expectTransient(error, /HTTP 500/);
  });

  it("reports an unreachable server as a transient error naming the cause", async () => {
    world = await createStorageWorld(FILES);
    const bucket = world.bucket();
    await world.server.close();
    const listing = await bucket.list({ cursor: null, limit: 10 }).catch((e: unknown) => e);
    expectTransient(listing, /could not reach Supabase Storage.*ECONNREFUSED/);
    const download = await bucket.download("a.txt", { maxBytes: 10 }).catch((e: unknown) => e);
    expect(download).toMatchObject({
      code: "download_failed",
      message: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it("rejects with the signal's reason when a listing is aborted mid-request", async () => {
    world = await createStorageWorld(FILES);
    world.server.faults.failNext("listV2", 1, { stallMs: 5_000 });
    const controller = new AbortController();
    const reason = new Error("deadline");
    setTimeout(() => controller.abort(reason), 50);
    const error = await world
      .bucket()
      .list({ cursor: null, limit: 10, signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBe(reason);
  });

  it("starts over on a cursor it cannot read instead of failing every tick", async () => {
    world = await createStorageWorld(FILES);
    for (const cursor of ["a/z.pdf", "sb1:{broken", 'sb1:{"mode":"walk","folder":"","stack":[{"dir":1}]}']) {
      expect(pathsOf((await world.bucket().list({ cursor, limit: 10 })).objects)).toEqual(ALL);
    }
  });

  it("walks one object per page without repeating or skipping any", async () => {
    world = await createStorageWorld(FILES, { listV2: "missing-route" });
    expect(pathsOf(await listAll(world.bucket(), 1))).toEqual(ALL);
  });
});
