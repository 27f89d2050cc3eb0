import { expect, it } from "vitest";
import { SqlLedger } from "../src/ledger/sql-ledger.ts";
import { forEachBackend } from "./support/db.ts";
import {
  BUCKET,
  claimOne,
  complete,
  countWhere,
  fileRow,
  fileRows,
  fullListing,
  object,
  paths,
  seedPending,
  syncObjects,
} from "./support/ledger-fixtures.ts";

forEachBackend("sync: listing pages diffed in the database", (ctx) => {
  it("inserts new objects as pending, attempts 0, due now", async () => {
    const result = await syncObjects(ctx.ledger, [
      object("a.pdf"),
      object("b.docx", "e2", 42),
      object("c.txt"),
    ]);

    expect(result).toMatchObject({ new: 3, changed: 0, unchanged: 0 });
    const b = await fileRow(ctx.sql, "b.docx");
    expect(b).toMatchObject({ status: "pending", attempts: 0, etag: "e2", size: 42, lease_token: null });
    expect(b.due_in_s).toBeLessThanOrEqual(0);
  });

  it("does not write unchanged rows, and records the page's paths for the listing", async () => {
    await seedPending(ctx.ledger, ["a.pdf", "b.pdf"]);
    const done = await claimOne(ctx.ledger);
    await complete(ctx.ledger, done);
    const versions = () =>
      ctx.sql.query<{ v: string }>("select xmin::text as v from watcher.resume_files order by path");
    const before = await versions();

    const { listingId } = await ctx.ledger.getCheckpoint(BUCKET);
    const result = await syncObjects(ctx.ledger, [object("b.pdf"), object("a.pdf")]);

    expect(result).toMatchObject({ new: 0, changed: 0, unchanged: 2, checkpointSaved: true });
    expect(await versions()).toEqual(before);
    expect(await fileRow(ctx.sql, done.path)).toMatchObject({ status: "done", attempts: 1 });
    const pages = await ctx.sql.query<{ paths: string[] }>(
      "select paths from watcher.watcher_listing_pages where bucket = $1 and listing_id = $2",
      [BUCKET, listingId],
    );
    expect(pages.map((p) => [...p.paths].sort())).toEqual([
      ["a.pdf", "b.pdf"],
      ["a.pdf", "b.pdf"],
    ]);
  });

  it("puts a changed object (etag) back to pending from done, failed, skipped and processing", async () => {
    const names = ["done.pdf", "failed.pdf", "skipped.pdf", "processing.pdf"];
    await seedPending(ctx.ledger, names);
    const claimed = await ctx.ledger.claimFiles({ worker: "w", limit: 4, leaseMs: 60_000 });
    const byPath = new Map(claimed.map((file) => [file.path, file]));
    const take = (path: string) => byPath.get(path) ?? expect.unreachable(`${path} not claimed`);
    await complete(ctx.ledger, take("done.pdf"));
    await ctx.ledger.failFile({
      ...fence(take("failed.pdf")),
      code: "corrupt_file",
      message: "bad",
      retryable: false,
      maxAttempts: 5,
    });
    await ctx.ledger.skipFile({ ...fence(take("skipped.pdf")), code: "unsupported_type", message: "zip" });
    expect((await fileRows(ctx.sql)).map((r) => r.status).sort()).toEqual([
      "done",
      "failed",
      "processing",
      "skipped",
    ]);

    const result = await syncObjects(
      ctx.ledger,
      names.map((p) => object(p, `new-${p}`)),
    );

    expect(result).toMatchObject({ new: 0, changed: 4, unchanged: 0 });
    for (const row of await fileRows(ctx.sql)) {
      expect(row).toMatchObject({ status: "pending", attempts: 0, etag: `new-${row.path}`, done: false });
      expect(row).toMatchObject({
        lease_token: null,
        lease_owner: null,
        last_error_code: null,
        content_hash: null,
      });
      expect(row.due_in_s).toBeLessThanOrEqual(0);
    }
  });

  it("treats a size change as a change, and a null etag staying null as unchanged", async () => {
    await syncObjects(ctx.ledger, [object("a.pdf", "e", 10), object("b.pdf", null, 10)]);

    const result = await syncObjects(ctx.ledger, [object("a.pdf", "e", 11), object("b.pdf", null, 10)]);

    expect(result).toMatchObject({ new: 0, changed: 1, unchanged: 1 });
    expect((await fileRow(ctx.sql, "a.pdf")).size).toBe(11);
  });

  it("counts a path listed twice in one page once, keeping the last listing of it", async () => {
    const result = await syncObjects(ctx.ledger, [object("a.pdf", "first"), object("a.pdf", "second")]);

    expect(result).toMatchObject({ new: 1, changed: 0, unchanged: 0 });
    expect((await fileRow(ctx.sql, "a.pdf")).etag).toBe("second");
  });

  it("marks files the finished listing did not see as removed, clearing a lease in flight", async () => {
    await fullListing(ctx.ledger, [object("stays.pdf"), object("goes.pdf"), object("busy.pdf")]);
    await ctx.sql.query("update watcher.resume_files set priority = 1 where path = 'busy.pdf'");
    const busy = await claimOne(ctx.ledger);

    const result = await fullListing(ctx.ledger, [object("stays.pdf")]);

    expect(result).toMatchObject({ new: 0, changed: 0, unchanged: 1, removed: 2 });
    expect((await fileRow(ctx.sql, "goes.pdf")).status).toBe("removed");
    expect(await fileRow(ctx.sql, "busy.pdf")).toMatchObject({ status: "removed", lease_token: null });
    expect(await complete(ctx.ledger, busy)).toEqual({ ok: false, status: "removed" });
    expect(await countWhere(ctx.sql, "watcher.resumes")).toBe(0);
  });

  it("keeps every file a listing saw across several pages, and removes only the rest", async () => {
    await fullListing(
      ctx.ledger,
      ["a", "b", "c", "d"].map((p) => object(p)),
    );
    const { listingId } = await ctx.ledger.getCheckpoint(BUCKET);
    await ctx.ledger.syncPage({ bucket: BUCKET, listingId, objects: [object("a")], nextCursor: "1" });
    await ctx.ledger.syncPage({
      bucket: BUCKET,
      listingId,
      objects: [object("c"), object("e")],
      nextCursor: "2",
    });

    expect(await ctx.ledger.finishListing({ bucket: BUCKET, listingId, prefix: "" })).toEqual({
      removed: 2,
      finished: true,
      empty: false,
    });

    const statuses = (await fileRows(ctx.sql)).map((r) => `${r.path}:${r.status}`);
    expect(statuses).toEqual(["a:pending", "b:removed", "c:pending", "d:removed", "e:pending"]);
  });

  it("brings a removed object back as pending when it reappears", async () => {
    await fullListing(ctx.ledger, [object("a.pdf"), object("b.pdf")]);
    await fullListing(ctx.ledger, [object("a.pdf")]);

    const result = await fullListing(ctx.ledger, [object("a.pdf"), object("b.pdf")]);

    expect(result).toMatchObject({ new: 0, changed: 1, unchanged: 1, removed: 0 });
    expect(await fileRow(ctx.sql, "b.pdf")).toMatchObject({ status: "pending", attempts: 0 });
  });

  it("keeps buckets apart: finishing one listing never removes another bucket's files", async () => {
    await fullListing(ctx.ledger, [object("a.pdf")], "other-bucket");
    await fullListing(ctx.ledger, [object("b.pdf")]);

    await fullListing(ctx.ledger, []);

    expect((await fileRow(ctx.sql, "a.pdf", "other-bucket")).status).toBe("pending");
    expect((await fileRow(ctx.sql, "b.pdf")).status).toBe("removed");
  });

  it.runIf(ctx.kind === "postgres")(
    "counts each object new exactly once when 8 ticks sync the same page",
    async () => {
      const objects = paths(500).map((p) => object(p));
      const ledgers = Array.from({ length: 8 }, () => new SqlLedger(ctx.connect(1)));

      const results = await Promise.all(ledgers.map((ledger) => syncObjects(ledger, objects)));

      expect(results.reduce((sum, r) => sum + r.new, 0)).toBe(500);
      expect(results.every((r) => r.new + r.unchanged === 500 && r.changed === 0)).toBe(true);
      expect(await countWhere(ctx.sql, "watcher.resume_files")).toBe(500);
    },
  );

  it("diffs a 1000-object page in one call, then sees it unchanged", async () => {
    const objects = paths(1000).map((p) => object(p));

    expect(await syncObjects(ctx.ledger, objects)).toMatchObject({ new: 1000, changed: 0, unchanged: 0 });
    expect(await syncObjects(ctx.ledger, objects)).toMatchObject({ new: 0, changed: 0, unchanged: 1000 });
    expect(await countWhere(ctx.sql, "watcher.resume_files", "status = 'pending'")).toBe(1000);
  });
});

