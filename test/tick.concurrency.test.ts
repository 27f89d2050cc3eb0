import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLedger } from "../src/ledger/open.ts";
import type { Ledger } from "../src/ledger/port.ts";
import { createPostgresDatabase, type TestDatabase } from "./support/db.ts";
import { createTempFolder, type TempFolder, textResume } from "./support/folders.ts";
import { CountingParser } from "./support/parsers.ts";
import { tickFolder } from "./support/tick.ts";

const FILES = 300;
const TICKS = 8;

describe("exactly once under concurrency (real Postgres)", () => {
  let db: TestDatabase;
  let folder: TempFolder;
  const ledgers: Ledger[] = [];

  beforeAll(async () => {
    db = await createPostgresDatabase();
    folder = await createTempFolder();
    for (let i = 0; i < FILES; i += 1)
      await folder.write(`batch/${String(i).padStart(3, "0")}.txt`, textResume(i));
    for (let i = 0; i < TICKS; i += 1)
      ledgers.push(await openLedger({ databaseUrl: db.url, migrate: i === 0 }));
  });
  afterAll(async () => {
    await Promise.all(ledgers.map((l) => l.close()));
    await db.drop();
    await folder.cleanup();
  });

  it(`${TICKS} ticks at once over ${FILES} files parse every file exactly once`, async () => {
    const parser = new CountingParser(2);
    const summaries = await Promise.all(
      ledgers.map((ledger, i) =>
        tickFolder(ledger, folder.dir, parser, { worker: `worker-${i}`, concurrency: 4 }),
      ),
    );

    expect(parser.calls).toBe(FILES);
    expect(new Set(parser.texts).size).toBe(FILES);
    expect(summaries.reduce((n, s) => n + s.done, 0)).toBe(FILES);
    expect(summaries.reduce((n, s) => n + s.claimed, 0)).toBe(FILES);
    expect(summaries.every((s) => s.outcome === "completed")).toBe(true);
    const status = await ledgers[0]?.getStatus({ lastRuns: TICKS, topErrors: 5 });
    expect(status?.counts).toMatchObject({ done: FILES, pending: 0, processing: 0, failed: 0, removed: 0 });
    expect(status?.last_runs).toHaveLength(TICKS);
  });
});
