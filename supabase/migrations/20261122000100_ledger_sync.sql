-- Listing sync: a listing is one full pass over a bucket, possibly spanning many ticks. Each listed page is diffed
-- against resume_files in one set-based call; when the last page is in, rows the listing did not see are removed.
-- A page costs one index probe per object and writes only new and changed rows: an incremental pass over an
-- unchanged 100,000-object bucket takes ~0.9 s on PostgreSQL 15 (2 cores; a version that stamped every unchanged
-- row took 2.0-2.3 s, and up to 10 s with stale plans). Which paths a listing saw is kept as one row per page in
-- watcher_listing_pages and diffed once by finish_listing.
--
-- Concurrency: every function here first locks the bucket's checkpoint row, so syncs of one bucket run one at a
-- time and always take their locks in the same order (checkpoint, then files): no deadlocks between ticks.

-- `folder/` form of a listing prefix ('' = the whole bucket), as the Bucket port gives it; slashes are trimmed so
-- "cv", "/cv/" and "cv/" are one folder. Internal helper.
create or replace function watcher.folder_prefix(p_prefix text)
returns text
language sql
immutable
set search_path = watcher
as $$
  select case when coalesce(trim(both '/' from p_prefix), '') = '' then '' else trim(both '/' from p_prefix) || '/' end;
$$;

-- Current checkpoint of a bucket listed under p_prefix, created with a fresh listing id when missing. A listing in
-- progress under another prefix is dropped (new listing id, no cursor, its pages deleted): its cursor means
-- nothing in this folder and its pages prove nothing about it, so finishing it could remove files still there.
-- Listing ids are per bucket, so a tick still paging the old prefix is then stale (neither recorded nor finished).
-- Returns {cursor, listing_id}.
create or replace function public.get_checkpoint(p_bucket text, p_prefix text default '')
returns jsonb
language plpgsql
security invoker
set search_path = watcher
as $$
declare
  v_prefix text := folder_prefix(p_prefix);
  v_checkpoint watcher_checkpoints;
begin
  insert into watcher_checkpoints (bucket, listing_id, prefix) values (p_bucket, gen_random_uuid(), v_prefix)
  on conflict (bucket) do nothing;
  v_checkpoint := lock_checkpoint(p_bucket);
  if v_checkpoint.prefix is distinct from v_prefix then
    delete from watcher_listing_pages where bucket = p_bucket;
    update watcher_checkpoints
    set listing_id = gen_random_uuid(), prefix = v_prefix, cursor = null, updated_at = now()
    where bucket = p_bucket
    returning * into v_checkpoint;
  end if;
  return jsonb_build_object('cursor', v_checkpoint.cursor, 'listing_id', v_checkpoint.listing_id);
end
$$;

-- Locks (creating if needed) the checkpoint row of a bucket and returns it. Internal helper.
create or replace function watcher.lock_checkpoint(p_bucket text)
returns watcher.watcher_checkpoints
language plpgsql
security invoker
set search_path = watcher
as $$
declare
  v_checkpoint watcher_checkpoints;
begin
  insert into watcher_checkpoints (bucket, listing_id) values (p_bucket, gen_random_uuid())
  on conflict (bucket) do nothing;
  select * into v_checkpoint from watcher_checkpoints where bucket = p_bucket for update;
  return v_checkpoint;
end
$$;

-- One listed page. p_objects is a jsonb array of {path, etag, size} (extra keys ignored; duplicates: last wins).
--   new path                           -> inserted pending, attempts 0, due now
--   etag or size changed, or reappears -> pending again: attempts reset, error, lease and content hash cleared
--   unchanged                          -> not written at all
-- While p_listing_id is the bucket's current listing, the page's paths are recorded for finish_listing and
-- p_next_cursor is saved; a stale tick's page is diffed but neither recorded nor allowed to rewind the cursor.
-- Returns {new, changed, unchanged, checkpoint_saved}.
--
-- Each path is matched by a `lateral … limit 1` probe of the (bucket, path) index and changed rows are updated by
-- primary key, so the cost follows the page size even without statistics; custom plans are forced so a plan made
-- while the table was small is never reused on a big one.
create or replace function public.sync_page(
  p_bucket text,
  p_listing_id uuid,
  p_objects jsonb,
  p_next_cursor text default null
)
returns jsonb
language plpgsql
security invoker
set search_path = watcher
set plan_cache_mode = force_custom_plan
as $$
declare
  v_current boolean := (lock_checkpoint(p_bucket)).listing_id = p_listing_id;
  v_listed integer;
  v_new integer;
  v_changed integer;
