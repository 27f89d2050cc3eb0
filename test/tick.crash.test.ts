import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import type { Ledger, LedgerStatus } from "../src/ledger/port.ts";
import { textResume } from "./support/folders.ts";
import { CountingParser } from "./support/parsers.ts";
import { tickFolder } from "./support/tick.ts";
import { useTickWorld } from "./support/tick-world.ts";

const FILES = 40;
/** The child parses this many files, then stalls on the next two (concurrency 2) until it is killed. */
const ANSWERED = 5;

describe("crash recovery", () => {
  const world = useTickWorld("all");

  beforeAll(async () => {
    for (let i = 0; i < FILES; i += 1)
      await world.folder.write(`c${String(i).padStart(2, "0")}.txt`, textResume(i));
  });

  it("a tick killed with SIGKILL loses nothing: after its leases expire a new tick finishes every file", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/support/tick-child.ts"], {
      env: { ...process.env, DB_URL: world.db.url, BUCKET_DIR: world.folder.dir, ANSWERED: String(ANSWERED) },
      stdio: ["ignore", "inherit", "inherit"],
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    // Strike once the child holds two leases it will never complete.
    const held = await waitForStatus(
      world.ledger,
      (s) => s.counts.done === ANSWERED && s.counts.processing === 2,
    );
    child.kill("SIGKILL");
    await exited;
    expect(held.counts).toMatchObject({ done: ANSWERED, processing: 2, pending: FILES - ANSWERED - 2 });

    // Before the leases expire, nobody may take those files.
    const early = await world.ledger.releaseExpiredLeases({ maxAttempts: 3 });
    expect(early.released).toBe(0);
    // Instead of waiting out the lease, sweep as if the clock had moved past it.
    const swept = await world.ledger.releaseExpiredLeases({
      maxAttempts: 3,
      asOf: new Date(Date.now() + 10 * 60_000),
    });
    expect(swept).toEqual({ released: 2, failed: 0 });

    const parser = new CountingParser();
    const summary = await tickFolder(world.ledger, world.folder.dir, parser);
    const after = await world.ledger.getStatus({ lastRuns: 5, topErrors: 5 });
    expect(after.counts).toMatchObject({ done: FILES, pending: 0, processing: 0, failed: 0 });
    expect(summary.done).toBe(FILES - ANSWERED);
    expect(parser.calls).toBe(FILES - ANSWERED); // finished files are not parsed again
    const rows = await world.ledger.exportFiles({ bucket: "test-bucket" });
    expect(rows.filter((r) => r.status === "done")).toHaveLength(FILES);
  });
});

/** Polls the ledger (every 50 ms, up to 30 s) until `ready` holds; returns that status. */
async function waitForStatus(ledger: Ledger, ready: (s: LedgerStatus) => boolean): Promise<LedgerStatus> {
  for (let i = 0; i < 600; i += 1) {
    const status = await ledger.getStatus({ lastRuns: 1, topErrors: 1 });
    if (ready(status)) return status;
    await sleep(50);
  }
  throw new Error("the child tick never reached the expected state");
}
