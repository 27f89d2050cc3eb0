import type { TokenPrices } from "./config.ts";
import type { Ledger, LedgerStatus } from "./ledger/port.ts";
import type { TokenUsage } from "./parse/port.ts";

/** What `resume-watcher status --json` prints and `GET /api/status` answers: the ledger's status, 24 h use priced. */
export interface StatusReport extends LedgerStatus {
  usage_24h: TokenUsage & { estimated_cost_usd: number | null };
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
  return { ...status, usage_24h: { ...usage, estimated_cost_usd: estimateCostUsd(usage, prices) } };
}

/** The one builder of the status object, shared by the CLI and the HTTP API so the two never drift apart. */
export async function readStatusReport(
  ledger: Ledger,
  prices: TokenPrices | null,
  lastRuns: number = STATUS_DEFAULTS.lastRuns,
): Promise<StatusReport> {
  return withCost(await ledger.getStatus({ lastRuns, topErrors: STATUS_DEFAULTS.topErrors }), prices);
}
