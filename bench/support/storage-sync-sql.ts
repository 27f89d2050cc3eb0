import type { Ledger, StorageSync } from "../../src/ledger/port.ts";
import type { SqlClient } from "../../src/ledger/sql-client.ts";
import { createBucket } from "../../test/support/storage-schema.ts";
import type { BenchContext, ResultTable, TargetCheck } from "./report.ts";
import { fmt, median } from "./stats.ts";
import { counts, FOLDERS, type PartReport, REPEAT_RUNS, uploadFolders } from "./storage-sync-common.ts";

/**
 * Part 2 of the storage-sync benchmark: the whole-bucket SQL diff `sync_from_storage` (ledger in the same
 * database as Storage), in 'full' mode (watcher.diff_storage_objects) and in 'trigger' mode.
 */

const SQL_BUCKET = "bench-sql";
/** The target for an incremental full diff of 100,000 objects, ms. */
export const TARGET_INCREMENTAL_MS = 300;
/** Runs of the cheap passes (incremental, 'trigger' mode); the median is reported. */
const INCREMENTAL_RUNS = 5;

type BucketSync = Extract<StorageSync, { bucketExists: true }>;

interface DiffRow {
  label: string;
  mode: BucketSync["mode"];
  /** Wall time of each syncFromStorage call, ms. */
  runsMs: number[];
  counts: BucketSync;
}

export interface SqlDiffFigures {
  count: number;
  rows: DiffRow[];
  /** Seeding storage.objects and the ANALYZE of both tables, ms. */
  seedMs: number;
  analyzeMs: number;
}

const LABELS = {
  initial: "sync_from_storage, initial (empty ledger)",
  incremental: "sync_from_storage, incremental",
  analyzed: "sync_from_storage, incremental after ANALYZE",
  trigger: "sync_from_storage, 'trigger' mode (nothing to do)",
} as const;

/** One syncFromStorage call of the whole bucket; throws unless the bucket was found. */
export async function syncWholeBucket(
  ledger: Ledger,
  bucket: string,
  reconcileAfterS?: number,
): Promise<BucketSync> {
  const sync = await ledger.syncFromStorage({
    bucket,
    prefix: "",
    ...(reconcileAfterS === undefined ? {} : { reconcileAfterS }),
  });
  if (!sync.available || !sync.bucketExists)
    throw new Error(`sync_from_storage answered ${JSON.stringify(sync)}`);
  return sync;
}

/** `runs` timed calls; reconcileAfterS 0 forces the full diff, undefined leaves the default ('trigger' mode). */
async function repeatSync(ledger: Ledger, label: string, runs: number, reconcileAfterS?: number) {
  const runsMs: number[] = [];
  let last: BucketSync | null = null;
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    last = await syncWholeBucket(ledger, SQL_BUCKET, reconcileAfterS);
    runsMs.push(performance.now() - started);
  }
  if (!last) throw new Error("no run");
  return { label, mode: last.mode, runsMs, counts: last };
}

export async function measureSqlDiff(
  ctx: BenchContext,
  sql: SqlClient,
  ledger: Ledger,
  count: number,
): Promise<SqlDiffFigures> {
  await createBucket(sql, SQL_BUCKET);
  ctx.log(`storage-sync: uploading ${fmt(count)} objects into storage.objects`);
  const seedMs = await uploadFolders(sql, SQL_BUCKET, count);
  ctx.log("storage-sync: sync_from_storage, initial and incremental");
  const rows: DiffRow[] = [];
  rows.push(await repeatSync(ledger, LABELS.initial, 1, 0));
  rows.push(await repeatSync(ledger, LABELS.incremental, INCREMENTAL_RUNS, 0));
  // Autovacuum is off on this server: nothing has statistics until this ANALYZE.
  const analyzeStarted = performance.now();
  await sql.exec("analyze watcher.resume_files; analyze storage.objects");
  const analyzeMs = performance.now() - analyzeStarted;
  rows.push(await repeatSync(ledger, LABELS.analyzed, REPEAT_RUNS, 0));
  rows.push(await repeatSync(ledger, LABELS.trigger, INCREMENTAL_RUNS));
  return { count, rows, seedMs, analyzeMs };
}

