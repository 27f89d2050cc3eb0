-- resume-watcher, optional: call the tick endpoint from the database.
--
-- WHAT IT DOES
--   Creates watcher.request_processing(p_body jsonb default '{}', p_timeout_ms integer default 30000) returns
--   bigint: reads the endpoint URL and the bearer secret from Supabase Vault and queues
--     POST <resume_watcher_process_url>
--     Authorization: Bearer <resume_watcher_secret>
--     Content-Type: application/json
--     <p_body>                       e.g. {} or {"paths": ["cv/a.pdf"]} or {"limit": 20, "budgetMs": 20000}
--   through pg_net, and returns pg_net's request id. pg_net is asynchronous: the request is only queued here and
--   sent by pg_net's background worker after the calling transaction commits (nothing is sent on rollback); the
--   response lands in net._http_response. A missing or empty secret raises an error that names it.
--   cron_every_minute.sql and instant_processing.sql both call this function.
--
-- PREREQUISITES
--   * The migrations in supabase/migrations are applied (schema watcher exists).
--   * Dashboard → Database → Extensions: enable pg_net (schema `net`). Vault (supabase_vault) is enabled on every
--     Supabase project; if not, enable it on the same page.
--   * The two secrets below exist in Vault. Create them ONCE, by hand, in the SQL editor (or psql), with the real
--     values typed there — never write a real value into this file or any file in the repository:
--
--       select vault.create_secret('https://<site>.netlify.app/api/process', 'resume_watcher_process_url',
--                                  'resume-watcher: tick endpoint (POST)');
--       select vault.create_secret('<WATCHER_SECRET>', 'resume_watcher_secret',
--                                  'resume-watcher: bearer secret of /api/process (same as Netlify WATCHER_SECRET)');
--
--     Rotate (after changing WATCHER_SECRET on Netlify):
--       select vault.update_secret(id, '<new WATCHER_SECRET>')
--       from vault.secrets where name = 'resume_watcher_secret';
--     Check they exist without printing them:
--       select name, created_at, updated_at from vault.secrets where name like 'resume\_watcher\_%';
--
-- HOW TO APPLY
--   SQL editor: paste and run. Or: psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -1 -f vault_secrets.sql
--   Re-running it is harmless (create or replace). Try it once by hand:
--       select watcher.request_processing('{}'::jsonb);          -- returns a request id
--       select id, status_code, content, error_msg, created from net._http_response order by created desc limit 5;
--
-- HOW TO UNDO
--   Remove cron_every_minute.sql and instant_processing.sql first (they call this function), then:
--       drop function if exists watcher.request_processing(jsonb, integer);
--       delete from vault.secrets where name in ('resume_watcher_process_url', 'resume_watcher_secret');
--
-- COST
--   Nothing until called. Each call is one queued HTTP request (one Netlify function invocation running one tick)
--   and one row in net._http_response, which pg_net deletes after its `pg_net.ttl` setting. The bearer secret is
--   decrypted only inside this function; it does sit in pg_net's request queue (net.http_request_queue, readable
--   by the database owner roles only) until the worker sends it.
--
-- SECURITY
--   security definer (runs as its owner, the role applying this file: `postgres` on Supabase), search_path pinned
--   to '' (every name below is schema-qualified). Execute is revoked from PUBLIC, anon, authenticated and
--   service_role and granted to nobody: pg_cron jobs scheduled by `postgres` and the instant-processing trigger
--   (security definer, same owner) are its only callers. The secret never appears in an error message.
--
-- API references (checked against the extensions' sources): pg_net `net.http_post(url text, body jsonb default
-- '{}', params jsonb default '{}', headers jsonb default '{"Content-Type": "application/json"}', timeout_milliseconds
-- integer default 5000) returns bigint` (supabase/pg_net sql/pg_net--0.18.0--0.19.0.sql, unchanged through 0.21.0);
-- Vault `vault.create_secret(new_secret text, new_name text = NULL, new_description text = '', new_key_id uuid =
-- NULL) returns uuid`, `vault.update_secret(secret_id uuid, new_secret text = NULL, ...)` and the view
-- `vault.decrypted_secrets(id, name, description, secret, decrypted_secret, key_id, nonce, created_at, updated_at)`
-- (supabase/vault sql/supabase_vault--0.3.0.sql).

do $$
begin
  if to_regnamespace('watcher') is null or to_regclass('watcher.storage_sources') is null then
    raise exception 'resume-watcher: schema watcher is missing or not up to date: apply supabase/migrations first';
  end if;
  if to_regprocedure('net.http_post(text, jsonb, jsonb, jsonb, integer)') is null then
    raise exception 'resume-watcher: pg_net is not enabled (net.http_post is missing): enable it in the dashboard, '
      'Database → Extensions → pg_net, then run this file again';
  end if;
  if to_regclass('vault.decrypted_secrets') is null then
    raise exception 'resume-watcher: Supabase Vault is not enabled (vault.decrypted_secrets is missing): enable '
      'supabase_vault in Database → Extensions, then run this file again';
  end if;
end
$$;

create or replace function watcher.request_processing(
  p_body jsonb default '{}'::jsonb,
  p_timeout_ms integer default 30000
)
returns bigint
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_body jsonb := coalesce(p_body, '{}'::jsonb);
  v_timeout integer := coalesce(p_timeout_ms, 30000);
  v_url text;
  v_secret text;
  v_missing text[] := '{}';
begin
  if jsonb_typeof(v_body) <> 'object' then
    raise exception using
      errcode = '22023',
      message = format('watcher.request_processing: the body must be a JSON object, not %s', jsonb_typeof(v_body));
  end if;
  if v_timeout < 1 then
    raise exception using errcode = '22023', message = 'watcher.request_processing: p_timeout_ms must be positive';
  end if;

  select nullif(btrim(s.decrypted_secret), '') into v_url
  from vault.decrypted_secrets s where s.name = 'resume_watcher_process_url' limit 1;
  select nullif(btrim(s.decrypted_secret), '') into v_secret
  from vault.decrypted_secrets s where s.name = 'resume_watcher_secret' limit 1;
  if v_url is null then
    v_missing := v_missing || 'resume_watcher_process_url'::text;
  end if;
  if v_secret is null then
    v_missing := v_missing || 'resume_watcher_secret'::text;
  end if;
  if cardinality(v_missing) > 0 then
    raise exception using
      errcode = 'P0002',
      message = case when cardinality(v_missing) = 1
                     then format('resume-watcher: Vault secret "%s" is missing or empty', v_missing[1])
                     else format('resume-watcher: Vault secrets "%s" and "%s" are missing or empty',
                                 v_missing[1], v_missing[2]) end,
      hint = 'Create it with select vault.create_secret(''<value>'', ''<name>'', ''<description>''); '
             'see supabase/optional/vault_secrets.sql';
  end if;
  if v_url !~* '^https?://' then
    raise exception using
      errcode = '22023',
      message = 'resume-watcher: Vault secret "resume_watcher_process_url" is not an http(s) URL',
      hint = 'It should look like https://<site>.netlify.app/api/process';
  end if;

  return net.http_post(
    url := v_url,
    body := v_body,
    headers := jsonb_build_object('Authorization', 'Bearer ' || v_secret, 'Content-Type', 'application/json'),
    timeout_milliseconds := v_timeout
  );
end
$$;

comment on function watcher.request_processing(jsonb, integer) is
  'resume-watcher (supabase/optional/vault_secrets.sql): POST p_body to the Vault secret resume_watcher_process_url '
  'with Authorization: Bearer <resume_watcher_secret> through pg_net; returns the pg_net request id.';

-- Nobody but the owner: not PUBLIC, not the API roles. (Schema watcher's default privileges would otherwise give
-- service_role execute.)
revoke all on function watcher.request_processing(jsonb, integer) from public;
do $$
declare
  v_role text;
begin
  foreach v_role in array array['anon', 'authenticated', 'service_role'] loop
    if exists (select 1 from pg_roles where rolname = v_role) then
      execute format('revoke all on function watcher.request_processing(jsonb, integer) from %I', v_role);
    end if;
  end loop;
end
$$;

