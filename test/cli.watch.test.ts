import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/cli.ts";
import { createTempFolder, type TempFolder, textResume } from "./support/folders.ts";

describe("resume-watcher watch", () => {
  let work: TempFolder;
  let env: Record<string, string>;

  beforeAll(async () => {
    work = await createTempFolder("rw-watch-");
    await work.write("bucket/a.txt", textResume(1));
    env = { LOCAL_BUCKET_DIR: path.join(work.dir, "bucket"), LOCAL_DB_DIR: path.join(work.dir, "db") };
  });
  afterAll(() => work.cleanup());

  it("ticks on its schedule, picks up a file added while watching, and stops cleanly on Ctrl-C", async () => {
    const child = spawn(
      process.execPath,
      ["bin/resume-watcher.mjs", "watch", "--schedule", "*/1 * * * * *", "--now"],
      {
        env: { PATH: process.env.PATH ?? "", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    const ticks: string[] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      if (!line.startsWith("tick finished")) continue;
      ticks.push(line);
      if (ticks.length === 1) await work.write("bucket/b.txt", textResume(2));
      if (/ done=1 /.test(line) && ticks.length > 1) break;
    }
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(ticks[0]).toMatch(/ new=1 .* done=1 /);
    expect(ticks.at(-1)).toMatch(/ new=1 .* done=1 /);

    const status = JSON.parse((await runCli(["status", "--json"], env)).stdout);
    expect(status.counts.done).toBe(2);
    expect(status.last_runs.every((r: { trigger: string }) => r.trigger === "watch")).toBe(true);
  });
});
