import type { AnswerLimits } from "../../pace/pacer.ts";

/** Wait when a 429 says nothing about how long: one second. */
const DEFAULT_RETRY_AFTER_MS = 1_000;
/** Never shorter than this, so a `retry-after-ms: 0` cannot turn into a busy loop. */
const MIN_RETRY_AFTER_MS = 50;

/**
 * What one OpenAI answer says about the account's limits: `x-ratelimit-limit-{requests,tokens}` (per minute),
 * `x-ratelimit-reset-{requests,tokens}` (time until that bucket is full again, in Go's duration format: "120ms",
 * "1.5s", "6m0s"), falling back to `x-ratelimit-remaining-*` when no reset is sent; on a 429 the wait it asks for.
 * Servers that send none of these (Ollama, most local servers) give nulls: the pacer then paces by 429s alone.
 */
export function answerLimits(
  headers: Headers | undefined,
  options: { status: number; completionTokens: number | null; now?: () => number },
): AnswerLimits {
  const limits = {
    requests: headerInt(headers, "limit-requests"),
    tokens: headerInt(headers, "limit-tokens"),
  };
  const resetMs = {
    requests: resetOf(headers, "requests", limits.requests),
    tokens: resetOf(headers, "tokens", limits.tokens),
  };
  const retryAfter =
    options.status === 429 && headers
      ? Math.max(MIN_RETRY_AFTER_MS, retryAfterMs(headers, options.now))
      : null;
  const ok = options.status >= 200 && options.status < 300;
  return { ok, limits, resetMs, retryAfterMs: retryAfter, completionTokens: options.completionTokens };
}

function headerInt(headers: Headers | undefined, name: string): number | null {
  const value = Number.parseInt(headers?.get(`x-ratelimit-${name}`) ?? "", 10);
  return Number.isFinite(value) && value > 0 ? value : null;
}

function resetOf(
  headers: Headers | undefined,
  kind: "requests" | "tokens",
  limit: number | null,
): number | null {
  const reset = goDurationMs(headers?.get(`x-ratelimit-reset-${kind}`) ?? "");
  if (reset !== null) return reset;
  const remaining = Number.parseInt(headers?.get(`x-ratelimit-remaining-${kind}`) ?? "", 10);
  if (limit === null || !Number.isFinite(remaining)) return null;
  return (Math.max(0, limit - remaining) * 60_000) / limit;
}

/** Go's time.Duration string ("1h2m3.5s", "120ms", "0s", "1.5µs") in ms; null when it is not one. */
export function goDurationMs(text: string): number | null {
  const value = text.trim();
  if (!/^(\d+(\.\d+)?(h|m|s|ms|us|µs|ns))+$/.test(value)) return null;
  const unitMs: Record<string, number> = {
    h: 3_600_000,
    m: 60_000,
    s: 1_000,
    ms: 1,
    us: 1e-3,
    µs: 1e-3,
    ns: 1e-6,
  };
  let total = 0;
  for (const [, amount, , unit] of value.matchAll(/(\d+(\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) {
    total += Number.parseFloat(amount ?? "0") * (unitMs[unit ?? "s"] ?? 0);
  }
  return total;
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
 * The fetch the SDK uses: a 429 is marked not to be retried by the SDK (which would sleep and resend just this
 * request, outside the schedule); the adapter reports it to the pacer and takes a new turn instead.
 */
export function noRetryOnRateLimit(inner: FetchLike = fetch): FetchLike {
  return async (input, init) => {
    const response = await inner(input, init);
    if (response.status !== 429) return response;
    const headers = new Headers(response.headers);
    headers.set("x-should-retry", "false");
    return new Response(response.body, { status: 429, statusText: response.statusText, headers });
  };
}
