-- Sync straight from Supabase Storage's own table, when the ledger lives in the same database: `storage.objects`
-- is diffed against resume_files in one statement (no listing over HTTP), and a trigger on it queues uploads,
-- overwrites, renames and deletes the moment they happen. On plain PostgreSQL and PGlite there is no
-- storage.objects: the functions answer {available: false}, no trigger is installed, and the tick lists over HTTP.
--
-- The bucket id is used as resume_files.bucket, as the HTTP listing does, so both paths keep one set of rows.

-- Sources (bucket + prefix) a tick has synced from storage.objects: the upload trigger acts only on these.
-- reconciled_at: when the last full diff ran (null: never after registration; see sync_from_storage).
create table if not exists watcher.storage_sources (
  bucket text not null,
  prefix text not null,
  registered_at timestamptz not null default now(),
  reconciled_at timestamptz,
  primary key (bucket, prefix)
);
alter table watcher.storage_sources enable row level security;

-- What the upload trigger could not record (it never fails an upload): a row here makes the next tick run a full
-- diff, which repairs whatever was missed. Cleared by that diff.
create table if not exists watcher.storage_trigger_failures (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  bucket text,
  path text,
  operation text,
  sqlstate text,
  message text
);
alter table watcher.storage_trigger_failures enable row level security;

