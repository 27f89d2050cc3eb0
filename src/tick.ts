import { hostname } from "node:os";
import type { Bucket } from "./bucket/port.ts";
import { Deadline, DurationEstimate } from "./deadline.ts";
import { BucketConfigError } from "./errors.ts";
import type { ClaimedFile, Ledger, RunTrigger } from "./ledger/port.ts";
import { type Logger, silentLogger } from "./log.ts";
import type { CallTurn, ResumeParser } from "./parse/port.ts";
import { type FileReport, processFile, warmUpPipeline } from "./pipeline.ts";
import { logFile, logSummary } from "./tick-log.ts";
import { paceSince, waitForTurn } from "./tick-pace.ts";
import { closeAbandonedRuns, finishRunQuietly, LEASE_GRACE_MS, sweepStale } from "./tick-runs.ts";
import { emptySummary, type TickSummary, tally } from "./tick-summary.ts";
import { syncStep } from "./tick-sync.ts";

export { emptySummary, type TickSummary } from "./tick-summary.ts";

export interface TickDeps {
  ledger: Ledger;
  bucket: Bucket;
  parser: ResumeParser;
  log?: Logger;
  /** Called after each file and once after sync; the CLI draws its progress bar from it. */
  onProgress?: (event: TickProgress) => void;
}

export interface TickOptions {
  trigger: RunTrigger;
  /** Total wall-clock budget for the tick, ms (WATCHER_BUDGET_MS, default 25,000). */
  budgetMs: number;
  /** Files processed at once (WATCHER_CONCURRENCY, default 4). */
  concurrency: number;
  maxAttempts: number;
  maxFileBytes: number;
  /** Identifies this worker in leases and the run history; default host:pid. */
  worker?: string;
  /** Share of the budget listing may use before processing starts (default 0.2); the cursor is saved. */
  syncShare?: number;
  /** Objects per listing page (default 1,000: Supabase's listV2 cap). */
  pageSize?: number;
  /** Aborts the tick like the deadline does (Ctrl-C in `watch`). */
  signal?: AbortSignal;
  /** Per-file duration guess before any file finished, ms (default 1,000). */
  initialEstimateMs?: number;
  /** Files to put first in line before claiming (POST /api/process {paths}); validated by the caller. */
  paths?: string[];
  /** Claim at most this many files this tick (default: as many as the budget allows). */
  limit?: number;
}

export interface TickProgress {
  processed: number;
  /** Pending files when processing started (the most this tick can do). */
  total: number;
  path?: string;
  report?: FileReport;
}

/** One watcher tick: sync -> claim -> process (bounded concurrency, deadline) -> finish. No SQL, no vendor SDK. */
export async function runTick(deps: TickDeps, options: TickOptions): Promise<TickSummary> {
  const log = deps.log ?? silentLogger;
  const deadline = new Deadline(options.budgetMs, options.signal ? { parent: options.signal } : {});
  const worker = options.worker ?? `${hostname()}:${process.pid}`;
  const summary = emptySummary();
  try {
    if (await deps.ledger.isPaused()) {
      return await recordPausedRun(deps, options, worker, summary, deadline, log);
    }
    const { runId } = await deps.ledger.startRun({
      trigger: options.trigger,
      worker,
      budgetMs: options.budgetMs,
    });
    summary.run_id = runId;
    log.info("tick started", { run: runId, trigger: options.trigger, budget_ms: options.budgetMs, worker });
    await sweepStale(deps.ledger, { maxAttempts: options.maxAttempts, runId }, log);
    if (options.paths && options.paths.length > 0) {
      const queued = await deps.ledger.queuePaths({ bucket: deps.bucket.name, paths: options.paths });
      log.info("paths queued", { run: runId, ...queued });
    }
    // Not awaited: the first PDF waits for it anyway, and text-only ticks should not.
    void warmUpPipeline();
    await syncIntoSummary(deps, options, deadline, summary, log);
    const stop = await processBacklog(deps, options, worker, deadline, summary, log);
    Object.assign(summary, await deps.ledger.countQueue());
    // A stop with nothing left ready (the last files were the ones that did not fit) still completed the backlog.
    summary.outcome = summary.error ? "error" : stop !== null && summary.ready > 0 ? stop : "completed";
  } catch (error) {
    summary.outcome = "error";
    summary.error = error instanceof Error ? error.message : String(error);
    if (error instanceof BucketConfigError) summary.error_code = error.code;
    log.error("tick failed", { run: summary.run_id, error: summary.error });
  } finally {
    deadline.dispose();
  }
  summary.duration_ms = Math.round(deadline.elapsed());
  if (summary.run_id) await finishRunQuietly(deps.ledger, summary, log);
  logSummary(log, summary);
  return summary;
}

