import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { candidateFixture, readBody, send } from "./openai-server.ts";

/**
 * A local OpenAI-compatible server (POST /v1/chat/completions, the chat-completions wire format of
 * test/support/openai-server.ts: a valid `{document_type: "resume", candidate}` answer) that enforces a
 * requests-per-minute and a tokens-per-minute limit the way OpenAI does:
 *
 * - Two refilling buckets (capacity = the per-minute limit, refilled continuously at limit / 60 s). A request is
 *   admitted when the requests bucket holds ≥ 1 and the tokens bucket holds its estimated tokens; both are taken
 *   at admission. The estimate is the prompt (characters of the messages / 4) plus `max_completion_tokens` /
 *   `max_tokens` when the request sets one, else `completionTokens` (the average answer).
 * - A refused request still counts ("unsuccessful requests contribute to your per-minute limit", OpenAI's rate-limit
 *   guide): it takes one request from the requests bucket, never below zero, so the refill towards the next
 *   request starts over; a storm of retries lets about one request through per window (`countRefused`, default on).
 * - Every answer (200 and 429) carries `x-ratelimit-limit-requests`, `x-ratelimit-limit-tokens`,
 *   `x-ratelimit-remaining-requests`, `x-ratelimit-remaining-tokens`, `x-ratelimit-reset-requests` and
 *   `x-ratelimit-reset-tokens` (time until the bucket is full again, in OpenAI's duration format: "120ms", "1.5s",
 *   "6m0s"). A 429 answers at once with `retry-after-ms` (integer ms), `retry-after` (whole seconds, rounded up) and
 *   OpenAI's body: `{"error": {"message": "Rate limit reached for <model> in organization <org> on requests per
 *   min (RPM): Limit 120, Used 120, Requested 1. Please try again in 500ms. Visit … to learn more.", "type":
 *   "requests" | "tokens", "param": null, "code": "rate_limit_exceeded"}}`.
 * - A success answers after `latencyMs`, with `usage` = the estimated prompt tokens and `completionTokens`.
 *
 * The clock is injectable (`now`, ms) so tests can move time by hand; latency always uses real timers.
 */
export interface RateLimitOptions {
  rpm: number;
  tpm: number;
  /** Delay before a successful answer, ms (default 0). */
  latencyMs?: number;
  /** Tokens an answer is expected to use when the request sets no max (default 250); also `usage.completion_tokens`. */
  completionTokens?: number;
  /** Refused requests take one request from the requests bucket (default true). */
  countRefused?: boolean;
  /** How full both buckets start, 0–1 (default 1): 0 is an account someone else has just used up. */
  initialLevel?: number;
  model?: string;
  now?: () => number;
}

export type LimitType = "requests" | "tokens";

export interface MinuteUsage {
  /** Minute since the server started (0 = the first). */
  minute: number;
  successes: number;
  refusedRequests: number;
  refusedTokens: number;
  /** Estimated tokens of the requests admitted that minute. */
  tokens: number;
}

export interface RateLimitCounters {
  successes: number;
  refused: { requests: number; tokens: number };
  /** Estimated tokens admitted in total. */
  tokens: number;
  perMinute: MinuteUsage[];
}

export interface RateLimitServer {
  /** baseURL for the SDK: http://127.0.0.1:<port>/v1 */
  baseURL: string;
  counters: RateLimitCounters;
  /** Requests admitted or refused, in arrival order (clock of `now`). */
  log: { at: number; status: 200 | 429; type?: LimitType; tokens: number }[];
  /** Bucket levels now (after refill). */
  levels(): { requests: number; tokens: number };
  close(): Promise<void>;
}

const ORG = "org-ratelimit-test";

