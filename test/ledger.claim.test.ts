import { expect, it } from "vitest";
import type { CallLedger } from "../src/ledger/call-ledger.ts";
import type { ClaimedFile } from "../src/ledger/port.ts";
import { sqlErrorCode } from "../src/ledger/sql-client.ts";
import { SqlLedger } from "../src/ledger/sql-ledger.ts";
import { forEachBackend } from "./support/db.ts";
import { BUCKET, countWhere, fileRow, fileRows, paths, seedPending } from "./support/ledger-fixtures.ts";

forEachBackend("claim: due pending files under a lease", (ctx) => {
  it("claims due files priority first, then oldest due, then id, up to the limit", async () => {
    await seedPending(ctx.ledger, ["a", "b", "c", "d", "e"]);
    await ctx.sql.query(`update watcher.resume_files set priority = 5 where path = 'd'`);
    await ctx.sql.query(
      `update watcher.resume_files set next_attempt_at = now() - interval '1 hour' where path = 'c'`,
    );

    const claimed = await ctx.ledger.claimFiles({ worker: "w1", limit: 3, leaseMs: 30_000 });

    expect(claimed.map((f) => f.path)).toEqual(["d", "c", "a"]);
    expect(await countWhere(ctx.sql, "watcher.resume_files", "status = 'pending'")).toBe(2);
  });

  it("leases each claimed file: processing, attempt counted, token, owner and expiry set", async () => {
    await seedPending(ctx.ledger, ["a.pdf"]);
    const before = Date.now();

    const [file] = await ctx.ledger.claimFiles({ worker: "worker-7", limit: 10, leaseMs: 30_000 });

    expect(file).toMatchObject({
      bucket: BUCKET,
      path: "a.pdf",
      size: 1000,
      etag: "etag-a.pdf",
      attempts: 1,
    });
    expect(file?.leaseToken).toMatch(/^[0-9a-f-]{36}$/);
    const expiresIn = Date.parse(file?.leaseExpiresAt ?? "") - before;
    expect(expiresIn).toBeGreaterThan(25_000);
    expect(expiresIn).toBeLessThan(35_000);
    expect(await fileRow(ctx.sql, "a.pdf")).toMatchObject({
      status: "processing",
      attempts: 1,
      lease_token: file?.leaseToken,
      lease_owner: "worker-7",
    });
  });

  it("never hands out a file twice and skips files that are not due or not pending", async () => {
    await seedPending(ctx.ledger, ["a", "b", "c", "d"]);
    await ctx.sql.query(
      `update watcher.resume_files set next_attempt_at = now() + interval '1 hour' where path = 'c'`,
    );
    await ctx.sql.query(`update watcher.resume_files set status = 'failed' where path = 'd'`);

    const first = await ctx.ledger.claimFiles({ worker: "w1", limit: 1, leaseMs: 60_000 });
    const second = await ctx.ledger.claimFiles({ worker: "w2", limit: 10, leaseMs: 60_000 });
    const third = await ctx.ledger.claimFiles({ worker: "w3", limit: 10, leaseMs: 60_000 });

    expect(first.map((f) => f.path)).toEqual(["a"]);
    expect(second.map((f) => f.path)).toEqual(["b"]);
    expect(third).toEqual([]);
  });

  it("claims nothing with limit 0, and rejects a lease that is not positive (22023)", async () => {
    await seedPending(ctx.ledger, ["a"]);

    expect(await ctx.ledger.claimFiles({ worker: "w", limit: 0, leaseMs: 1000 })).toEqual([]);
    const error = await ctx.ledger.claimFiles({ worker: "w", limit: 1, leaseMs: 0 }).catch((e: unknown) => e);
    expect(sqlErrorCode(error)).toBe("22023");
    expect((await fileRow(ctx.sql, "a")).status).toBe("pending");
  });

  it.runIf(ctx.kind === "postgres")(
    "8 concurrent claimers on separate connections over 300 files claim each exactly once",
    async () => {
      await seedPending(ctx.ledger, paths(300));
      const clients = Array.from({ length: 8 }, () => ctx.connect(1));
      // Connect all first so the claimers really overlap.
      await Promise.all(clients.map((client) => client.query("select 1")));

      const perWorker = await Promise.all(clients.map((c, i) => drain(new SqlLedger(c), `worker-${i}`)));

      const all = perWorker.flat();
      expect(all).toHaveLength(300);
      expect(new Set(all.map((f) => f.id)).size).toBe(300);
      const rows = await fileRows(ctx.sql);
      expect(rows.every((r) => r.status === "processing" && r.attempts === 1)).toBe(true);
    },
  );

  it.runIf(ctx.kind !== "pglite")(
    "skips a row another transaction holds locked instead of waiting",
    async () => {
      await seedPending(ctx.ledger, ["a", "b", "c"]);
      const holder = ctx.connect(1);

      const claimed = await holder.transaction(async (tx) => {
        await tx.query("select id from watcher.resume_files where path = 'a' for update");
        return ctx.ledger.claimFiles({ worker: "w", limit: 10, leaseMs: 60_000 });
      });

      expect(claimed.map((f) => f.path)).toEqual(["b", "c"]);
      expect((await fileRow(ctx.sql, "a")).status).toBe("pending");
    },
  );
});

/** Claims in small batches until nothing is left; returns everything this worker got. */
async function drain(ledger: CallLedger, worker: string): Promise<ClaimedFile[]> {
  const mine: ClaimedFile[] = [];
  for (;;) {
    const batch = await ledger.claimFiles({ worker, limit: 7, leaseMs: 60_000 });
    if (batch.length === 0) return mine;
    mine.push(...batch);
  }
}
