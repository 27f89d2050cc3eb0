import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/cli.ts";
import { BUCKET, createSupabaseProject, type SupabaseProject } from "./support/supabase-project.ts";

/**
 * The CLI as a user runs it against a Supabase project: nothing but SUPABASE_URL and the secret key (Storage over
 * HTTP, the ledger over PostgREST RPC), here a project of test servers on 127.0.0.1.
 */
describe("resume-watcher CLI against Supabase (SUPABASE_URL + SUPABASE_SECRET_KEY)", () => {
  let project: SupabaseProject;
  let env: Record<string, string>;

  beforeAll(async () => {
    project = await createSupabaseProject({
      files: {
        "inbox/emily-chen.md": await readFile(path.resolve("samples/emily-chen.md"), "utf8"),
        "inbox/daniel-okafor.pdf": new Uint8Array(await readFile(path.resolve("samples/daniel-okafor.pdf"))),
        "inbox/logo.png": new Uint8Array(await readFile(path.resolve("samples/logo.png"))),
      },
    });
    env = { SUPABASE_URL: project.url, SUPABASE_SECRET_KEY: project.key, RESUME_BUCKET: BUCKET };
  });
  afterAll(() => project?.close());

  it("run --json processes the bucket and prints the documented object", async () => {
    const result = await runCli(["run", "--json"], env);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      sync: "listing",
      listed: 3,
      done: 2,
      skipped: 1,
      backlog: 0,
      outcome: "completed",
      error_code: null,
    });
  });

  it("status, export and retry work over the REST API", async () => {
    const status = await runCli(["status", "--json"], env);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ counts: { done: 2, skipped: 1 }, paused: false });

    const exported = await runCli(["export", "--format", "json"], env);
    expect(exported.code, exported.stderr).toBe(0);
    const rows = JSON.parse(exported.stdout) as {
      path: string;
      status: string;
      candidate: { name: string } | null;
    }[];
    expect(rows.find((r) => r.path === "inbox/emily-chen.md")?.candidate?.name).toBe("Emily Chen");

    const requeued = await runCli(["reprocess", "inbox/emily-chen.md"], env);
    expect(requeued.code, requeued.stderr).toBe(0);
    const again = JSON.parse((await runCli(["run", "--json"], env)).stdout);
    expect(again).toMatchObject({ claimed: 1, done: 1 });
  });

  it("refuses the publishable key before doing anything (exit 2, names the variable)", async () => {
    const result = await runCli(["run"], { ...env, SUPABASE_SECRET_KEY: "sb_publishable_abc" });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/SUPABASE_SECRET_KEY: this is the publishable key/);
  });

  it("migrate asks for a direct connection instead of trying DDL over the REST API", async () => {
    const result = await runCli(["migrate"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/DATABASE_URL: migrations cannot be applied over Supabase's REST API/);
  });

  it("stops with exit 2 and bucket_not_found for a bucket that does not exist", async () => {
    const result = await runCli(["run", "--json"], { ...env, RESUME_BUCKET: "no-such-bucket" });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ outcome: "error", error_code: "bucket_not_found" });
  });

  it("says the migrations are missing when the database has none", async () => {
    await project.sql.exec("drop function public.is_paused()");
    try {
      const result = await runCli(["run"], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/has no resume-watcher function is_paused: apply the migrations/);
    } finally {
      const file = path.resolve("supabase/migrations/20261122000400_ledger_runs_status.sql");
      await project.sql.exec(await readFile(file, "utf8"));
      await project.sql.exec("select watcher.lock_down_api()");
    }
  });
});
