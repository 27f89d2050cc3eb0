import type { Ledger } from "./ledger/port.ts";
import type { Logger } from "./log.ts";
import type { TickSummary } from "./tick.ts";

// The run history's side of a tick: dead workers' leftovers swept at the start, the tick's own run recorded.

/**
 * Lease = budget + 60 s: outlives any tick, yet a crashed worker's files come back within a schedule period or two.
 * The same grace closes a run that never finished: a live tick finishes its run inside its budget.
 */
export const LEASE_GRACE_MS = 60_000;

/**
 * What dead workers left behind, cleared at the start of every tick: expired leases go back to pending (or failed,
 * attempts spent), and runs older than their budget + LEASE_GRACE_MS without a finish become `abandoned`, so
 * `status` stops showing them as running.
 */
export async function sweepStale(
  ledger: Ledger,
  options: { maxAttempts: number; runId: string },
  log: Logger,
): Promise<void> {
  await ledger.releaseExpiredLeases({ maxAttempts: options.maxAttempts });
  await closeAbandonedRuns(ledger, options.runId, log);
}

/** Closes runs that outlived their budget + grace (see sweepStale); logs how many. */
export async function closeAbandonedRuns(ledger: Ledger, runId: string, log: Logger): Promise<void> {
  const { abandoned } = await ledger.closeAbandonedRuns({ graceMs: LEASE_GRACE_MS });
  if (abandoned > 0) log.warn("runs abandoned", { run: runId, abandoned });
}

/** Records the tick's run; a failure is logged, never thrown: the files' outcomes are committed already. */
export async function finishRunQuietly(ledger: Ledger, summary: TickSummary, log: Logger): Promise<void> {
  try {
    await ledger.finishRun({
      runId: summary.run_id ?? "",
      counts: summary,
      outcome: summary.outcome,
      error: summary.error,
      sync: summary.sync,
      pacing: summary,
    });
  } catch (error) {
    log.error("could not record the run", { run: summary.run_id, error: String(error) });
  }
}
