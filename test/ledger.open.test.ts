import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openLedger, openSqlClient } from "../src/ledger/open.ts";
import { BACKENDS, createPostgresDatabase, type TestDatabase } from "./support/db.ts";
import { BUCKET, object, syncObjects } from "./support/ledger-fixtures.ts";

describe.runIf(BACKENDS.includes("pglite"))("openLedger on an embedded PGlite folder", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "rw-ledger-"));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("creates the folder, migrates, and keeps the data across reopening", async () => {
    const dataDir = join(root, "nested", "db");
    const first = await openLedger({ dataDir, migrate: true });
    await syncObjects(first, [object("a.pdf")]);
    await first.close();
    expect((await stat(dataDir)).isDirectory()).toBe(true);

    const second = await openLedger({ dataDir });
    try {
      expect(await second.countBacklog()).toBe(1);
      expect((await second.exportFiles({ bucket: BUCKET })).map((r) => r.path)).toEqual(["a.pdf"]);
    } finally {
      await second.close();
    }
  });

  it("lets one process at a time open a folder, and takes over the lock of a dead one", async () => {
    const dataDir = join(root, "db");
    const first = await openLedger({ dataDir, migrate: true });
    await expect(openLedger({ dataDir })).rejects.toThrow(
      /in use by another resume-watcher process \(pid \d+\)/,
    );
    await first.close();

    const deadPid = 2 ** 22 + 17; // above Linux's pid_max default: no such process
    await writeFile(`${dataDir}.lock`, String(deadPid));
    const second = await openLedger({ dataDir });
    expect((await readFile(`${dataDir}.lock`, "utf8")).split("\n")[0]).toBe(String(process.pid));
    await second.close();
    await expect(stat(`${dataDir}.lock`)).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe.runIf(BACKENDS.includes("postgres"))("openLedger on a DATABASE_URL", () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createPostgresDatabase();
  });
  afterEach(() => db.drop());

  it("does not migrate unless asked, and then refuses with what to do instead of failing later", async () => {
    await expect(openLedger({ databaseUrl: db.url })).rejects.toThrow(/run 'resume-watcher migrate'/);
    const sql = await openSqlClient({ databaseUrl: db.url });
    try {
      const [row] = await sql.query<{ n: number }>(
        "select count(*)::int as n from pg_proc where proname = 'claim_files'",
      );
      expect(row?.n).toBe(0);
    } finally {
      await sql.close();
    }
  });

  it("migrates when asked, and a second ledger on the same database sees the same files", async () => {
    const writer = await openLedger({ databaseUrl: db.url, migrate: true, maxConnections: 2 });
    const reader = await openLedger({ databaseUrl: db.url });
    try {
      await syncObjects(writer, [object("a.pdf"), object("b.pdf")]);
      expect(await reader.countBacklog()).toBe(2);
    } finally {
      await writer.close();
      await reader.close();
    }
  });
});
