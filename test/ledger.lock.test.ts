import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lockDataDir } from "../src/ledger/folder-lock.ts";
import { formatOwner, type LockOwner, processStart } from "../src/ledger/lock-owner.ts";
import { openLedger } from "../src/ledger/open.ts";

/** Rounds of the race and processes per round: each round ~0.5 s on 2 cores (3 Node starts, no PGlite). */
const ROUNDS = 30;
const CONTENDERS = 3;
const DEAD_PID = 2 ** 22 + 17; // above Linux's default pid_max: no such process
const SINCE = "2026-01-01T00:00:00.000Z";

let root: string;
let dataDir: string;
let lockPath: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "rw-lock-"));
  dataDir = path.join(root, "db");
  lockPath = `${dataDir}.lock`;
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe("the embedded database lock", () => {
  it("a stale lock raced by several processes at once goes to exactly one of them, round after round", async () => {
    await writeFile(lockPath, String(DEAD_PID)); // the pid-only lock earlier versions wrote
    for (let round = 0; round < ROUNDS; round += 1) {
      const results = await race();
      const context = `round ${round}: ${JSON.stringify(results)}`;
      const winners = results.filter((r) => r.report === "won");
      expect(winners, context).toHaveLength(1);
      const winner = winners[0]?.pid;
      for (const { report } of results.filter((r) => r.report !== "won")) {
        expect(report, context).toContain(`in use by another resume-watcher process (pid ${winner})`);
      }
      // The winner exited without releasing: its lock is the dead one the next round races for.
      expect((await readFile(lockPath, "utf8")).split("\n")[0], context).toBe(String(winner));
      expect(await readdir(root), "no drafts or takeover markers left behind").toEqual(["db.lock"]);
    }
  });

  it("takes over a lock whose pid is alive but belongs to another process (pid 1, another start time)", async () => {
    const started = processStart(1);
    expect(started, "this machine can tell when pid 1 started").not.toBeNull();
    await writeFile(lockPath, formatOwner(owner({ pid: 1, started: `${started}0` })));
    const release = await lockDataDir(dataDir);
    expect((await readFile(lockPath, "utf8")).split("\n")[0]).toBe(String(process.pid));
    await release();
    await expect(stat(lockPath)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("refuses a live owner, naming it and how to recover, and leaves its lock alone", async () => {
    const held = formatOwner(owner({ pid: 1, started: processStart(1) }));
    await writeFile(lockPath, held);
    await expect(lockDataDir(dataDir)).rejects.toThrow(
      `The embedded database ${dataDir} is in use by another resume-watcher process (pid 1) on host ` +
        `${hostname()}, holding it since ${SINCE}. Wait for it to finish, or set DATABASE_URL to share one ` +
        `Postgres between several processes. If no resume-watcher is running, delete ${lockPath}`,
    );
    expect(await readFile(lockPath, "utf8")).toBe(held);
    expect(await readdir(root)).toEqual(["db.lock"]);
  });

  it("refuses a lock taken on another host, whose processes cannot be checked from here", async () => {
    await writeFile(lockPath, formatOwner(owner({ pid: DEAD_PID, host: "other-host" })));
    await expect(lockDataDir(dataDir)).rejects.toThrow(
      `is locked by a resume-watcher process (pid ${DEAD_PID}) on another host, other-host, holding it since ${SINCE}`,
    );
    await expect(lockDataDir(dataDir)).rejects.toThrow(`If no resume-watcher is running, delete ${lockPath}`);
  });

  it("a damaged database folder says to move it aside, not Aborted(), and leaves no lock behind", async () => {
    const ledger = await openLedger({ dataDir, migrate: true });
    await ledger.close();
    const wal = path.join(dataDir, "pg_wal");
    for (const entry of await readdir(wal, { withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(wal, entry.name);
      await writeFile(file, Buffer.alloc((await stat(file)).size, 0xa5)); // garbage, same size
    }
    const message = await openLedger({ dataDir }).then(
      () => "opened",
      (error: Error) => error.message,
    );
    expect(message).toMatch(
      /^The embedded database folder at .* cannot be opened \(PGlite: .+\)\. Move it aside/,
    );
    expect(message).toContain(`at ${dataDir} cannot be opened`);
    expect(message).toMatch(
      /run again to start fresh: the bucket files are not lost, they will be parsed again\.$/,
    );
    await expect(stat(lockPath)).rejects.toMatchObject({ code: "ENOENT" });
  });
});

function owner(fields: Partial<LockOwner>): LockOwner {
  return { pid: 1, host: hostname(), started: null, since: SINCE, token: "made-up-token", ...fields };
}

/** Starts CONTENDERS lock-child processes, lets them go at once, and returns what each reported. */
async function race(): Promise<{ pid: number | undefined; report: string }[]> {
  const contenders = Array.from({ length: CONTENDERS }, () => contender());
  try {
    await Promise.all(contenders.map((c) => c.line())); // "ready": loaded, waiting
    for (const c of contenders) c.child.stdin.write("go\n");
    const reports = await Promise.all(contenders.map((c) => c.line()));
    return contenders.map((c, i) => ({ pid: c.child.pid, report: reports[i] ?? "" }));
  } finally {
    for (const c of contenders) c.child.stdin.end(); // each exits, a winner without releasing
    await Promise.all(contenders.map((c) => c.exited));
  }
}

function contender(): {
  child: ChildProcessWithoutNullStreams;
  line(): Promise<string>;
  exited: Promise<unknown>;
} {
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/lock-child.ts"], {
    env: { ...process.env, LOCK_DATA_DIR: dataDir },
  });
  const exited = child.exitCode === null ? once(child, "exit") : Promise.resolve();
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    child,
    exited,
    async line() {
      const next = await lines.next();
      if (next.done) throw new Error(`lock-child ended without a report: ${stderr}`);
      return next.value;
    },
  };
}
