import { createServer } from "node:net";
import { createClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresClient } from "../src/ledger/postgres-client.ts";
import type { SqlClient } from "../src/ledger/sql-client.ts";
import { ADMIN_URL, createPostgresDatabase, type TestDatabase } from "./support/db.ts";
import { type RpcServer, startRpcServer } from "./support/postgrest-server.ts";
import { createSupabaseRoles, prepareSupabaseDatabase } from "./support/supabase-roles.ts";

const SERVICE_KEY = "test-service-role-key";
const ANON_KEY = "test-anon-key";
const USER_KEY = "test-authenticated-key";

/** A throwaway API of our own, created after prepareSupabaseDatabase like a migration would be. */
const SCHEMA_SQL = `
create table public.rpc_labels (id bigserial primary key, label text not null unique);

create function public.rpc_echo(p_doc jsonb, p_tags text[], p_id uuid, p_at timestamptz, p_n bigint,
                                p_flag boolean, p_note text default 'no note')
returns jsonb language sql as $$
  select jsonb_build_object('doc', p_doc, 'tags', to_jsonb(p_tags), 'tag_count', cardinality(p_tags),
    'id', p_id, 'id_type', pg_typeof(p_id)::text, 'at', p_at, 'n_plus_one', p_n + 1, 'flag', p_flag,
    'note', p_note, 'current_user', current_user,
    'claim_role', current_setting('request.jwt.claims', true)::jsonb ->> 'role')
$$;

create function public.rpc_refuse(p_reason text) returns jsonb language plpgsql as $$
begin
  raise exception 'refused: %', p_reason using detail = 'the detail', hint = 'the hint';
end
$$;

create function public.rpc_remember(p_label text) returns jsonb language sql as $$
  insert into public.rpc_labels (label) values (p_label) returning jsonb_build_object('id', id)
$$;

create function public.rpc_sneaky_write() returns jsonb language sql stable as $$
  select jsonb_build_object('id', nextval('public.rpc_labels_id_seq'))
$$;

create function public.rpc_locked() returns jsonb language sql as $$ select '{"ok": true}'::jsonb $$;
revoke all on function public.rpc_locked() from public, anon, authenticated;
grant execute on function public.rpc_locked() to service_role;

create function public.rpc_revoked_from_public_only() returns jsonb language sql as $$ select '"reached"'::jsonb $$;
revoke all on function public.rpc_revoked_from_public_only() from public;

create function public.rpc_session() returns jsonb language sql stable as $$
  select jsonb_build_object('statement_timeout', current_setting('statement_timeout'),
    'read_only', current_setting('transaction_read_only'), 'search_path', current_setting('search_path'))
$$;

create function public.rpc_whole_body(jsonb) returns jsonb language sql as $$ select $1 $$;

create function public.rpc_nothing() returns void language sql as $$ select $$;

create function public.rpc_numbers(p_upto integer) returns setof integer language sql as $$
  select generate_series(1, p_upto)
$$;

create schema hidden;
grant usage on schema hidden to anon, authenticated, service_role;
create function hidden.rpc_hidden() returns jsonb language sql as $$ select '{"hidden": true}'::jsonb $$;
grant execute on function hidden.rpc_hidden() to anon, authenticated, service_role;
`;

function client(server: RpcServer, key: string, schema = "public") {
  return createClient(server.url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    db: { schema },
  });
}

