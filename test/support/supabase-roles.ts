import { createPostgresClient } from "../../src/ledger/postgres-client.ts";
import type { SqlExecutor } from "../../src/ledger/sql-client.ts";
import { ADMIN_URL } from "./db.ts";

/**
 * Supabase's API roles on the shared test cluster, as supabase/postgres defines them
 * (migrations/db/init-scripts/00000000000000-initial-schema.sql and later migrations), so the migrations are tested
 * against the privileges a real Supabase project starts with — the very privileges they have to revoke.
 *
 * Reproduced:
 * - roles: anon, authenticated (nologin, no bypassrls), service_role (nologin, bypassrls) — all INHERIT since
 *   20230529180330_alter_api_roles_for_inherit.sql — and authenticator (login, noinherit) granted the three;
 * - role settings PostgREST applies per request: statement_timeout anon 3s, authenticated 8s, authenticator 8s
 *   (20221028101028) and authenticator lock_timeout 8s (20231130133139);
 * - per database: usage on schema public, and default privileges giving anon, authenticated and service_role ALL on
 *   the tables, functions and sequences later created in public by the migrating role. Supabase's init scripts run
 *   as `postgres` (migrate.sh), the role Supabase migrations run as; here the migrating role is whoever connects.
 *
 * Left out: supabase_admin and the other internal roles (and `grant supabase_admin to authenticator`), the
 * `extensions`, auth, storage and realtime schemas, event triggers, the demotion of `postgres` from superuser,
 * and default privileges `for user supabase_admin` (nothing here creates objects as supabase_admin).
 */
export const API_ROLES = ["anon", "authenticated", "service_role"] as const;
export type ApiRole = (typeof API_ROLES)[number];

/**
 * Idempotent and race-safe: roles are cluster-wide and test files run in parallel processes. Every caller runs this
 * in the same database (ADMIN_URL's), where an advisory lock — scoped per database — serialises them; a role created
 * meanwhile by anyone else only raises duplicate_object / unique_violation, which is taken as "exists".
 */
const ENSURE_ROLES_SQL = `
do $$
declare
  v_role record;
  v_setting record;
begin
  perform pg_advisory_xact_lock(hashtext('resume-watcher test: supabase roles'));
  for v_role in
    select * from (values
      ('anon', false, true, false),
      ('authenticated', false, true, false),
      ('service_role', false, true, true),
      ('authenticator', true, false, false)
    ) as r(name, can_login, inherit, bypassrls)
  loop
    begin
      execute format('create role %I', v_role.name);
    exception when duplicate_object or unique_violation then
      null;
    end;
    if not exists (
      select 1 from pg_roles
      where rolname = v_role.name and rolcanlogin = v_role.can_login
        and rolinherit = v_role.inherit and rolbypassrls = v_role.bypassrls
    ) then
      execute format('alter role %I %s %s %s', v_role.name,
        case when v_role.can_login then 'login' else 'nologin' end,
        case when v_role.inherit then 'inherit' else 'noinherit' end,
        case when v_role.bypassrls then 'bypassrls' else 'nobypassrls' end);
    end if;
  end loop;

  for v_role in select unnest(array['anon', 'authenticated', 'service_role']) as name loop
    if not pg_has_role('authenticator', v_role.name, 'member') then
      begin
        execute format('grant %I to authenticator', v_role.name);
      exception when unique_violation then
        null;
      end;
    end if;
  end loop;

  for v_setting in
    select * from (values
      ('anon', 'statement_timeout', '3s'),
      ('authenticated', 'statement_timeout', '8s'),
      ('authenticator', 'statement_timeout', '8s'),
      ('authenticator', 'lock_timeout', '8s')
    ) as s(role_name, name, value)
  loop
    if not exists (
      select 1 from pg_db_role_setting
      where setrole = to_regrole(v_setting.role_name) and setdatabase = 0
        and v_setting.name || '=' || v_setting.value = any (setconfig)
    ) then
      execute format('alter role %I set %s = %L', v_setting.role_name, v_setting.name, v_setting.value);
    end if;
  end loop;
end
$$;`;

/** What Supabase grants in schema public; the default privileges apply to objects the connected role creates later. */
const PUBLIC_SCHEMA_GRANTS_SQL = `
grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;`;

/** Creates (or repairs) the Supabase roles on the cluster behind `adminUrl`. Not memoised: see ensureSupabaseRoles. */
export async function createSupabaseRoles(adminUrl: string = ADMIN_URL): Promise<void> {
  const admin = createPostgresClient(adminUrl, { max: 1 });
  try {
    await admin.exec(ENSURE_ROLES_SQL);
  } finally {
    await admin.close();
  }
}

let rolesEnsured: Promise<void> | null = null;

/** createSupabaseRoles once per process (a failure is not remembered, so the next call retries). */
export function ensureSupabaseRoles(): Promise<void> {
  rolesEnsured ??= createSupabaseRoles().catch((error: unknown) => {
    rolesEnsured = null;
    throw error;
  });
  return rolesEnsured;
}

/**
 * Makes one database Supabase-like: the roles exist and schema public carries Supabase's grants and default
 * privileges. Run it before the migrations, connected as the role that runs them. Dropping and recreating schema
 * public (resetPublicSchema) drops its grants and default privileges too: prepare again afterwards.
 */
export async function prepareSupabaseDatabase(sql: SqlExecutor): Promise<void> {
  await ensureSupabaseRoles();
  await sql.exec(PUBLIC_SCHEMA_GRANTS_SQL);
}