begin
  with listed as (
    select distinct on (o.path) o.path, o.etag, greatest(coalesce(o.size, 0), 0) as size
    from rows from (jsonb_to_recordset(coalesce(p_objects, '[]'::jsonb)) as (path text, etag text, size bigint))
      with ordinality as o(path, etag, size, n)
    where coalesce(o.path, '') <> ''
    order by o.path, o.n desc
  ),
  matched as (
    select l.path, l.etag, l.size, f.id,
           (f.etag is distinct from l.etag or f.size <> l.size or f.status = 'removed') as changed
    from listed l
    left join lateral (
      select id, etag, size, status from resume_files where bucket = p_bucket and path = l.path limit 1
    ) f on true
  ),
  -- The change test is repeated on the row's current version, so a concurrent change is never applied twice.
  changed as (
    update resume_files f
    set etag = m.etag, size = m.size, status = 'pending', attempts = 0, next_attempt_at = now(),
        lease_token = null, lease_owner = null, lease_expires_at = null,
        last_error_code = null, last_error_message = null, content_hash = null, done_at = null,
        last_seen_listing = p_listing_id, queued_at = now(), updated_at = now()
    from matched m
    where m.changed and f.id = m.id
      and (f.etag is distinct from m.etag or f.size <> m.size or f.status = 'removed')
    returning 1
  ),
  inserted as (
    insert into resume_files (bucket, path, etag, size, last_seen_listing)
    select p_bucket, m.path, m.etag, m.size, p_listing_id
    from matched m
    where m.id is null
    on conflict (bucket, path) do nothing
    returning 1
  ),
  page as (
    insert into watcher_listing_pages (bucket, listing_id, paths)
    select p_bucket, p_listing_id, array_agg(l.path)
    from listed l
    where v_current
    having count(*) > 0
    returning 1
  )
  -- (page runs although nothing reads it: data-modifying CTEs always run to completion.)
  select (select count(*) from listed), (select count(*) from inserted), (select count(*) from changed)
  into v_listed, v_new, v_changed;

  if v_current then
    update watcher_checkpoints set cursor = p_next_cursor, updated_at = now() where bucket = p_bucket;
  end if;

  return jsonb_build_object('new', v_new, 'changed', v_changed, 'unchanged', v_listed - v_new - v_changed,
                            'checkpoint_saved', v_current);
end
$$;

-- After the last page of listing p_listing_id under p_prefix: files of the bucket under that prefix whose path no
-- page of it recorded become removed (lease cleared: a completion still in flight is then fenced out); files
-- outside the prefix are never touched, as the listing says nothing about them. A listing that saw no object at
-- all under a non-empty prefix removes nothing either (a mistyped prefix and an emptied folder look the same; the
-- tick warns instead). Then the recorded pages are dropped and the checkpoint starts a new listing with no cursor.
-- Does nothing when p_listing_id is no longer the current listing (another tick finished it first, or
-- get_checkpoint restarted it under another prefix) or p_prefix is not the prefix it was started with.
-- Returns {removed, finished, empty}; empty = the listing saw no object.
--
-- Nested loops are off: right after a bulk insert the statistics say the bucket has ~1 row and the anti-join below
-- became a nested loop growing with the square of the listing (9.1 s for 10,000 objects; 0.12-0.23 s hashed).
create or replace function public.finish_listing(p_bucket text, p_listing_id uuid, p_prefix text default '')
returns jsonb
language plpgsql
security invoker
set search_path = watcher
set plan_cache_mode = force_custom_plan
set enable_nestloop = off
as $$
declare
  v_prefix text := folder_prefix(p_prefix);
  v_checkpoint watcher_checkpoints := lock_checkpoint(p_bucket);
  v_empty boolean;
  v_removed integer := 0;
begin
  if v_checkpoint.listing_id is distinct from p_listing_id or v_checkpoint.prefix is distinct from v_prefix then
    return jsonb_build_object('removed', 0, 'finished', false, 'empty', false);
  end if;
  v_empty := not exists (
    select 1 from watcher_listing_pages p where p.bucket = p_bucket and p.listing_id = p_listing_id
  );

  if not (v_empty and v_prefix <> '') then
    with seen as (
      select distinct s.path
      from watcher_listing_pages p
      cross join lateral unnest(p.paths) as s(path)
      where p.bucket = p_bucket and p.listing_id = p_listing_id
    )
    update resume_files f
    set status = 'removed', lease_token = null, lease_owner = null, lease_expires_at = null, updated_at = now()
    where f.bucket = p_bucket and f.status <> 'removed' and starts_with(f.path, v_prefix)
      and not exists (select 1 from seen where seen.path = f.path);
    get diagnostics v_removed = row_count;
  end if;

  -- Pages of older listings (written before a crash, say) are garbage too.
  delete from watcher_listing_pages where bucket = p_bucket;
  update watcher_checkpoints
  set listing_id = gen_random_uuid(), cursor = null, updated_at = now()
  where bucket = p_bucket;

  return jsonb_build_object('removed', v_removed, 'finished', true, 'empty', v_empty);
end
$$;
