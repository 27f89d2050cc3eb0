import type { LedgerStatus } from "../ledger/port.ts";
import { type HttpContext, loadFunctionConfig, withRuntime } from "./context.ts";
import { jsonResponse, requireMethod } from "./respond.ts";

/** Consecutive failed runs that make the watcher unhealthy (15 min of scheduled ticks). */
export const FAILED_RUNS_UNHEALTHY = 3;

/** Why the watcher is unhealthy; the only detail GET /api/health ever gives (it needs no token). */
export type HealthReason = "backlog_stale" | "runs_failing" | "not_configured" | "unavailable";

export interface Health {
  ok: boolean;
  reason: HealthReason | null;
}

/**
 * GET /api/health, public, for an uptime monitor: 200 `{ok: true, reason: null}`, or 503 `{ok: false, reason}`
 * when files ready to parse have waited longer than WATCHER_HEALTH_MAX_WAIT_S (default 1 h), the last three runs
 * all ended in error (or were abandoned: killed before they finished), the functions are not configured, or the database cannot be reached.
 */
export async function healthRoute(ctx: HttpContext): Promise<Response> {
  requireMethod(ctx.req, ["GET"]);
  const health = await checkHealth(ctx);
  if (!health.ok) ctx.log.warn("unhealthy", { reason: health.reason });
  return jsonResponse(health.ok ? 200 : 503, health);
}

async function checkHealth(ctx: HttpContext): Promise<Health> {
  let config: ReturnType<typeof loadFunctionConfig>;
  try {
    config = loadFunctionConfig(ctx.env);
  } catch {
    return { ok: false, reason: "not_configured" };
  }
  let status: LedgerStatus;
  try {
    // More than three runs: the newest may still be running (no outcome yet) and does not count.
    status = await withRuntime(ctx, config, (runtime) =>
      runtime.ledger.getStatus({ lastRuns: FAILED_RUNS_UNHEALTHY + 5, topErrors: 0 }),
    );
  } catch {
    return { ok: false, reason: "unavailable" };
  }
  return judge(status, config.http.healthMaxWaitS);
}

/**
 * `oldest_pending_age_s` counts from when a file was queued, including any backoff wait, so with ready files it
 * is how long the oldest one has waited at least — close enough for an alarm set in hours.
 */
export function judge(status: LedgerStatus, maxWaitS: number): Health {
  const finished = status.last_runs.filter((run) => run.outcome !== null).slice(0, FAILED_RUNS_UNHEALTHY);
  // A run killed every time (closed later as abandoned) is failing as surely as one that reports an error.
  const failed = (outcome: string | null) => outcome === "error" || outcome === "abandoned";
  if (finished.length === FAILED_RUNS_UNHEALTHY && finished.every((run) => failed(run.outcome))) {
    return { ok: false, reason: "runs_failing" };
  }
  if (status.ready > 0 && (status.oldest_pending_age_s ?? 0) > maxWaitS) {
    return { ok: false, reason: "backlog_stale" };
  }
  return { ok: true, reason: null };
}
