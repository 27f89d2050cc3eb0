import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe } from "vitest";
import { migrate } from "../../src/ledger/migrate.ts";
import { createPgliteClient } from "../../src/ledger/pglite-client.ts";
import { createPostgresClient } from "../../src/ledger/postgres-client.ts";
import type { SqlClient } from "../../src/ledger/sql-client.ts";
import { SqlLedger } from "../../src/ledger/sql-ledger.ts";

/** Server used to create and drop throwaway test databases (trust auth on these machines). */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  name: string;
  url: string;
  /** Terminates leftover connections, then drops the database. Safe to call twice. */
  drop(): Promise<void>;
}

/** A fresh, empty database `rw_test_<random>` on the test server. Always `drop()` it. */
export async function createPostgresDatabase(): Promise<TestDatabase> {
  const name = `rw_test_${randomBytes(6).toString("hex")}`;
  await withAdmin((admin) => admin.exec(`create database "${name}"`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      await withAdmin(async (admin) => {
        await admin.query(
          "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
          [name],
        );
        await admin.exec(`drop database if exists "${name}"`);
      });
    },
  };
}

async function withAdmin<T>(fn: (admin: SqlClient) => Promise<T>): Promise<T> {
  const admin = createPostgresClient(ADMIN_URL, { max: 1 });
  try {
    return await fn(admin);
  } finally {
    await admin.close();
  }
}

/** A fresh in-memory PGlite (PostgreSQL in WASM), not migrated. */
export function createMemoryPglite(): Promise<SqlClient> {
  return createPgliteClient();
}
export { createMemoryPglite as createPgliteClient };

/** Empties every ledger table (keeping the migration records), as if freshly migrated. */
export async function resetLedgerTables(sql: SqlClient): Promise<void> {
  const rows = await sql.query<{ tables: string | null }>(
    `select string_agg(format('%I.%I', schemaname, tablename), ', ') as tables
     from pg_tables where schemaname = 'public' and tablename <> 'resume_watcher_migrations'`,
  );
  const tables = rows[0]?.tables;
  if (tables) await sql.exec(`truncate ${tables} restart identity cascade`);
}

/** Drops everything in schema public (tables, functions, the migration records): an unmigrated database. */
export async function resetPublicSchema(sql: SqlClient): Promise<void> {
  await sql.exec(
    "drop schema if exists public cascade; create schema public; grant all on schema public to public;",
  );
}

export type BackendKind = "pglite" | "postgres";

/** LEDGER_TEST_BACKENDS=pglite (or postgres) limits the run to one backend; default both. */
export const BACKENDS: BackendKind[] = (process.env.LEDGER_TEST_BACKENDS ?? "pglite,postgres")
  .split(",")
  .map((kind) => kind.trim())
  .filter((kind): kind is BackendKind => kind === "pglite" || kind === "postgres");

export interface BackendContext {
  readonly kind: BackendKind;
  /** Raw SQL on the test database. */
  readonly sql: SqlClient;
  readonly ledger: SqlLedger;
  /** URL of the real-Postgres test database; null on PGlite. */
  readonly url: string | null;
  /** Another connection pool to the same database (real Postgres only); closed with the database. */
  connect(max?: number): SqlClient;
}

export interface BackendSuiteOptions {
  /** Apply the migrations to each database. Default true. */
  migrate?: boolean;
  /**
   * "file" (default): one database per suite, reset before each test (tables emptied; without migrations, schema
   * public dropped and recreated). "test": a new database per test.
   */
  fresh?: "file" | "test";
}

/** One database of a suite and everything opened on it. */
class BackendHarness implements BackendContext {
  private database: TestDatabase | null = null;
  private client: SqlClient | null = null;
  private readonly extra: SqlClient[] = [];

  constructor(readonly kind: BackendKind) {}

  get sql(): SqlClient {
    if (!this.client) throw new Error("test database is not open (use it inside a test or hook)");
    return this.client;
  }
  get ledger(): SqlLedger {
    return new SqlLedger(this.sql);
  }
  get url(): string | null {
    return this.database?.url ?? null;
  }

  connect(max = 1): SqlClient {
    if (!this.database) throw new Error("connect() needs the real Postgres backend");
    const client = createPostgresClient(this.database.url, { max });
    this.extra.push(client);
    return client;
  }

  async open(withMigrations: boolean): Promise<void> {
    if (this.kind === "postgres") {
      this.database = await createPostgresDatabase();
      this.client = createPostgresClient(this.database.url, { max: 4 });
    } else {
      this.client = await createMemoryPglite();
    }
    if (withMigrations) await migrate(this.client);
  }

  /** Back to a just-opened state: tables emptied, or (unmigrated) schema public recreated. */
  async reset(withMigrations: boolean): Promise<void> {
    if (withMigrations) await resetLedgerTables(this.sql);
    else await resetPublicSchema(this.sql);
  }

  /** Closes everything; safe to call again. */
  async close(): Promise<void> {
    await Promise.all(this.extra.splice(0).map((client) => client.close()));
    await this.client?.close();
    this.client = null;
    await this.database?.drop();
    this.database = null;
  }
}

/**
 * Declares the same suite once per backend: `describe("<title> [pglite]")` on an in-memory PGlite and
 * `describe("<title> [postgres]")` on a throwaway real Postgres database. `body` receives a context whose
 * `sql`, `ledger` and `url` are valid inside tests and hooks.
 */
export function forEachBackend(
  title: string,
  body: (ctx: BackendContext) => void,
  options: BackendSuiteOptions = {},
): void {
  const withMigrations = options.migrate ?? true;
  for (const kind of BACKENDS) {
    describe(`${title} [${kind}]`, () => {
      const harness = new BackendHarness(kind);
      const perTest = options.fresh === "test";
      beforeAll(async () => {
        if (!perTest) await harness.open(withMigrations);
      });
      beforeEach(async () => {
        if (perTest) await harness.open(withMigrations);
        else await harness.reset(withMigrations);
      });
      afterEach(async () => {
        if (perTest) await harness.close();
      });
      afterAll(() => harness.close());
      body(harness);
    });
  }
}
