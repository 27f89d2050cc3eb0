/**
 * One tick over a folder of PDFs with an instant parser, in a fresh process (so pdf.js starts cold, as in a
 * new function instance), started the way `resume-watcher run` starts one (src/cli/run.ts): pdf.js's warm-up
 * beside opening the ledger, then runTick. Args: --dir FOLDER [--db-url URL | --data-dir DIR] (neither: in-memory
 * PGlite). Prints RESULT (OverheadChildResult).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { LocalFolderBucket } from "../../src/bucket/local.ts";
import { extractText } from "../../src/extract/index.ts";
import { openLedger } from "../../src/ledger/open.ts";
import type { Ledger } from "../../src/ledger/port.ts";
import { warmUpPipeline } from "../../src/pipeline.ts";
import { runTick } from "../../src/tick.ts";
import { childArgs, emitResult } from "./child.ts";
import { InstantParser } from "./parsers.ts";

export interface OverheadFile {
  path: string;
  outcome: string;
  /** report.ms: download → hash → reuse check → extract → parse → complete (the claim is before it). */
  ms: number;
  /** Ledger round trips inside report.ms (reuse_parsed_result + complete_file), ms. */
  ledgerMs: number;
}

export interface OverheadChildResult {
  files: OverheadFile[];
  claimMs: number[];
  /** extractText alone on the first files again, pdf.js warm, ms. */
  extractWarmMs: number[];
  tickMs: number;
  /** Opening (and migrating) the ledger, ms. */
  openMs: number;
  /** pdf.js's cold warm-up, started just before opening the ledger, ms. */
  warmUpMs: number;
  /** From runTick's call to the start of processing (lease sweep, listing, sync), ms. */
  startupMs: number;
  outcome: string;
}

const args = childArgs();
const dir = args.get("dir") ?? "";
const opening = performance.now();
let warmUpMs = Number.NaN;
void warmUpPipeline().then(() => {
  warmUpMs = performance.now() - opening;
});
const ledger = await openLedger({
  ...(args.get("db-url") ? { databaseUrl: args.get("db-url") } : {}),
  ...(args.get("data-dir") ? { dataDir: args.get("data-dir") } : {}),
  migrate: true,
});
const openMs = performance.now() - opening;

const claimMs: number[] = [];
let ledgerMsOfFile = 0;
const timedCall =
  <A, R>(fn: (a: A) => Promise<R>, sink: (ms: number) => void) =>
  async (a: A): Promise<R> => {
    const started = performance.now();
    try {
      return await fn(a);
    } finally {
      sink(performance.now() - started);
    }
  };
const timed = Object.create(ledger) as Ledger;
timed.claimFiles = timedCall(
  (a) => ledger.claimFiles(a),
  (ms) => claimMs.push(ms),
);
timed.reuseParsedResult = timedCall(
  (a) => ledger.reuseParsedResult(a),
  (ms) => (ledgerMsOfFile += ms),
);
timed.completeFile = timedCall(
  (a) => ledger.completeFile(a),
  (ms) => (ledgerMsOfFile += ms),
);

const files: OverheadFile[] = [];
let startupMs = Number.NaN;
try {
  const started = performance.now();
  const summary = await runTick(
    {
      ledger: timed,
      bucket: new LocalFolderBucket(dir, { name: "bench" }),
      parser: new InstantParser(),
      onProgress: (event) => {
        if (event.processed === 0) startupMs = performance.now() - started;
        if (!event.report || !event.path) return;
        files.push({
          path: event.path,
          outcome: event.report.outcome,
          ms: event.report.ms,
          ledgerMs: ledgerMsOfFile,
        });
        ledgerMsOfFile = 0;
      },
    },
    { trigger: "bench", budgetMs: 300_000, concurrency: 1, maxAttempts: 5, maxFileBytes: 10 * 1024 * 1024 },
  );
  const extractWarmMs: number[] = [];
  for (const file of files.slice(0, 50)) {
    const bytes = new Uint8Array(await readFile(path.join(dir, file.path)));
    const started = performance.now();
    await extractText(bytes);
    extractWarmMs.push(performance.now() - started);
  }
  const result: OverheadChildResult = {
    files,
    claimMs,
    extractWarmMs,
    tickMs: summary.duration_ms,
    openMs,
    warmUpMs,
    startupMs,
    outcome: summary.error ? `${summary.outcome}: ${summary.error}` : summary.outcome,
  };
  emitResult(result);
} finally {
  await ledger.close();
}
