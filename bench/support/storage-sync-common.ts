import type { Bucket } from "../../src/bucket/port.ts";
import type { Ledger } from "../../src/ledger/port.ts";
import type { SqlClient } from "../../src/ledger/sql-client.ts";
import { type SyncReport, syncBucket } from "../../src/sync.ts";
import { uploadMany } from "../../test/support/storage-schema.ts";
import type { BenchOutput } from "./report.ts";
import { fmt } from "./stats.ts";

/** What the parts of the storage-sync benchmark share: sizes, the timed listing sync, the report shape. */

/** Objects per list-v2 page / sync_page call: the page size syncBucket uses against Supabase Storage. */
export const PAGE_SIZE = 1_000;
/** Sub-folders the objects are spread over (`fNN/`), as resumes sorted into folders would be. */
export const FOLDERS = 100;
/** Runs of the measurements that take the median of a few (load from other work on the machine drifts). */
export const REPEAT_RUNS = 3;

/** The tables, notes, targets and method paragraphs one part contributes to the benchmark's output. */
export type PartReport = Pick<BenchOutput, "method" | "tables" | "targets" | "notes">;

export const counts = (r: { new: number; changed: number; removed: number }): string =>
  `new ${fmt(r.new)}, changed ${fmt(r.changed)}, removed ${fmt(r.removed)}`;

export const sum = (values: readonly number[]): number => values.reduce((total, v) => total + v, 0);

/** Inserts `count` objects into storage.objects as `fNN/000123.pdf` in FOLDERS folders; returns the time, ms. */
export async function uploadFolders(sql: SqlClient, bucket: string, count: number): Promise<number> {
  const started = performance.now();
  for (let f = 0; f < FOLDERS; f += 1) {
    await uploadMany(sql, bucket, `f${String(f).padStart(2, "0")}/`, Math.ceil(count / FOLDERS));
  }
  return performance.now() - started;
}

/** One syncBucket call with the time of each piece, ms. */
export interface TimedSync {
  report: SyncReport;
  /** The whole call. */
  ms: number;
  /** Each bucket.list() call (client, HTTP and server). */
  listMs: number[];
  /** Each ledger.syncPage() call. */
  pageMs: number[];
  /** ledger.finishListing(), 0 when the listing did not complete. */
  finishMs: number;
  /** ledger.getCheckpoint(). */
  checkpointMs: number;
}

/** Wraps `fn` so each call's wall time (ms) is passed to `record`. */
function timing<A, R>(fn: (args: A) => Promise<R>, record: (ms: number) => void): (args: A) => Promise<R> {
  return async (args) => {
    const started = performance.now();
    try {
      return await fn(args);
    } finally {
      record(performance.now() - started);
    }
  };
}

/** syncBucket (PAGE_SIZE per page) with the bucket's list() and the ledger's listing calls timed. */
export async function timedSync(ledger: Ledger, bucket: Bucket, stopAt: number): Promise<TimedSync> {
  const listMs: number[] = [];
  const pageMs: number[] = [];
  const other = { finish: 0, checkpoint: 0 };
  const timedBucket: Bucket = {
    name: bucket.name,
    prefix: bucket.prefix,
    list: timing(
      (options) => bucket.list(options),
      (ms) => listMs.push(ms),
    ),
    download: (objectPath, options) => bucket.download(objectPath, options),
  };
  // Prototype delegation: every other Ledger method is the real one.
  const timedLedger = Object.create(ledger) as Ledger;
  timedLedger.syncPage = timing(
    (args) => ledger.syncPage(args),
    (ms) => pageMs.push(ms),
  );
  timedLedger.finishListing = timing(
    (args) => ledger.finishListing(args),
    (ms) => (other.finish += ms),
  );
  timedLedger.getCheckpoint = timing(
    (name) => ledger.getCheckpoint(name, bucket.prefix),
    (ms) => (other.checkpoint += ms),
  );
  const started = performance.now();
  const report = await syncBucket(timedLedger, timedBucket, { stopAt, pageSize: PAGE_SIZE });
  const ms = performance.now() - started;
  return { report, ms, listMs, pageMs, finishMs: other.finish, checkpointMs: other.checkpoint };
}
