import { createClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../src/ledger/migrate.ts";
import { createPostgresClient } from "../src/ledger/postgres-client.ts";
import type { SqlClient } from "../src/ledger/sql-client.ts";
import { createPostgresDatabase, type TestDatabase } from "./support/db.ts";
import { type RpcServer, startRpcServer } from "./support/postgrest-server.ts";
import { createStorageSchema } from "./support/storage-schema.ts";
import { prepareSupabaseDatabase } from "./support/supabase-roles.ts";

const KEYS = { anon: "anon-key", authenticated: "user-key", service_role: "service-key" } as const;
const CLIENT_ROLES = ["anon", "authenticated"] as const;

/**
 * A database prepared like a Supabase project (roles, and default privileges that hand everything new in public to
 * anon and authenticated) with Storage's tables, then migrated: the API roles must get nothing but what the
 * migrations grant to service_role. Objects are found in the catalog, so a function or table added later is
 * covered without editing this test.
 */
describe("locked-down schema on a Supabase-like database (real Postgres)", () => {
  let database: TestDatabase;
  let sql: SqlClient;
  let server: RpcServer;
  let apiFunctions: { name: string; signature: string }[];
  let watcherFunctions: string[];
  let tables: string[];

  beforeAll(async () => {
    database = await createPostgresDatabase();
    sql = createPostgresClient(database.url, { max: 2 });
    await prepareSupabaseDatabase(sql);
    await createStorageSchema(sql);
    await migrate(sql);
    server = await startRpcServer({
      databaseUrl: database.url,
      keys: {
        [KEYS.anon]: "anon",
        [KEYS.authenticated]: "authenticated",
        [KEYS.service_role]: "service_role",
      },
    });
    apiFunctions = await sql.query(
      `select p.proname as name, p.oid::regprocedure::text as signature from pg_proc p
       where p.pronamespace = 'public'::regnamespace and 'search_path=watcher' = any (coalesce(p.proconfig, '{}'))
       order by 1`,
    );
    watcherFunctions = (
      await sql.query<{ signature: string }>(
        "select p.oid::regprocedure::text as signature from pg_proc p where p.pronamespace = 'watcher'::regnamespace",
      )
    ).map((r) => r.signature);
    tables = (
      await sql.query<{ name: string }>(
        "select format('%I.%I', schemaname, tablename) as name from pg_tables where schemaname = 'watcher'",
      )
    ).map((r) => r.name);
  });
  afterAll(async () => {
    await server?.close();
    await sql?.close();
    await database?.drop();
  });

  it("finds the API and the tables it is about to check", () => {
    expect(apiFunctions.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        "claim_files",
        "complete_file",
        "get_status",
        "sync_from_storage",
        "sync_page",
      ]),
    );
    expect(apiFunctions.length).toBeGreaterThanOrEqual(20);
    expect(tables).toEqual(
      expect.arrayContaining(["watcher.resume_files", "watcher.resumes", "watcher.migrations"]),
    );
  });

  it("keeps only the API and the candidates view in public: no ledger table is exposed to PostgREST", async () => {
    const relations = await sql.query<{ name: string }>(
      `select c.relname as name from pg_class c where c.relnamespace = 'public'::regnamespace
       and c.relkind in ('r', 'v', 'm', 'p', 'f')`,
    );
    expect(relations.map((r) => r.name)).toEqual(["candidates"]);
    const [grants] = await sql.query<Record<string, boolean>>(
      `select has_table_privilege('anon', 'public.candidates', 'select') as anon,
              has_table_privilege('authenticated', 'public.candidates', 'select') as authenticated,
              has_table_privilege('service_role', 'public.candidates', 'select') as service_role`,
    );
    expect(grants).toEqual({ anon: false, authenticated: false, service_role: true });
  });

  it("refuses every table and function to anon and authenticated, in SQL", async () => {
    for (const role of CLIENT_ROLES) {
      const [schema] = await sql.query<{ usage: boolean }>(
        "select has_schema_privilege($1, 'watcher', 'usage') as usage",
        [role],
      );
      expect(schema?.usage, `${role} usage on schema watcher`).toBe(false);
      for (const table of tables) {
        const [row] = await sql.query<{ any: boolean }>(
          `select has_table_privilege($1, $2, 'select') or has_table_privilege($1, $2, 'insert')
             or has_table_privilege($1, $2, 'update') or has_table_privilege($1, $2, 'delete') as any`,
          [role, table],
        );
        expect(row?.any, `${role} on ${table}`).toBe(false);
      }
      for (const fn of [...apiFunctions.map((f) => f.signature), ...watcherFunctions]) {
        const [row] = await sql.query<{ execute: boolean }>(
          "select has_function_privilege($1, $2, 'execute') as execute",
          [role, fn],
        );
        expect(row?.execute, `${role} execute ${fn}`).toBe(false);
      }
    }
  });

  it("grants service_role the API and the tables (it bypasses row level security)", async () => {
    for (const fn of apiFunctions) {
      const [row] = await sql.query<{ execute: boolean }>(
        "select has_function_privilege('service_role', $1, 'execute') as execute",
        [fn.signature],
      );
      expect(row?.execute, fn.signature).toBe(true);
    }
    const [rls] = await sql.query<{ off: number }>(
      "select count(*)::int as off from pg_class where relnamespace = 'watcher'::regnamespace and relkind = 'r' and not relrowsecurity",
    );
    expect(rls?.off).toBe(0);
  });

  it("refuses every API function over the REST API to the anon and user keys, and serves the service key", async () => {
    for (const role of CLIENT_ROLES) {
      const client = createClient(server.url, KEYS[role], { auth: { persistSession: false } });
      for (const fn of apiFunctions) {
        const { error, status } = await client.rpc(fn.name, {});
        // 401/403 (42501) when the call reaches the function; 404 only when no overload takes no arguments.
        expect([401, 403, 404], `${role} ${fn.name}: ${status} ${error?.code}`).toContain(status);
        if (status === 404) expect(error?.code).toBe("PGRST202");
      }
      const { status } = await client.rpc("is_paused", {});
      expect(status, `${role} is_paused`).toBe(role === "anon" ? 401 : 403);
    }
    const service = createClient(server.url, KEYS.service_role, { auth: { persistSession: false } });
    expect(await service.rpc("is_paused", {})).toMatchObject({ status: 200, data: { paused: false } });
  });
});
