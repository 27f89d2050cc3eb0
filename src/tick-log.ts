import type { ClaimedFile } from "./ledger/port.ts";
import type { Logger } from "./log.ts";
import type { FileReport } from "./pipeline.ts";
import type { TickSummary } from "./tick.ts";

/** The tick's log lines: one per file, one per tick. Ids, paths, codes, counts and durations only. */
export function logFile(log: Logger, runId: string | null, file: ClaimedFile, report: FileReport): void {
  const fields = {
    path: file.path,
    id: file.id,
    attempt: file.attempts,
    code: report.code ?? undefined,
    reused: report.reused || undefined,
    ms: report.ms,
    run: runId,
  };
  if (report.outcome === "failed" || report.outcome === "retrying")
    log.warn(`file ${report.outcome}`, fields);
  else log.info(`file ${report.outcome}`, fields);
}

export function logSummary(log: Logger, s: TickSummary): void {
  const {
    run_id,
    outcome,
    listed,
    claimed,
    done,
    skipped,
    failed,
    retrying,
    released,
    backlog,
    duration_ms,
  } = s;
  const fields = {
    run: run_id,
    outcome,
    listed,
    new: s.new,
    claimed,
    done,
    skipped,
    failed,
    retrying,
    released,
    backlog,
    // Only when non-zero, so the usual line stays short: pending files waiting to retry, files leased elsewhere.
    deferred: s.deferred || undefined,
    in_flight: s.in_flight || undefined,
    // A paced parser's 429s and time spent waiting for turns, when any.
    rate_limited: s.rate_limited || undefined,
    paced_ms: s.paced_ms || undefined,
    ms: duration_ms,
    sync: s.sync ?? undefined,
  };
  if (outcome === "error") log.error("tick finished", { ...fields, error: s.error });
  else log.info("tick finished", fields);
}
