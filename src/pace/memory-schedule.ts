import type { LimitObservation, RateSchedule, Reservation } from "./port.ts";

/**
 * The schedule of supabase/migrations/20261201000300_rate_limits.sql (reserve_rate_limit, observe_rate_limit) for
 * one process without a shared ledger: a parser used on its own, unit tests. Same algorithm and constants; the
 * contract test (test/pace.schedule.test.ts) runs both through the same cases.
 */

/** A call may start while its bucket would be at most this far in debt: a minute less a 5 % margin, ms. */
export const WINDOW_MS = 60_000 * 0.95;
/** Completion tokens reserved before any answer was seen (rate_default_completion_tokens). */
const DEFAULT_COMPLETION_TOKENS = 600;
/** Token drift smaller than this is not corrected, ms (what an average call moves at 1 % of the limit). */
const TOKEN_TOLERANCE_MS = 600;

interface Limit {
  limit: number | null;
  /** When the bucket is full again (epoch ms), null = full. */
  fullAt: number | null;
  shiftMs: number;
}

interface Row {
  requests: Limit;
  tokens: Limit;
  cooldownUntil: number;
  completionTokens: number | null;
  promptTokens: number | null;
  headerless: boolean;
}

interface MemoryExpect {
  requestsFullAt: number | null;
  tokensFullAt: number | null;
  requestsShiftMs: number;
  tokensShiftMs: number;
}

export class MemorySchedule implements RateSchedule {
  readonly #rows = new Map<string, Row>();

  constructor(private readonly now: () => number = Date.now) {}

  async reserve(key: string, promptTokens: number, maxWaitMs?: number): Promise<Reservation> {
    const row = this.#row(key);
    const now = this.now();
    const completionTokens = row.completionTokens ?? DEFAULT_COMPLETION_TOKENS;
    const tokens = Math.max(0, promptTokens) + completionTokens;
    let start = Math.max(now, row.cooldownUntil);
    const costs: [Limit, number][] = [
      [row.requests, 1],
      [row.tokens, Math.max(tokens, 1)],
    ];
    for (const [l, units] of costs) {
      if (l.limit !== null) start = Math.max(start, (l.fullAt ?? now) + unitMs(l, units) - WINDOW_MS);
    }
    const reserved = maxWaitMs === undefined || start - now <= maxWaitMs;
    if (reserved) row.promptTokens = average(row.promptTokens, Math.max(0, promptTokens));
    for (const [l, units] of costs) {
      if (reserved && l.limit !== null) l.fullAt = Math.max(l.fullAt ?? now, start) + unitMs(l, units);
    }
    const expect: MemoryExpect = {
      requestsFullAt: row.requests.fullAt,
      tokensFullAt: row.tokens.fullAt,
      requestsShiftMs: row.requests.shiftMs,
      tokensShiftMs: row.tokens.shiftMs,
    };
    return {
      reserved,
      waitMs: Math.round(start - now),
      limitRequests: row.requests.limit,
      limitTokens: row.tokens.limit,
      requestsFullInMs: Math.round((row.requests.fullAt ?? now) - now),
      tokensFullInMs: Math.round((row.tokens.fullAt ?? now) - now),
      cooldownMs: Math.max(0, Math.round(row.cooldownUntil - now)),
      completionTokens: Math.round(completionTokens),
      promptTokens: Math.round(row.promptTokens ?? Math.max(0, promptTokens)),
      headerless: row.headerless,
      expect: { ...expect },
    };
  }

  async observe(key: string, o: LimitObservation): Promise<void> {
    const row = this.#row(key);
    const now = this.now();
    const sent = now - Math.max(0, o.sentMsAgo);
    const expect = (o.expect ?? null) as MemoryExpect | null;
    const named = o.limits.requests !== null || o.limits.tokens !== null;
    if (o.ok) row.headerless = !named;
    if (o.limits.requests) row.requests.limit = o.limits.requests;
    if (o.limits.tokens) row.tokens.limit = o.limits.tokens;
    // One request's interval, not below 250 ms (observe_rate_limit's floor: at 10,000 RPM a unit is jitter).
    const reqTolerance = row.requests.limit ? Math.max(60_000 / row.requests.limit, 250) : 0;
    correct(
      now,
      row.requests,
      o.resetMs.requests,
      sent,
      expect?.requestsFullAt,
      expect?.requestsShiftMs,
      reqTolerance,
    );
    correct(
      now,
      row.tokens,
      o.resetMs.tokens,
      sent,
      expect?.tokensFullAt,
      expect?.tokensShiftMs,
      TOKEN_TOLERANCE_MS,
    );
    if (o.retryAfterMs !== null) row.cooldownUntil = Math.max(row.cooldownUntil, now + o.retryAfterMs);
    const seen = o.completionTokens;
    if (seen !== null && seen >= 0) {
      const average = row.completionTokens;
      if (average === null) row.completionTokens = seen;
      else if (Math.abs(seen - average) > 0.05 * average) row.completionTokens = average * 0.9 + seen * 0.1;
    }
  }

  #row(key: string): Row {
    let row = this.#rows.get(key);
    if (!row) {
      row = {
        requests: { limit: null, fullAt: null, shiftMs: 0 },
        tokens: { limit: null, fullAt: null, shiftMs: 0 },
        cooldownUntil: 0,
        completionTokens: null,
        promptTokens: null,
        headerless: false,
      };
      this.#rows.set(key, row);
    }
    return row;
  }
}

/** Running average where each new value weighs 10 % (the first one is taken as is). */
function average(current: number | null, value: number): number {
  return current === null ? value : current * 0.9 + value * 0.1;
}

function unitMs(l: Limit, units: number): number {
  return (60_000 * units) / (l.limit ?? 1);
}

/** observe_rate_limit's correction of one limit (see the migration). */
function correct(
  now: number,
  l: Limit,
  resetMs: number | null,
  sent: number,
  expectedFullAt: number | null | undefined,
  shiftThen: number | undefined,
  toleranceMs: number,
): void {
  if (resetMs === null || l.limit === null) return;
  const seen = sent + resetMs;
  if (l.fullAt === null || expectedFullAt === null || expectedFullAt === undefined) {
    if (seen > Math.max(l.fullAt ?? now, now)) l.fullAt = seen;
    return;
  }
  const drift = seen - expectedFullAt - (l.shiftMs - (shiftThen ?? 0));
  if (Math.abs(drift) > toleranceMs) {
    l.fullAt += drift;
    l.shiftMs += drift;
  }
}