forEachBackend("sync: listing checkpoints", (ctx) => {
  it("creates a listing with no cursor once, and returns the same until the listing finishes", async () => {
    const first = await ctx.ledger.getCheckpoint(BUCKET);

    expect(first.cursor).toBeNull();
    expect(first.listingId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await ctx.ledger.getCheckpoint(BUCKET)).toEqual(first);
    expect(await countWhere(ctx.sql, "watcher.watcher_checkpoints")).toBe(1);
  });

  it("saves the cursor with each page so the next tick resumes there", async () => {
    const { listingId } = await ctx.ledger.getCheckpoint(BUCKET);

    const page = await ctx.ledger.syncPage({
      bucket: BUCKET,
      listingId,
      objects: [object("a")],
      nextCursor: "c1",
    });

    expect(page.checkpointSaved).toBe(true);
    expect(await ctx.ledger.getCheckpoint(BUCKET)).toEqual({ cursor: "c1", listingId });
  });

  it("starts a new listing with no cursor after finishing one", async () => {
    const { listingId } = await ctx.ledger.getCheckpoint(BUCKET);
    await ctx.ledger.syncPage({ bucket: BUCKET, listingId, objects: [object("a")], nextCursor: "c1" });

    expect(await ctx.ledger.finishListing({ bucket: BUCKET, listingId, prefix: "" })).toEqual({
      removed: 0,
      finished: true,
      empty: false,
    });
    expect(await countWhere(ctx.sql, "watcher.watcher_listing_pages")).toBe(0);

    const next = await ctx.ledger.getCheckpoint(BUCKET);
    expect(next.cursor).toBeNull();
    expect(next.listingId).not.toBe(listingId);
  });

  it("ignores a stale listing: its cursor is not saved and finishing it removes nothing", async () => {
    const stale = await ctx.ledger.getCheckpoint(BUCKET);
    await ctx.ledger.syncPage({
      bucket: BUCKET,
      listingId: stale.listingId,
      objects: [object("a")],
      nextCursor: null,
    });
    await ctx.ledger.finishListing({ bucket: BUCKET, listingId: stale.listingId, prefix: "" });
    const current = await ctx.ledger.getCheckpoint(BUCKET);
    await ctx.ledger.syncPage({
      bucket: BUCKET,
      listingId: current.listingId,
      objects: [object("b")],
      nextCursor: "x",
    });

    const page = await ctx.ledger.syncPage({
      bucket: BUCKET,
      listingId: stale.listingId,
      objects: [object("a")],
      nextCursor: "old",
    });
    const finished = await ctx.ledger.finishListing({
      bucket: BUCKET,
      listingId: stale.listingId,
      prefix: "",
    });

    expect(page.checkpointSaved).toBe(false);
    expect(finished).toEqual({ removed: 0, finished: false, empty: false });
    expect(
      await countWhere(ctx.sql, "watcher.watcher_listing_pages", `listing_id = '${stale.listingId}'`),
    ).toBe(0);
    expect(await ctx.ledger.getCheckpoint(BUCKET)).toEqual({ cursor: "x", listingId: current.listingId });
    expect(await countWhere(ctx.sql, "watcher.resume_files", "status = 'removed'")).toBe(0);
  });
});

