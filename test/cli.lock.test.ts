import { cp, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_OUTCOMES } from "../scripts/samples-manifest.ts";
import { runCli } from "./support/cli.ts";
import { createTempFolder, type TempFolder } from "./support/folders.ts";

const DEAD_PID = 2 ** 22 + 17; // above Linux's default pid_max: no such process

describe("two resume-watcher runs started at once on a stale embedded-database lock", () => {
  let work: TempFolder;
  let env: Record<string, string>;
  let lockPath: string;

  beforeAll(async () => {
    work = await createTempFolder("rw-cli-lock-");
    await cp(path.resolve("samples"), path.join(work.dir, "bucket"), { recursive: true });
    const dbDir = path.join(work.dir, "db");
    env = { LOCAL_BUCKET_DIR: path.join(work.dir, "bucket"), LOCAL_DB_DIR: dbDir };
    lockPath = `${dbDir}.lock`;
  });
  afterAll(() => work.cleanup());

  it("one runs, the other exits 2 saying who holds the database and how to recover; the data adds up", async () => {
    await writeFile(lockPath, String(DEAD_PID)); // left by a killed run
    const runs = await Promise.all([runCli(["run", "--json"], env), runCli(["run", "--json"], env)]);
    const context = runs.map((r) => `exit ${r.code}: ${r.stderr.slice(-600)}`).join("\n---\n");
    expect(runs.map((r) => r.code).sort(), context).toEqual([0, 2]);
    const refused = runs.find((r) => r.code === 2);
    expect(refused?.stdout).toBe("");
    expect(refused?.stderr).toMatch(/is in use by another resume-watcher process \(pid \d+\) on host /);
    expect(refused?.stderr).toContain(`If no resume-watcher is running, delete ${lockPath}`);

    const status = await runCli(["status", "--json"], env);
    const exported = await runCli(["export", "--format", "json"], env);
    expect(status.code, status.stderr).toBe(0);
    expect(exported.code, exported.stderr).toBe(0);
    const counts = JSON.parse(status.stdout).counts as Record<string, number>;
    const rows = JSON.parse(exported.stdout) as { path: string }[];
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    expect(total).toBe(rows.length);
    expect(new Set(rows.map((r) => r.path)).size).toBe(SAMPLE_OUTCOMES.length);
    expect(rows).toHaveLength(SAMPLE_OUTCOMES.length);
    expect(JSON.parse(status.stdout).last_runs).toHaveLength(1);
    await expect(stat(lockPath), "released by the run that held it").rejects.toMatchObject({
      code: "ENOENT",
    });
  });
});
