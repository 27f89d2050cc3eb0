import type { SqlClient } from "../../src/ledger/sql-client.ts";

/**
 * supabase/optional/*.sql (applied by hand on a Supabase project) against a real Postgres. pg_net, pg_cron and
 * Vault are not installed here: the stubs below reproduce the signatures the files call, as the extensions define
 * them, and record each call in a table instead of acting on it.
 *
 * - Vault (supabase/vault sql/supabase_vault--0.3.0.sql): table vault.secrets, view vault.decrypted_secrets with
 *   the same columns (no encryption: decrypted_secret = secret), vault.create_secret(new_secret text, new_name text
 *   = NULL, new_description text = '', new_key_id uuid = NULL) returns uuid, vault.update_secret(...).
 * - pg_net (supabase/pg_net sql/pg_net--0.18.0--0.19.0.sql, unchanged through 0.21.0): net.http_post(url text, body
 *   jsonb = '{}', params jsonb = '{}', headers jsonb = '{"Content-Type": "application/json"}', timeout_milliseconds
 *   integer = 5000) returns bigint, with its Content-Type check; net._http_response with its columns.
 * - pg_cron (citusdata/pg_cron, the signatures pg_cron--1.5--1.6.sql grants): cron.schedule(job_name text, schedule
 *   text, command text) returns bigint (a job of the same name is updated in place, as pg_cron's README shows),
 *   cron.schedule(schedule text, command text), cron.unschedule(job_name text) / (job_id bigint) returns boolean,
 *   raising "could not find valid entry for job" when there is none.
 */
export const VAULT_STUB = `
create schema vault;
create table vault.secrets (
  id uuid primary key default gen_random_uuid(),
  name text,
  description text not null default '',
  secret text not null,
  key_id uuid,
  nonce bytea,
  created_at timestamptz not null default current_timestamp,
  updated_at timestamptz not null default current_timestamp
);
create unique index on vault.secrets (name) where name is not null;
create view vault.decrypted_secrets as
  select s.id, s.name, s.description, s.secret, s.secret as decrypted_secret, s.key_id, s.nonce,
         s.created_at, s.updated_at
  from vault.secrets s;
create function vault.create_secret(new_secret text, new_name text = null, new_description text = '',
                                    new_key_id uuid = null)
returns uuid language sql set search_path = '' as $$
  insert into vault.secrets (secret, name, description) values (new_secret, new_name, new_description) returning id
$$;
create function vault.update_secret(secret_id uuid, new_secret text = null, new_name text = null,
                                    new_description text = null, new_key_id uuid = null)
returns void language sql set search_path = '' as $$
  update vault.secrets s
  set secret = coalesce(new_secret, s.secret), name = coalesce(new_name, s.name),
      description = coalesce(new_description, s.description), updated_at = now()
  where s.id = secret_id
$$;`;

export const NET_STUB = `
drop schema if exists net cascade;
create schema net;
create table net.stub_requests (
  id bigint generated always as identity primary key,
  url text,
  body jsonb,
  params jsonb,
  headers jsonb,
  timeout_milliseconds integer
);
create table net._http_response (
  id bigint, status_code integer, content_type text, headers jsonb, content text, timed_out bool, error_msg text,
  created timestamptz not null default now()
);
create function net.http_post(
  url text,
  body jsonb default '{}'::jsonb,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{"Content-Type": "application/json"}'::jsonb,
  timeout_milliseconds integer default 5000
)
returns bigint language plpgsql as $$
#variable_conflict use_variable
declare
  content_type text;
  request_id bigint;
begin
  select r.header_value into content_type
  from jsonb_each_text(coalesce(headers, '{}'::jsonb)) r(header_name, header_value)
  where lower(r.header_name) = 'content-type' limit 1;
  if content_type is null then
    headers := headers || '{"Content-Type": "application/json"}'::jsonb;
  end if;
  if content_type <> 'application/json' then
    raise exception 'Content-Type header must be "application/json"';
  end if;
  insert into net.stub_requests (url, body, params, headers, timeout_milliseconds)
  values (url, body, params, headers, timeout_milliseconds)
  returning id into request_id;
  return request_id;
end
$$;`;

export const CRON_STUB = `
create schema cron;
create table cron.job (
  jobid bigserial primary key,
  schedule text not null,
  command text not null,
  nodename text not null default 'localhost',
  nodeport integer not null default 5432,
  database text not null default current_database(),
  username text not null default current_user,
  active boolean not null default true,
  jobname text unique
);
create table cron.job_run_details (
  jobid bigint, runid bigserial primary key, job_pid integer, database text, username text, command text,
  status text, return_message text, start_time timestamptz, end_time timestamptz
);
create table cron.stub_calls (id bigint generated always as identity primary key, fn text not null, job text);
create function cron.schedule(job_name text, schedule text, command text)
returns bigint language sql as $$
  insert into cron.stub_calls (fn, job) values ('schedule', job_name);
  insert into cron.job (jobname, schedule, command) values (job_name, schedule, command)
  on conflict (jobname) do update set schedule = excluded.schedule, command = excluded.command
  returning jobid;
$$;
create function cron.schedule(schedule text, command text)
returns bigint language sql as $$
  insert into cron.job (schedule, command) values (schedule, command) returning jobid;
$$;
create function cron.unschedule(job_name text)
returns boolean language plpgsql strict as $$
begin
  insert into cron.stub_calls (fn, job) values ('unschedule', job_name);
  delete from cron.job where jobname = job_name;
  if not found then
    raise exception 'could not find valid entry for job ''%''', job_name;
  end if;
  return true;
end
$$;
create function cron.unschedule(job_id bigint)
returns boolean language plpgsql strict as $$
begin
  delete from cron.job where jobid = job_id;
  if not found then
    raise exception 'could not find valid entry for job %', job_id;
  end if;
  return true;
end
$$;`;

export const URL_VALUE = "https://resume-watcher-test.netlify.app/api/process";
export const SECRET_VALUE = "test-watcher-secret-0123456789";

export interface StubRequest {
  id: string;
  url: string;
  body: unknown;
  params: unknown;
  headers: Record<string, string>;
  timeout_milliseconds: number;
}

export interface ProcessingState {
  bucket: string;
  requests: string;
  last_request_path: string | null;
  last_error: string | null;
  errors: string;
}

export async function createSecrets(sql: SqlClient): Promise<void> {
  await sql.exec("delete from vault.secrets");
  // As vault_secrets.sql tells the operator to do it.
  await sql.query(
    "select vault.create_secret($1, 'resume_watcher_process_url', 'resume-watcher: tick endpoint')",
    [URL_VALUE],
  );
  await sql.query(
    "select vault.create_secret($1, 'resume_watcher_secret', 'resume-watcher: bearer secret')",
    [SECRET_VALUE],
  );
}

export const requests = (sql: SqlClient) =>
  sql.query<StubRequest>("select * from net.stub_requests order by id");
export const requestBodies = async (sql: SqlClient) => (await requests(sql)).map((r) => r.body);