// --- report ----------------------------------------------------------------------------------------------------

function diffRow(r: DiffRow): string[] {
  const trigger = r.mode === "trigger";
  return [
    r.label,
    r.mode,
    trigger ? "–" : `listed ${fmt(r.counts.listed)}; ${counts(r.counts)}`,
    String(r.runsMs.length),
    fmt(median(r.runsMs), 1),
    fmt(Math.min(...r.runsMs), 1),
    fmt(Math.max(...r.runsMs), 1),
    trigger ? "–" : fmt(r.counts.listed / (median(r.runsMs) / 1000)),
  ];
}

/** Rows that did something other than expected: an incremental pass with work, 'trigger' mode not taken. */
function anomalies(rows: DiffRow[]): string[] {
  const notes: string[] = [];
  for (const r of rows) {
    if (r.label.includes("incremental") && r.counts.new + r.counts.changed + r.counts.removed !== 0) {
      notes.push(`${r.label}: expected nothing to do, got ${counts(r.counts)}.`);
    }
    if (r.label === LABELS.trigger && r.mode !== "trigger") {
      notes.push(`${r.label}: expected mode 'trigger', got '${r.mode}'.`);
    }
  }
  return notes;
}

function targets(diff: SqlDiffFigures): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const [label, when] of [
    [LABELS.incremental, "right after the initial sync"],
    [LABELS.analyzed, "with table statistics"],
  ] as const) {
    const row = diff.rows.find((r) => r.label === label);
    if (!row) continue;
    const ms = median(row.runsMs);
    checks.push({
      metric: `incremental whole-bucket SQL diff (sync_from_storage, full), ${when}`,
      target: `≤ ${fmt(TARGET_INCREMENTAL_MS / 1000, 1)} s`,
      measured: `${fmt(ms / 1000, 2)} s (${fmt(diff.count)} objects)`,
      met: ms <= TARGET_INCREMENTAL_MS,
    });
  }
  return checks;
}

export function reportSqlDiff(diff: SqlDiffFigures): PartReport {
  const table: ResultTable = {
    caption: `Whole-bucket SQL diff of storage.objects (${fmt(diff.count)} objects)`,
    headers: ["call", "mode", "rows", "runs", "median ms", "min ms", "max ms", "objects/s"],
    rows: diff.rows.map(diffRow),
  };
  const notes = anomalies(diff.rows);
  const incremental = diff.rows.find((r) => r.label === LABELS.incremental);
  const analyzed = diff.rows.find((r) => r.label === LABELS.analyzed);
  if (incremental && analyzed) {
    notes.push(
      `\`ANALYZE\` of resume_files and storage.objects (${fmt(diff.analyzeMs)} ms): incremental pass ` +
        `${fmt(median(incremental.runsMs))} ms before, ${fmt(median(analyzed.runsMs))} ms after (autovacuum is off ` +
        "on this server, so nothing was analyzed before).",
    );
  }
  notes.push(
    `Seeding ${fmt(diff.count)} objects into storage.objects (${FOLDERS} multi-row INSERTs, trigger installed, ` +
      `no source registered yet): ${fmt(diff.seedMs / 1000, 1)} s.`,
  );
  const method =
    `*SQL diff*: ${fmt(diff.count)} objects inserted into storage.objects (\`fNN/000123.pdf\` in ${FOLDERS} ` +
    "folders), then `ledger.syncFromStorage({ bucket, prefix: '', reconcileAfterS: 0 })` (0 = always the full " +
    "diff of `watcher.diff_storage_objects`): initial into an empty ledger, incremental with nothing changed " +
    `(${INCREMENTAL_RUNS} runs), again after \`ANALYZE\` (${REPEAT_RUNS} runs), and in 'trigger' mode (default ` +
    "reconcileAfterS: the upload trigger is trusted, nothing to do).";
  return { method: [method], tables: [table], targets: targets(diff), notes };
}
