import { setTimeout as sleep } from "node:timers/promises";
import { FileError } from "../../errors.ts";

/** Wait when a 429 says nothing about how long: one second. */
const DEFAULT_RETRY_AFTER_MS = 1_000;
/** Never shorter than this, so a `retry-after-ms: 0` cannot turn into a busy loop. */
const MIN_WAIT_MS = 50;

/**
 * One rate-limit window for every request an adapter instance makes (the whole pool of a tick): after a 429 no new
 * request starts until the window named by `retry-after-ms` / `retry-after` has passed.
 */
export class RateGate {
  #openAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Closes the gate until `now + ms` (a later close never shortens an earlier one). */
  closeFor(ms: number): void {
    this.#openAt = Math.max(this.#openAt, this.now() + Math.max(MIN_WAIT_MS, ms));
  }

  closedForMs(): number {
    return Math.max(0, this.#openAt - this.now());
  }

  /**
   * Resolves when the gate is open. Waits only when the wait ends before `deadlineAt`; otherwise throws
   * `parser_rate_limited` (outcome release: the file goes back with no attempt spent).
   */
  async pass(signal: AbortSignal, deadlineAt: number | undefined): Promise<void> {
    for (let wait = this.closedForMs(); wait > 0; wait = this.closedForMs()) {
      if (deadlineAt !== undefined && this.now() + wait >= deadlineAt) {
        throw new FileError(
          "parser_rate_limited",
          `Rate limited by the parser for another ${Math.ceil(wait / 1000)} s, longer than the time left in this tick`,
        );
      }
      await sleep(wait, undefined, { signal });
    }
  }
}

/** Milliseconds a 429 asks us to wait: `retry-after-ms`, else `retry-after` (seconds or an HTTP date). */
export function retryAfterMs(headers: Headers, now: () => number = Date.now): number {
  const ms = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get("retry-after");
  if (value) {
    const seconds = Number.parseFloat(value);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(value);
    if (Number.isFinite(date)) return Math.max(0, date - now());
  }
  return DEFAULT_RETRY_AFTER_MS;
}

type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * The fetch the SDK uses. On a 429 it closes the gate for everyone at once (before the SDK would sleep and retry
 * just this one request), and tells the SDK not to retry it: the adapter waits at the gate instead, where it can
 * check the wait against the tick's budget. A quota 429 closes nothing: waiting does not help.
 */
export function gatedFetch(gate: RateGate, inner: FetchLike = fetch): FetchLike {
  return async (input, init) => {
    const response = await inner(input, init);
    if (response.status !== 429) return response;
    const body = await response.text();
    if (!body.includes("insufficient_quota")) gate.closeFor(retryAfterMs(response.headers));
    const headers = new Headers(response.headers);
    headers.set("x-should-retry", "false");
    return new Response(body, { status: 429, statusText: response.statusText, headers });
  };
}
