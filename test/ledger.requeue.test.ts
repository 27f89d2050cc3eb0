import { expect, it } from "vitest";
import type { CallLedger } from "../src/ledger/call-ledger.ts";
import type { ParserIdentity } from "../src/ledger/port.ts";
import { forEachBackend } from "./support/db.ts";
import { BUCKET, candidate, claimOne, fileRow, seedPending } from "./support/ledger-fixtures.ts";

const CURRENT: ParserIdentity = { name: "openai", version: "3", model: "gpt-4o-mini" };
const HASH = "a".repeat(64);

async function parseNext(ledger: CallLedger, parser: ParserIdentity, hash = `hash-${parser.version}`) {
  const file = await claimOne(ledger);
  await ledger.completeFile({
    id: file.id,
    leaseToken: file.leaseToken,
    contentHash: hash,
    candidate: candidate({ name: `${parser.name} ${parser.version} ${parser.model}` }),
    parser,
    usage: null,
    textChars: 10,
    truncated: false,
  });
  return file;
}

forEachBackend("requeue: re-parsing outdated or chosen files", (ctx) => {
  it("requeue_outdated re-queues done files whose parser name, version or model differ, and only those", async () => {
    await seedPending(ctx.ledger, ["current.pdf", "model.pdf", "name.pdf", "version.pdf"]);
    await parseNext(ctx.ledger, CURRENT);
    await parseNext(ctx.ledger, { ...CURRENT, model: "gpt-3.5" });
    await parseNext(ctx.ledger, { name: "heuristic", version: "3", model: null });
    await parseNext(ctx.ledger, { ...CURRENT, version: "2" });
    await ctx.sql.query("update watcher.resume_files set attempts = 2");

    const result = await ctx.ledger.requeueOutdated({ bucket: BUCKET, parser: CURRENT });

    expect(result).toEqual({ requeued: 3 });
    expect(await fileRow(ctx.sql, "current.pdf")).toMatchObject({ status: "done", attempts: 2 });
    for (const path of ["model.pdf", "name.pdf", "version.pdf"]) {
      const row = await fileRow(ctx.sql, path);
      expect(row).toMatchObject({ status: "pending", attempts: 0 });
      expect(row.due_in_s).toBeLessThanOrEqual(0);
    }
    expect(await ctx.ledger.requeueOutdated({ bucket: "other", parser: CURRENT })).toEqual({ requeued: 0 });
  });

  it("dedupe then reuses a stored result only when the parser identity matches", async () => {
    await seedPending(ctx.ledger, ["old.pdf", "copy.pdf"]);
    await parseNext(ctx.ledger, { ...CURRENT, version: "2" }, HASH);
    const copy = await claimOne(ctx.ledger);
    const fence = { id: copy.id, leaseToken: copy.leaseToken, contentHash: HASH };

    expect(await ctx.ledger.reuseParsedResult({ ...fence, parser: CURRENT })).toMatchObject({
      ok: false,
      reused: false,
      leaseLost: false,
    });
    expect(
      await ctx.ledger.reuseParsedResult({ ...fence, parser: { ...CURRENT, version: "2" } }),
    ).toMatchObject({
      ok: true,
      reused: true,
    });
  });

  it("dedupe matches a model-less parser identity (null model) too", async () => {
    const offline = { name: "heuristic", version: "7", model: null };
    await seedPending(ctx.ledger, ["one.txt", "two.txt"]);
    await parseNext(ctx.ledger, offline, HASH);
    const two = await claimOne(ctx.ledger);

    const result = await ctx.ledger.reuseParsedResult({
      id: two.id,
      leaseToken: two.leaseToken,
      contentHash: HASH,
      parser: offline,
    });
    expect(result).toMatchObject({ ok: true, reused: true });
  });

  it("requeue_files re-queues the chosen done, failed and skipped files, which are then parsed afresh", async () => {
    await seedPending(ctx.ledger, ["done.pdf", "failed.pdf", "skipped.pdf", "untouched.pdf"]);
    await parseNext(ctx.ledger, CURRENT, HASH);
    const failed = await claimOne(ctx.ledger);
    await ctx.ledger.failFile({
      id: failed.id,
      leaseToken: failed.leaseToken,
      code: "corrupt_file",
      message: "bad",
      retryable: false,
      maxAttempts: 5,
    });
    const skipped = await claimOne(ctx.ledger);
    await ctx.ledger.skipFile({
      id: skipped.id,
      leaseToken: skipped.leaseToken,
      code: "too_large",
      message: "x",
    });

    const result = await ctx.ledger.requeueFiles({
      bucket: BUCKET,
      paths: ["done.pdf", "failed.pdf", "skipped.pdf", "missing.pdf"],
    });

    expect(result).toEqual({ requeued: 3 });
    for (const path of ["done.pdf", "failed.pdf", "skipped.pdf"]) {
      expect(await fileRow(ctx.sql, path)).toMatchObject({
        status: "pending",
        attempts: 0,
        last_error_code: null,
      });
    }
    expect(await fileRow(ctx.sql, "untouched.pdf")).toMatchObject({ status: "pending" });
    expect(await ctx.ledger.requeueFiles({ bucket: BUCKET, paths: [] })).toEqual({ requeued: 0 });

    // The same bytes and the same parser: a plain re-queue would copy the old result back; this one may not.
    const claimed = await ctx.ledger.claimFiles({ worker: "w", limit: 10, leaseMs: 60_000 });
    const again = claimed.find((f) => f.path === "done.pdf");
    if (!again) throw new Error("done.pdf was not claimable");
    const fence = { id: again.id, leaseToken: again.leaseToken, contentHash: HASH, parser: CURRENT };
    expect(await ctx.ledger.reuseParsedResult(fence)).toMatchObject({ ok: false, reused: false });
    await ctx.ledger.completeFile({
      ...fence,
      candidate: candidate({ name: "Fresh" }),
      usage: null,
      textChars: 1,
      truncated: false,
    });
    const [flag] = await ctx.sql.query<{ force_parse: boolean }>(
      "select force_parse from watcher.resume_files where id = $1",
      [again.id],
    );
    expect(flag?.force_parse).toBe(false);
  });
});
