import { expect, it } from "vitest";
import type { CallLedger } from "../src/ledger/call-ledger.ts";
import type { ClaimedFile } from "../src/ledger/port.ts";
import { forEachBackend } from "./support/db.ts";
import { claimOne, fileRow, fileRows, makeAllDue, seedPending } from "./support/ledger-fixtures.ts";

/** A retryable parser error on a claimed file. */
function failRetryable(ledger: CallLedger, file: ClaimedFile, extra: { maxAttempts?: number } = {}) {
  return ledger.failFile({
    id: file.id,
    leaseToken: file.leaseToken,
    code: "parser_error",
    message: "429 from the model",
    retryable: true,
    maxAttempts: extra.maxAttempts ?? 5,
    baseMs: 10_000,
    capMs: 25_000,
  });
}

forEachBackend("fail: retries with capped exponential backoff", (ctx) => {
  it("sends a retryable error with attempts left back to pending after the base delay (±25 % jitter)", async () => {
    await seedPending(ctx.ledger, ["a.pdf"]);
    const file = await claimOne(ctx.ledger);

    const result = await ctx.ledger.failFile({
      id: file.id,
      leaseToken: file.leaseToken,
      code: "download_failed",
      message: "socket hang up",
      retryable: true,
      maxAttempts: 5,
    });

    expect(result).toEqual({ ok: true, status: "pending" });
    const row = await fileRow(ctx.sql, "a.pdf");
    expect(row).toMatchObject({ status: "pending", attempts: 1, lease_token: null });
    expect(row).toMatchObject({ last_error_code: "download_failed", last_error_message: "socket hang up" });
    // Default base 60 s: the first retry waits 45–75 s.
    expect(row.due_in_s).toBeGreaterThan(44);
    expect(row.due_in_s).toBeLessThan(75);
    expect(await ctx.ledger.claimFiles({ worker: "w", limit: 5, leaseMs: 1000 })).toEqual([]);
  });

  it("doubles the delay with each attempt and caps it", async () => {
    await seedPending(ctx.ledger, ["a.pdf"]);
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await makeAllDue(ctx.sql);
      await failRetryable(ctx.ledger, await claimOne(ctx.ledger), { maxAttempts: 10 });
      delays.push((await fileRow(ctx.sql, "a.pdf")).due_in_s);
    }

    // base 10 s, cap 25 s: 10, 20, min(40, 25), min(80, 25) — each within ±25 % (minus query latency).
    const expected = [10, 20, 25, 25];
    delays.forEach((delay, i) => {
      expect(delay).toBeGreaterThan((expected[i] ?? 0) * 0.75 - 1);
      expect(delay).toBeLessThan((expected[i] ?? 0) * 1.25);
    });
  });

  it("keeps retry_delay inside [0.75, 1.25) × min(cap, base × 2^(attempts−1)) over many draws", async () => {
    const [row] = await ctx.sql.query<{ bad: number; low: number; high: number }>(
      `select count(*) filter (where d < 0.75 * e or d >= 1.25 * e)::int as bad,
              min(d / e)::float8 as low, max(d / e)::float8 as high
       from (select extract(epoch from watcher.retry_delay(a, 1000, 100000)) * 1000 as d,
                    least(100000, 1000 * 2 ^ (a - 1)) as e
             from generate_series(1, 12) a, generate_series(1, 200)) draws`,
    );
    expect(row?.bad).toBe(0);
    expect(row?.low).toBeLessThan(0.8);
    expect(row?.high).toBeGreaterThan(1.2);
  });

  it("fails the file for good when the attempts run out, keeping the last error", async () => {
    await seedPending(ctx.ledger, ["a.pdf"]);
    expect(await failRetryable(ctx.ledger, await claimOne(ctx.ledger), { maxAttempts: 2 })).toMatchObject({
      status: "pending",
    });
    await makeAllDue(ctx.sql);

    const result = await failRetryable(ctx.ledger, await claimOne(ctx.ledger), { maxAttempts: 2 });

    expect(result).toEqual({ ok: true, status: "failed" });
    expect(await fileRow(ctx.sql, "a.pdf")).toMatchObject({
      status: "failed",
      attempts: 2,
      last_error_code: "parser_error",
      lease_token: null,
    });
  });

  it("fails a permanent error at once, whatever the attempts left", async () => {
    await seedPending(ctx.ledger, ["a.pdf"]);
    const file = await claimOne(ctx.ledger);

    const result = await ctx.ledger.failFile({
      id: file.id,
      leaseToken: file.leaseToken,
      code: "encrypted_file",
      message: "password protected",
      retryable: false,
      maxAttempts: 5,
    });

    expect(result).toEqual({ ok: true, status: "failed" });
    expect(await fileRow(ctx.sql, "a.pdf")).toMatchObject({
      status: "failed",
      last_error_code: "encrypted_file",
    });
  });
});

