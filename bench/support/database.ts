import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openLedger } from "../../src/ledger/open.ts";
import { createPostgresClient } from "../../src/ledger/postgres-client.ts";
import type { SqlClient } from "../../src/ledger/sql-client.ts";
import type { SqlLedger } from "../../src/ledger/sql-ledger.ts";

/** Server that benchmarks create and drop their throwaway databases on (trust auth on these machines). */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface BenchDatabase {
  name: string;
  url: string;
  /** Terminates leftover connections, then drops the database. Safe to call twice. */
  drop(): Promise<void>;
}

/** Databases not dropped yet: dropped on Ctrl-C too, so an interrupted run leaves nothing behind. */
const live = new Set<BenchDatabase>();
let signalsHooked = false;

function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: dropping ${live.size} benchmark database(s)…\n`);
      void Promise.allSettled([...live].map((db) => db.drop())).then(() => process.exit(130));
    });
  }
}

async function withAdmin<T>(fn: (admin: SqlClient) => Promise<T>): Promise<T> {
  const admin = createPostgresClient(ADMIN_URL, { max: 1 });
  try {
    return await fn(admin);
  } finally {
    await admin.close();
  }
}

/** A fresh, empty database `rw_bench_<random>`. Always `drop()` it (withBenchDatabase does). */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  hookSignals();
  const name = `rw_bench_${randomBytes(6).toString("hex")}`;
  await withAdmin((admin) => admin.exec(`create database "${name}"`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  const db: BenchDatabase = {
    name,
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      live.delete(db);
      await withAdmin(async (admin) => {
        await admin.query(
          "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
          [name],
        );
        await admin.exec(`drop database if exists "${name}"`);
      });
    },
  };
  live.add(db);
  return db;
}

/** Runs `fn` on a fresh database and drops it afterwards, whether `fn` resolved or threw. */
export async function withBenchDatabase<T>(fn: (db: BenchDatabase) => Promise<T>): Promise<T> {
  const db = await createBenchDatabase();
  try {
    return await fn(db);
  } finally {
    await db.drop();
  }
}

/** `server_version` of the benchmark server, e.g. "15.20 (Debian 15.20-0+deb12u1)". */
export function postgresServerVersion(): Promise<string> {
  return withAdmin(async (admin) => {
    const rows = await admin.query<{ server_version: string }>("show server_version");
    return rows[0]?.server_version ?? "unknown";
  });
}

/** A folder under the OS temp dir, removed after `fn` whether it resolved or threw. */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Where a benchmark's ledger lives: a fresh real-Postgres database, an in-memory PGlite, or an on-disk PGlite in
 * a temp folder (the embedded default users run).
 */
export type Backend = "postgres" | "pglite" | "pglite-disk";

export const BACKEND_LABEL: Record<Backend, string> = {
  postgres: "Postgres",
  pglite: "PGlite (memory)",
  "pglite-disk": "PGlite (disk)",
};

/** Where a child process should open the ledger: the database URL or PGlite folder (neither = in memory). */
export interface LedgerLocation {
  databaseUrl?: string;
  dataDir?: string;
}

/** Creates the backend's storage, runs `fn` with its location, then drops the database or removes the folder. */
export function withLedgerLocation<T>(
  backend: Backend,
  fn: (location: LedgerLocation) => Promise<T>,
): Promise<T> {
  if (backend === "postgres") return withBenchDatabase((db) => fn({ databaseUrl: db.url }));
  if (backend === "pglite-disk") return withTempDir("rw-bench-db-", (dataDir) => fn({ dataDir }));
  return fn({});
}

/** A migrated ledger on a fresh backend; closed and dropped after `fn`, even when it throws. */
export function withLedger<T>(backend: Backend, fn: (ledger: SqlLedger) => Promise<T>): Promise<T> {
  return withLedgerLocation(backend, async (location) => {
    const ledger = await openLedger({ ...location, migrate: true });
    try {
      return await fn(ledger);
    } finally {
      await ledger.close();
    }
  });
}
