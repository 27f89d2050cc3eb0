import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { backgroundRunsNeeded, fanOut } from "../src/http/fan-out.ts";
import { handleBackground, handleScheduled } from "../src/http/index.ts";
import { createLogger } from "../src/log.ts";
import type { TickSummary } from "../src/tick.ts";
import { textResume } from "./support/folders.ts";
import { logCollector, quiet, request, SECRET, SITE, worldEnv } from "./support/http.ts";
import { fileRows } from "./support/ledger-fixtures.ts";
import { CountingParser, HangingParser } from "./support/parsers.ts";
import { useTickWorld } from "./support/tick-world.ts";

const SCHEDULED = "/.netlify/functions/scheduled-bucket-watcher";
const BACKGROUND_URL = `${SITE}/.netlify/functions/process-resumes-background`;

/** A fetch that records each call and answers 202, as Netlify does for a background function. */
function recordingFetch() {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string | URL | Request, init: RequestInit = {}) => {
    calls.push({ url: String(url), init });
    return new Response(null, { status: 202 });
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

describe("scheduled-bucket-watcher", () => {
  const world = useTickWorld();
  const bucket = () => `local:${world.folder.dir}`;
  const writeResumes = async (count: number) => {
    for (let i = 0; i < count; i += 1)
      await world.folder.write(`r${String(i).padStart(3, "0")}.txt`, textResume(i));
  };

  it("runs a tick whatever its body: Netlify's {next_run}, none, empty or not JSON", async () => {
    await writeResumes(1);
    const bodies = [
      JSON.stringify({ next_run: "2026-12-01T10:05:00.000Z" }),
      undefined,
      "",
      "not json",
      "[1]",
    ];
    const logs = logCollector();
    for (const body of bodies) {
      const req = request(SCHEDULED, { token: null, ...(body === undefined ? {} : { body }) });
      const response = await handleScheduled(req, worldEnv(world), {
        parser: new CountingParser(),
        logSink: logs.sink,
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ outcome: "completed", background_runs: 0 });
    }
    expect(logs.lines).toContain("scheduled tick next_run=2026-12-01T10:05:00.000Z");
    const ticks = logs.lines.filter((line) => line.startsWith("tick started run="));
    expect(ticks).toHaveLength(bodies.length);
    for (const line of ticks) expect(line).toContain(" trigger=schedule budget_ms=25000 ");
  });

  it("with a parser that never answers, returns inside its budget: files released, nothing failed", async () => {
    await writeResumes(3);
    const parser = new HangingParser();
    const logs = logCollector();
    const started = performance.now();
    const response = await handleScheduled(
      request(SCHEDULED, { token: null }),
      worldEnv(world, { WATCHER_BUDGET_MS: "1500" }),
      { parser, logSink: logs.sink },
    );
    const elapsed = performance.now() - started;

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ outcome: "deadline", released: 3, failed: 0, backlog: 3 });
    expect(elapsed).toBeLessThan(1500 + 1500);
    expect(parser.calls).toBe(3);
    const rows = await fileRows(world.ledger.client, bucket());
    expect(rows.map((row) => [row.status, row.attempts, row.lease_token])).toEqual(
      Array(3).fill(["pending", 0, null]),
    );
    // Backlog left, but no site URL: fan-out says why it is off, once.
    expect(logs.lines.filter((line) => line.startsWith("fan-out off"))).toEqual([
      'fan-out off reason="URL is unset (Netlify sets it on a deployed site)" backlog=3',
    ]);
  });

  it("starts WATCHER_MAX_WORKERS authenticated background runs for a backlog it could not finish", async () => {
    await writeResumes(40);
    const { calls, fetch } = recordingFetch();
    const env = worldEnv(world, {
      URL: `${SITE}/`,
      WATCHER_BUDGET_MS: "1000",
      WATCHER_CONCURRENCY: "1",
      WATCHER_MAX_WORKERS: "3",
      // One background run of 1 s does what this tick did: the ~30 files left need more than 3 of them.
      WATCHER_BACKGROUND_BUDGET_MS: "1000",
    });
    const response = await handleScheduled(
      request(SCHEDULED, { token: null }),
      env,
      quiet({ parser: new CountingParser(100), fetch }),
    );

    const summary = (await response.json()) as TickSummary & { background_runs: number };
    expect(summary).toMatchObject({ outcome: "deadline", background_runs: 3 });
    expect(summary.backlog).toBeGreaterThan(20);
    expect(calls).toHaveLength(3);
    for (const call of calls) {
      expect(call.url).toBe(BACKGROUND_URL);
      expect(call.init.method).toBe("POST");
      expect(new Headers(call.init.headers).get("authorization")).toBe(`Bearer ${SECRET}`);
    }
  });

  it("starts no background run when the tick finished the backlog", async () => {
    await writeResumes(2);
    const { calls, fetch } = recordingFetch();
    const env = worldEnv(world, { URL: SITE });
    const response = await handleScheduled(
      request(SCHEDULED, { token: null }),
      env,
      quiet({ parser: new CountingParser(), fetch }),
    );
    expect(await response.json()).toMatchObject({ outcome: "completed", background_runs: 0 });
    expect(calls).toHaveLength(0);
  });
});