export async function startRateLimitServer(options: RateLimitOptions): Promise<RateLimitServer> {
  const now = options.now ?? (() => performance.now());
  const latencyMs = options.latencyMs ?? 0;
  const completionTokens = options.completionTokens ?? 250;
  const countRefused = options.countRefused ?? true;
  const model = options.model ?? "ratelimit-model";
  const started = now();
  const requests = new Bucket(options.rpm, now, options.initialLevel);
  const tokens = new Bucket(options.tpm, now, options.initialLevel);
  const counters: RateLimitCounters = {
    successes: 0,
    refused: { requests: 0, tokens: 0 },
    tokens: 0,
    perMinute: [],
  };
  const log: RateLimitServer["log"] = [];
  const open = new Set<ServerResponse>();
  let n = 0;

  const minute = (at: number): MinuteUsage => {
    const index = Math.floor((at - started) / 60_000);
    for (let m = counters.perMinute.length; m <= index; m += 1) {
      counters.perMinute.push({ minute: m, successes: 0, refusedRequests: 0, refusedTokens: 0, tokens: 0 });
    }
    return counters.perMinute[index] as MinuteUsage;
  };

  const limitHeaders = (): Record<string, string> => ({
    "x-ratelimit-limit-requests": String(options.rpm),
    "x-ratelimit-limit-tokens": String(options.tpm),
    "x-ratelimit-remaining-requests": String(Math.max(0, Math.floor(requests.level()))),
    "x-ratelimit-remaining-tokens": String(Math.max(0, Math.floor(tokens.level()))),
    "x-ratelimit-reset-requests": openAIDuration(requests.msUntilFull()),
    "x-ratelimit-reset-tokens": openAIDuration(tokens.msUntilFull()),
  });

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
      return send(res, 404, { error: { message: `no route ${req.method} ${req.url}`, type: "not_found" } });
    }
    let body: ChatRequest;
    try {
      body = JSON.parse(raw) as ChatRequest;
    } catch {
      return send(res, 400, {
        error: {
          message: "We could not parse the JSON body",
          type: "invalid_request_error",
          param: null,
          code: null,
        },
      });
    }
    const at = now();
    const promptTokens = estimatePromptTokens(body);
    const estimate = promptTokens + (body.max_completion_tokens ?? body.max_tokens ?? completionTokens);
    const usage = minute(at);

    const type: LimitType | null =
      requests.level() < 1 ? "requests" : tokens.level() < estimate ? "tokens" : null;
    if (type !== null) {
      const bucket = type === "requests" ? requests : tokens;
      const asked = type === "requests" ? 1 : estimate;
      const used = Math.max(0, Math.ceil(bucket.limit - bucket.level()));
      if (countRefused) requests.take(1, 0);
      // Honest retry-after: counted after this refusal took its request, so a lone waiter gets through.
      const waitMs = Math.max(1, Math.ceil(Math.max(bucket.msUntil(asked), requests.msUntil(1))));
      if (type === "requests") {
        counters.refused.requests += 1;
        usage.refusedRequests += 1;
      } else {
        counters.refused.tokens += 1;
        usage.refusedTokens += 1;
      }
      log.push({ at, status: 429, type, tokens: estimate });
      const what = type === "requests" ? "requests per min (RPM)" : "tokens per min (TPM)";
      const message =
        `Rate limit reached for ${model} in organization ${ORG} on ${what}: Limit ${bucket.limit}, Used ${used}, ` +
        `Requested ${asked}. Please try again in ${openAIDuration(waitMs)}. ` +
        "Visit https://platform.openai.com/account/rate-limits to learn more.";
      return send(
        res,
        429,
        { error: { message, type, param: null, code: "rate_limit_exceeded" } },
        {
          ...limitHeaders(),
          "retry-after-ms": String(waitMs),
          "retry-after": String(Math.ceil(waitMs / 1000)),
        },
      );
    }

    requests.take(1);
    tokens.take(estimate);
    counters.successes += 1;
    counters.tokens += estimate;
    usage.successes += 1;
    usage.tokens += estimate;
    log.push({ at, status: 200, tokens: estimate });
    const headers = limitHeaders();
    n += 1;
    const reply = completion(n, model, { prompt_tokens: promptTokens, completion_tokens: completionTokens });
    if (latencyMs <= 0) return send(res, 200, reply, headers);
    open.add(res);
    res.on("close", () => open.delete(res));
    setTimeout(() => {
      if (!res.destroyed) send(res, 200, reply, headers);
    }, latencyMs);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    counters,
    log,
    levels: () => ({ requests: requests.level(), tokens: tokens.level() }),
    close: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A bucket of `limit` units refilled continuously at `limit` per minute; starts at `initial` × limit (full). */
class Bucket {
  #level: number;
  #at: number;

  constructor(
    readonly limit: number,
    private readonly now: () => number,
    initial = 1,
  ) {
    this.#level = limit * initial;
    this.#at = now();
  }

  get #perMs(): number {
    return this.limit / 60_000;
  }

  level(): number {
    const t = this.now();
    this.#level = Math.min(this.limit, this.#level + (t - this.#at) * this.#perMs);
    this.#at = t;
    return this.#level;
  }

  /** Takes `units`; the level never goes below `floor`. */
  take(units: number, floor = Number.NEGATIVE_INFINITY): void {
    this.#level = Math.max(floor, this.level() - units);
  }

  msUntil(units: number): number {
    return Math.max(0, (units - this.level()) / this.#perMs);
  }

  msUntilFull(): number {
    return this.msUntil(this.limit);
  }
}

/**
 * OpenAI's duration format (Go's time.Duration string, as seen in `x-ratelimit-reset-*` and "Please try again in
 * …"): "0s", "120ms", "1s", "1.146s", "20s", "6m0s", "1m30.5s".
 */
export function openAIDuration(ms: number): string {
  const whole = Math.max(0, Math.round(ms));
  if (whole === 0) return "0s";
  if (whole < 1_000) return `${whole}ms`;
  const trim = (seconds: number) => String(Number(seconds.toFixed(3)));
  if (whole < 60_000) return `${trim(whole / 1000)}s`;
  const minutes = Math.floor(whole / 60_000);
  return `${minutes}m${trim((whole - minutes * 60_000) / 1000)}s`;
}

interface ChatRequest {
  model?: string;
  messages?: { role: string; content: unknown }[];
  max_tokens?: number;
  max_completion_tokens?: number;
}

/** Prompt tokens as OpenAI estimates them before counting: about four characters a token. */
export function estimatePromptTokens(body: ChatRequest): number {
  let chars = 0;
  for (const m of body.messages ?? []) {
    chars += typeof m.content === "string" ? m.content.length : JSON.stringify(m.content ?? "").length;
  }
  return Math.ceil(chars / 4);
}

function completion(n: number, model: string, usage: { prompt_tokens: number; completion_tokens: number }) {
  const candidate = candidateFixture(`Candidate ${n}`);
  const content = JSON.stringify({ document_type: "resume", candidate });
  return {
    id: `chatcmpl-rl-${n}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, refusal: null },
        finish_reason: "stop",
        logprobs: null,
      },
    ],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}
