import { expect, it } from "vitest";
import { forEachBackend } from "./support/db.ts";
import { claimOne, complete, fileRow, seedPending } from "./support/ledger-fixtures.ts";

const BUCKET = "msmm-resumes";

forEachBackend("queue_paths: the manual trigger queue", (ctx) => {
  it("puts named files first in line, due now, and parses finished ones afresh", async () => {
    await seedPending(ctx.ledger, ["done.pdf", "waiting.pdf", "other.pdf"]);
    const done = await claimOne(ctx.ledger);
    await complete(ctx.ledger, done);
    await ctx.sql.query(
      "update watcher.resume_files set next_attempt_at = now() + interval '1 hour', attempts = 2 where path = 'waiting.pdf'",
    );

    const result = await ctx.ledger.queuePaths({
      bucket: BUCKET,
      paths: ["done.pdf", "waiting.pdf", "new.pdf"],
    });

    expect(result).toEqual({ queued: 3, inserted: 1, busy: 0 });
    expect(await fileRow(ctx.sql, "done.pdf")).toMatchObject({
      status: "pending",
      attempts: 0,
      priority: 100,
    });
    expect(await fileRow(ctx.sql, "waiting.pdf")).toMatchObject({
      status: "pending",
      attempts: 2,
      priority: 100,
    });
    expect((await fileRow(ctx.sql, "waiting.pdf")).due_in_s).toBeLessThanOrEqual(0);
    expect(await fileRow(ctx.sql, "new.pdf")).toMatchObject({ status: "pending", priority: 100, etag: null });
    const claimed = await ctx.ledger.claimFiles({ worker: "w", limit: 4, leaseMs: 60_000 });
    expect(
      claimed
        .map((f) => f.path)
        .slice(0, 3)
        .sort(),
    ).toEqual(["done.pdf", "new.pdf", "waiting.pdf"]);
    expect(claimed[3]?.path).toBe("other.pdf");

    // Done again, it no longer jumps the queue: a later change of the object queues it at the backlog's priority.
    const named = claimed.find((f) => f.path === "done.pdf");
    if (named) await complete(ctx.ledger, named);
    expect(await fileRow(ctx.sql, "done.pdf")).toMatchObject({ status: "done", priority: 0 });
  });

  it("never touches a file being processed, and never copies a stored result back for a named file", async () => {
    await seedPending(ctx.ledger, ["busy.pdf", "twin.pdf"]);
    const busy = await claimOne(ctx.ledger);
    expect(await ctx.ledger.queuePaths({ bucket: BUCKET, paths: [busy.path, "", busy.path] })).toEqual({
      queued: 0,
      inserted: 0,
      busy: 1,
    });
    expect((await fileRow(ctx.sql, busy.path)).lease_token).toBe(busy.leaseToken);

    await complete(ctx.ledger, busy, "same-bytes");
    await ctx.ledger.queuePaths({ bucket: BUCKET, paths: [busy.path] });
    const again = await ctx.ledger.claimFiles({ worker: "w", limit: 1, leaseMs: 60_000 });
    const reuse = await ctx.ledger.reuseParsedResult({
      id: again[0]?.id ?? 0,
      leaseToken: again[0]?.leaseToken ?? "",
      contentHash: "same-bytes",
    });
    expect(reuse).toMatchObject({ ok: false, reused: false });
  });
});