describe("fan-out: how many background runs", () => {
  const world = useTickWorld("all");
  const deadline = (backlog: number, done: number, duration_ms: number) =>
    ({ outcome: "deadline", backlog, done, skipped: 0, failed: 0, retrying: 0, duration_ms }) as TickSummary;

  it("divides the backlog by what one run can do at the throughput the tick measured", () => {
    // 10 files in 25 s -> 336 files in a 14-minute run.
    expect(backgroundRunsNeeded(deadline(300, 10, 25_000), 14 * 60_000)).toBe(1);
    expect(backgroundRunsNeeded(deadline(700, 10, 25_000), 14 * 60_000)).toBe(3);
    // Nothing finished, nothing measured: one run per file, i.e. as many as allowed.
    expect(backgroundRunsNeeded(deadline(5, 0, 25_000), 14 * 60_000)).toBe(5);
  });

  it("posts only what the backlog needs, counting background runs still going, never over the maximum", async () => {
    const config = loadConfig(worldEnv(world, { URL: SITE, WATCHER_MAX_WORKERS: "4" }));
    const post = async (summary: TickSummary) => {
      const { calls, fetch } = recordingFetch();
      const started = await fanOut(config, world.ledger, summary, { fetch, log: silent });
      expect(calls).toHaveLength(started);
      return started;
    };
    expect(await post(deadline(300, 10, 25_000))).toBe(1);
    expect(await post(deadline(100_000, 10, 25_000))).toBe(4);
    expect(await post({ ...deadline(100_000, 10, 25_000), outcome: "completed" })).toBe(0);
    await world.ledger.startRun({ trigger: "background", worker: "w", budgetMs: 14 * 60_000 });
    expect(await post(deadline(100_000, 10, 25_000))).toBe(3);
  });

  it("is off without a valid secret", async () => {
    const config = loadConfig(worldEnv(world, { URL: SITE, WATCHER_SECRET: "too-short" }));
    const { calls, fetch } = recordingFetch();
    const logs = logCollector();
    await fanOut(config, world.ledger, deadline(50, 1, 1000), {
      fetch,
      log: createLogger({ sink: logs.sink }),
    });
    expect(calls).toHaveLength(0);
    expect(logs.lines).toEqual([expect.stringMatching(/^fan-out off reason=.*WATCHER_SECRET/)]);
  });
});

describe("process-resumes-background", () => {
  const world = useTickWorld();
  const FILES = 100;
  const RUNS = 4;

  it(`${RUNS} background runs at once over one backlog parse every file exactly once`, async () => {
    for (let i = 0; i < FILES; i += 1)
      await world.folder.write(`batch/${String(i).padStart(3, "0")}.txt`, textResume(i));
    const parser = new CountingParser(2);
    const responses = await Promise.all(
      Array.from({ length: RUNS }, () =>
        handleBackground(
          request("/.netlify/functions/process-resumes-background"),
          worldEnv(world),
          quiet({ parser }),
        ),
      ),
    );

    const summaries = (await Promise.all(responses.map((r) => r.json()))) as TickSummary[];
    expect(responses.map((r) => r.status)).toEqual(Array(RUNS).fill(200));
    expect(parser.calls).toBe(FILES);
    expect(new Set(parser.texts).size).toBe(FILES);
    expect(summaries.reduce((n, s) => n + s.done, 0)).toBe(FILES);
    expect(summaries.filter((s) => s.done > 0).length).toBeGreaterThan(1);
    const status = await world.ledger.getStatus({ lastRuns: RUNS, topErrors: 0 });
    expect(status.counts).toMatchObject({ done: FILES, pending: 0, processing: 0, failed: 0 });
    expect(status.last_runs.map((run) => [run.trigger, run.budget_ms])).toEqual(
      Array(RUNS).fill(["background", 840_000]),
    );
  });

  it("answers (never throws) on expected failures, so Netlify's retries do not repeat them", async () => {
    const env = worldEnv(world, { DATABASE_URL: "postgres://u:p@127.0.0.1:1/x" });
    const down = await handleBackground(
      request("/.netlify/functions/process-resumes-background"),
      env,
      quiet(),
    );
    expect(down.status).toBe(503);
    const unauthorized = request("/.netlify/functions/process-resumes-background", { token: "nope" });
    expect((await handleBackground(unauthorized, worldEnv(world), quiet())).status).toBe(401);
  });
});

const silent = { info() {}, warn() {}, error() {} };
