import { afterEach, describe, expect, it } from "vitest";
import { OpenAIParser } from "../src/parse/openai/index.ts";
import {
  openAIDuration,
  type RateLimitOptions,
  type RateLimitServer,
  startRateLimitServer,
} from "./support/ratelimit-server.ts";

/** The test server of issue 10: RPM/TPM buckets that refill, OpenAI's headers and 429 bodies, refusals count. */

let server: RateLimitServer | null = null;
let clock = 0;

afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(options: Omit<RateLimitOptions, "now">): Promise<RateLimitServer> {
  clock = 0;
  server = await startRateLimitServer({ ...options, now: () => clock });
  return server;
}

/** A request whose messages are `chars` characters long (prompt estimate = chars / 4). */
async function call(s: RateLimitServer, chars = 400, extra: Record<string, unknown> = {}) {
  const response = await fetch(`${s.baseURL}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "x".repeat(chars) }], ...extra }),
  });
  const body = (await response.json()) as {
    error?: { message: string; type: string; param: null; code: string };
    choices?: { message: { content: string } }[];
    usage?: { prompt_tokens: number; completion_tokens: number };
  };
  const h = (name: string) => response.headers.get(name);
  return { status: response.status, body, h };
}

describe("rate-limit test server", () => {
  it("formats durations the way OpenAI does", () => {
    expect(openAIDuration(0)).toBe("0s");
    expect(openAIDuration(120)).toBe("120ms");
    expect(openAIDuration(1_000)).toBe("1s");
    expect(openAIDuration(1_146)).toBe("1.146s");
    expect(openAIDuration(20_000)).toBe("20s");
    expect(openAIDuration(360_000)).toBe("6m0s");
    expect(openAIDuration(90_500)).toBe("1m30.5s");
  });

  it("sends the limit headers on a success and answers a valid resume", async () => {
    const s = await start({ rpm: 120, tpm: 60_000, completionTokens: 200 });
    const r = await call(s, 400);
    expect(r.status).toBe(200);
    expect(r.h("x-ratelimit-limit-requests")).toBe("120");
    expect(r.h("x-ratelimit-limit-tokens")).toBe("60000");
    expect(r.h("x-ratelimit-remaining-requests")).toBe("119");
    expect(r.h("x-ratelimit-remaining-tokens")).toBe(String(60_000 - 100 - 200));
    // one request of 120/min refills in 500 ms; 300 tokens of 60,000/min in 300 ms
    expect(r.h("x-ratelimit-reset-requests")).toBe("500ms");
    expect(r.h("x-ratelimit-reset-tokens")).toBe("300ms");
    expect(r.body.usage).toEqual({ prompt_tokens: 100, completion_tokens: 200, total_tokens: 300 });
    const answer = JSON.parse(r.body.choices?.[0]?.message.content ?? "{}");
    expect(answer.document_type).toBe("resume");
    expect(s.counters.successes).toBe(1);
  });

  it("refuses over RPM with OpenAI's 429 body and retry headers, then refills", async () => {
    const s = await start({ rpm: 3, tpm: 1_000_000 });
    for (let i = 0; i < 3; i += 1) expect((await call(s)).status).toBe(200);
    const refused = await call(s);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toEqual({
      message:
        "Rate limit reached for ratelimit-model in organization org-ratelimit-test on requests per min (RPM): " +
        "Limit 3, Used 3, Requested 1. Please try again in 20s. Visit https://platform.openai.com/account/rate-limits to learn more.",
      type: "requests",
      param: null,
      code: "rate_limit_exceeded",
    });
    expect(refused.h("retry-after-ms")).toBe("20000");
    expect(refused.h("retry-after")).toBe("20");
    expect(refused.h("x-ratelimit-remaining-requests")).toBe("0");
    expect(refused.h("x-ratelimit-limit-requests")).toBe("3");
    expect(refused.h("x-ratelimit-reset-requests")).toBe("1m0s");
    expect(s.counters.refused).toEqual({ requests: 1, tokens: 0 });

    // The refusal counts: half a request refilled after 10 s, a refusal takes it, so 10 s later it is refused again.
    clock += 10_000;
    expect((await call(s)).status).toBe(429);
    clock += 10_000;
    const second = await call(s);
    expect(second.status).toBe(429);
    expect(second.h("retry-after-ms")).toBe("20000"); // counted after this refusal took the half
    // A full 20 s without refusals refills one request.
    clock += 20_000;
    const again = await call(s);
    expect(again.status).toBe(200);
    expect(again.h("x-ratelimit-remaining-requests")).toBe("0");
    expect(s.counters).toMatchObject({ successes: 4, refused: { requests: 3, tokens: 0 } });
  });

  it("does not count refusals when countRefused is off", async () => {
    const s = await start({ rpm: 3, tpm: 1_000_000, countRefused: false });
    for (let i = 0; i < 3; i += 1) await call(s);
    clock += 10_000;
    expect((await call(s)).status).toBe(429);
    clock += 10_000;
    expect((await call(s)).status).toBe(200);
  });

  it("refuses over TPM with type tokens, estimating prompt + max tokens, and refills", async () => {
    const s = await start({ rpm: 1_000, tpm: 1_000, completionTokens: 100 });
    // 1,600 chars = 400 prompt tokens + 100 completion: two fit in 1,000
    expect((await call(s, 1_600)).status).toBe(200);
    expect((await call(s, 1_600)).status).toBe(200);
    const refused = await call(s, 1_600);
    expect(refused.status).toBe(429);
    expect(refused.body.error?.type).toBe("tokens");
    expect(refused.body.error?.code).toBe("rate_limit_exceeded");
    expect(refused.body.error?.message).toContain(
      "on tokens per min (TPM): Limit 1000, Used 1000, Requested 500. Please try again in 30s.",
    );
    expect(refused.h("retry-after-ms")).toBe("30000");
    expect(refused.h("x-ratelimit-remaining-tokens")).toBe("0");
    expect(refused.h("x-ratelimit-reset-tokens")).toBe("1m0s");
    // max_completion_tokens replaces the average in the estimate: 400 + 50 = 450 fits after 27 s
    clock += 27_000;
    expect((await call(s, 1_600, { max_completion_tokens: 50 })).status).toBe(200);
    expect(s.counters.refused).toEqual({ requests: 0, tokens: 1 });
    expect(s.counters.perMinute[0]).toMatchObject({ successes: 3, refusedTokens: 1, tokens: 1_450 });
  });

  it("answers the real OpenAI adapter after the latency", async () => {
    server = await startRateLimitServer({ rpm: 60, tpm: 100_000, latencyMs: 50 });
    const parser = new OpenAIParser({
      apiKey: "sk-test",
      baseURL: server.baseURL,
      model: "m",
      timeoutMs: 5_000,
      maxRetries: 0,
      maxInputChars: 24_000,
    });
    const started = performance.now();
    const result = await parser.parse("Ada Lovelace\nEngineer", { signal: new AbortController().signal });
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(result.candidate.name).toBe("Candidate 1");
    expect(result.usage?.completion_tokens).toBe(250);
    expect(server.counters.successes).toBe(1);
  });
});
