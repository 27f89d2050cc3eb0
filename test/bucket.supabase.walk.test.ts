import { afterEach, describe, expect, it } from "vitest";
import { BucketConfigError } from "../src/errors.ts";
import {
  createStorageWorld,
  listAcrossTicks,
  listAll,
  pathsOf,
  type StorageWorld,
} from "./support/storage-world.ts";

const NESTED: Record<string, string> = {
  "alice.pdf": "A",
  "cv/bob.docx": "B",
  "cv/2026/carol.txt": "C",
  "cv/2026/jan/dave.md": "D",
  "cv/2026/.emptyFolderPlaceholder": "",
  "cvx/eve.txt": "E",
  "zed.txt": "Z",
};
const NESTED_RESUMES = [
  "alice.pdf",
  "cv/2026/carol.txt",
  "cv/2026/jan/dave.md",
  "cv/bob.docx",
  "cvx/eve.txt",
  "zed.txt",
];

/** `count` files named a00.txt, a01.txt, … in `dir`. */
function manyFiles(dir: string, count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) files[`${dir}a${String(i).padStart(2, "0")}.txt`] = `file ${i}`;
  return files;
}

describe("Supabase Storage bucket: list() walk when list-v2 is missing", () => {
  let world: StorageWorld;
  afterEach(() => world.cleanup());

  it.each(["feature-not-enabled", "tenant-not-migrated", "missing-route"] as const)(
    "falls back on %s and walks every nested folder",
    async (listV2) => {
      world = await createStorageWorld(NESTED, { listV2 });
      const bucket = world.bucket();
      const objects = await listAll(bucket, 2);
      expect(objects.map((o) => o.path).sort()).toEqual(NESTED_RESUMES);
      expect(objects.find((o) => o.path === "cv/bob.docx")).toMatchObject({
        size: 1,
        etag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
      });
      // One try per instance, then list() only.
      expect(world.server.faults.count("listV2")).toBe(1);
      expect(world.server.faults.count("list")).toBeGreaterThan(3);
    },
  );

  it("sends storage-js's list() body: one folder level, name order, offset paging", async () => {
    world = await createStorageWorld(NESTED, { listV2: "feature-not-enabled" });
    await listAll(world.bucket(), 10);
    const bodies = world.server.requests.filter((r) => r.kind === "list").map((r) => r.body);
    expect(bodies[0]).toEqual({ prefix: "", limit: 10, offset: 0, sortBy: { column: "name", order: "asc" } });
    expect(bodies.map((b) => (b as { prefix: string }).prefix)).toContain("cv/2026/jan");
  });

  it("pages inside a folder larger than the page and resumes each page in a fresh instance", async () => {
    world = await createStorageWorld(
      { ...manyFiles("many/", 12), "many/sub/x.txt": "x", "top.txt": "t" },
      {
        listV2: "missing-route",
      },
    );
    const { objects, pages } = await listAcrossTicks(() => world.bucket(), 5);
    const expected = [...Object.keys(manyFiles("many/", 12)), "many/sub/x.txt", "top.txt"].sort();
    expect(pathsOf(objects)).toEqual(expected);
    expect(objects).toHaveLength(expected.length);
    expect(pages).toBeGreaterThanOrEqual(3);
    // A walk cursor goes straight on with list(): fresh instances only try list-v2 on a new listing.
    expect(world.server.faults.count("listV2")).toBe(1);
  });

  it("skips nothing when entries before the saved position are deleted between pages", async () => {
    world = await createStorageWorld(manyFiles("", 20), { listV2: "feature-not-enabled" });
    const first = await world.bucket().list({ cursor: null, limit: 5 });
    expect(first.objects.map((o) => o.path)).toEqual(["a00.txt", "a01.txt", "a02.txt", "a03.txt", "a04.txt"]);
    for (const key of ["a00.txt", "a01.txt", "a02.txt"]) await world.remove(key);
    // Plain offset paging would now start at a08.txt (offset 5 of the 17 left) and skip a05–a07.
    let cursor = first.nextCursor;
    const after: string[] = [];
    while (cursor !== null) {
      const page = await world.bucket().list({ cursor, limit: 5 });
      after.push(...page.objects.map((o) => o.path));
      cursor = page.nextCursor;
    }
    expect(after).toEqual(Object.keys(manyFiles("", 20)).slice(5));
  });

  it("continues after the last listed entry even when that entry itself was deleted", async () => {
    world = await createStorageWorld(manyFiles("", 10), { listV2: "feature-not-enabled" });
    const first = await world.bucket().list({ cursor: null, limit: 4 });
    for (const key of ["a01.txt", "a03.txt"]) await world.remove(key);
    const next = await world.bucket().list({ cursor: first.nextCursor, limit: 10 });
    expect(next.objects.map((o) => o.path)).toEqual([
      "a04.txt",
      "a05.txt",
      "a06.txt",
      "a07.txt",
      "a08.txt",
      "a09.txt",
    ]);
  });

  it("lists a file and a folder that share a name", async () => {
    // A folder on disk cannot share a file's name, so the root level is answered by hand, as Storage would.
    world = await createStorageWorld({ "x/y.txt": "y" }, { listV2: "feature-not-enabled" });
    const file = {
      name: "x",
      id: "f1",
      updated_at: "2026-01-01T00:00:00.000Z",
      metadata: { eTag: '"e"', size: 6 },
    };
    const folder = { name: "x", id: null, updated_at: null, metadata: null };
    world.server.faults.failNth("list", 1, { status: 200, body: [file, folder] });
    const objects = await listAll(world.bucket(), 10);
    expect(objects.map((o) => o.path)).toEqual(["x", "x/y.txt"]);
    expect(world.server.faults.count("list")).toBe(2);
  });

  it("walks only under the prefix folder", async () => {
    world = await createStorageWorld(NESTED, { listV2: "feature-not-enabled" });
    const objects = await listAll(world.bucket({ prefix: "cv/2026/" }), 10);
    expect(pathsOf(objects)).toEqual(["cv/2026/carol.txt", "cv/2026/jan/dave.md"]);
  });

  it("refuses a missing bucket in walk mode too", async () => {
    world = await createStorageWorld(NESTED, { listV2: "tenant-not-migrated" });
    world.server.removeBucket("msmm-resumes");
    const error = await world
      .bucket()
      .list({ cursor: null, limit: 10 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BucketConfigError);
    expect(error).toMatchObject({ code: "bucket_not_found" });
  });
});
