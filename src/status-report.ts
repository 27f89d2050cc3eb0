import type { TokenPrices } from "./config.ts";
import type { Ledger, LedgerStatus, RateLimitRow, RunSummaryRow } from "./ledger/port.ts";
import type { TokenUsage } from "./parse/port.ts";

/**
 * What `resume-watcher status --json` prints and `GET /api/status` answers: the ledger's status, 24 h use priced,
 * and for the provider limits observed most recently, how much of them the recent runs used.
 */
export interface StatusReport extends LedgerStatus {
  usage_24h: TokenUsage & { estimated_cost_usd: number | null };
  rate_limits: (RateLimitRow & { last_runs_use: RateLimitUse | null })[];
}

/**
 * The recent runs that called the provider, as a rate per minute of their own running time, and as a share of the
 * observed limits (1 = the whole limit; null when that limit is unknown). A drain at the limit shows ~0.9–1.
 */
export interface RateLimitUse {
  runs: number;
  requests_per_min: number;
  tokens_per_min: number;
  requests_share: number | null;
  tokens_share: number | null;
}

/** Runs and error codes a status shows unless asked otherwise (`--runs`, `?runs=`). */
export const STATUS_DEFAULTS = { lastRuns: 5, topErrors: 5 } as const;

/** USD for `usage` at `prices` per million tokens, to the micro-dollar; null when the prices are unknown. */
export function estimateCostUsd(usage: TokenUsage, prices: TokenPrices | null): number | null {
  if (!prices) return null;
  const usd =
    (usage.prompt_tokens * prices.inputPerMTok + usage.completion_tokens * prices.outputPerMTok) / 1e6;
  return Math.round(usd * 1e6) / 1e6;
}

export function withCost(status: LedgerStatus, prices: TokenPrices | null): StatusReport {
  const usage = status.usage_24h;
  return {
    ...status,
    usage_24h: { ...usage, estimated_cost_usd: estimateCostUsd(usage, prices) },
    // Runs do not record which provider key they used: the recent runs are set against the key seen last.
    rate_limits: status.rate_limits.map((row, i) => ({
      ...row,
      last_runs_use: i === 0 ? rateLimitUse(row, status.last_runs) : null,
    })),
  };
}

function rateLimitUse(row: RateLimitRow, runs: RunSummaryRow[]): RateLimitUse | null {
  const calling = runs.filter((r) => (r.calls ?? 0) > 0 && (r.duration_ms ?? 0) > 0);
  if (calling.length === 0) return null;
  const minutes = calling.reduce((sum, r) => sum + (r.duration_ms ?? 0), 0) / 60_000;
  const requests = calling.reduce((sum, r) => sum + r.calls, 0) / minutes;
  const tokens = calling.reduce((sum, r) => sum + r.prompt_tokens + r.completion_tokens, 0) / minutes;
  const share = (perMin: number, limit: number | null) =>
    limit ? Math.round((100 * perMin) / limit) / 100 : null;
  return {
    runs: calling.length,
    requests_per_min: Math.round(requests * 10) / 10,
    tokens_per_min: Math.round(tokens),
    requests_share: share(requests, row.limit_requests),
    tokens_share: share(tokens, row.limit_tokens),
  };
}

/** The one builder of the status object, shared by the CLI and the HTTP API so the two never drift apart. */
export async function readStatusReport(
  ledger: Ledger,
  prices: TokenPrices | null,
  lastRuns: number = STATUS_DEFAULTS.lastRuns,
): Promise<StatusReport> {
  return withCost(await ledger.getStatus({ lastRuns, topErrors: STATUS_DEFAULTS.topErrors }), prices);
}