forEachBackend("release, skip and fencing of outcomes", (ctx) => {
  it("releases a file: pending, due now, lease cleared, attempt refunded", async () => {
    await seedPending(ctx.ledger, ["a.pdf"]);
    const file = await claimOne(ctx.ledger);

    expect(await ctx.ledger.releaseFile({ id: file.id, leaseToken: file.leaseToken })).toEqual({
      ok: true,
      status: "pending",
    });

    const row = await fileRow(ctx.sql, "a.pdf");
    expect(row).toMatchObject({ status: "pending", attempts: 0, lease_token: null, lease_owner: null });
    expect(row.due_in_s).toBeLessThanOrEqual(0);
    expect((await claimOne(ctx.ledger)).attempts).toBe(1);
  });

  it("skips a file for good with its code and message", async () => {
    await seedPending(ctx.ledger, ["a.zip"]);
    const file = await claimOne(ctx.ledger);

    const result = await ctx.ledger.skipFile({
      id: file.id,
      leaseToken: file.leaseToken,
      code: "unsupported_type",
      message: "a zip archive",
    });

    expect(result).toEqual({ ok: true, status: "skipped" });
    expect(await fileRow(ctx.sql, "a.zip")).toMatchObject({
      status: "skipped",
      last_error_code: "unsupported_type",
      last_error_message: "a zip archive",
      lease_token: null,
    });
    expect(await ctx.ledger.claimFiles({ worker: "w", limit: 5, leaseMs: 1000 })).toEqual([]);
  });

  it("ignores fail, release and skip with a stale token after a re-claim", async () => {
    await seedPending(ctx.ledger, ["a.pdf"]);
    const stale = await claimOne(ctx.ledger, "old");
    await ctx.ledger.releaseExpiredLeases({ maxAttempts: 5, asOf: new Date(Date.now() + 3_600_000) });
    const fresh = await claimOne(ctx.ledger, "new");
    const fence = { id: stale.id, leaseToken: stale.leaseToken };

    const results = [
      await ctx.ledger.failFile({
        ...fence,
        code: "no_text",
        message: "x",
        retryable: false,
        maxAttempts: 5,
      }),
      await ctx.ledger.releaseFile(fence),
      await ctx.ledger.skipFile({ ...fence, code: "too_large", message: "x" }),
    ];

    expect(results).toEqual(Array(3).fill({ ok: false, status: "processing" }));
    expect(await fileRow(ctx.sql, "a.pdf")).toMatchObject({
      status: "processing",
      attempts: 2,
      lease_token: fresh.leaseToken,
      lease_owner: "new",
    });
  });
});

forEachBackend("retry by hand", (ctx) => {
  async function failAll(count: number): Promise<void> {
    for (let i = 0; i < count; i += 1) {
      const file = await claimOne(ctx.ledger);
      await ctx.ledger.failFile({
        id: file.id,
        leaseToken: file.leaseToken,
        code: "corrupt_file",
        message: "bad",
        retryable: false,
        maxAttempts: 5,
      });
    }
  }

  it("retries only the named failed files: pending, attempts reset, error cleared, due now", async () => {
    await seedPending(ctx.ledger, ["a", "b", "c"]);
    await failAll(3);

    expect(await ctx.ledger.retryFiles({ bucket: "msmm-resumes", paths: ["a", "c", "missing"] })).toEqual({
      retried: 2,
    });

    const rows = await fileRows(ctx.sql);
    expect(rows.map((r) => [r.path, r.status, r.attempts, r.last_error_code])).toEqual([
      ["a", "pending", 0, null],
      ["b", "failed", 1, "corrupt_file"],
      ["c", "pending", 0, null],
    ]);
    expect(rows[0]?.due_in_s).toBeLessThanOrEqual(0);
  });

  it("retries every failed file of the bucket when no paths are given, and nothing else", async () => {
    await seedPending(ctx.ledger, ["a", "b", "c"]);
    await seedPending(ctx.ledger, ["x"], "other-bucket");
    await failAll(2);
    await ctx.sql.query("update watcher.resume_files set status = 'failed' where bucket = 'other-bucket'");

    expect(await ctx.ledger.retryFiles({ bucket: "msmm-resumes", paths: [] })).toEqual({ retried: 2 });

    expect((await fileRows(ctx.sql)).map((r) => r.status)).toEqual(["pending", "pending", "pending"]);
    expect((await fileRow(ctx.sql, "x", "other-bucket")).status).toBe("failed");
  });
});
