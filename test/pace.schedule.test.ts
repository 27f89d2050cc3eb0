import { beforeEach, describe, expect, it } from "vitest";
import { LedgerSchedule } from "../src/pace/ledger-schedule.ts";
import { MemorySchedule } from "../src/pace/memory-schedule.ts";
import type { LimitObservation, RateSchedule } from "../src/pace/port.ts";
import { forEachBackend } from "./support/db.ts";

/**
 * The shared schedule (supabase/migrations/20261201000300_rate_limits.sql) and its in-memory twin
 * (src/pace/memory-schedule.ts) answer the same cases. Both read a real clock, so waits are compared with a
 * margin of a few hundred ms (the time the calls themselves take), never against wall-clock limits.
 */
const KEY = "api.test/model";
/** Slack for the clock moving between calls, ms. */
const SLACK = 400;

function observation(overrides: Partial<LimitObservation> = {}): LimitObservation {
  return {
    limits: { requests: 6, tokens: 1_000_000 },
    resetMs: { requests: 0, tokens: 0 },
    sentMsAgo: 0,
    expect: null,
    retryAfterMs: null,
    completionTokens: null,
    ok: true,
    ...overrides,
  };
}

function scheduleCases(schedule: () => RateSchedule): void {
  it("paces nothing while the limits are unknown", async () => {
    const waits = [];
    for (let i = 0; i < 20; i += 1) waits.push((await schedule().reserve(KEY, 500)).waitMs);
    expect(waits.every((w) => w === 0)).toBe(true);
  });

  it("admits a burst up to the window, then one call per refill interval, first come first served", async () => {
    const s = schedule();
    await s.observe(KEY, observation()); // 6 RPM: one request per 10 s; window 57 s
    const waits = [];
    for (let i = 0; i < 8; i += 1) waits.push((await s.reserve(KEY, 10)).waitMs);
    // 5 fit in the window (full again at +50 s), the 6th starts when +60 s - 57 s = +3 s, then every 10 s.
    expect(waits.slice(0, 5).every((w) => w <= SLACK)).toBe(true);
    expect(waits[5]).toBeGreaterThan(3_000 - SLACK);
    expect(waits[5]).toBeLessThan(3_000 + SLACK);
    expect((waits[6] ?? 0) - (waits[5] ?? 0)).toBeGreaterThan(10_000 - SLACK);
    expect((waits[7] ?? 0) - (waits[6] ?? 0)).toBeLessThan(10_000 + SLACK);
  });

  it("reserves nothing when the turn is later than the caller can use", async () => {
    const s = schedule();
    await s.observe(KEY, observation({ resetMs: { requests: 60_000, tokens: 0 } })); // empty bucket
    const refused = await s.reserve(KEY, 10, 1_000);
    expect(refused.reserved).toBe(false);
    expect(refused.waitMs).toBeGreaterThan(13_000 - SLACK);
    const taken = await s.reserve(KEY, 10);
    expect(taken.reserved).toBe(true);
    expect(Math.abs(taken.waitMs - refused.waitMs)).toBeLessThan(SLACK); // the refusal moved nothing
    expect((await s.reserve(KEY, 10, -1)).reserved).toBe(false); // a read
  });

  it("spaces calls by their tokens when the token limit binds", async () => {
    const s = schedule();
    await s.observe(KEY, observation({ limits: { requests: 10_000, tokens: 60_000 }, completionTokens: 0 }));
    await s.observe(
      KEY,
      observation({ limits: { requests: 10_000, tokens: 60_000 }, resetMs: { requests: 0, tokens: 60_000 } }),
    );
    const first = await s.reserve(KEY, 1_000); // 1 ms a token: 1 s a call; bucket empty
    const second = await s.reserve(KEY, 1_000);
    expect(first.waitMs).toBeGreaterThan(4_000 - SLACK); // 60 s - 57 s window + 1 s
    expect(second.waitMs - first.waitMs).toBeGreaterThan(1_000 - SLACK);
    expect(second.waitMs - first.waitMs).toBeLessThan(1_000 + SLACK);
  });

  it("corrects itself by what an answer says: the provider's bucket fuller than expected moves turns earlier", async () => {
    const s = schedule();
    await s.observe(KEY, observation({ resetMs: { requests: 60_000, tokens: 0 } }));
    // Empty: full at +60 s; this call starts at +60 + 10 - 57 = +13 s and leaves it full at +70 s.
    const r = await s.reserve(KEY, 10);
    expect(r.waitMs).toBeGreaterThan(13_000 - SLACK);
    // The provider says: full again 20 s after that call's admission, at +33 s (someone's usage expired sooner).
    const resetMs = { requests: r.waitMs + 20_000, tokens: 0 };
    await s.observe(KEY, observation({ resetMs, expect: r.expect }));
    const next = await s.reserve(KEY, 10);
    expect(next.waitMs).toBeLessThan(SLACK); // +33 + 10 - 57 < 0: room now
  });

  it("a 429's retry-after is a cooldown for every caller", async () => {
    const s = schedule();
    await s.observe(
      KEY,
      observation({ limits: { requests: null, tokens: null }, retryAfterMs: 3_000, ok: false }),
    );
    const r = await s.reserve(KEY, 10);
    expect(r.waitMs).toBeGreaterThan(3_000 - SLACK);
    expect(r.cooldownMs).toBeGreaterThan(3_000 - SLACK);
  });

  it("remembers a provider that sends no limit headers, until a success carries them", async () => {
    const s = schedule();
    expect((await s.reserve(KEY, 10, -1)).headerless).toBe(false);
    const none = { limits: { requests: null, tokens: null } };
    await s.observe(KEY, observation({ ...none, ok: false, retryAfterMs: 100 })); // a 429 says nothing about it
    expect((await s.reserve(KEY, 10, -1)).headerless).toBe(false);
    await s.observe(KEY, observation(none));
    expect((await s.reserve(KEY, 10, -1)).headerless).toBe(true);
    await s.observe(KEY, observation());
    expect((await s.reserve(KEY, 10, -1)).headerless).toBe(false);
  });

  it("reserves the average answer on top of the prompt, learnt from the answers", async () => {
    const s = schedule();
    expect((await s.reserve(KEY, 100)).completionTokens).toBe(600);
    await s.observe(KEY, observation({ completionTokens: 250 }));
    expect((await s.reserve(KEY, 100)).completionTokens).toBe(250);
    await s.observe(KEY, observation({ completionTokens: 1_250 }));
    expect((await s.reserve(KEY, 100)).completionTokens).toBe(350);
  });
}

