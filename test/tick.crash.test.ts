import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLedger } from "../src/ledger/open.ts";
import type { Ledger } from "../src/ledger/port.ts";
import { createPostgresDatabase, type TestDatabase } from "./support/db.ts";
import { createTempFolder, type TempFolder, textResume } from "./support/folders.ts";
import { CountingParser } from "./support/parsers.ts";
import { tickFolder } from "./support/tick.ts";

const FILES = 40;

describe("crash recovery", () => {
  let db: TestDatabase;
  let ledger: Ledger;
  let folder: TempFolder;

  beforeAll(async () => {
    db = await createPostgresDatabase();
    ledger = await openLedger({ databaseUrl: db.url, migrate: true });
    folder = await createTempFolder();
    for (let i = 0; i < FILES; i += 1)
      await folder.write(`c${String(i).padStart(2, "0")}.txt`, textResume(i));
  });
  afterAll(async () => {
    await ledger.close();
    await db.drop();
    await folder.cleanup();
  });

  it("a tick killed with SIGKILL loses nothing: after its leases expire a new tick finishes every file", async () => {
    const doneBeforeKill = await runChildUntilKilled(db.url, folder.dir, 5);
    const mid = await ledger.getStatus({ lastRuns: 5, topErrors: 5 });
    expect(mid.counts.processing).toBeGreaterThan(0); // the dead worker still holds leases
    expect(mid.counts.done).toBeGreaterThanOrEqual(doneBeforeKill);

    // Instead of waiting out the lease, sweep as if the clock had moved past it.
    const swept = await ledger.releaseExpiredLeases({
      maxAttempts: 3,
      asOf: new Date(Date.now() + 10 * 60_000),
    });
    expect(swept.released).toBe(mid.counts.processing);

    const parser = new CountingParser();
    const summary = await tickFolder(ledger, folder.dir, parser);
    const after = await ledger.getStatus({ lastRuns: 5, topErrors: 5 });
    expect(after.counts).toMatchObject({ done: FILES, pending: 0, processing: 0, failed: 0 });
    expect(summary.done).toBe(FILES - mid.counts.done);
    expect(parser.calls).toBe(FILES - mid.counts.done); // finished files are not parsed again
  });
});

/** Starts the child tick, waits for `afterDone` finished files, then SIGKILLs it. Returns the files seen done. */
async function runChildUntilKilled(dbUrl: string, dir: string, afterDone: number): Promise<number> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/tick-child.ts"], {
    env: { ...process.env, DB_URL: dbUrl, BUCKET_DIR: dir },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  let done = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith("done ")) done += 1;
    if (done >= afterDone) {
      child.kill("SIGKILL");
      break;
    }
  }
  await exited;
  return done;
}
