import type { Config } from "../config.ts";
import type { Ledger } from "../ledger/port.ts";
import type { Logger } from "../log.ts";
import type { TickSummary } from "../tick.ts";
import { isUsableSecret } from "./auth.ts";

/** Where the background function answers on every Netlify site (the `-background` file name declares it). */
export const BACKGROUND_FUNCTION_PATH = "/.netlify/functions/process-resumes-background";

/** Wait for Netlify's 202 at most this long, ms: it comes in well under a second, and the tick's 30 s are nearly spent. */
export const FAN_OUT_TIMEOUT_MS = 2_000;

/** A background run that started this long ago (its budget + 1 min) and never finished is dead, not running. */
const STALE_RUN_GRACE_MS = 60_000;

export interface FanOutDeps {
  fetch: typeof fetch;
  log: Logger;
}

/**
 * Background runs a backlog needs, from the throughput this tick just measured: files it finished per ms, times a
 * background run's budget, is what one run can do; the backlog divided by that, rounded up. A tick that finished
 * nothing (every file released at the deadline) measured nothing: then one run per file, i.e. as many as allowed.
 */
export function backgroundRunsNeeded(summary: TickSummary, backgroundBudgetMs: number): number {
  const finished = summary.done + summary.skipped + summary.failed + summary.retrying;
  if (finished === 0 || summary.duration_ms <= 0) return summary.backlog;
  const perRun = Math.max(1, Math.floor((finished * backgroundBudgetMs) / summary.duration_ms));
  return Math.ceil(summary.backlog / perRun);
}

/** Why fan-out cannot run with this config, or null when it can. */
export function fanOutOff(config: Config): string | null {
  if (config.http.maxWorkers === 0) return "WATCHER_MAX_WORKERS is 0";
  if (!config.http.siteUrl) return "URL is unset (Netlify sets it on a deployed site)";
  if (!isUsableSecret(config.http.secret)) return "WATCHER_SECRET is unset or shorter than 32 characters";
  return null;
}

/**
 * After a scheduled tick that ran out of time with files left: starts background runs, so that at most
 * WATCHER_MAX_WORKERS run at once (those still running from earlier ticks count). Returns how many Netlify
 * accepted. Never throws: the tick's own work is done and recorded, fan-out is a bonus.
 */
export async function fanOut(
  config: Config,
  ledger: Ledger,
  summary: TickSummary,
  deps: FanOutDeps,
): Promise<number> {
  if (summary.outcome !== "deadline" || summary.backlog === 0) return 0;
  const off = fanOutOff(config);
  if (off) {
    deps.log.info("fan-out off", { reason: off, backlog: summary.backlog });
    return 0;
  }
  try {
    const running = await runningBackgroundRuns(ledger, config);
    const wanted = backgroundRunsNeeded(summary, config.http.backgroundBudgetMs);
    const count = Math.min(config.http.maxWorkers - running, wanted);
    if (count <= 0) {
      deps.log.info("fan-out not needed", { running, backlog: summary.backlog });
      return 0;
    }
    return await startBackgroundRuns(config, count, deps, summary.backlog);
  } catch (error) {
    deps.log.warn("fan-out failed", { error: error instanceof Error ? error.message : String(error) });
    return 0;
  }
}

/** Background runs recorded as started, not finished, and young enough to still be alive. */
async function runningBackgroundRuns(ledger: Ledger, config: Config): Promise<number> {
  // The last runs cover the window: at most maxWorkers background runs plus a few ticks and manual runs.
  const { last_runs } = await ledger.getStatus({ lastRuns: config.http.maxWorkers + 10, topErrors: 0 });
  const aliveSince = Date.now() - config.http.backgroundBudgetMs - STALE_RUN_GRACE_MS;
  return last_runs.filter(
    (run) =>
      run.trigger === "background" && run.finished_at === null && Date.parse(run.started_at) > aliveSince,
  ).length;
}

async function startBackgroundRuns(
  config: Config,
  count: number,
  deps: FanOutDeps,
  backlog: number,
): Promise<number> {
  const url = `${(config.http.siteUrl ?? "").replace(/\/+$/, "")}${BACKGROUND_FUNCTION_PATH}`;
  const post = async () => {
    const response = await deps.fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${config.http.secret}`, "content-type": "application/json" },
      body: "{}",
      signal: AbortSignal.timeout(FAN_OUT_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  };
  const results = await Promise.allSettled(Array.from({ length: count }, post));
  const started = results.filter((result) => result.status === "fulfilled").length;
  const failure = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
  const fields = { requested: count, started, backlog };
  if (failure) deps.log.warn("background runs started", { ...fields, error: String(failure.reason) });
  else deps.log.info("background runs started", fields);
  return started;
}
