import { setTimeout as sleep } from "node:timers/promises";
import { FileError } from "../errors.ts";
import type { CallPace, CallTurn, PaceCounters } from "../parse/port.ts";
import { WINDOW_MS } from "./memory-schedule.ts";
import type { RateSchedule, Reservation, ScheduleExpectation } from "./port.ts";

/** Before any answer: how long a call takes, send to answer, ms. */
const INITIAL_CALL_MS = 1_500;
/** Weight of the newest sample in the running averages (exponential; ~the last 10 calls count). */
const AVERAGE_WEIGHT = 0.1;

/** A reserved call: handed back with its answer (settle), and always finished (done) when the call ends. */
export interface Permit {
  sentAt: number;
  /** Null when the schedule could not be reached (the call went unpaced). */
  expect: ScheduleExpectation | null;
  /** Set by the first settle: an answer is reported once. */
  settled: boolean;
  /** Lets the calls that waited behind this probe go; idempotent. */
  done(): void;
}

/** What an answer said, in the provider-neutral terms of pace/port.ts (the adapter reads its own headers). */
export interface AnswerLimits {
  /** The provider answered 2xx (only those teach the call time, and say whether limit headers are sent). */
  ok: boolean;
  limits: { requests: number | null; tokens: number | null };
  resetMs: { requests: number | null; tokens: number | null };
  /** Set on a 429 (rate limit, not quota). */
  retryAfterMs: number | null;
  /** usage.completion_tokens of a successful answer. */
  completionTokens: number | null;
}

interface Known {
  at: number;
  /** An average call's tokens on this key (prompt + answer). */
  callTokens: number;
  limitRequests: number | null;
  limitTokens: number | null;
  requestsFullAt: number;
  tokensFullAt: number;
  cooldownUntil: number;
}

/**
 * One process's side of pacing: estimates a call's tokens, reserves its place on the shared schedule, waits for
 * its turn within the tick's budget, and reports every answer back. `book()` lets the tick claim a file only when
 * a call for it can start soon, so files are not leased just to wait (in-flight calls shrink to what the limit
 * sustains and grow back with headroom: the schedule hands out starts no faster than the limits refill).
 */
export class Pacer implements CallPace {
  /** Send to answer, running average; null before the first answer. */
  #callMs: number | null = null;
  #known: Known | null = null;
  readonly #booked = new Set<Turn>();
  /**
   * While the limits are unknown (no answer seen by anyone sharing the schedule), one call goes first and the others
   * wait for its answer: a first burst at concurrency 16 into an already busy account would be refused 15 times.
   */
  #probe: Promise<void> | null = null;
  /** An answer came without any limit headers: the provider does not say, so pace by 429s alone (no probing). */
  #headerless = false;
  readonly #counters: PaceCounters = { calls: 0, rate_limited: 0, paced_ms: 0 };

  constructor(
    readonly key: string,
    private readonly schedule: RateSchedule,
    private readonly now: () => number = Date.now,
  ) {}

  /** Prompt tokens as providers estimate them before counting: ~4 characters a token (the schedule adds the answer). */
  static promptTokens(promptChars: number): number {
    return Math.ceil(promptChars / 4);
  }

  expectedCallMs(): number {
    return this.#callMs ?? INITIAL_CALL_MS;
  }

  counters(): PaceCounters {
    return { ...this.#counters };
  }

  /** Reads the shared schedule (reserving nothing), so the first turns this process books are placed right. */
  async refresh(): Promise<void> {
    await this.#reserve(0, -1);
  }

  /** See CallPace.book: projects this process's line (booked calls of average size) on the last schedule seen. */
  book(): CallTurn {
    const turn = new Turn(this.#projectStart(this.#booked.size + 1), (t) => this.#booked.delete(t));
    this.#booked.add(turn);
    return turn;
  }

  /**
   * Reserves a call of `promptChars` and waits for its turn. Throws parser_rate_limited (released, no attempt
   * spent) when the turn would come too late to finish before `deadlineAt`.
   */
  async acquire(
    promptChars: number,
    options: { signal: AbortSignal; deadlineAt?: number | undefined; turn?: CallTurn | undefined },
  ): Promise<Permit> {
    while (this.#probe) await raceSignal(this.#probe, options.signal);
    let done = () => {};
    if (!this.#headerless && !this.#limitsKnown()) {
      this.#probe = new Promise<void>((resolve) => {
        done = () => {
          this.#probe = null;
          resolve();
        };
      });
    }
    try {
      return await this.#reserveAndWait(Pacer.promptTokens(promptChars), options, done);
    } catch (error) {
      done();
      throw error;
    }
  }

  async #reserveAndWait(
    tokens: number,
    options: { signal: AbortSignal; deadlineAt?: number | undefined; turn?: CallTurn | undefined },
    done: () => void,
  ): Promise<Permit> {
    // Only a turn that still leaves time for the call is taken: an unusable one would hold back everyone after it.
    // A call that can start at once always goes (its timeout fits it to the deadline).
    const maxWaitMs =
      options.deadlineAt === undefined
        ? undefined
        : Math.max(0, options.deadlineAt - this.now() - this.expectedCallMs());
    const reservation = await this.#reserve(tokens, maxWaitMs);
    if (options.turn instanceof Turn) options.turn.release();
    const waitMs = reservation?.waitMs ?? 0;
    if (reservation && !reservation.reserved) {
      throw new FileError(
        "parser_rate_limited",
        `The provider's rate limit gives the next call a turn in ${Math.ceil(waitMs / 1000)} s, too late for this tick`,
      );
    }
    if (waitMs > 0) {
      this.#counters.paced_ms += waitMs;
      if (options.turn) options.turn.waitedMs += waitMs;
      await sleep(waitMs, undefined, { signal: options.signal });
    }
    this.#counters.calls += 1;
    return { sentAt: this.now(), expect: reservation?.expect ?? null, settled: false, done };
  }