describe("PostgREST RPC test server", () => {
  let db: TestDatabase;
  let sql: SqlClient;
  let server: RpcServer;

  beforeAll(async () => {
    db = await createPostgresDatabase();
    sql = createPostgresClient(db.url, { max: 2 });
    await prepareSupabaseDatabase(sql);
    await sql.exec(SCHEMA_SQL);
    server = await startRpcServer({
      databaseUrl: db.url,
      keys: { [SERVICE_KEY]: "service_role", [ANON_KEY]: "anon", [USER_KEY]: "authenticated" },
    });
  });

  afterAll(async () => {
    await server?.close();
    await sql?.close();
    await db?.drop();
  });

  it("round-trips jsonb, text[], uuid, timestamptz, bigint and boolean arguments as service_role", async () => {
    const args = {
      p_doc: { nested: { list: [1, "two", null], yes: true } },
      p_tags: ["a,b", 'quote"d', "{braces}", "é"],
      p_id: "2f1c6c1e-8b9a-4d3e-9f00-0123456789ab",
      p_at: "2026-01-02T03:04:05.678Z",
      p_n: 41,
      p_flag: false,
    };

    const { data, error, status } = await client(server, SERVICE_KEY).rpc("rpc_echo", args);

    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data).toMatchObject({
      doc: args.p_doc,
      tags: args.p_tags,
      tag_count: 4,
      id: args.p_id,
      id_type: "uuid",
      n_plus_one: 42,
      flag: false,
      note: "no note",
      current_user: "service_role",
      claim_role: "service_role",
    });
    expect(new Date(data.at).toISOString()).toBe(args.p_at);
  });

  it("passes a defaulted argument when given and answers a scalar as application/json", async () => {
    const args = { p_doc: null, p_tags: [], p_id: null, p_at: null, p_n: 0, p_flag: true, p_note: "given" };
    const response = await fetch(`${server.url}/rest/v1/rpc/rpc_echo`, {
      method: "POST",
      headers: {
        apikey: SERVICE_KEY,
        Authorization: `Bearer ${SERVICE_KEY}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify(args),
    });

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ note: "given", tag_count: 0, flag: true, n_plus_one: 1 });
  });

  it("refuses an unknown API key with 401 before touching the database", async () => {
    const before = server.requests.length;

    const { data, error, status } = await client(server, "not-a-key").rpc("rpc_locked");

    expect(status).toBe(401);
    expect(data).toBeNull();
    expect(error?.message).toBe("Invalid API key");
    expect(server.requests.slice(before)).toEqual([{ fn: "rpc_locked", role: null, status: 401 }]);
  });

  it("answers insufficient_privilege (42501) with 401 to anon and 403 to authenticated", async () => {
    const anon = await client(server, ANON_KEY).rpc("rpc_locked");
    const user = await client(server, USER_KEY).rpc("rpc_locked");
    const service = await client(server, SERVICE_KEY).rpc("rpc_locked");

    expect(anon.status).toBe(401);
    expect(anon.error).toMatchObject({ code: "42501", message: "permission denied for function rpc_locked" });
    expect(user.status).toBe(403);
    expect(user.error).toMatchObject({ code: "42501" });
    expect(service).toMatchObject({ status: 200, data: { ok: true }, error: null });
  });

  it("grants new public functions and tables to the API roles by default, as Supabase does", async () => {
    const anon = await client(server, ANON_KEY).rpc("rpc_revoked_from_public_only");
    const [row] = await sql.query<{ anon_insert: boolean; anon_seq: boolean }>(
      `select has_table_privilege('anon', 'public.rpc_labels', 'insert') as anon_insert,
              has_sequence_privilege('anon', 'public.rpc_labels_id_seq', 'usage') as anon_seq`,
    );

    expect(anon).toMatchObject({ status: 200, data: "reached", error: null });
    expect(row).toEqual({ anon_insert: true, anon_seq: true });
  });

  it("runs as PostgREST does: role settings applied, read-only transaction for a stable function", async () => {
    const anon = await client(server, ANON_KEY).rpc("rpc_session");
    const service = await client(server, SERVICE_KEY).rpc("rpc_session");

    // Supabase's statement_timeout: anon 3s; service_role has none, so authenticator's 8s stays.
    expect(anon.data).toEqual({
      statement_timeout: "3s",
      read_only: "on",
      search_path: "public, extensions",
    });
    expect(service.data).toMatchObject({ statement_timeout: "8s" });
  });

  it("gives the whole body to a function with one unnamed jsonb parameter", async () => {
    const body = { anything: [1, { goes: true }] };

    const { data, status } = await client(server, SERVICE_KEY).rpc("rpc_whole_body", body);

    expect(status).toBe(200);
    expect(data).toEqual(body);
  });

  it("answers a void function with 204 and a set-returning one with a JSON array", async () => {
    const service = client(server, SERVICE_KEY);

    const nothing = await service.rpc("rpc_nothing");
    const numbers = await service.rpc("rpc_numbers", { p_upto: 3 });

    expect(nothing).toMatchObject({ status: 204, data: null, error: null });
    expect(numbers).toMatchObject({ status: 200, data: [1, 2, 3], error: null });
  });

  it("does not expose functions outside schema public (404 PGRST202, 406 PGRST106 for another profile)", async () => {
    const viaPublic = await client(server, SERVICE_KEY).rpc("rpc_hidden");
    const viaProfile = await client(server, SERVICE_KEY, "hidden").rpc("rpc_hidden");

    expect(viaPublic.status).toBe(404);
    expect(viaPublic.error).toMatchObject({
      code: "PGRST202",
      message: "Could not find the function public.rpc_hidden without parameters in the schema cache",
    });
    expect(viaProfile.status).toBe(406);
    expect(viaProfile.error).toMatchObject({ code: "PGRST106", message: "Invalid schema: hidden" });
  });

  it("finds no function when the argument names do not match its parameters", async () => {
    const unknownKey = await client(server, SERVICE_KEY).rpc("rpc_refuse", { p_reason: "x", p_extra: 1 });
    const missingKey = await client(server, SERVICE_KEY).rpc("rpc_refuse", {});

    expect(unknownKey.status).toBe(404);
    expect(unknownKey.error).toMatchObject({
      code: "PGRST202",
      message: "Could not find the function public.rpc_refuse(p_extra, p_reason) in the schema cache",
    });
    expect(missingKey.status).toBe(404);
  });

  it("answers a raised exception (P0001) with 400 and its message, detail and hint", async () => {
    const { data, error, status } = await client(server, SERVICE_KEY).rpc("rpc_refuse", { p_reason: "nope" });

    expect(status).toBe(400);
    expect(data).toBeNull();
    expect(error).toEqual({
      code: "P0001",
      message: "refused: nope",
      details: "the detail",
      hint: "the hint",
    });
  });

  it("maps a unique violation to 409 and a write from a stable function (read-only transaction) to 405", async () => {
    const service = client(server, SERVICE_KEY);
    const first = await service.rpc("rpc_remember", { p_label: "only-once" });
    const again = await service.rpc("rpc_remember", { p_label: "only-once" });
    const sneaky = await service.rpc("rpc_sneaky_write");

    expect(first).toMatchObject({ status: 200, error: null });
    expect(again.status).toBe(409);
    expect(again.error).toMatchObject({ code: "23505" });
    expect(sneaky.status).toBe(405);
    expect(sneaky.error).toMatchObject({ code: "25006" });
  });

  it("counts each request with its function, role and status", async () => {
    const before = server.requests.length;

    await client(server, USER_KEY).rpc("rpc_locked");
    await client(server, SERVICE_KEY).rpc("rpc_locked");

    expect(server.requests.slice(before)).toEqual([
      { fn: "rpc_locked", role: "authenticated", status: 403 },
      { fn: "rpc_locked", role: "service_role", status: 200 },
    ]);
  });

  it("answers 503 PGRST000 when the database cannot be reached", async () => {
    const port = await closedPort();
    const down = await startRpcServer({
      databaseUrl: `postgres://postgres@127.0.0.1:${port}/nowhere`,
      keys: { [SERVICE_KEY]: "service_role" },
    });
    try {
      const { error, status } = await client(down, SERVICE_KEY).rpc("rpc_locked");

      expect(status).toBe(503);
      expect(error).toMatchObject({ code: "PGRST000" });
    } finally {
      await down.close();
    }
  });
});

