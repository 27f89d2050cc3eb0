-- Listing sync: a listing is one full pass over a bucket, possibly spanning many ticks. Each listed page is diffed
-- against resume_files in one set-based call; when the last page is in, rows the listing did not see are removed.
--
-- Concurrency: every function here first locks the bucket's checkpoint row, so syncs of one bucket run one at a
-- time and always take their locks in the same order (checkpoint, then files): no deadlocks between ticks.

-- Current checkpoint of a bucket, created with a fresh listing id when missing. Returns {cursor, listing_id}.
create or replace function public.get_checkpoint(p_bucket text)
returns jsonb
language plpgsql
security invoker
set search_path = public
as $$
declare
  v_checkpoint watcher_checkpoints;
begin
  insert into watcher_checkpoints (bucket, listing_id) values (p_bucket, gen_random_uuid())
  on conflict (bucket) do nothing;
  select * into v_checkpoint from watcher_checkpoints where bucket = p_bucket;
  return jsonb_build_object('cursor', v_checkpoint.cursor, 'listing_id', v_checkpoint.listing_id);
end
$$;

-- Locks (creating if needed) the checkpoint row of a bucket and returns it. Internal helper.
create or replace function public.lock_checkpoint(p_bucket text)
returns watcher_checkpoints
language plpgsql
security invoker
set search_path = public
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
--   unchanged                          -> only last_seen_listing is set
-- Then saves p_next_cursor as the checkpoint, but only while p_listing_id is still the bucket's current listing
-- (a stale tick must not rewind a newer listing). Returns {new, changed, unchanged, checkpoint_saved}.
create or replace function public.sync_page(
  p_bucket text,
  p_listing_id uuid,
  p_objects jsonb,
  p_next_cursor text default null
)
returns jsonb
language plpgsql
security invoker
set search_path = public
as $$
declare
  v_checkpoint watcher_checkpoints := lock_checkpoint(p_bucket);
  v_listed integer;
  v_new integer;
  v_changed integer;
  v_saved boolean := false;
begin
  with listed as (
    select distinct on (o.path) o.path, o.etag, greatest(coalesce(o.size, 0), 0) as size
    from rows from (jsonb_to_recordset(coalesce(p_objects, '[]'::jsonb)) as (path text, etag text, size bigint))
      with ordinality as o(path, etag, size, n)
    where coalesce(o.path, '') <> ''
    order by o.path, o.n desc
  ),
  -- The change test reads the row's current version, so a concurrent sync that already applied it is not redone.
  changed as (
    update resume_files f
    set etag = l.etag, size = l.size, status = 'pending', attempts = 0, next_attempt_at = now(),
        lease_token = null, lease_owner = null, lease_expires_at = null,
        last_error_code = null, last_error_message = null, content_hash = null, done_at = null,
        last_seen_listing = p_listing_id, queued_at = now(), updated_at = now()
    from listed l
    where f.bucket = p_bucket and f.path = l.path
      and (f.etag is distinct from l.etag or f.size <> l.size or f.status = 'removed')
    returning 1
  ),
  seen as (
    update resume_files f
    set last_seen_listing = p_listing_id
    from listed l
    where f.bucket = p_bucket and f.path = l.path
      and not (f.etag is distinct from l.etag or f.size <> l.size or f.status = 'removed')
      and f.last_seen_listing is distinct from p_listing_id
    returning 1
  ),
  inserted as (
    insert into resume_files (bucket, path, etag, size, last_seen_listing)
    select p_bucket, l.path, l.etag, l.size, p_listing_id
    from listed l
    where not exists (select 1 from resume_files f where f.bucket = p_bucket and f.path = l.path)
    on conflict (bucket, path) do nothing
    returning 1
  )
  select (select count(*) from listed), (select count(*) from inserted), (select count(*) from changed),
         (select count(*) from seen)
  into v_listed, v_new, v_changed;

  if v_checkpoint.listing_id = p_listing_id then
    update watcher_checkpoints set cursor = p_next_cursor, updated_at = now() where bucket = p_bucket;
    v_saved := true;
  end if;

  return jsonb_build_object('new', v_new, 'changed', v_changed, 'unchanged', v_listed - v_new - v_changed,
                            'checkpoint_saved', v_saved);
end
$$;

-- After the last page of listing p_listing_id: files of the bucket it did not see become removed (lease cleared:
-- a completion still in flight is then fenced out), and the checkpoint starts a new listing with no cursor.
-- Does nothing when p_listing_id is no longer the current listing (another tick finished it first).
-- Returns {removed, finished}.
create or replace function public.finish_listing(p_bucket text, p_listing_id uuid)
returns jsonb
language plpgsql
security invoker
set search_path = public
as $$
declare
  v_checkpoint watcher_checkpoints := lock_checkpoint(p_bucket);
  v_removed integer;
begin
  if v_checkpoint.listing_id is distinct from p_listing_id then
    return jsonb_build_object('removed', 0, 'finished', false);
  end if;

  update resume_files
  set status = 'removed', lease_token = null, lease_owner = null, lease_expires_at = null, updated_at = now()
  where bucket = p_bucket and status <> 'removed' and last_seen_listing is distinct from p_listing_id;
  get diagnostics v_removed = row_count;

  update watcher_checkpoints
  set listing_id = gen_random_uuid(), cursor = null, updated_at = now()
  where bucket = p_bucket;

  return jsonb_build_object('removed', v_removed, 'finished', true);
end
$$;
