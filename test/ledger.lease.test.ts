import { expect, it } from "vitest";
import { forEachBackend } from "./support/db.ts";
import { claimOne, complete, fileRow, seedPending } from "./support/ledger-fixtures.ts";

const IN_AN_HOUR = () => new Date(Date.now() + 3_600_000);

forEachBackend("lease: the expired-lease sweep", (ctx) => {
  it("returns an expired file to pending, due now, with the attempt still spent", async () => {
    await seedPending(ctx.ledger, ["a.pdf"]);
    await claimOne(ctx.ledger, "crashed-worker", 5);

    const result = await ctx.ledger.releaseExpiredLeases({ maxAttempts: 3, asOf: IN_AN_HOUR() });

    expect(result).toEqual({ released: 1, failed: 0 });
    const row = await fileRow(ctx.sql, "a.pdf");
    expect(row).toMatchObject({ status: "pending", attempts: 1, lease_token: null, lease_owner: null });
    expect(row.last_error_code).toBe("lease_expired");
    expect(row.last_error_message).toContain("crashed-worker");
    expect(row.due_in_s).toBeLessThanOrEqual(0);
    expect((await claimOne(ctx.ledger)).attempts).toBe(2);
  });

  it("fails an expired file whose attempts are spent, with code lease_expired", async () => {
    await seedPending(ctx.ledger, ["a.pdf"]);
    await claimOne(ctx.ledger);
    await ctx.ledger.releaseExpiredLeases({ maxAttempts: 2, asOf: IN_AN_HOUR() });
    await claimOne(ctx.ledger);

    const result = await ctx.ledger.releaseExpiredLeases({ maxAttempts: 2, asOf: IN_AN_HOUR() });

    expect(result).toEqual({ released: 0, failed: 1 });
    const row = await fileRow(ctx.sql, "a.pdf");
    expect(row).toMatchObject({
      status: "failed",
      attempts: 2,
      lease_token: null,
      last_error_code: "lease_expired",
    });
    expect(row.last_error_message).toMatch(/2 attempts/);
  });

  it("leaves leases that have not expired yet alone (default as-of: now)", async () => {
    await seedPending(ctx.ledger, ["a.pdf", "b.pdf"]);
    const live = await claimOne(ctx.ledger, "w", 60_000);
    await claimOne(ctx.ledger, "w", 60_000);
    await ctx.sql.query(
      "update watcher.resume_files set lease_expires_at = now() - interval '1 second' where id <> $1",
      [live.id],
    );

    expect(await ctx.ledger.releaseExpiredLeases({ maxAttempts: 5 })).toEqual({ released: 1, failed: 0 });
    expect(await fileRow(ctx.sql, live.path)).toMatchObject({
      status: "processing",
      lease_token: live.leaseToken,
    });
  });

  it("fences the old holder out once the swept file is claimed by someone else", async () => {
    await seedPending(ctx.ledger, ["a.pdf"]);
    const old = await claimOne(ctx.ledger, "old", 1);
    await ctx.ledger.releaseExpiredLeases({ maxAttempts: 5, asOf: IN_AN_HOUR() });
    const current = await claimOne(ctx.ledger, "new");

    expect(await complete(ctx.ledger, old)).toEqual({ ok: false, status: "processing" });
    expect(await complete(ctx.ledger, current)).toEqual({ ok: true, status: "done" });
  });

  it.runIf(ctx.kind !== "pglite")("skips a lease whose row a completion holds locked", async () => {
    await seedPending(ctx.ledger, ["a.pdf"]);
    const file = await claimOne(ctx.ledger, "w", 1);
    const completer = ctx.connect(1);

    const swept = await completer.transaction(async (tx) => {
      await tx.query("select 1 from watcher.resume_files where id = $1 for update", [file.id]);
      return ctx.ledger.releaseExpiredLeases({ maxAttempts: 5, asOf: IN_AN_HOUR() });
    });

    expect(swept).toEqual({ released: 0, failed: 0 });
    expect((await fileRow(ctx.sql, "a.pdf")).status).toBe("processing");
  });
});
