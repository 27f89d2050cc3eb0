-- resume-watcher, optional: process an upload seconds after it lands (storage.objects → pg_net → /api/process).
--
-- WHAT IT DOES
--   Adds two triggers of its own on storage.objects, next to (and independent of) the migrations'
--   resume_watcher_object_* triggers, which keep queueing every upload in watcher.resume_files as before:
--     resume_watcher_process_on_insert   AFTER INSERT, when the row has metadata (the upload is complete)
--     resume_watcher_process_on_update   AFTER UPDATE of bucket_id/name/metadata, when the row has metadata and its
--                                        key, eTag or size changed (an overwrite, a move, a resumable upload that
--                                        just completed)
--   Both run watcher.on_storage_upload_request_processing(), which, for an object under a watched source
--   (watcher.storage_sources, registered by the first tick's sync; see watcher.is_watched_key), calls
--       watcher.request_processing('{"paths": ["<object key>"]}')
--   i.e. asks the endpoint for a tick that processes that file now. pg_net only queues the request inside the
--   upload's transaction and sends it after commit, so the upload never waits for, or fails because of, the HTTP
--   call; an upload that rolls back sends nothing.
--
-- DEBOUNCE (why a bulk upload of 500 files does not fire 500 requests)
--   At most one request per bucket per 10 seconds (the trigger argument '10' below; change it and re-run the file).
--   The first upload after a quiet period fires at once; uploads within the next 10 s send nothing: the
--   migrations' trigger has already queued them (priority 10, ahead of the backlog), so whichever tick runs next
--   processes them: the one the first request started if it is still claiming, the next window's request, the
--   every-minute cron job (cron_every_minute.sql) or the Netlify 5-minute schedule. So a 500-file upload spread
--   over two minutes costs about 12 requests, and the ticks they start overlap safely (files are claimed with
--   FOR UPDATE SKIP LOCKED under leases). The last uploads of a burst wait for the next tick: within a minute with
--   cron_every_minute.sql, five without it.
--   State lives in one row per bucket in watcher.instant_processing_state. Most uploads of a burst only read it
--   (no lock); the one that opens a new window locks it with SKIP LOCKED, so concurrent uploads never wait on one
--   another (the only possible wait, two first-ever uploads of a bucket creating its row at once, is capped by the
--   function's lock_timeout of 200 ms). An attempt that fails also closes the window, so a misconfiguration costs
--   one failure per window.
--
-- IT NEVER FAILS AN UPLOAD
--   Every error (pg_net disabled, a Vault secret missing, this file's table dropped) is caught. It is recorded in
--   watcher.instant_processing_state (last_error, last_error_at, errors) rather than in
--   watcher.storage_trigger_failures: nothing was lost (the migrations' trigger queued the file, and a scheduled
--   tick processes it), whereas a row in storage_trigger_failures would force a full diff of the bucket on the
--   next tick. If even that record fails, the error is ignored.
--
-- PREREQUISITES
--   * supabase/migrations applied on the Supabase project (storage.objects has the resume_watcher_object_*
--     triggers).
--   * vault_secrets.sql applied and its two Vault secrets created; pg_net enabled (Database → Extensions).
--   * One tick has run against the bucket (it registers the bucket in watcher.storage_sources); until then this
--     trigger ignores every upload.
--   * Run as `postgres` (the SQL editor's role): the trigger function runs as its owner.
--
-- HOW TO APPLY
--   SQL editor: paste and run. Or: psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -1 -f instant_processing.sql
--   Re-running it is harmless. Check:
--     select * from watcher.instant_processing_state;      -- last request per bucket, last error
--     select id, status_code, error_msg, left(content, 300), created from net._http_response
--     order by created desc limit 10;
--
-- HOW TO UNDO
--   drop trigger if exists resume_watcher_process_on_insert on storage.objects;
--   drop trigger if exists resume_watcher_process_on_update on storage.objects;
--   drop function if exists watcher.on_storage_upload_request_processing();
--   drop table if exists watcher.instant_processing_state;
--
-- COST
--   Per upload of a watched object: one indexed lookup in watcher.storage_sources and one in the state table, plus a
--   savepoint (the error guard). Per window of 10 s with uploads: one HTTP request (one Netlify invocation, one
--   tick) and one net._http_response row. Uploads outside watched sources, and in-flight uploads without metadata,
--   stop at the trigger's WHEN clause or the first lookup.

do $$
begin
  if to_regclass('storage.objects') is null then
    raise exception 'resume-watcher: storage.objects is missing: this file is for a Supabase project (Storage)';
  end if;
  if to_regclass('watcher.storage_sources') is null
     or to_regprocedure('watcher.is_watched_key(text, text)') is null then
    raise exception 'resume-watcher: watcher.storage_sources is missing: apply supabase/migrations first';
  end if;
  if to_regprocedure('watcher.request_processing(jsonb, integer)') is null then
    raise exception 'resume-watcher: watcher.request_processing is missing: apply '
      'supabase/optional/vault_secrets.sql first';
  end if;
end
$$;

-- One row per bucket: when the last request was attempted (the debounce window), what it was, the last error.
create table if not exists watcher.instant_processing_state (
  bucket text primary key,
  last_attempt_at timestamptz,
  last_request_id bigint,
  last_request_path text,
  requests bigint not null default 0,
  last_error_at timestamptz,
  last_error text,
  errors bigint not null default 0
);
alter table watcher.instant_processing_state enable row level security;
revoke all on table watcher.instant_processing_state from public;

create or replace function watcher.on_storage_upload_request_processing()
returns trigger
language plpgsql
security definer
set search_path = ''
-- Bounds the one wait left (two first-ever uploads of a bucket racing to create its state row); the resulting
-- error is caught like any other. Applies inside this function only.
set lock_timeout = '200ms'
as $$
declare
  v_window interval;
  v_last timestamptz;
  v_request bigint;
  v_state text;
  v_message text;
begin
  begin
    -- Trigger argument: the debounce window in seconds (parsed here, inside the error guard).
    v_window := make_interval(secs => greatest(coalesce(nullif(tg_argv[0], '')::double precision, 10), 0));

    if new.metadata is null or not exists (
      select 1 from watcher.storage_sources s
      where s.bucket = new.bucket_id and watcher.is_watched_key(new.name, s.prefix)
    ) then
      return null;
    end if;

    -- Unlocked read: inside the window (most uploads of a burst) there is nothing to do.
    select st.last_attempt_at into v_last from watcher.instant_processing_state st where st.bucket = new.bucket_id;
    if not found then
      insert into watcher.instant_processing_state (bucket) values (new.bucket_id) on conflict do nothing;
    elsif v_last > clock_timestamp() - v_window then
      return null;
    end if;

    -- Open a new window: lock the row without waiting. Locked by another upload's transaction: that one sends.
    perform 1 from watcher.instant_processing_state st
    where st.bucket = new.bucket_id
      and (st.last_attempt_at is null or st.last_attempt_at <= clock_timestamp() - v_window)
    for update skip locked;
    if not found then
      return null;
    end if;

    v_request := watcher.request_processing(jsonb_build_object('paths', jsonb_build_array(new.name)));
    update watcher.instant_processing_state
    set last_attempt_at = clock_timestamp(), last_request_id = v_request, last_request_path = new.name,
        requests = requests + 1
    where bucket = new.bucket_id;
  exception when others then
    get stacked diagnostics v_state = returned_sqlstate, v_message = message_text;
    begin
      -- Closes the window too (one failure per window), again without waiting for a lock. The row may have gone
      -- with the rolled-back block (the bucket's first upload): then insert it.
      if exists (select 1 from watcher.instant_processing_state st where st.bucket = new.bucket_id) then
        update watcher.instant_processing_state st
        set last_attempt_at = clock_timestamp(), last_error_at = clock_timestamp(),
            last_error = left(v_state || ': ' || v_message, 500), errors = st.errors + 1
        where st.bucket in (select l.bucket from watcher.instant_processing_state l
                            where l.bucket = new.bucket_id for update skip locked);
      else
        insert into watcher.instant_processing_state (bucket, last_attempt_at, last_error_at, last_error, errors)
        values (new.bucket_id, clock_timestamp(), clock_timestamp(), left(v_state || ': ' || v_message, 500), 1)
        on conflict (bucket) do nothing;
      end if;
    exception when others then
      null; -- the state table itself is unusable: nothing lost, the scheduled tick processes the upload
    end;
  end;
  return null;
end
$$;

comment on function watcher.on_storage_upload_request_processing() is
  'resume-watcher (supabase/optional/instant_processing.sql): after an upload under a watched source, asks the '
  'tick endpoint to process it (watcher.request_processing with {"paths": [key]}), at most once per bucket per '
  'window; never fails the upload.';

revoke all on function watcher.on_storage_upload_request_processing() from public;
do $$
declare
  v_role text;
begin
  foreach v_role in array array['anon', 'authenticated', 'service_role'] loop
    if exists (select 1 from pg_roles where rolname = v_role) then
      execute format('revoke all on function watcher.on_storage_upload_request_processing() from %I', v_role);
    end if;
  end loop;
end
$$;

drop trigger if exists resume_watcher_process_on_insert on storage.objects;
drop trigger if exists resume_watcher_process_on_update on storage.objects;
-- The argument is the debounce window in seconds.
create trigger resume_watcher_process_on_insert after insert on storage.objects
  for each row
  when (new.metadata is not null)
  execute function watcher.on_storage_upload_request_processing('10');
create trigger resume_watcher_process_on_update after update of bucket_id, name, metadata on storage.objects
  for each row
  when (new.metadata is not null
        and (old.bucket_id is distinct from new.bucket_id or old.name is distinct from new.name
             or (old.metadata ->> 'eTag') is distinct from (new.metadata ->> 'eTag')
             or (old.metadata ->> 'size') is distinct from (new.metadata ->> 'size')))
  execute function watcher.on_storage_upload_request_processing('10');

