import { afterEach, describe, expect, it } from "vitest";
import { FileError } from "../src/errors.ts";
import { never, parserFor } from "./support/openai.ts";
import { type FakeOpenAI, startFakeOpenAI } from "./support/openai-server.ts";
import { startRateLimitServer } from "./support/ratelimit-server.ts";

/** The OpenAI adapter's side of pacing, edge cases: what must not set a cooldown, what must not leave a probe open. */
describe("OpenAI parser pacing: edges", () => {
  let fake: FakeOpenAI | null = null;
  afterEach(async () => {
    await fake?.close();
    fake = null;
  });

  async function codeOf(promise: Promise<unknown>): Promise<string | null> {
    try {
      await promise;
      return null;
    } catch (error) {
      return error instanceof FileError ? error.code : String(error);
    }
  }

  it("a quota 429 sets no cooldown and is not counted as rate limited", async () => {
    fake = await startFakeOpenAI({ kind: "quota" });
    const parser = parserFor(fake);
    expect(await codeOf(parser.parse("Ada Lovelace\nEngineer", { signal: never }))).toBe("parser_quota");
    expect(parser.pace.counters()).toMatchObject({ calls: 1, rate_limited: 0 });
    const turn = parser.pace.book();
    expect(turn.startsAt).toBeLessThanOrEqual(Date.now() + 50); // no cooldown holds the next call back
    turn.release();
  });

  it("a rate-limit 429 is counted and holds the next turn back for its retry-after", async () => {
    fake = await startFakeOpenAI({ kind: "success" });
    fake.script({ kind: "rate_limit", retryAfterMs: 2_000 });
    const parser = parserFor(fake);
    const deadlineAt = Date.now() + 1_000; // the 2 s wait does not fit: released, not retried
    expect(await codeOf(parser.parse("Ada Lovelace", { signal: never, deadlineAt }))).toBe(
      "parser_rate_limited",
    );
    expect(parser.pace.counters()).toMatchObject({ calls: 1, rate_limited: 1 });
    const turn = parser.pace.book();
    expect(turn.startsAt).toBeGreaterThan(Date.now() + 1_500);
    turn.release();
  });

  it("a call that fails before it is sent does not leave the first (probing) call's turn open", async () => {
    const server = await startRateLimitServer({ rpm: 600, tpm: 1_000_000 });
    try {
      const parser = parserFor({ baseURL: server.baseURL } as FakeOpenAI);
      // No time left: the probe's turn is taken, then the timeout cannot be sized and the call never goes.
      expect(await codeOf(parser.parse("Ada Lovelace", { signal: never, deadlineAt: Date.now() - 1 }))).toBe(
        "deadline",
      );
      const result = await parser.parse("Ada Lovelace", { signal: never, deadlineAt: Date.now() + 5_000 });
      expect(result.candidate.name).toBe("Candidate 1");
      expect(server.counters.successes).toBe(1);
    } finally {
      await server.close();
    }
  });
});
