import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/cli.ts";
import { createTempFolder, type TempFolder, textResume } from "./support/folders.ts";

/** Every variable named in README's configuration table: `first` = the rows' own, `all` = any mentioned there. */
async function readmeVariables(): Promise<{ first: Set<string>; all: Set<string> }> {
  const readme = await readFile("README.md", "utf8");
  const section = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("A bad value stops"));
  const rows = section.split("\n").filter((l) => l.startsWith("| `"));
  const names = (text: string) => [...text.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1] ?? "");
  return {
    first: new Set(rows.flatMap((row) => names(row.split("|")[1] ?? ""))),
    all: new Set(rows.flatMap(names)),
  };
}

describe("resume-watcher CLI edges: version, help, options, paths, JSON logs, folders", () => {
  let work: TempFolder;
  let env: Record<string, string>;

  beforeAll(async () => {
    work = await createTempFolder("rw-cli-edges-");
    for (let i = 0; i < 2; i += 1) await work.write(`bucket/r${i}.txt`, textResume(i));
    env = { LOCAL_BUCKET_DIR: path.join(work.dir, "bucket"), LOCAL_DB_DIR: path.join(work.dir, "db") };
    const first = await runCli(["run", "--json"], env);
    expect(first.code, first.stderr).toBe(0);
  });
  afterAll(() => work.cleanup());

  it("--version and -v print package.json's version", async () => {
    const { version } = JSON.parse(await readFile("package.json", "utf8")) as { version: string };
    for (const flag of ["--version", "-v"]) {
      const result = await runCli([flag], env);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe(`${version}\n`);
    }
  });

  it("help and help <command> print what --help prints; an unknown topic is bad usage", async () => {
    const help = await runCli(["help"], env);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toBe((await runCli(["--help"], env)).stdout);
    const watch = await runCli(["help", "watch"], env);
    expect(watch.code).toBe(0);
    expect(watch.stdout).toBe((await runCli(["watch", "--help"], env)).stdout);
    const unknown = await runCli(["help", "frobnicate"], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command "frobnicate"/);
  });

  it("watch --help lists every option watch takes; an option a command does not take is bad usage", async () => {
    const help = (await runCli(["watch", "--help"], env)).stdout;
    for (const option of ["--schedule", "--now", "--budget", "--concurrency"]) expect(help).toContain(option);
    const refused = await runCli(["status", "--budget", "5"], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/status does not take --budget/);
  });

  it("watch --schedule 'bad' is bad usage (exit 2) naming the flag", async () => {
    const result = await runCli(["watch", "--schedule", "bad"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--schedule "bad" is not a cron expression/);
  });

  it("retry and reprocess name the paths the ledger does not have; exit 2 when none matched", async () => {
    const retry = await runCli(["retry", "nope.pdf"], env);
    expect(retry.code).toBe(2);
    expect(retry.stderr).toMatch(/^nope\.pdf: no failed file with this path in the ledger$/m);
    const reprocess = await runCli(["reprocess", "nope.pdf", "also-nope.pdf"], env);
    expect(reprocess.code).toBe(2);
    expect(reprocess.stderr).toMatch(/^also-nope\.pdf: no done, failed or skipped file with this path/m);
    const some = await runCli(["reprocess", "r0.txt", "nope.pdf"], env);
    expect(some.code, some.stderr).toBe(0);
    expect(some.stdout).toMatch(/^1 file\(s\) back in the queue/);
    expect(some.stderr).toMatch(/^nope\.pdf: no done, failed or skipped file/m);
  });

  it("the top-level help names every variable of README's configuration table, and no other", async () => {
    const { first, all } = await readmeVariables();
    expect(first.size).toBeGreaterThan(20);
    const help = (await runCli(["--help"], env)).stdout.split("\n");
    const start = help.findIndex((l) => l.startsWith("Configuration comes from"));
    const end = help.findIndex((l, i) => i > start && l.trim() === "");
    const section = help.slice(start + 1, end).join("\n");
    const named = new Set([...section.matchAll(/\b[A-Z][A-Z0-9_]*[A-Z0-9]\b/g)].map((m) => m[0]));
    expect([...first].filter((v) => !named.has(v))).toEqual([]);
    expect([...named].filter((v) => !all.has(v))).toEqual([]);
  });

  it("with LOG_FORMAT=json every command's stdout is JSON lines only; human text goes to stderr", async () => {
    const json = { ...env, LOG_FORMAT: "json" };
    const commands = [
      ["reprocess", "r1.txt"],
      ["run"],
      ["run", "--json"],
      ["status"],
      ["status", "--json"],
      ["retry"],
      ["export"],
      ["pause"],
      ["resume"],
      ["migrate"],
      ["--version"],
      ["help"],
      ["run", "--help"],
    ];
    const outputs: Record<string, string> = {};
    for (const args of commands) {
      const result = await runCli(args, json);
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
      outputs[args.join(" ")] = result.stderr;
      for (const line of result.stdout.split("\n").filter(Boolean))
        expect(() => JSON.parse(line), `${args.join(" ")}: ${line}`).not.toThrow();
    }
    expect(outputs.run).toMatch(/^Run \S+ completed/m); // the human summary is still shown, on stderr
    expect(outputs.status).toMatch(/^Processing is active/m);
  });

  it("LOCAL_DB_DIR or LOCAL_BUCKET_DIR pointing at a file: exit 2 saying exactly that", async () => {
    await work.write("a-file", "not a folder");
    const file = path.join(work.dir, "a-file");
    const db = await runCli(["status"], { ...env, LOCAL_DB_DIR: file });
    expect(db.code).toBe(2);
    expect(db.stderr).toContain(`LOCAL_DB_DIR: ${file} is a file, not a folder`);
    const bucket = await runCli(["run"], { ...env, LOCAL_BUCKET_DIR: file });
    expect(bucket.code).toBe(2);
    expect(bucket.stderr).toContain(`LOCAL_BUCKET_DIR: ${file} is a file, not a folder`);
  });
});