  /**
   * The schedule's answer, or null when it cannot be reached (a database hiccup): that call goes unpaced rather
   * than failing the file for a problem that is not the file's; the ledger's own next call reports a real outage.
   */
  async #reserve(tokens: number, maxWaitMs: number | undefined): Promise<Reservation | null> {
    try {
      const reservation = await this.schedule.reserve(this.key, tokens, maxWaitMs);
      this.#remember(reservation);
      return reservation;
    } catch {
      return null;
    }
  }

  /**
   * Reports one HTTP answer (2xx or 429) once: corrects the schedule and this process's averages. Never throws.
   * Only a 2xx answer without any limit header marks the provider as one that sends none.
   */
  async settle(permit: Permit, answer: AnswerLimits): Promise<void> {
    if (permit.settled) return;
    permit.settled = true;
    const sentMsAgo = this.now() - permit.sentAt;
    const named = answer.limits.requests !== null || answer.limits.tokens !== null;
    if (answer.ok && !named) this.#headerless = true;
    if (answer.retryAfterMs !== null) this.#counters.rate_limited += 1;
    if (answer.ok) {
      this.#callMs =
        this.#callMs === null ? sentMsAgo : this.#callMs + AVERAGE_WEIGHT * (sentMsAgo - this.#callMs);
    }
    if (answer.retryAfterMs !== null && this.#known) {
      this.#known.cooldownUntil = Math.max(this.#known.cooldownUntil, this.now() + answer.retryAfterMs);
    }
    const { limits, resetMs, retryAfterMs, completionTokens, ok } = answer;
    const expect = permit.expect;
    const observation = { limits, resetMs, sentMsAgo, expect, retryAfterMs, completionTokens, ok };
    // A failed correction must not fail the file: the next reservation still paces, only less precisely.
    await this.schedule.observe(this.key, observation).catch(() => undefined);
    if (named) this.#learnLimits(answer.limits);
    permit.done();
  }

  #limitsKnown(): boolean {
    return this.#known !== null && (this.#known.limitRequests !== null || this.#known.limitTokens !== null);
  }

  /** The limits an answer named, for the next projection (the schedule holds them too, from observe). */
  #learnLimits(limits: AnswerLimits["limits"]): void {
    const now = this.now();
    this.#known ??= {
      at: now,
      callTokens: 0,
      limitRequests: null,
      limitTokens: null,
      requestsFullAt: now,
      tokensFullAt: now,
      cooldownUntil: now,
    };
    this.#known.limitRequests = limits.requests ?? this.#known.limitRequests;
    this.#known.limitTokens = limits.tokens ?? this.#known.limitTokens;
  }

  #remember(r: Reservation): void {
    const at = this.now();
    this.#headerless ||= r.headerless;
    this.#known = {
      at,
      callTokens: r.promptTokens + r.completionTokens,
      limitRequests: r.limitRequests,
      limitTokens: r.limitTokens,
      requestsFullAt: at + r.requestsFullInMs,
      tokensFullAt: at + r.tokensFullInMs,
      cooldownUntil: at + r.cooldownMs,
    };
  }

  /** When the `nth` booked call of average size would start, simulating the schedule's own arithmetic. */
  #projectStart(nth: number): number {
    const now = this.now();
    const k = this.#known;
    if (!this.#limitsKnown()) {
      const free = Math.max(now, k?.cooldownUntil ?? 0);
      // Limits unknown: the first booked call probes; the rest look again once its answer is due.
      return this.#headerless || nth === 1 ? free : free + this.expectedCallMs();
    }
    if (!k) return now;
    const requestMs = k.limitRequests ? 60_000 / k.limitRequests : 0;
    const tokenMs = k.limitTokens ? (60_000 * k.callTokens) / k.limitTokens : 0;
    let requestsFullAt = Math.max(k.requestsFullAt, now - WINDOW_MS);
    let tokensFullAt = Math.max(k.tokensFullAt, now - WINDOW_MS);
    let start = Math.max(now, k.cooldownUntil);
    for (let i = 0; i < nth; i += 1) {
      start = Math.max(
        now,
        k.cooldownUntil,
        requestsFullAt + requestMs - WINDOW_MS,
        tokensFullAt + tokenMs - WINDOW_MS,
      );
      requestsFullAt = Math.max(requestsFullAt, start) + requestMs;
      tokensFullAt = Math.max(tokensFullAt, start) + tokenMs;
    }
    return start;
  }
}

class Turn implements CallTurn {
  waitedMs = 0;
  #released = false;

  constructor(
    readonly startsAt: number,
    private readonly onRelease: (turn: Turn) => void,
  ) {}

  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.onRelease(this);
  }
}

/** Resolves with `promise`, or rejects with the signal's reason when it aborts first. */
function raceSignal(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    });
  });
}
