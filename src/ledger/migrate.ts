import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type SqlClient, type SqlExecutor, sqlErrorCode } from "./sql-client.ts";

/**
 * supabase/migrations of this package, found from this module's location (not the working directory) by walking
 * up: the module is src/ledger/migrate.ts in development and dist/cli.mjs once bundled.
 */
export const DEFAULT_MIGRATIONS_DIR = findMigrationsDir(dirname(fileURLToPath(import.meta.url)));

function findMigrationsDir(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "supabase", "migrations");
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return join(from, "..", "..", "supabase", "migrations");
  }
}

/**
 * Bookkeeping table of the built-in runner, in schema watcher (`supabase db push` keeps its own in schema
 * supabase_migrations).
 */
export const MIGRATIONS_TABLE = "migrations";

/** Any fixed number: every runner takes this transaction-scoped advisory lock, so concurrent runners queue up. */
const MIGRATION_LOCK_KEY = 7_261_535_104;

export interface MigrationFile {
  /** File name, e.g. 20261122000000_ledger_tables.sql; migrations apply in name order. */
  name: string;
  sql: string;
  /** sha256 hex of the content with CRLF normalised to LF (a checkout's line endings are not a change). */
  sha256: string;
}

export interface MigrateOptions {
  /** Folder of *.sql migrations. Default: DEFAULT_MIGRATIONS_DIR. */
  dir?: string;
}

/** A migration could not be applied, or an applied one changed on disk. `file` names the migration. */
export class MigrationError extends Error {
  readonly file: string;
  /** SQLSTATE when the database rejected the file. */
  readonly code: string | undefined;

  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MigrationError";
    this.file = file;
    this.code = sqlErrorCode(options?.cause);
  }
}

export async function readMigrationFiles(dir: string = DEFAULT_MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".sql")).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name), "utf8");
      const sha256 = createHash("sha256").update(sql.replace(/\r\n/g, "\n")).digest("hex");
      return { name, sql, sha256 };
    }),
  );
}

/**
 * Applies pending migrations in name order, each in its own transaction, and records them in MIGRATIONS_TABLE.
 * Refuses to run (MigrationError) when a file applied earlier has different content now. Safe to call from many
 * processes at once. Returns the names applied by this call (empty when up to date).
 */
export async function migrate(client: SqlClient, options: MigrateOptions = {}): Promise<string[]> {
  const files = await readMigrationFiles(options.dir);
  const recorded = await client.transaction(async (tx) => {
    await lockAndBootstrap(tx);
    return appliedHashes(tx);
  });
  for (const file of files) {
    const hash = recorded.get(file.name);
    if (hash !== undefined) assertUnchanged(file, hash);
  }

  const applied: string[] = [];
  for (const file of files.filter((f) => !recorded.has(f.name))) {
    if (await applyOne(client, file)) applied.push(file.name);
  }
  return applied;
}

async function lockAndBootstrap(tx: SqlExecutor): Promise<void> {
  await tx.query("select pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
  await tx.exec(`
    create schema if not exists watcher;
    create table if not exists watcher.${MIGRATIONS_TABLE} (
      name text primary key,
      sha256 text not null,
      applied_at timestamptz not null default now()
    );
    alter table watcher.${MIGRATIONS_TABLE} enable row level security;
  `);
}

async function appliedHashes(tx: SqlExecutor): Promise<Map<string, string>> {
  const rows = await tx.query<{ name: string; sha256: string }>(
    `select name, sha256 from watcher.${MIGRATIONS_TABLE}`,
  );
  return new Map(rows.map((row) => [row.name, row.sha256]));
}

function assertUnchanged(file: MigrationFile, appliedHash: string): void {
  if (appliedHash === file.sha256) return;
  throw new MigrationError(
    file.name,
    `Migration ${file.name} was already applied to this database, but the file has changed since ` +
      `(applied sha256 ${appliedHash.slice(0, 12)}…, now ${file.sha256.slice(0, 12)}…). Applied migrations ` +
      "must not be edited: restore the original file and put the change in a new migration " +
      "(supabase/migrations/<YYYYMMDDHHMMSS>_<name>.sql). Nothing was applied.",
  );
}

/** Applies one file under the lock, unless a concurrent runner did it first. True when this call applied it. */
async function applyOne(client: SqlClient, file: MigrationFile): Promise<boolean> {
  try {
    return await client.transaction(async (tx) => {
      await lockAndBootstrap(tx);
      const hash = (await appliedHashes(tx)).get(file.name);
      if (hash !== undefined) {
        assertUnchanged(file, hash);
        return false;
      }
      await tx.exec(file.sql);
      await tx.query(`insert into watcher.${MIGRATIONS_TABLE} (name, sha256) values ($1, $2)`, [
        file.name,
        file.sha256,
      ]);
      return true;
    });
  } catch (error) {
    if (error instanceof MigrationError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(
      file.name,
      `Migration ${file.name} failed and was rolled back: ${reason}. Fix the file (it was never applied) and run ` +
        "the migrations again.",
      { cause: error },
    );
  }
}