describe("pacing schedule [memory]", () => {
  let schedule = new MemorySchedule();
  beforeEach(() => {
    schedule = new MemorySchedule();
  });
  scheduleCases(() => schedule);
});

forEachBackend("pacing schedule", (ctx) => {
  scheduleCases(() => new LedgerSchedule(ctx.ledger));

  it("keeps one row per key, written only when an answer changes something", async () => {
    const s = new LedgerSchedule(ctx.ledger);
    await s.observe(KEY, observation({ completionTokens: 250 }));
    const [before] = await ctx.sql.query<{ updated_at: string }>(
      "select updated_at::text from watcher.rate_limits where key = $1",
      [KEY],
    );
    const unchanged = await ctx.ledger.observeRateLimit({
      key: KEY,
      observation: observation({ completionTokens: 251 }),
    });
    expect(unchanged.changed).toBe(false);
    const rows = await ctx.sql.query<{ updated_at: string; n: number }>(
      "select updated_at::text, (select count(*)::int from watcher.rate_limits) as n from watcher.rate_limits where key = $1",
      [KEY],
    );
    expect(rows[0]).toEqual({ updated_at: before?.updated_at, n: 1 });
    const status = await ctx.ledger.getStatus({ lastRuns: 1, topErrors: 1 });
    expect(status.rate_limits).toEqual([
      expect.objectContaining({ key: KEY, limit_requests: 6, limit_tokens: 1_000_000, refused_total: 0 }),
    ]);
  });
});
