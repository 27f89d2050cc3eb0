import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe } from "vitest";
import type { CallLedger } from "../../src/ledger/call-ledger.ts";
import { migrate } from "../../src/ledger/migrate.ts";
import { createPgliteClient } from "../../src/ledger/pglite-client.ts";
import { createPostgresClient } from "../../src/ledger/postgres-client.ts";
import { RpcLedger } from "../../src/ledger/rpc-transport.ts";
import type { SqlClient } from "../../src/ledger/sql-client.ts";
import { SqlLedger } from "../../src/ledger/sql-ledger.ts";
import { type RpcServer, startRpcServer } from "./postgrest-server.ts";
import { prepareSupabaseDatabase } from "./supabase-roles.ts";

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
     from pg_tables where schemaname = 'watcher' and tablename <> 'migrations'`,
  );
  const tables = rows[0]?.tables;
  if (tables) await sql.exec(`truncate ${tables} restart identity cascade`);
}

/** Drops the ledger (schema watcher with its tables and migration records, the API in public): unmigrated. */
export async function resetLedgerSchema(sql: SqlClient): Promise<void> {
  await sql.exec(
    "drop schema if exists watcher cascade; drop schema if exists public cascade; create schema public; " +
      "grant all on schema public to public;",
  );
}

/**
 * pglite: in-memory PGlite through the SQL transport. postgres: a real Postgres database through the SQL transport.
 * rpc: a real Postgres database prepared like a Supabase project (its roles and default privileges) behind the
 * PostgREST test server, through the RPC transport (supabase-js `.rpc`) with the service key.
 */
export type BackendKind = "pglite" | "postgres" | "rpc";
const BACKEND_KINDS: readonly BackendKind[] = ["pglite", "postgres", "rpc"];

/** LEDGER_TEST_BACKENDS=pglite,postgres (say) limits the run to those backends; default all three. */
export const BACKENDS: BackendKind[] = (process.env.LEDGER_TEST_BACKENDS ?? BACKEND_KINDS.join(","))
  .split(",")
  .map((kind) => kind.trim())
  .filter((kind): kind is BackendKind => (BACKEND_KINDS as readonly string[]).includes(kind));

/** The service key the rpc backend's PostgREST server accepts (any string: the server maps keys to roles). */
export const TEST_SERVICE_KEY = "sb_secret_resume-watcher-test-service-key";

export interface BackendContext {
  readonly kind: BackendKind;
  /** Raw SQL on the test database. */
  readonly sql: SqlClient;
  /** The ledger under test, through this backend's transport (SQL or RPC). */
  readonly ledger: CallLedger;
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
  private rpcServer: RpcServer | null = null;
  private rpcLedger: RpcLedger | null = null;
  private readonly extra: SqlClient[] = [];

  constructor(readonly kind: BackendKind) {}

  get sql(): SqlClient {
    if (!this.client) throw new Error("test database is not open (use it inside a test or hook)");
    return this.client;
  }
  get ledger(): CallLedger {
    return this.rpcLedger ?? new SqlLedger(this.sql);
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
    if (this.kind === "pglite") {
      this.client = await createMemoryPglite();
    } else {
      this.database = await createPostgresDatabase();
      this.client = createPostgresClient(this.database.url, { max: 4 });
    }
    if (this.kind === "rpc") await this.startRpc(this.database?.url ?? "");
    if (withMigrations) await migrate(this.client);
  }

  private async startRpc(databaseUrl: string): Promise<void> {
    await prepareSupabaseDatabase(this.sql);
    this.rpcServer = await startRpcServer({ databaseUrl, keys: { [TEST_SERVICE_KEY]: "service_role" } });
    const { createClient } = await import("@supabase/supabase-js");
    this.rpcLedger = new RpcLedger(
      createClient(this.rpcServer.url, TEST_SERVICE_KEY, { auth: { persistSession: false } }),
    );
  }

  /** Back to a just-opened state: tables emptied, or (unmigrated) the ledger schemas dropped. */
  async reset(withMigrations: boolean): Promise<void> {
    if (withMigrations) await resetLedgerTables(this.sql);
    else await resetLedgerSchema(this.sql);
    // Dropping schema public drops the grants a Supabase project starts with: put them back.
    if (!withMigrations && this.kind === "rpc") await prepareSupabaseDatabase(this.sql);
  }

  /** Closes everything; safe to call again. */
  async close(): Promise<void> {
    await Promise.all(this.extra.splice(0).map((client) => client.close()));
    await this.rpcServer?.close();
    this.rpcServer = null;
    this.rpcLedger = null;
    await this.client?.close();
    this.client = null;
    await this.database?.drop();
    this.database = null;
  }
}

/**
 * Declares the same suite once per backend: `describe("<title> [pglite]")` on an in-memory PGlite,
 * `describe("<title> [postgres]")` on a throwaway real Postgres database and `describe("<title> [rpc]")` on one
 * behind the PostgREST test server. `body` receives a context whose
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
