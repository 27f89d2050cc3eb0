import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/cli.ts";
import { createTempFolder, type TempFolder, textResume } from "./support/folders.ts";
import { closedPort } from "./support/ports.ts";

describe("resume-watcher with OPENAI_BASE_URL pointing at a closed port", () => {
  let work: TempFolder;
  let env: Record<string, string>;

  beforeAll(async () => {
    work = await createTempFolder("rw-cli-outage-");
    for (let i = 0; i < 3; i += 1) await work.write(`bucket/r${i}.txt`, textResume(i));
    env = {
      LOCAL_BUCKET_DIR: path.join(work.dir, "bucket"),
      LOCAL_DB_DIR: path.join(work.dir, "db"),
      OPENAI_API_KEY: "sk-test-not-a-real-key",
      OPENAI_BASE_URL: `http://127.0.0.1:${await closedPort()}/v1`,
      OPENAI_MAX_RETRIES: "0",
    };
  });
  afterAll(() => work.cleanup());

  it("run ends error (exit 1) spending no attempt; status shows why, quoting the system's message", async () => {
    const run = await runCli(["run", "--json"], env);
    expect(run.code, run.stderr).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ outcome: "error", failed: 0, retrying: 0, backlog: 3 });
    expect(summary.error).toMatch(/parser_unreachable.*ECONNREFUSED/);

    const status = await runCli(["status"], env);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^ {6}error: parser unavailable \(parser_unreachable\): .*ECONNREFUSED/m);
    expect(status.stdout).not.toMatch(/sk-test/);
    const files = JSON.parse((await runCli(["export"], env)).stdout) as { status: string }[];
    expect(files.map((f) => f.status)).toEqual(["pending", "pending", "pending"]);
  });
});
