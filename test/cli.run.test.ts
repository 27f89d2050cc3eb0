import { cp } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_OUTCOMES } from "../scripts/samples-manifest.ts";
import { runCli } from "./support/cli.ts";
import { RUN_JSON_KEYS } from "./support/contract.ts";
import { createTempFolder, type TempFolder } from "./support/folders.ts";

describe("resume-watcher CLI on the embedded default (PGlite, local folder, offline parser)", () => {
  let work: TempFolder;
  let env: Record<string, string>;

  beforeAll(async () => {
    work = await createTempFolder("rw-cli-");
    await cp(path.resolve("samples"), path.join(work.dir, "bucket"), { recursive: true });
    env = { LOCAL_BUCKET_DIR: path.join(work.dir, "bucket"), LOCAL_DB_DIR: path.join(work.dir, "db") };
  });
  afterAll(() => work.cleanup());

  it("run --json processes every sample to its expected outcome and prints the documented object", async () => {
    const result = await runCli(["run", "--json"], env);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as Record<string, unknown>;
    for (const key of RUN_JSON_KEYS) expect(summary).toHaveProperty(key);
    const done = SAMPLE_OUTCOMES.filter((o) => o.status === "done").length;
    expect(summary).toMatchObject({
      listed: SAMPLE_OUTCOMES.length,
      new: SAMPLE_OUTCOMES.length,
      done,
      skipped: 1,
      failed: 1,
      backlog: 0,
      outcome: "completed",
    });
    expect(result.stderr).toMatch(/file done path=/); // logs go to stderr with --json, never into the JSON
  });

  it("export --format json gives every file its expected status and error code", async () => {
    const result = await runCli(["export", "--format", "json"], env);
    expect(result.code, result.stderr).toBe(0);
    const rows = JSON.parse(result.stdout) as {
      path: string;
      status: string;
      error_code: string | null;
      candidate: unknown;
    }[];
    for (const expected of SAMPLE_OUTCOMES) {
      const row = rows.find((r) => r.path === expected.file);
      expect(row, expected.file).toMatchObject({ status: expected.status, error_code: expected.error_code });
      expect(row?.candidate === null).toBe(expected.status !== "done");
    }
  });

  it("a second run over the unchanged folder parses nothing", async () => {
    const result = await runCli(["run", "--json"], env);
    expect(JSON.parse(result.stdout)).toMatchObject({ new: 0, changed: 0, claimed: 0, done: 0, backlog: 0 });
  });

  it("status --json reports counts, runs and top errors", async () => {
    const result = await runCli(["status", "--json"], env);
    expect(result.code, result.stderr).toBe(0);
    const status = JSON.parse(result.stdout);
    expect(status.counts).toEqual({ pending: 0, processing: 0, done: 8, failed: 1, skipped: 1, removed: 0 });
    expect(status.paused).toBe(false);
    expect(status.last_runs).toHaveLength(2);
    expect(status.top_errors).toEqual(
      expect.arrayContaining([
        { code: "image_only_pdf", count: 1 },
        { code: "unsupported_type", count: 1 },
      ]),
    );
  });

  it("export --format csv --out writes one row per file with lists joined by '; '", async () => {
    const out = path.join(work.dir, "out.csv");
    const result = await runCli(["export", "--format", "csv", "--out", out], env);
    expect(result.code, result.stderr).toBe(0);
    const { readFile } = await import("node:fs/promises");
    const lines = (await readFile(out, "utf8")).trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^path,status,error_code,error_message,name,email,phone/);
    expect(lines).toHaveLength(SAMPLE_OUTCOMES.length + 1);
    expect(lines.some((l) => l.startsWith("scan.pdf,failed,image_only_pdf,"))).toBe(true);
    const maria = lines.find((l) =>
      l.startsWith("maria-schmidt.pdf,done,,,Maria Schmidt,maria.schmidt@example.com,"),
    );
    expect(maria).toMatch(/,"?[^,"]+; [^,"]+/); // a list column joined by "; "
  });

  it("retry re-queues failed files; pause stops claiming; resume restarts", async () => {
    const retry = await runCli(["retry"], env);
    expect(retry.stdout).toMatch(/^1 file\(s\) back in the queue/);
    expect((await runCli(["pause"], env)).code).toBe(0);
    const paused = JSON.parse((await runCli(["run", "--json"], env)).stdout);
    expect(paused).toMatchObject({ outcome: "paused", claimed: 0, backlog: 1 });
    expect((await runCli(["resume"], env)).code).toBe(0);
    const resumed = JSON.parse((await runCli(["run", "--json"], env)).stdout);
    expect(resumed).toMatchObject({ outcome: "completed", claimed: 1, failed: 1, backlog: 0 });
  });

  it("teaches with --help and exits 2 on bad usage or configuration", async () => {
    const help = await runCli(["run", "--help"], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: resume-watcher run/);
    const unknown = await runCli(["frobnicate"], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command "frobnicate"/);
    const badBudget = await runCli(["run", "--budget", "soon"], env);
    expect(badBudget.code).toBe(2);
    expect(badBudget.stderr).toMatch(/--budget must be a positive whole number/);
    const badEnv = await runCli(["status"], { ...env, WATCHER_CONCURRENCY: "lots" });
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr).toMatch(/WATCHER_CONCURRENCY/);
  });
});