async function syncIntoSummary(
  deps: TickDeps,
  options: TickOptions,
  deadline: Deadline,
  summary: TickSummary,
  log: Logger,
): Promise<void> {
  const syncBudgetMs = options.budgetMs * (options.syncShare ?? 0.2);
  try {
    const synced = await syncStep(deps.ledger, deps.bucket, {
      stopAt: deadline.startedAt + syncBudgetMs,
      pageSize: options.pageSize ?? 1_000,
      signal: deadline.signal,
      runId: summary.run_id,
      log,
    });
    const { mode, listed, changed, removed } = synced;
    Object.assign(summary, { sync: mode, listed, new: synced.new, changed, removed });
    summary.warnings.push(...synced.warnings);
    if (synced.partial)
      log.info("listing continues next tick", { run: summary.run_id, listed: synced.listed });
  } catch (error) {
    // The bucket itself is unusable (missing, key refused): stop, rather than work on as if it were empty.
    if (error instanceof BucketConfigError) throw error;
    // A bucket that cannot be listed right now must not stop work on files already known: record it and go on.
    summary.error = `listing failed: ${error instanceof Error ? error.message : String(error)}`;
    log.error("listing failed", { run: summary.run_id, error: summary.error });
  }
}

/** Why processing stopped early: the budget, or the provider's rate limit; null when the backlog ran out. */
type Stop = "deadline" | "rate_limited" | null;

async function processBacklog(
  deps: TickDeps,
  options: TickOptions,
  worker: string,
  deadline: Deadline,
  summary: TickSummary,
  log: Logger,
): Promise<Stop> {
  const estimate = new DurationEstimate(options.initialEstimateMs);
  const leaseMs = options.budgetMs + LEASE_GRACE_MS;
  const total = await deps.ledger.countBacklog();
  const progress: TickProgress = { processed: 0, total };
  deps.onProgress?.(progress);
  const pace = deps.parser.pace;
  const paceBefore = pace?.counters() ?? null;
  await pace?.refresh(); // never throws: an unreachable schedule only means unpaced calls
  let stop: Stop = null;
  let unavailable = false;
  // Claims reserved so far, counted before the claim call so concurrent slots never exceed options.limit.
  let reserved = 0;
  const mayClaim = () =>
    !unavailable && stop === null && (options.limit === undefined || reserved < options.limit);

  const nextFile = async (): Promise<{ file: ClaimedFile; turn?: CallTurn } | null> => {
    if (!mayClaim()) return null;
    let turn: CallTurn | undefined;
    if (pace) {
      const waited = await waitForTurn(pace, deadline, estimate);
      if (waited === "rate_limited") stop ??= "rate_limited";
      if (waited === null || waited === "rate_limited") return null;
      turn = waited;
      if (!mayClaim()) {
        turn.release();
        return null;
      }
    }
    if (deadline.remaining() < estimate.estimateMs()) {
      stop ??= "deadline";
      turn?.release();
      return null;
    }
    reserved += 1;
    let file: ClaimedFile | undefined;
    try {
      [file] = await deps.ledger.claimFiles({ worker, limit: 1, leaseMs });
    } finally {
      if (!file) {
        reserved -= 1;
        turn?.release();
      }
    }
    if (!file) return null;
    return turn ? { file, turn } : { file };
  };

  const slot = async () => {
    for (let next = await nextFile(); next; next = await nextFile()) {
      const { file, turn } = next;
      summary.claimed += 1;
      // A turn outlives no file: released here whatever happened, or every later projection would count it.
      const report = await processFile(
        file,
        { ...deps, ...options, turn },
        deadline.signal,
        deadline.endsAt,
      ).finally(() => turn?.release());
      if (report.outcome !== "released") estimate.observe(report.ms - (turn?.waitedMs ?? 0));
      tally(summary, report);
      if (report.unavailable !== undefined) {
        // The parser cannot work at all (quota, rejected key): every further claim would be handed straight back.
        if (!unavailable) {
          const reason = `parser unavailable (${report.code}): ${report.unavailable}`;
          summary.error = summary.error ? `${summary.error}; ${reason}` : reason;
          log.error("parser unavailable; no more files this tick", {
            run: summary.run_id,
            code: report.code,
          });
        }
        unavailable = true;
      } else if (report.outcome === "released") {
        // Handed back unparsed (deadline, a rate-limit turn too late for the budget): the next file would be too.
        stop ??= report.code === "parser_rate_limited" ? "rate_limited" : "deadline";
      }
      logFile(log, summary.run_id, file, report);
      progress.processed += 1;
      deps.onProgress?.({ ...progress, path: file.path, report });
    }
  };
  // allSettled, not all: when one slot hits a ledger error the others still finish their file before we report.
  const settled = await Promise.allSettled(Array.from({ length: options.concurrency }, slot));
  Object.assign(summary, paceSince(pace, paceBefore));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failure) throw failure.reason;
  return stop ?? (deadline.signal.aborted ? "deadline" : null);
}

async function recordPausedRun(
  deps: TickDeps,
  options: TickOptions,
  worker: string,
  summary: TickSummary,
  deadline: Deadline,
  log: Logger,
): Promise<TickSummary> {
  const { runId } = await deps.ledger.startRun({
    trigger: options.trigger,
    worker,
    budgetMs: options.budgetMs,
  });
  summary.run_id = runId;
  summary.outcome = "paused";
  await closeAbandonedRuns(deps.ledger, runId, log);
  Object.assign(summary, await deps.ledger.countQueue());
  summary.duration_ms = Math.round(deadline.elapsed());
  deadline.dispose();
  await finishRunQuietly(deps.ledger, summary, log);
  log.info("tick skipped: watcher is paused", { run: runId, backlog: summary.backlog });
  return summary;
}