-- `folder/` form of a prefix ('' = whole bucket), and the LIKE pattern matching every key under it.
create or replace function watcher.prefix_pattern(p_prefix text)
returns text
language sql
immutable
set search_path = watcher
as $$
  select replace(replace(replace(
           case when coalesce(trim(both '/' from p_prefix), '') = '' then ''
                else trim(both '/' from p_prefix) || '/' end,
           '\', '\\'), '%', '\%'), '_', '\_') || '%';
$$;

-- Whether key p_name is a resume candidate under p_prefix (folder placeholders the dashboard creates are not).
-- The upload trigger's test, one key at a time; diff_storage_objects writes the same test out inline.
create or replace function watcher.is_watched_key(p_name text, p_prefix text)
returns boolean
language sql
immutable
set search_path = watcher
as $$
  select p_name like prefix_pattern(p_prefix)
     and p_name not like '%/' and p_name <> '.emptyFolderPlaceholder'
     and p_name not like '%/.emptyFolderPlaceholder';
$$;

-- The whole diff of one bucket + prefix against storage.objects (objects without metadata are uploads still in
-- flight: neither queued nor removed). Same rules as sync_page: new -> pending; etag/size changed or back from
-- removed -> pending with attempts reset; present in the ledger but not in storage -> removed. Only rows under
-- the prefix are ever removed. Returns {listed, new, changed, removed}. Internal helper.
--
-- Measured (BENCHMARKS.md, storage-sync): the key filter is written out here rather than calling is_watched_key(),
-- which Postgres cannot inline (it has its own search_path) and ran once per object: 1.2 s of a 1.45 s incremental
-- diff of 100,000 objects. Nested loops are off: for a bucket the table statistics do not know yet (ANALYZE ran
-- before its bulk upload) the planner expects ~1 row and picks a nested loop for the removal anti-join, which then
-- grows with the square of the object count (1.19 s at 5,000 objects; 14 ms with hash joins).
create or replace function watcher.diff_storage_objects(p_bucket text, p_prefix text, p_priority integer)
returns jsonb
language plpgsql
set search_path = watcher
set plan_cache_mode = force_custom_plan
set enable_nestloop = off
as $$
declare
  v_pattern text := prefix_pattern(p_prefix);
  v_listed integer;
  v_new integer;
  v_changed integer;
  v_removed integer;
begin
  create temporary table if not exists storage_listing (path text primary key, etag text, size bigint)
    on commit drop;
  truncate storage_listing;
  insert into storage_listing (path, etag, size)
  select o.name, o.metadata ->> 'eTag', greatest(coalesce((o.metadata ->> 'size')::bigint, 0), 0)
  from storage.objects o
  where o.bucket_id = p_bucket and o.metadata is not null
    and o.name like v_pattern and o.name not like '%/' and o.name <> '.emptyFolderPlaceholder'
    and o.name not like '%/.emptyFolderPlaceholder';
  get diagnostics v_listed = row_count;
  analyze storage_listing;

  with changed as (
    update resume_files f
    set etag = l.etag, size = l.size, status = 'pending', attempts = 0, next_attempt_at = now(),
        priority = greatest(f.priority, p_priority),
        lease_token = null, lease_owner = null, lease_expires_at = null,
        last_error_code = null, last_error_message = null, content_hash = null, done_at = null,
        queued_at = now(), updated_at = now()
    from storage_listing l
    where f.bucket = p_bucket and f.path = l.path
      and (f.etag is distinct from l.etag or f.size <> l.size or f.status = 'removed')
    returning 1
  )
  select count(*) into v_changed from changed;

  with inserted as (
    insert into resume_files (bucket, path, etag, size, priority)
    select p_bucket, l.path, l.etag, l.size, p_priority
    from storage_listing l
    where not exists (select 1 from resume_files f where f.bucket = p_bucket and f.path = l.path)
    on conflict (bucket, path) do nothing
    returning 1
  )
  select count(*) into v_new from inserted;

  update resume_files f
  set status = 'removed', lease_token = null, lease_owner = null, lease_expires_at = null, updated_at = now()
  where f.bucket = p_bucket and f.status <> 'removed' and f.path like v_pattern
    and not exists (select 1 from storage.objects o where o.bucket_id = p_bucket and o.name = f.path);
  get diagnostics v_removed = row_count;

  return jsonb_build_object('listed', v_listed, 'new', v_new, 'changed', v_changed, 'removed', v_removed);
end
$$;

-- A tick's sync when the ledger shares the database with Storage. Returns one of
--   {available: false}                                  no storage.objects here: list over HTTP instead
--   {available: true, bucket_exists: false}             no such bucket: a configuration error
--   {available: true, bucket_exists: true, mode, listed, new, changed, removed}
-- mode 'trigger': the upload trigger has queued every change since the last full diff, which is younger than
-- p_reconcile_after_s (default 3600 s) with no trigger failure since: nothing to do. mode 'full': the whole diff
-- ran. The first diff after a source is registered is never trusted alone (an upload committing while it ran may
-- have been missed by both it and the trigger), so the next tick diffs once more before trusting the trigger.
create or replace function public.sync_from_storage(
  p_bucket text,
  p_prefix text default '',
  p_reconcile_after_s integer default 3600
)
returns jsonb
language plpgsql
security invoker
set search_path = watcher
as $$
declare
  v_prefix text := coalesce(trim(both '/' from p_prefix), '');
  v_source storage_sources;
  v_trusted boolean;
  v_result jsonb;
begin
  if to_regclass('storage.objects') is null or to_regclass('storage.buckets') is null then
    return jsonb_build_object('available', false);
  end if;
  if not exists (select 1 from storage.buckets b where b.id = p_bucket) then
    return jsonb_build_object('available', true, 'bucket_exists', false);
  end if;
  -- Serialises with sync_page / finish_listing of the same bucket (same lock order: checkpoint, then files).
  perform lock_checkpoint(p_bucket);

  insert into storage_sources (bucket, prefix) values (p_bucket, v_prefix) on conflict do nothing;
  select * into v_source from storage_sources where bucket = p_bucket and prefix = v_prefix for update;
  v_trusted := v_source.reconciled_at is not null
    and v_source.reconciled_at > now() - make_interval(secs => greatest(coalesce(p_reconcile_after_s, 0), 0))
    and (select count(*) from pg_trigger where tgrelid = 'storage.objects'::regclass
         and tgname like 'resume\_watcher\_object\_%' and tgenabled <> 'D') = 3
    and not exists (select 1 from storage_trigger_failures where at >= v_source.reconciled_at);
  if v_trusted then
    return jsonb_build_object('available', true, 'bucket_exists', true, 'mode', 'trigger',
                              'listed', 0, 'new', 0, 'changed', 0, 'removed', 0);
  end if;

  v_result := diff_storage_objects(p_bucket, v_prefix, 0);
  -- Registered in an earlier transaction: this diff saw everything the trigger might have missed before it.
  update storage_sources
  set reconciled_at = case when registered_at < transaction_timestamp() then transaction_timestamp() end
  where bucket = p_bucket and prefix = v_prefix;
  delete from storage_trigger_failures where at < transaction_timestamp();
  return v_result || jsonb_build_object('available', true, 'bucket_exists', true, 'mode', 'full');
end
$$;


-- The upload trigger. Uploads may come from any role (a recruiter's browser as `authenticated`, the dashboard, the
-- Storage server as service_role), none of which may write the ledger: the function runs as its owner (security
-- definer, fixed search_path). It acts only on keys under a registered source, queues new and changed objects with
-- a high priority (UPLOAD_PRIORITY = 10: ahead of the backlog, so an upload is parsed on the next tick) and marks
-- deleted or renamed-away objects removed. It must never fail an upload: any error is swallowed and recorded in
-- storage_trigger_failures, which makes the next tick run a full diff.
create or replace function watcher.queue_storage_upload(p_bucket text, p_name text, p_metadata jsonb)
returns void
language sql
set search_path = watcher
as $$
  insert into resume_files as f (bucket, path, etag, size, priority)
  select p_bucket, p_name, p_metadata ->> 'eTag',
         greatest(coalesce((p_metadata ->> 'size')::bigint, 0), 0), 10
  where p_metadata is not null
    and exists (select 1 from storage_sources s where s.bucket = p_bucket and is_watched_key(p_name, s.prefix))
  on conflict (bucket, path) do update
  set etag = excluded.etag, size = excluded.size, status = 'pending', attempts = 0, next_attempt_at = now(),
      priority = greatest(f.priority, excluded.priority),
      lease_token = null, lease_owner = null, lease_expires_at = null,
      last_error_code = null, last_error_message = null, content_hash = null, done_at = null,
      queued_at = now(), updated_at = now()
  where f.etag is distinct from excluded.etag or f.size <> excluded.size or f.status = 'removed';
$$;

create or replace function watcher.queue_storage_removal(p_bucket text, p_name text)
returns void
language sql
set search_path = watcher
as $$
  update resume_files
  set status = 'removed', lease_token = null, lease_owner = null, lease_expires_at = null, updated_at = now()
  where bucket = p_bucket and path = p_name and status <> 'removed'
    and exists (select 1 from storage_sources s where s.bucket = p_bucket and is_watched_key(p_name, s.prefix));
$$;

create or replace function watcher.on_storage_object_change()
returns trigger
language plpgsql
security definer
set search_path = watcher
as $$
declare
  v_state text;
  v_message text;
begin
  begin
    if tg_op = 'DELETE' then
      perform queue_storage_removal(old.bucket_id, old.name);
    elsif tg_op = 'UPDATE' then
      if old.bucket_id is distinct from new.bucket_id or old.name is distinct from new.name then
        perform queue_storage_removal(old.bucket_id, old.name);
      end if;
      perform queue_storage_upload(new.bucket_id, new.name, new.metadata);
    else
      perform queue_storage_upload(new.bucket_id, new.name, new.metadata);
    end if;
  exception when others then
    get stacked diagnostics v_state = returned_sqlstate, v_message = message_text;
    begin
      insert into storage_trigger_failures (bucket, path, operation, sqlstate, message)
      values (case when tg_op = 'DELETE' then old.bucket_id else new.bucket_id end,
              case when tg_op = 'DELETE' then old.name else new.name end, tg_op, v_state, left(v_message, 500));
    exception when others then
      null; -- the ledger itself is unusable; the reconciliation every p_reconcile_after_s repairs it
    end;
  end;
  return null;
end
$$;

-- Installed only where Supabase Storage is (its table exists); plain PostgreSQL and PGlite skip this.
do $$
begin
  if to_regclass('storage.objects') is null then
    return;
  end if;
  drop trigger if exists resume_watcher_object_insert on storage.objects;
  drop trigger if exists resume_watcher_object_update on storage.objects;
  drop trigger if exists resume_watcher_object_delete on storage.objects;
  create trigger resume_watcher_object_insert after insert on storage.objects
    for each row execute function watcher.on_storage_object_change();
  -- Only real changes: reads that touch last_accessed_at never reach the function.
  create trigger resume_watcher_object_update after update of bucket_id, name, metadata on storage.objects
    for each row
    when (old.bucket_id is distinct from new.bucket_id or old.name is distinct from new.name
          or (old.metadata ->> 'eTag') is distinct from (new.metadata ->> 'eTag')
          or (old.metadata ->> 'size') is distinct from (new.metadata ->> 'size'))
    execute function watcher.on_storage_object_change();
  create trigger resume_watcher_object_delete after delete on storage.objects
    for each row execute function watcher.on_storage_object_change();
end
$$;

select watcher.lock_down_api();
