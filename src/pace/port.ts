/**
 * Pacing calls to a rate-limited provider. The schedule is the shared part (one per provider key, in Postgres when
 * processes share a ledger: supabase/migrations/20261201000300_rate_limits.sql; in memory otherwise), the Pacer
 * (pacer.ts) is one process's view of it. Times crossing this port are relative (ms from now), so the database's
 * clock and the process's never need to agree.
 */

/** What a schedule held once a reservation was admitted; handed back with the answer to that call. Opaque. */
export type ScheduleExpectation = Record<string, unknown>;

export interface Reservation {
  /** False when the call would have had to wait longer than allowed: nothing was reserved. */
  reserved: boolean;
  /** Wait this long before sending (0 = now). */
  waitMs: number;
  /** Per-minute limits last observed; null until an answer carried them. */
  limitRequests: number | null;
  limitTokens: number | null;
  /** The schedule after this reservation: ms until each bucket would be full again (0 = full now). */
  requestsFullInMs: number;
  tokensFullInMs: number;
  /** A cooldown in force (a 429's retry-after), ms left. */
  cooldownMs: number;
  /** Completion tokens reserved for the answer: the average seen on this key (600 before any answer). */
  completionTokens: number;
  /** Prompt tokens of the calls reserved on this key, running average (this call's when it is the first). */
  promptTokens: number;
  /** A success came without any limit header: the provider sends none (pace by 429s only, no probing). */
  headerless: boolean;
  expect: ScheduleExpectation;
}

/** What one answer (200 or 429) said about the limits: the provider's x-ratelimit-* headers, parsed. */
export interface LimitObservation {
  limits: { requests: number | null; tokens: number | null };
  /** ms until each bucket is full again (x-ratelimit-reset-*), as of admission; null when not sent. */
  resetMs: { requests: number | null; tokens: number | null };
  /** How long ago the request was sent (the provider counts it at admission). */
  sentMsAgo: number;
  /** The reservation's expectation, when the call had one. */
  expect: ScheduleExpectation | null;
  /** A 429's wait (retry-after-ms / retry-after); null on success. */
  retryAfterMs: number | null;
  /** A successful answer's usage.completion_tokens (moves the key's average); null otherwise. */
  completionTokens: number | null;
  /** The answer was a success (2xx): only those say whether the provider sends limit headers at all. */
  ok: boolean;
}

export interface RateSchedule {
  /**
   * Reserves one call of `promptTokens` (estimated from its text) plus the key's average answer on the schedule of
   * `key`, unless it would have to wait more than `maxWaitMs` (default: no bound; negative: only read).
   */
  reserve(key: string, promptTokens: number, maxWaitMs?: number): Promise<Reservation>;
  /** Corrects the schedule of `key` by what an answer said. */
  observe(key: string, observation: LimitObservation): Promise<void>;
}
