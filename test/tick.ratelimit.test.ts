import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { LocalFolderBucket } from "../src/bucket/local.ts";
import { LedgerSchedule } from "../src/pace/ledger-schedule.ts";
import { OpenAIParser } from "../src/parse/openai/index.ts";
import { readStatusReport } from "../src/status-report.ts";
import { runTick, type TickSummary } from "../src/tick.ts";
import { textResume } from "./support/folders.ts";
import { type RateLimitServer, startRateLimitServer } from "./support/ratelimit-server.ts";
import { tickOptions } from "./support/tick.ts";
import { useTickWorld } from "./support/tick-world.ts";

/**
 * Ticks against an OpenAI-compatible server that enforces RPM with a refilling bucket (test/support/ratelimit-
 * server.ts: the real x-ratelimit-* headers and 429 bodies, refused requests counted). 120 RPM is one request per
 * 500 ms; the bucket starts empty (an account someone has just used up), so every call is paced by the refill.
 */
const RPM = 120;
const BUDGET_MS = 8_000;
const FILES = 40;

describe("tick with a rate-limited provider: pacing", () => {
  const world = useTickWorld();
  let server: RateLimitServer;

  afterEach(async () => {
    await server.close();
  });

  async function start(): Promise<void> {
    server = await startRateLimitServer({ rpm: RPM, tpm: 10_000_000, latencyMs: 50, initialLevel: 0 });
    for (let i = 0; i < FILES; i += 1) await world.folder.write(`r${i}.txt`, textResume(i));
  }

  function tick(): Promise<TickSummary> {
    const parser = new OpenAIParser({
      apiKey: "sk-test-not-a-real-key",
      baseURL: server.baseURL,
      model: "paced-model",
      timeoutMs: 10_000,
      maxRetries: 0,
      maxInputChars: 24_000,
      schedule: new LedgerSchedule(world.ledger),
    });
    const bucket = new LocalFolderBucket(world.folder.dir, { name: "test-bucket" });
    return runTick(
      { ledger: world.ledger, bucket, parser },
      tickOptions({ budgetMs: BUDGET_MS, concurrency: 16 }),
    );
  }

  function refused(): number {
    return server.counters.refused.requests + server.counters.refused.tokens;
  }

  it("16 slots: a first call learns the limits, then calls go one per refill and are (almost) never refused", async () => {
    await start();
    const summary = await tick();

    // The first call (alone: the limits are unknown) may meet the empty bucket; none after it.
    expect(refused()).toBeLessThanOrEqual(1);
    expect(server.counters.successes).toBe(summary.done);
    expect(summary).toMatchObject({ failed: 0, retrying: 0, rate_limited: refused() });
    expect(summary.calls).toBe(summary.done + refused());
    expect(summary.paced_ms).toBeGreaterThan(0);
    const starts = server.log.filter((r) => r.status === 200).map((r) => r.at);
    const gaps = starts.slice(1).map((at, i) => at - (starts[i] ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThan(60_000 / RPM - 100); // never faster than the refill
  });

  it("uses the whole budget while work remains and says the rate limit stopped it", async () => {
    await start();
    const started = performance.now();
    const summary = await tick();

    // The empty bucket first refills its 5 % slack (3 s), then one call per 500 ms until the budget ends (~8).
    expect(summary.done).toBeGreaterThanOrEqual(5);
    const lastCall = Math.max(...server.log.filter((r) => r.status === 200).map((r) => r.at));
    expect(lastCall - started).toBeGreaterThan(BUDGET_MS - 2_500); // still calling near the end, not quitting early
    expect(summary.outcome).toBe("rate_limited");
    expect(summary.released).toBeLessThanOrEqual(1);
    expect(summary.ready).toBe(FILES - summary.done);
    const status = await readStatusReport(world.ledger, null);
    expect(status.last_runs[0]).toMatchObject({ outcome: "rate_limited", calls: summary.calls });
    expect(status.rate_limits[0]).toMatchObject({
      key: expect.stringContaining("/paced-model"),
      limit_requests: RPM,
    });
    // Calls per minute of the run's own time against the observed limit (the first 3 s waited for the slack).
    expect(status.rate_limits[0]?.last_runs_use?.requests_share).toBeGreaterThan(0.3);
  });

  it("two processes sharing one database pace together: no more calls than one limit allows, no storm", async () => {
    await start();
    const env = {
      ...process.env,
      DB_URL: world.db.url,
      BUCKET_DIR: world.folder.dir,
      BASE_URL: server.baseURL,
    };
    const both = await Promise.all([runChild(env), runChild(env)]);

    const done = both.reduce((sum, s) => sum + s.done, 0);
    expect(refused()).toBeLessThanOrEqual(2); // at most each process's first call, before the limits were known
    expect(server.counters.successes).toBe(done);
    expect(done).toBeGreaterThanOrEqual(7); // together about what one limit allows in the budget
    expect(done).toBeLessThanOrEqual(12);
    expect(both.every((s) => s.failed === 0 && s.retrying === 0)).toBe(true);
  });
});

function runChild(env: NodeJS.ProcessEnv): Promise<TickSummary> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/paced-tick-child.ts"], {
    env: { ...env, BUDGET_MS: String(BUDGET_MS) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code === 0) resolve(JSON.parse(line) as TickSummary);
      else reject(new Error(`paced tick child exited ${code}: ${out}`));
    });
  });
}