forEachBackend("sync: listing under a prefix", (ctx) => {
  /** A listing under `prefix` that sees `seen` in one page, then finishes. */
  const listUnder = async (prefix: string, seen: string[]) => {
    const { listingId } = await ctx.ledger.getCheckpoint(BUCKET, prefix);
    await ctx.ledger.syncPage({
      bucket: BUCKET,
      listingId,
      objects: seen.map((p) => object(p)),
      nextCursor: null,
    });
    return ctx.ledger.finishListing({ bucket: BUCKET, listingId, prefix });
  };
  const statuses = async () => (await fileRows(ctx.sql)).map((r) => `${r.path}:${r.status}`);

  it("removes only files under the listed prefix, taking it literally (no LIKE wildcards)", async () => {
    await fullListing(
      ctx.ledger,
      ["cv/a.pdf", "cv/b.pdf", "c_/x.pdf", "cvs/c.pdf", "top.pdf"].map((p) => object(p)),
    );

    expect(await listUnder("cv/", ["cv/a.pdf"])).toEqual({ removed: 1, finished: true, empty: false });
    expect(await listUnder("c_/", ["c_/x.pdf"])).toEqual({ removed: 0, finished: true, empty: false });

    expect(await statuses()).toEqual([
      "c_/x.pdf:pending",
      "cv/a.pdf:pending",
      "cv/b.pdf:removed",
      "cvs/c.pdf:pending",
      "top.pdf:pending",
    ]);
  });

  it("removes nothing when a listing under a prefix saw no object, and says it was empty", async () => {
    await fullListing(ctx.ledger, [object("cv/a.pdf"), object("top.pdf")]);

    expect(await listUnder("cv/", [])).toEqual({ removed: 0, finished: true, empty: true });
    expect(await listUnder("nope/", [])).toEqual({ removed: 0, finished: true, empty: true });

    expect(await statuses()).toEqual(["cv/a.pdf:pending", "top.pdf:pending"]);
  });

  it("restarts a listing in progress under another prefix: its cursor and pages are not reused", async () => {
    await fullListing(
      ctx.ledger,
      ["a/1.pdf", "b/1.pdf", "c/1.pdf", "c/2.pdf"].map((p) => object(p)),
    );
    const underC = await ctx.ledger.getCheckpoint(BUCKET, "c");
    await ctx.ledger.syncPage({
      bucket: BUCKET,
      listingId: underC.listingId,
      objects: [object("c/1.pdf")],
      nextCursor: "c/1.pdf",
    });
    // "c", "/c/" and "c/" are one folder: the same listing goes on.
    expect(await ctx.ledger.getCheckpoint(BUCKET, "/c/")).toEqual({
      cursor: "c/1.pdf",
      listingId: underC.listingId,
    });

    const whole = await ctx.ledger.getCheckpoint(BUCKET, "");

    expect(whole.cursor).toBeNull();
    expect(whole.listingId).not.toBe(underC.listingId);
    expect(await countWhere(ctx.sql, "watcher.watcher_listing_pages")).toBe(0);
    // The tick still paging c/ is stale now: it can neither finish the listing nor remove anything.
    expect(
      await ctx.ledger.finishListing({ bucket: BUCKET, listingId: underC.listingId, prefix: "c/" }),
    ).toEqual({
      removed: 0,
      finished: false,
      empty: false,
    });
    // A finish that names another prefix than its listing's is not that listing's end either.
    expect(
      await ctx.ledger.finishListing({ bucket: BUCKET, listingId: whole.listingId, prefix: "c/" }),
    ).toEqual({
      removed: 0,
      finished: false,
      empty: false,
    });
    await ctx.ledger.syncPage({
      bucket: BUCKET,
      listingId: whole.listingId,
      objects: [object("c/2.pdf")],
      nextCursor: null,
    });
    expect(
      await ctx.ledger.finishListing({ bucket: BUCKET, listingId: whole.listingId, prefix: "" }),
    ).toEqual({
      removed: 3,
      finished: true,
      empty: false,
    });
  });
});

function fence(file: { id: number; leaseToken: string }) {
  return { id: file.id, leaseToken: file.leaseToken };
}
