-- The manual trigger queue: `POST /api/process {"paths": [...]}` names files to process in that very call. Each path
-- is put first in line (p_priority, default 100: ahead of uploads at 10 and the backlog at 0) and due now:
--   done, failed, skipped, removed -> pending, attempts 0, parsed afresh (force_parse: asked for by name, so a
--                                     stored result for the same bytes is not copied back)
--   pending                         -> due now, priority raised
--   processing                      -> left alone (a worker has it; counted as busy)
--   unknown                         -> inserted pending (etag unknown: the next listing fills it in; if the object
--                                     does not exist the download ends it `removed`, code object_missing)
-- Returns {queued, inserted, busy}.
create or replace function public.queue_paths(p_bucket text, p_paths text[], p_priority integer default 100)
returns jsonb
language plpgsql
security invoker
set search_path = watcher
as $$
declare
  v_queued integer;
  v_inserted integer;
  v_busy integer;
begin
  with wanted as (
    select distinct p.path from unnest(coalesce(p_paths, '{}')) as p(path) where coalesce(p.path, '') <> ''
  ),
  updated as (
    update resume_files f
    set status = 'pending', next_attempt_at = now(), priority = greatest(f.priority, p_priority),
        attempts = case when f.status = 'pending' then f.attempts else 0 end,
        force_parse = f.force_parse or f.status <> 'pending',
        queued_at = case when f.status = 'pending' then f.queued_at else now() end,
        last_error_code = case when f.status = 'pending' then f.last_error_code end,
        last_error_message = case when f.status = 'pending' then f.last_error_message end,
        updated_at = now()
    from wanted w
    where f.bucket = p_bucket and f.path = w.path and f.status <> 'processing'
    returning 1
  ),
  inserted as (
    insert into resume_files (bucket, path, priority)
    select p_bucket, w.path, p_priority from wanted w
    where not exists (select 1 from resume_files f where f.bucket = p_bucket and f.path = w.path)
    on conflict (bucket, path) do nothing
    returning 1
  )
  select (select count(*) from updated), (select count(*) from inserted),
         (select count(*) from resume_files f join wanted w on f.bucket = p_bucket and f.path = w.path
          where f.status = 'processing')
  into v_queued, v_inserted, v_busy;
  return jsonb_build_object('queued', v_queued + v_inserted, 'inserted', v_inserted, 'busy', v_busy);
end
$$;

select watcher.lock_down_api();
