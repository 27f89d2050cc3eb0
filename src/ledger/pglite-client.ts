import { mkdir, readdir } from "node:fs/promises";
import type { PGlite, Transaction } from "@electric-sql/pglite";
import { lockDataDir } from "./folder-lock.ts";
import { openFromSeed, type SeedRequest } from "./pglite-seed.ts";
import type { SqlClient, SqlExecutor } from "./sql-client.ts";

/**
 * shared_buffers 16MB instead of 128MB: the ledger's working set is small, and the default cost ~125 MB of RSS
 * in this process (RSS after open 312 -> 186 MB, BENCHMARKS.md, memory).
 */
const PGLITE_CONF = "shared_buffers = 16MB";

/**
 * Embedded Postgres (PGlite, PostgreSQL in WASM, one connection). `dataDir` is a folder on disk, created when
 * missing; without it the database lives in memory and is gone on close. First start takes a few seconds.
 */
export async function createPgliteClient(dataDir?: string, seed?: SeedRequest): Promise<SqlClient> {
  // Imported here, not at the top: a function bundle (which never opens PGlite) can then leave the package out.
  const { PGlite } = await import("@electric-sql/pglite");
  if (!dataDir) return wrapPglite(await PGlite.create({ postgresqlconf: PGLITE_CONF }));
  await mkdir(dataDir, { recursive: true });
  const unlock = await lockDataDir(dataDir);
  try {
    const existing = (await readdir(dataDir)).length > 0;
    // A new folder, when the caller migrates next: start from the migrated database `npm run build` made instead
    // of initdb (~360 MB less peak RSS). Null when there is none or it does not fit: then initdb as before.
    const seeded = !existing && seed ? await openFromSeed(PGlite, dataDir, PGLITE_CONF, seed) : null;
    const client = wrapPglite(
      seeded ??
        (await PGlite.create({ dataDir, postgresqlconf: PGLITE_CONF }).catch((error: unknown) => {
          throw existing ? new DatabaseUnreadableError(dataDir, error) : error;
        })),
    );
    return { ...client, close: () => client.close().finally(unlock) };
  } catch (error) {
    await unlock();
    throw error;
  }
}

/**
 * A database folder PGlite cannot start on (it fails with "Aborted()" or "PGlite failed to initialize properly"):
 * damaged files, from two processes writing it at once (before the lock was atomic) or a disk that filled up. Only
 * raised for a folder that already held files: a fresh one failing is no damage, and its own error says more.
 * A fresh folder rebuilds the ledger from the bucket, at the cost of parsing every file again.
 */
export class DatabaseUnreadableError extends Error {
  override name = "DatabaseUnreadableError";

  constructor(dataDir: string, cause: unknown) {
    super(
      `The embedded database folder at ${dataDir} cannot be opened (PGlite: ${firstSentence(cause)}). ` +
        `Move it aside (rename it, e.g. to ${dataDir}.broken) and run again to start fresh: the bucket files are ` +
        "not lost, they will be parsed again.",
      { cause },
    );
  }
}

/** Wraps an already open PGlite instance (e.g. a `clone()`); closing the client closes it. */
export function wrapPglite(db: PGlite): SqlClient {
  return {
    kind: "pglite",
    ...executor(db),
    transaction: (fn) => db.transaction((tx) => fn(executor(tx))),
    close: () => db.close(),
  };
}

function executor(db: PGlite | Transaction): SqlExecutor {
  return {
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      const result = await db.query<T>(sql, params);
      return result.rows;
    },
    async exec(sql: string): Promise<void> {
      await db.exec(sql);
    },
  };
}

/** "Aborted(). Build with -sASSERTIONS for more info." -> "Aborted()": the rest speaks to PGlite's developers. */
function firstSentence(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split(". ")[0] ?? "";
}
