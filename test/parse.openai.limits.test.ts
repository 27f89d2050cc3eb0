import { describe, expect, it } from "vitest";
import { answerLimits, goDurationMs, retryAfterMs } from "../src/parse/openai/limits.ts";
import { openAIDuration } from "./support/ratelimit-server.ts";

describe("OpenAI rate-limit headers", () => {
  it("reads Go durations as OpenAI writes them", () => {
    expect(goDurationMs("0s")).toBe(0);
    expect(goDurationMs("120ms")).toBe(120);
    expect(goDurationMs("1.5s")).toBe(1_500);
    expect(goDurationMs("6m0s")).toBe(360_000);
    expect(goDurationMs("1m30.5s")).toBe(90_500);
    expect(goDurationMs("1h2m")).toBe(3_720_000);
    for (const ms of [0, 7, 999, 1_000, 1_146, 59_999, 61_500, 360_000]) {
      expect(goDurationMs(openAIDuration(ms))).toBe(ms);
    }
    expect(goDurationMs("soon")).toBeNull();
    expect(goDurationMs("")).toBeNull();
  });

  it("takes limits and time-to-full from the headers, and a 429's wait", () => {
    const headers = new Headers({
      "x-ratelimit-limit-requests": "500",
      "x-ratelimit-limit-tokens": "200000",
      "x-ratelimit-remaining-requests": "499",
      "x-ratelimit-remaining-tokens": "199000",
      "x-ratelimit-reset-requests": "120ms",
      "x-ratelimit-reset-tokens": "300ms",
      "retry-after-ms": "750",
    });
    expect(answerLimits(headers, { status: 200, completionTokens: 321 })).toEqual({
      ok: true,
      limits: { requests: 500, tokens: 200_000 },
      resetMs: { requests: 120, tokens: 300 },
      retryAfterMs: null,
      completionTokens: 321,
    });
    expect(answerLimits(headers, { status: 429, completionTokens: null }).retryAfterMs).toBe(750);
  });

  it("falls back to remaining when no reset is sent, and to nulls when the server says nothing", () => {
    const remaining = new Headers({
      "x-ratelimit-limit-requests": "60",
      "x-ratelimit-remaining-requests": "30",
    });
    expect(answerLimits(remaining, { status: 200, completionTokens: null })).toMatchObject({
      limits: { requests: 60, tokens: null },
      resetMs: { requests: 30_000, tokens: null },
    });
    expect(answerLimits(new Headers(), { status: 200, completionTokens: null })).toEqual({
      ok: true,
      limits: { requests: null, tokens: null },
      resetMs: { requests: null, tokens: null },
      retryAfterMs: null,
      completionTokens: null,
    });
  });

  it("reads retry-after in ms, seconds or as a date; 1 s when absent; never below 50 ms on a 429", () => {
    const now = () => Date.parse("2026-12-01T12:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after-ms": "250" }), now)).toBe(250);
    expect(retryAfterMs(new Headers({ "retry-after": "2" }), now)).toBe(2_000);
    expect(retryAfterMs(new Headers({ "retry-after": "Tue, 01 Dec 2026 12:00:03 GMT" }), now)).toBe(3_000);
    expect(retryAfterMs(new Headers(), now)).toBe(1_000);
    const zero = new Headers({ "retry-after-ms": "0" });
    expect(answerLimits(zero, { status: 429, completionTokens: null }).retryAfterMs).toBe(50);
  });
});
