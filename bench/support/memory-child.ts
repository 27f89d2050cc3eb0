/**
 * One tick over a folder with the real HeuristicParser, in a fresh process so its peak RSS is the watcher's own.
 * Args: --dir FOLDER [--db-url URL | --data-dir DIR] [--concurrency N] [--budget MS] [--migrations DIR]
 * [--prepare-only 1] (only create and migrate the database, so that a later run opens an existing one).
 * Samples process.memoryUsage() every 100 ms; prints RESULT with process.resourceUsage().maxRSS (KB) at the end.
 */
import { readFileSync } from "node:fs";
import { LocalFolderBucket } from "../../src/bucket/local.ts";
import { type OpenLedgerOptions, openLedger } from "../../src/ledger/open.ts";
import type { Ledger } from "../../src/ledger/port.ts";
import { HeuristicParser } from "../../src/parse/heuristic/index.ts";
import { runTick, type TickSummary } from "../../src/tick.ts";
import { childArgs, emitResult } from "./child.ts";

export interface MemoryChildResult {
  /**
   * getrusage's max RSS, KB. On Linux it also keeps the high-water mark of the forked image before exec, i.e. the
   * spawning process's RSS, so it overstates a child spawned by a big parent; see vmHwmKb.
   */
  maxRssKb: number;
  /** Peak RSS of this process's own address space (VmHWM in /proc/self/status), KB; null off Linux. */
  vmHwmKb: number | null;
  /** Largest sampled RSS and heap, bytes. */
  peakSampledRss: number;
  peakHeapUsed: number;
  /** RSS before opening the ledger (after every import), after opening it (migrated), and after the tick, bytes. */
  rssAtStart: number;
  rssAfterOpen: number;
  rssAtEnd: number;
  /** RSS when 0 %, 10 %, 20 %, … of the files were processed: [processed, rss bytes]. */
  rssByProgress: [number, number][];
  samples: number;
  /** `show shared_buffers` of the ledger's database (PGlite's lives in this process). */
  sharedBuffers: string;
  /**
   * Every migration was recorded before this process started: an existing database, or on a first run a folder
   * filled from the build's seed (src/ledger/pglite-seed.ts) rather than initdb + migrations here.
   */
  migratedBeforeStart: boolean;
  summary: TickSummary;
  processingMs: number;
}

const args = childArgs();
const startedAt = new Date();
const rssAtStart = process.memoryUsage().rss;
let peakSampledRss = rssAtStart;
let peakHeapUsed = 0;
let samples = 0;
const sample = () => {
  const m = process.memoryUsage();
  samples += 1;
  peakSampledRss = Math.max(peakSampledRss, m.rss);
  peakHeapUsed = Math.max(peakHeapUsed, m.heapUsed);
};
const sampler = setInterval(sample, 100);

function vmHwmKb(): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

async function tick(
  ledger: Ledger,
  rssAfterOpen: number,
  sharedBuffers: string,
  migratedBeforeStart: boolean,
): Promise<MemoryChildResult> {
  const rssByProgress: [number, number][] = [];
  let nextMark = 0;
  let processingStarted = Number.NaN;
  const summary = await runTick(
    {
      ledger,
      bucket: new LocalFolderBucket(args.get("dir") ?? "", { name: "bench" }),
      parser: new HeuristicParser(),
      onProgress: (event) => {
        if (event.processed === 0) processingStarted = performance.now();
        if (event.total > 0 && event.processed >= nextMark) {
          rssByProgress.push([event.processed, process.memoryUsage().rss]);
          nextMark += Math.max(1, Math.round(event.total / 10));
        }
      },
    },
    {
      trigger: "bench",
      budgetMs: Number(args.get("budget") ?? 600_000),
      concurrency: Number(args.get("concurrency") ?? 4),
      maxAttempts: 5,
      maxFileBytes: 10 * 1024 * 1024,
    },
  );
  const processingMs = performance.now() - processingStarted;
  sample();
  return {
    maxRssKb: process.resourceUsage().maxRSS,
    vmHwmKb: vmHwmKb(),
    peakSampledRss,
    peakHeapUsed,
    rssAtStart,
    rssAfterOpen,
    rssAtEnd: process.memoryUsage().rss,
    rssByProgress,
    samples,
    sharedBuffers,
    migratedBeforeStart,
    summary,
    processingMs,
  };
}

const options: OpenLedgerOptions = { migrate: true };
if (args.get("db-url")) options.databaseUrl = args.get("db-url");
if (args.get("data-dir")) options.dataDir = args.get("data-dir");
// Bundled, this file no longer sits where openLedger's default migrations path is computed from.
if (args.get("migrations")) options.migrationsDir = args.get("migrations");
try {
  const ledger = await openLedger(options);
  try {
    if (args.get("prepare-only")) emitResult({ prepared: true });
    else {
      const rssAfterOpen = process.memoryUsage().rss;
      const rows = await ledger.client.query<{ shared_buffers: string }>("show shared_buffers");
      const [migrated] = await ledger.client.query<{ before: boolean }>(
        "select max(applied_at) < $1 as before from watcher.migrations",
        [startedAt.toISOString()],
      );
      emitResult(
        await tick(ledger, rssAfterOpen, rows[0]?.shared_buffers ?? "unknown", migrated?.before === true),
      );
    }
  } finally {
    await ledger.close();
  }
} finally {
  clearInterval(sampler);
}
