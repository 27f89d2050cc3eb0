import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalFolderBucket } from "../src/bucket/local.ts";
import { createLogger } from "../src/log.ts";
import { runTick as tick } from "../src/tick.ts";
import { textResume } from "./support/folders.ts";
import { parserFor } from "./support/openai.ts";
import { type FakeOpenAI, startFakeOpenAI } from "./support/openai-server.ts";
import { fileRows } from "./support/openai-tick.ts";
import { tickOptions } from "./support/tick.ts";
import { useTickWorld } from "./support/tick-world.ts";

describe("tick with the OpenAI parser: quota, rejected key, rate limits", () => {
  const world = useTickWorld();
  let fake: FakeOpenAI;

  beforeEach(async () => {
    fake = await startFakeOpenAI();
    for (let i = 0; i < 8; i += 1) await world.folder.write(`r${i}.txt`, textResume(i));
  });
  afterEach(async () => {
    await fake.close();
  });

  it.each([
    ["quota", { kind: "quota" } as const, "parser_quota"],
    ["401", { kind: "unauthorized" } as const, "parser_auth"],
  ])(
    "%s: stops claiming, spends no attempt on any file, records the reason on the run",
    async (_, reply, code) => {
      fake.fallback = reply;
      const lines: string[] = [];
      const summary = await runTick(createLogger({ sink: (_level, line) => lines.push(line) }));

      expect(summary.claimed).toBeLessThanOrEqual(2); // only what the two slots had in flight
      expect(summary).toMatchObject({ released: summary.claimed, failed: 0, retrying: 0, outcome: "error" });
      expect(summary.error).toContain(code);
      expect(summary.error).not.toMatch(/sk-/);
      expect(fake.requests.length).toBe(summary.claimed);
      const rows = await fileRows(world.ledger);
      expect(rows.every((r) => r.status === "pending" && r.attempts === 0 && !r.deferred)).toBe(true);
      const status = await world.ledger.getStatus({ lastRuns: 1, topErrors: 5 });
      expect(status.last_runs[0]).toMatchObject({ outcome: "error" });
      expect(status.last_runs[0]?.error).toContain(code);
      expect(lines.filter((l) => l.includes("parser unavailable; no more files"))).toHaveLength(1);
    },
  );

  it("a 429's retry-after-ms holds back the whole pool: no request starts inside the window", async () => {
    const windowMs = 800;
    fake.script({ kind: "rate_limit", retryAfterMs: windowMs });
    const summary = await runTick();

    expect(summary).toMatchObject({ done: 8, failed: 0, released: 0, retrying: 0 });
    const limited = fake.requests[0];
    const closedAt = limited?.repliedAt ?? 0;
    const inside = fake.requests.filter((r) => r.at > closedAt && r.at < closedAt + windowMs - 20);
    expect(inside).toEqual([]);
    expect(fake.requests.filter((r) => r.at >= closedAt + windowMs - 20)).not.toHaveLength(0);
    expect((await fileRows(world.ledger)).every((r) => r.status === "done" && r.attempts === 1)).toBe(true);
  });

  it("honours retry-after in seconds the same way", async () => {
    fake.script({ kind: "rate_limit", retryAfterS: 1 });
    const summary = await runTick();
    expect(summary.done).toBe(8);
    const closedAt = fake.requests[0]?.repliedAt ?? 0;
    expect(fake.requests.filter((r) => r.at > closedAt && r.at < closedAt + 980)).toEqual([]);
  });

  it("a window longer than the budget left: files released with no attempt spent, no request in the window, outcome rate_limited", async () => {
    fake.script({ kind: "rate_limit", retryAfterS: 30 });
    const started = performance.now();
    const summary = await runTick(undefined, 3_000);

    expect(performance.now() - started).toBeLessThan(3_000);
    expect(summary).toMatchObject({ done: 0, failed: 0, retrying: 0, outcome: "rate_limited" });
    expect(summary.released).toBe(summary.claimed);
    const rows = await fileRows(world.ledger);
    expect(rows.every((r) => r.status === "pending" && r.attempts === 0)).toBe(true);
    // Only requests already in flight when the 429 came back; nothing started after it.
    const closedAt = fake.requests[0]?.repliedAt ?? 0;
    expect(fake.requests.filter((r) => r.at > closedAt)).toEqual([]);
  });

  function runTick(log?: ReturnType<typeof createLogger>, budgetMs = 10_000) {
    const bucket = new LocalFolderBucket(world.folder.dir, { name: "test-bucket" });
    return tick(
      { ledger: world.ledger, bucket, parser: parserFor(fake), ...(log ? { log } : {}) },
      tickOptions({ concurrency: 2, initialEstimateMs: 10, budgetMs }),
    );
  }
});
