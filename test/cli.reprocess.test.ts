import { cp } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/cli.ts";
import { createTempFolder, type TempFolder } from "./support/folders.ts";

describe("resume-watcher reprocess and status usage (embedded default, offline parser)", () => {
  let work: TempFolder;
  let env: Record<string, string>;

  beforeAll(async () => {
    work = await createTempFolder("rw-cli-reprocess-");
    await cp(path.resolve("samples"), path.join(work.dir, "bucket"), { recursive: true });
    env = { LOCAL_BUCKET_DIR: path.join(work.dir, "bucket"), LOCAL_DB_DIR: path.join(work.dir, "db") };
    const first = await runCli(["run", "--json"], env);
    expect(first.code, first.stderr).toBe(0);
  });
  afterAll(() => work.cleanup());

  it("status --json adds usage_24h with an estimated cost; the human status prints it", async () => {
    const json = await runCli(["status", "--json"], env);
    expect(json.code, json.stderr).toBe(0);
    const status = JSON.parse(json.stdout) as Record<string, unknown>;
    for (const key of [
      "counts",
      "ready",
      "deferred",
      "oldest_pending_age_s",
      "last_runs",
      "top_errors",
      "paused",
    ])
      expect(status).toHaveProperty(key);
    expect(status.usage_24h).toEqual({ prompt_tokens: 0, completion_tokens: 0, estimated_cost_usd: 0 });
    expect((status.last_runs as Record<string, unknown>[])[0]).toMatchObject({ prompt_tokens: 0 });

    const unpriced = await runCli(["status", "--json"], { ...env, OPENAI_MODEL: "llama3.1" });
    expect(JSON.parse(unpriced.stdout).usage_24h.estimated_cost_usd).toBeNull();
    const human = await runCli(["status"], env);
    expect(human.stdout).toMatch(/Parser tokens, last 24 h: 0 prompt \+ 0 completion, ~\$0\.0000/);
  });

  it("reprocess --outdated re-queues nothing while the parser is unchanged", async () => {
    const result = await runCli(["reprocess", "--outdated"], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^0 file\(s\)/);
  });

  it("reprocess PATH re-queues that file and the next run parses it afresh (no dedupe copy)", async () => {
    const result = await runCli(["reprocess", "emily-chen.md", "scan.pdf", "nope.txt"], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^2 file\(s\) back in the queue/);

    const run = await runCli(["run", "--json"], env);
    expect(JSON.parse(run.stdout)).toMatchObject({ claimed: 2, done: 1, failed: 1, reused: 0 });
  });

  it("reprocess needs --outdated or paths, not both; --help explains it", async () => {
    expect((await runCli(["reprocess"], env)).code).toBe(2);
    expect((await runCli(["reprocess", "--outdated", "a.pdf"], env)).code).toBe(2);
    const help = await runCli(["reprocess", "--help"], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--outdated/);
  });
});
