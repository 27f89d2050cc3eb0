import type { QueueCounts, RunCounts, RunOutcome, SyncMode } from "./ledger/port.ts";
import type { PaceCounters } from "./parse/port.ts";
import type { FileReport } from "./pipeline.ts";

/**
 * The object `resume-watcher run --json` prints and `POST /api/process` answers (keys are never renamed). The
 * QueueCounts are counted after the tick: `backlog` (pending) = `ready` + `deferred`; `in_flight` = files leased by
 * other runs (or by a dead one, until its lease expires). Nothing is left once backlog and in_flight are both 0.
 */
export interface TickSummary extends RunCounts, QueueCounts, PaceCounters {
  run_id: string | null;
  changed: number;
  removed: number;
  retrying: number;
  reused: number;
  duration_ms: number;
  outcome: RunOutcome;
  error: string | null;
  /** Stable code of what stopped the tick, when it is configuration (`bucket_not_found`…); null otherwise. */
  error_code: string | null;
  /** How the tick learnt what is in the bucket (null when it never got that far). */
  sync: SyncMode | null;
  /** Problems that did not stop the tick but need a person, e.g. `prefix matches nothing: …`; [] when none. */
  warnings: string[];
}

export function tally(summary: TickSummary, report: FileReport): void {
  if (report.outcome === "done") summary.done += 1;
  else if (report.outcome === "skipped") summary.skipped += 1;
  else if (report.outcome === "failed") summary.failed += 1;
  else if (report.outcome === "retrying") summary.retrying += 1;
  else if (report.outcome === "released") summary.released += 1;
  // Deleted between listing and download: counted with the files the listing found gone.
  else if (report.outcome === "removed") summary.removed += 1;
  if (report.reused) summary.reused += 1;
  // Spent even when the result was fenced out (lease lost): this is what the provider bills.
  if (report.usage) {
    summary.prompt_tokens += report.usage.prompt_tokens;
    summary.completion_tokens += report.usage.completion_tokens;
  }
}

/** A summary with every count at zero: where a tick starts (and a base for tests). */
export function emptySummary(): TickSummary {
  return {
    run_id: null,
    listed: 0,
    new: 0,
    changed: 0,
    removed: 0,
    claimed: 0,
    done: 0,
    skipped: 0,
    failed: 0,
    retrying: 0,
    released: 0,
    reused: 0,
    prompt_tokens: 0,
    completion_tokens: 0,
    calls: 0,
    rate_limited: 0,
    paced_ms: 0,
    backlog: 0,
    ready: 0,
    deferred: 0,
    in_flight: 0,
    duration_ms: 0,
    outcome: "completed",
    error: null,
    error_code: null,
    sync: null,
    warnings: [],
  };
}