describe("Supabase roles on the test cluster", () => {
  it("survive concurrent creation and carry Supabase's attributes and memberships", async () => {
    await Promise.all([createSupabaseRoles(), createSupabaseRoles(), createSupabaseRoles()]);

    const admin = createPostgresClient(ADMIN_URL, { max: 1 });
    try {
      const roles = await admin.query(
        `select rolname, rolcanlogin, rolinherit, rolbypassrls,
                pg_has_role('authenticator', oid, 'member') and rolname <> 'authenticator' as in_authenticator
         from pg_roles where rolname in ('anon', 'authenticated', 'service_role', 'authenticator') order by rolname`,
      );
      expect(roles).toEqual([
        {
          rolname: "anon",
          rolcanlogin: false,
          rolinherit: true,
          rolbypassrls: false,
          in_authenticator: true,
        },
        {
          rolname: "authenticated",
          rolcanlogin: false,
          rolinherit: true,
          rolbypassrls: false,
          in_authenticator: true,
        },
        {
          rolname: "authenticator",
          rolcanlogin: true,
          rolinherit: false,
          rolbypassrls: false,
          in_authenticator: false,
        },
        {
          rolname: "service_role",
          rolcanlogin: false,
          rolinherit: true,
          rolbypassrls: true,
          in_authenticator: true,
        },
      ]);
    } finally {
      await admin.close();
    }
  });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
