import { describe, expect, it } from "vitest";
import { BucketConfigError } from "../src/errors.ts";
import { handleProcess } from "../src/http/index.ts";
import { openRuntime } from "../src/runtime.ts";
import type { TickSummary } from "../src/tick.ts";
import { RUN_JSON_KEYS } from "./support/contract.ts";
import { textResume } from "./support/folders.ts";
import { errorOf, logCollector, quiet, request, worldEnv } from "./support/http.ts";
import { fileRows } from "./support/ledger-fixtures.ts";
import { CountingParser } from "./support/parsers.ts";
import { useTickWorld } from "./support/tick-world.ts";

describe("POST /api/process on real Postgres and a folder", () => {
  const world = useTickWorld();
  const bucket = () => `local:${world.folder.dir}`;
  const writeResumes = async (count: number) => {
    for (let i = 0; i < count; i += 1) await world.folder.write(`r${i}.txt`, textResume(i));
  };
  const budgets = async () =>
    (
      await world.ledger.client.query<{ budget_ms: number }>("select budget_ms from watcher.watcher_runs")
    ).map((row) => row.budget_ms);

  it("queues the chosen paths first and processes them in this call, within the limit", async () => {
    await writeResumes(5);
    const parser = new CountingParser();
    const body = { paths: ["r3.txt"], limit: 1 };
    const response = await handleProcess(
      request("/api/process", { body }),
      worldEnv(world),
      quiet({ parser }),
    );

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const summary = (await response.json()) as TickSummary;
    for (const key of RUN_JSON_KEYS) expect(summary).toHaveProperty(key);
    expect(summary).toMatchObject({ listed: 5, claimed: 1, done: 1, backlog: 4, outcome: "completed" });
    expect(parser.texts).toEqual([textResume(3)]);
    const rows = await fileRows(world.ledger.client, bucket());
    expect(rows.map((row) => [row.path, row.status])).toEqual([
      ["r0.txt", "pending"],
      ["r1.txt", "pending"],
      ["r2.txt", "pending"],
      ["r3.txt", "done"],
      ["r4.txt", "pending"],
    ]);
  });

  it("runs with WATCHER_BUDGET_MS by default and caps any budget at 25 s", async () => {
    await writeResumes(1);
    const env = worldEnv(world, { WATCHER_BUDGET_MS: "7000" });
    const deps = quiet({ parser: new CountingParser() });
    expect((await handleProcess(request("/api/process"), env, deps)).status).toBe(200);
    const asked = request("/api/process", { body: { budgetMs: 600_000 } });
    expect((await handleProcess(asked, env, deps)).status).toBe(200);
    expect((await budgets()).sort()).toEqual([25_000, 7_000]);
  });

  it("dryRun validates, answers what would happen and changes nothing", async () => {
    await writeResumes(3);
    const parser = new CountingParser();
    await handleProcess(request("/api/process", { body: { limit: 1 } }), worldEnv(world), quiet({ parser }));
    const snapshot = async () => ({
      files: await world.ledger.client.query("select * from watcher.resume_files order by id"),
      runs: await world.ledger.client.query("select * from watcher.watcher_runs order by run_id"),
    });
    const before = await snapshot();

    const body = { paths: ["r2.txt", "new.txt"], dryRun: true, limit: 2 };
    const response = await handleProcess(
      request("/api/process", { body }),
      worldEnv(world),
      quiet({ parser }),
    );

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      dry_run: true,
      trigger: "http",
      budget_ms: 25_000,
      limit: 2,
      paused: false,
      backlog: 2,
      ready: 2,
      deferred: 0,
      in_flight: 0,
      would_queue: ["r2.txt", "new.txt"],
    });
    expect(await snapshot()).toEqual(before);
    expect(parser.calls).toBe(1);
  });

  it("dryRun still refuses a bad body", async () => {
    const body = { paths: ["../x"], dryRun: true };
    expect((await handleProcess(request("/api/process", { body }), worldEnv(world), quiet())).status).toBe(
      400,
    );
  });

  it("answers the paused run while the watcher is paused, parsing nothing", async () => {
    await writeResumes(2);
    await world.ledger.setPaused(true);
    const parser = new CountingParser();
    const response = await handleProcess(request("/api/process"), worldEnv(world), quiet({ parser }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ outcome: "paused", claimed: 0 });
    expect(parser.calls).toBe(0);
  });

  it("answers 503 bucket_not_found when the bucket does not exist, and records the run", async () => {
    const deps = quiet({
      openRuntime: async (config: Parameters<typeof openRuntime>[0]) => {
        const runtime = await openRuntime(config);
        const missing = new BucketConfigError(
          "bucket_not_found",
          "Bucket msmm-resumes does not exist (RESUME_BUCKET)",
        );
        const bucket = {
          name: runtime.bucket.name,
          prefix: runtime.bucket.prefix,
          list: () => Promise.reject(missing),
          download: runtime.bucket.download.bind(runtime.bucket),
        };
        return { ...runtime, bucket };
      },
    });
    const response = await handleProcess(request("/api/process"), worldEnv(world), deps);
    expect(response.status).toBe(503);
    const error = await errorOf(response);
    expect(error).toMatchObject({
      code: "bucket_not_found",
      message: expect.stringContaining("RESUME_BUCKET"),
    });
    const [run] = (await world.ledger.getStatus({ lastRuns: 1, topErrors: 0 })).last_runs;
    expect(run?.outcome).toBe("error");
  });

  it("logs the tick, one line per file and one per request — never names, e-mails or phones", async () => {
    for (const i of [7, 8, 9]) await world.folder.write(`people/p${i}.txt`, textResume(i));
    const logs = logCollector();
    const response = await handleProcess(request("/api/process"), worldEnv(world), {
      parser: new CountingParser(),
      logSink: logs.sink,
    });
    expect(response.status).toBe(200);

    expect(logs.lines[0]).toMatch(/^tick started run=[\w-]+ trigger=http budget_ms=25000 /);
    expect(logs.lines.filter((line) => line.startsWith("file done path=people/"))).toHaveLength(3);
    expect(logs.lines.at(-2)).toMatch(/^tick finished .*outcome=completed .*done=3/);
    expect(logs.lines.at(-1)).toMatch(/^http request method=POST path=\/api\/process status=200 ms=\d+$/);
    const all = logs.lines.join("\n");
    for (const i of [7, 8, 9]) {
      const [name, contact] = textResume(i).split("\n");
      const [email, phone] = (contact ?? "").split(" · ");
      for (const secret of [name, email, phone, `Company ${i}`]) expect(all).not.toContain(secret);
    }
  });
});
