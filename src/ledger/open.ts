import { DEFAULT_MIGRATIONS_DIR, migrate } from "./migrate.ts";
import { createPgliteClient } from "./pglite-client.ts";
import { createPostgresClient } from "./postgres-client.ts";
import type { SqlClient } from "./sql-client.ts";
import { SqlLedger } from "./sql-ledger.ts";

export interface OpenLedgerOptions {
  /** postgres:// URL (e.g. the Supabase pooler on 6543). When set (non-empty) it wins over dataDir. */
  databaseUrl?: string;
  /** Embedded PGlite database folder, created when missing. Neither option: an in-memory PGlite. */
  dataDir?: string;
  /** Apply pending migrations before returning. Default false. */
  migrate?: boolean;
  /** Migrations folder. Default: this package's supabase/migrations. */
  migrationsDir?: string;
  /** postgres.js pool size. Default 4. */
  maxConnections?: number;
}

/** The SQL connection openLedger would use: postgres.js for a URL, else PGlite. */
export async function openSqlClient(options: OpenLedgerOptions = {}): Promise<SqlClient> {
  if (options.databaseUrl) {
    return createPostgresClient(
      options.databaseUrl,
      options.maxConnections === undefined ? {} : { max: options.maxConnections },
    );
  }
  // A new folder about to be migrated can start from the build's pre-migrated seed (pglite-seed.ts).
  return createPgliteClient(
    options.dataDir,
    options.migrate ? { migrationsDir: options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR } : undefined,
  );
}

/** Opens the SQL ledger, migrating first when asked. Closing the ledger closes its connection. */
export async function openLedger(options: OpenLedgerOptions = {}): Promise<SqlLedger> {
  const client = await openSqlClient(options);
  try {
    if (options.migrate) {
      await migrate(client, options.migrationsDir === undefined ? {} : { dir: options.migrationsDir });
    } else {
      await assertLedgerSchema(client);
    }
    return new SqlLedger(client);
  } catch (error) {
    await client.close();
    throw error;
  }
}

/**
 * Fails fast, with what to do, when the database has no ledger functions yet: otherwise the first call fails with
 * a bare "function public.is_paused() does not exist".
 */
async function assertLedgerSchema(client: SqlClient): Promise<void> {
  const [row] = await client.query<{ present: boolean }>(
    "select to_regproc('public.claim_files') is not null as present",
  );
  if (!row?.present) {
    throw new Error(
      "The database has no resume-watcher schema yet: run 'resume-watcher migrate' (or 'supabase db push') first",
    );
  }
}
