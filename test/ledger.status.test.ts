import { expect, it } from "vitest";
import type { CallLedger } from "../src/ledger/call-ledger.ts";
import { forEachBackend } from "./support/db.ts";
import {
  BUCKET,
  candidate,
  claimOne,
  complete,
  fullListing,
  object,
  seedPending,
} from "./support/ledger-fixtures.ts";

/** Claims the next file and ends it with a permanent failure (or a skip) under `code`. */
async function endNext(
  ledger: CallLedger,
  how: "fail" | "skip",
  code: "corrupt_file" | "no_text" | "too_large",
) {
  const file = await claimOne(ledger);
  const fence = { id: file.id, leaseToken: file.leaseToken, code, message: `${code} message` };
  if (how === "skip") return ledger.skipFile(fence);
  return ledger.failFile({ ...fence, retryable: false, maxAttempts: 5 });
}

forEachBackend("status: counts, backlog, errors, pause", (ctx) => {
  it("reports every status with zeros on an empty ledger", async () => {
    expect(await ctx.ledger.getStatus({ lastRuns: 5, topErrors: 5 })).toEqual({
      counts: { pending: 0, processing: 0, done: 0, failed: 0, skipped: 0, removed: 0 },
      ready: 0,
      deferred: 0,
      oldest_pending_age_s: null,
      last_runs: [],
      top_errors: [],
      paused: false,
      usage_24h: { prompt_tokens: 0, completion_tokens: 0 },
      rate_limits: [],
    });
  });

  it("counts files per status, ready vs deferred, and the age of the oldest pending file", async () => {
    await fullListing(
      ctx.ledger,
      ["a", "b", "c", "d", "e", "f", "g", "gone"].map((p) => object(p)),
    );
    await fullListing(
      ctx.ledger,
      ["a", "b", "c", "d", "e", "f", "g"].map((p) => object(p)),
    );
    await complete(ctx.ledger, await claimOne(ctx.ledger)); // a done
    await endNext(ctx.ledger, "fail", "corrupt_file"); // b failed
    await endNext(ctx.ledger, "skip", "too_large"); // c skipped
    await claimOne(ctx.ledger); // d processing
    await ctx.sql.query(
      `update watcher.resume_files set next_attempt_at = now() + interval '1 hour' where path = 'e'`,
    );
    await ctx.sql.query(
      `update watcher.resume_files set queued_at = now() - interval '120 seconds' where path = 'f'`,
    );

    const status = await ctx.ledger.getStatus({ lastRuns: 5, topErrors: 5 });

    expect(status.counts).toEqual({ pending: 3, processing: 1, done: 1, failed: 1, skipped: 1, removed: 1 });
    expect(status).toMatchObject({ ready: 2, deferred: 1 });
    expect(status.oldest_pending_age_s).toBeGreaterThanOrEqual(120);
    expect(status.oldest_pending_age_s).toBeLessThan(130);
    expect(await ctx.ledger.countBacklog()).toBe(3);
    expect(await ctx.ledger.countQueue()).toEqual({ backlog: 3, ready: 2, deferred: 1, in_flight: 1 });
  });

  it("ranks the codes of failed and skipped files, most frequent first, limited", async () => {
    await seedPending(ctx.ledger, ["a", "b", "c", "d", "e", "f", "g"]);
    await endNext(ctx.ledger, "fail", "no_text");
    await endNext(ctx.ledger, "skip", "too_large");
    await endNext(ctx.ledger, "skip", "too_large");
    await endNext(ctx.ledger, "fail", "corrupt_file");
    await endNext(ctx.ledger, "fail", "corrupt_file");
    await endNext(ctx.ledger, "fail", "corrupt_file");
    // A retryable error leaves the file pending: not counted among the errors.
    const retried = await claimOne(ctx.ledger);
    await ctx.ledger.failFile({
      id: retried.id,
      leaseToken: retried.leaseToken,
      code: "parser_error",
      message: "x",
      retryable: true,
      maxAttempts: 5,
    });

    const status = await ctx.ledger.getStatus({ lastRuns: 0, topErrors: 2 });

    expect(status.top_errors).toEqual([
      { code: "corrupt_file", count: 3 },
      { code: "too_large", count: 2 },
    ]);
    expect(status).toMatchObject({ deferred: 1, ready: 0 });
  });

  it("pauses and resumes", async () => {
    expect(await ctx.ledger.isPaused()).toBe(false);

    await ctx.ledger.setPaused(true);
    expect(await ctx.ledger.isPaused()).toBe(true);
    expect((await ctx.ledger.getStatus({ lastRuns: 1, topErrors: 1 })).paused).toBe(true);

    await ctx.ledger.setPaused(false);
    expect(await ctx.ledger.isPaused()).toBe(false);
  });
});

forEachBackend("export", (ctx) => {
  it("exports one row per file ordered by path, with the candidate only for done files", async () => {
    await seedPending(ctx.ledger, ["b.pdf", "a.pdf", "C.pdf"]);
    await ctx.sql.query(
      `update watcher.resume_files set priority = case path when 'b.pdf' then 2 when 'a.pdf' then 1 else 0 end`,
    );
    await complete(ctx.ledger, await claimOne(ctx.ledger)); // b.pdf
    await endNext(ctx.ledger, "fail", "no_text"); // a.pdf

    const rows = await ctx.ledger.exportFiles({ bucket: BUCKET });

    expect(rows).toEqual([
      {
        bucket: BUCKET,
        path: "C.pdf",
        status: "pending",
        error_code: null,
        error_message: null,
        candidate: null,
      },
      {
        bucket: BUCKET,
        path: "a.pdf",
        status: "failed",
        error_code: "no_text",
        error_message: "no_text message",
        candidate: null,
      },
      {
        bucket: BUCKET,
        path: "b.pdf",
        status: "done",
        error_code: null,
        error_message: null,
        candidate: candidate(),
      },
    ]);
  });

  it("exports one bucket or all of them", async () => {
    await seedPending(ctx.ledger, ["a.pdf"]);
    await seedPending(ctx.ledger, ["z.pdf"], "other");

    expect((await ctx.ledger.exportFiles({ bucket: "other" })).map((r) => r.path)).toEqual(["z.pdf"]);
    expect((await ctx.ledger.exportFiles({ bucket: null })).map((r) => `${r.bucket}/${r.path}`)).toEqual([
      `${BUCKET}/a.pdf`,
      "other/z.pdf",
    ]);
  });
});
