import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { handleApi, handleProcess } from "../src/http/index.ts";
import { readStatusReport } from "../src/status-report.ts";
import { textResume } from "./support/folders.ts";
import { errorOf, quiet, request, SECRET, worldEnv } from "./support/http.ts";
import { fileRow, seedPending } from "./support/ledger-fixtures.ts";
import { CountingParser, HangingParser } from "./support/parsers.ts";
import { useTickWorld } from "./support/tick-world.ts";

describe("watcher-api on real Postgres", () => {
  const world = useTickWorld();
  const bucket = () => `local:${world.folder.dir}`;
  const get = (path: string, token: string | null = SECRET) => request(path, { method: "GET", token });
  const api = async (req: Request, env = worldEnv(world)) => handleApi(req, env, quiet());
  /** r0.txt and r1.txt done by the counting parser, empty.txt failed (empty_file). */
  const processFolder = async () => {
    await world.folder.write("r0.txt", textResume(0));
    await world.folder.write("r1.txt", textResume(1));
    await world.folder.write("empty.txt", "");
    const deps = quiet({ parser: new CountingParser() });
    expect((await handleProcess(request("/api/process"), worldEnv(world), deps)).status).toBe(200);
  };
  const statusOf = async (path: string) => (await fileRow(world.ledger.client, path, bucket())).status;

  describe("GET /api/status", () => {
    it("answers the object `resume-watcher status --json` prints", async () => {
      await processFolder();
      const response = await api(get("/api/status"));
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body).toEqual(await readStatusReport(world.ledger, loadConfig(worldEnv(world)).prices));
      expect(body).toMatchObject({
        counts: { done: 2, failed: 1, pending: 0 },
        top_errors: [{ code: "empty_file", count: 1 }],
        usage_24h: { prompt_tokens: 0, completion_tokens: 0, estimated_cost_usd: 0 },
      });
    });

    it("takes ?runs=N (1..50)", async () => {
      await processFolder();
      await processFolder();
      const one = (await (await api(get("/api/status?runs=1"))).json()) as { last_runs: unknown[] };
      expect(one.last_runs).toHaveLength(1);
      expect(await errorOf(await api(get("/api/status?runs=0")))).toMatchObject({ code: "bad_request" });
    });
  });

  describe("GET /api/health (no token)", () => {
    const health = async (env = worldEnv(world)) => {
      const response = await api(get("/api/health", null), env);
      return {
        status: response.status,
        body: (await response.json()) as { ok: boolean; reason: string | null },
      };
    };
    const finishRuns = async (...outcomes: ("error" | "completed")[]) => {
      for (const outcome of outcomes) {
        const { runId } = await world.ledger.startRun({ trigger: "schedule", worker: "w", budgetMs: 1000 });
        await world.ledger.finishRun({ runId, counts: { ...zeroCounts }, outcome, error: null });
      }
    };

    it("answers 200 {ok: true, reason: null}, even without WATCHER_SECRET", async () => {
      expect(await health()).toEqual({ status: 200, body: { ok: true, reason: null } });
      expect(await health(worldEnv(world, { WATCHER_SECRET: undefined }))).toEqual({
        status: 200,
        body: { ok: true, reason: null },
      });
    });

    it("answers 503 backlog_stale when a ready file has waited longer than WATCHER_HEALTH_MAX_WAIT_S", async () => {
      await seedPending(world.ledger, ["old.pdf"], bucket());
      await world.ledger.client.query(
        "update watcher.resume_files set queued_at = now() - interval '2 hours'",
      );
      expect(await health()).toEqual({ status: 503, body: { ok: false, reason: "backlog_stale" } });
      expect((await health(worldEnv(world, { WATCHER_HEALTH_MAX_WAIT_S: "10800" }))).status).toBe(200);
      // Waiting for its retry backoff is not waiting in line: no ready file, healthy.
      await world.ledger.client.query(
        "update watcher.resume_files set next_attempt_at = now() + interval '1 hour'",
      );
      expect((await health()).status).toBe(200);
    });

    it("answers 503 runs_failing when the last three finished runs all ended in error", async () => {
      await finishRuns("completed", "error", "error");
      expect((await health()).status).toBe(200);
      await finishRuns("error");
      expect(await health()).toEqual({ status: 503, body: { ok: false, reason: "runs_failing" } });
      // A run still going has no outcome yet and does not hide the failures.
      await world.ledger.startRun({ trigger: "schedule", worker: "w", budgetMs: 1000 });
      expect((await health()).body.reason).toBe("runs_failing");
      await finishRuns("completed");
      expect((await health()).status).toBe(200);
    });

    it("counts runs closed as abandoned (killed every time) as failing", async () => {
      await finishRuns("error");
      for (let i = 0; i < 2; i += 1)
        await world.ledger.startRun({ trigger: "schedule", worker: "w", budgetMs: 1000 });
      await world.ledger.client.query(
        "update watcher.watcher_runs set outcome = 'abandoned', finished_at = now() where outcome is null",
      );
      expect(await health()).toEqual({ status: 503, body: { ok: false, reason: "runs_failing" } });
    });

    it("answers 503 with a reason only when unconfigured or the database is down", async () => {
      expect(await health({ WATCHER_SECRET: SECRET })).toEqual({
        status: 503,
        body: { ok: false, reason: "not_configured" },
      });
      const down = worldEnv(world, { DATABASE_URL: "postgres://u:pw-secret-1@127.0.0.1:1/x" });
      expect(await health(down)).toEqual({ status: 503, body: { ok: false, reason: "unavailable" } });
    });
  });

  describe("POST /api/retry, /api/reprocess", () => {
    it("retry puts failed files back in the queue: all of them, or the named ones", async () => {
      await processFolder();
      const named = await api(request("/api/retry", { body: { paths: ["r0.txt"] } }));
      expect(await named.json()).toEqual({ retried: 0 });
      expect(await statusOf("empty.txt")).toBe("failed");

      const all = await api(request("/api/retry"));
      expect(all.status).toBe(200);
      expect(await all.json()).toEqual({ retried: 1 });
      expect(await statusOf("empty.txt")).toBe("pending");
      const empty = await api(request("/api/retry", { body: { paths: [] } }));
      expect(await errorOf(empty)).toMatchObject({
        code: "bad_request",
        message: expect.stringMatching(/^paths:/),
      });
    });

    it("reprocess re-queues chosen paths, or every file parsed by another parser", async () => {
      await processFolder();
      const chosen = await api(request("/api/reprocess", { body: { paths: ["r1.txt"] } }));
      expect(await chosen.json()).toEqual({ requeued: 1 });
      expect([await statusOf("r0.txt"), await statusOf("r1.txt")]).toEqual(["done", "pending"]);

      // The counting parser made r0's result; the current parser (hanging) differs, so r0 is outdated.
      const deps = quiet({ parser: new HangingParser() });
      const outdated = await handleApi(
        request("/api/reprocess", { body: { outdated: true } }),
        worldEnv(world),
        deps,
      );
      expect(await outdated.json()).toEqual({ requeued: 1 });
      expect(await statusOf("r0.txt")).toBe("pending");
    });

    it("reprocess takes paths or outdated, not both and not neither", async () => {
      for (const body of [
        undefined,
        {},
        { paths: ["a.txt"], outdated: true },
        { outdated: false },
        { paths: [] },
      ]) {
        const response = await api(request("/api/reprocess", { body }));
        expect(response.status).toBe(400);
        expect(await errorOf(response)).toMatchObject({ code: "bad_request" });
      }
    });
  });

  describe("POST /api/pause, /api/resume", () => {
    it("pause stops runs from claiming until resume", async () => {
      await world.folder.write("r0.txt", textResume(0));
      expect(await (await api(request("/api/pause"))).json()).toEqual({ paused: true });
      expect(await world.ledger.isPaused()).toBe(true);
      const parser = new CountingParser();
      const run = await handleProcess(request("/api/process"), worldEnv(world), quiet({ parser }));
      expect(await run.json()).toMatchObject({ outcome: "paused" });
      expect(parser.calls).toBe(0);

      expect(await (await api(request("/api/resume", { body: {} }))).json()).toEqual({ paused: false });
      expect(await world.ledger.isPaused()).toBe(false);
    });

    it("take no parameters", async () => {
      const response = await api(request("/api/pause", { body: { until: "monday" } }));
      expect(await errorOf(response)).toMatchObject({ code: "bad_request", message: "until: unknown field" });
      expect(await world.ledger.isPaused()).toBe(false);
    });
  });
});

const zeroCounts = {
  listed: 0,
  new: 0,
  claimed: 0,
  done: 0,
  skipped: 0,
  failed: 0,
  released: 0,
  prompt_tokens: 0,
  completion_tokens: 0,
};
