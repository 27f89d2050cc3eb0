-- Run history, the pause switch, status and export: what operators, dashboards and scripts read.

-- Opens a run row. Returns {run_id}.
create or replace function public.start_run(p_trigger text, p_worker text, p_budget_ms integer)
returns jsonb
language plpgsql
security invoker
set search_path = watcher
as $$
declare
  v_run_id uuid;
begin
  insert into watcher_runs (trigger, worker, budget_ms) values (p_trigger, p_worker, p_budget_ms)
  returning run_id into v_run_id;
  return jsonb_build_object('run_id', v_run_id);
end
$$;

-- Closes a run row with its counts, token use and outcome; duration_ms is measured from started_at. Returns {ok}
-- (false when the run does not exist).
create or replace function public.finish_run(
  p_run_id uuid,
  p_listed integer,
  p_new integer,
  p_claimed integer,
  p_done integer,
  p_skipped integer,
  p_failed integer,
  p_released integer,
  p_outcome text,
  p_error text default null,
  p_prompt_tokens bigint default 0,
  p_completion_tokens bigint default 0,
  p_sync text default null
)
returns jsonb
language plpgsql
security invoker
set search_path = watcher
as $$
begin
  update watcher_runs
  set finished_at = now(),
      duration_ms = greatest(round(extract(epoch from (now() - started_at)) * 1000), 0)::integer,
      listed = p_listed, new = p_new, claimed = p_claimed, done = p_done, skipped = p_skipped,
      failed = p_failed, released = p_released, outcome = p_outcome, error = p_error,
      prompt_tokens = coalesce(p_prompt_tokens, 0), completion_tokens = coalesce(p_completion_tokens, 0),
      sync = p_sync
  where run_id = p_run_id;
  return jsonb_build_object('ok', found);
end
$$;

-- Closes the runs that never finished: started longer ago than their budget plus p_grace_ms (default 60 000 ms,
-- the lease grace of tick.ts), so their worker is gone (SIGKILL, out of memory, a platform time limit). A tick
-- finishes its run well inside its budget, so only a dead one gets here. Outcome `abandoned`; finished_at = the time
-- it was closed (so `finished_at is null` keeps meaning "may still be running"); duration_ms stays null (how long
-- it really worked is unknown); the counts stay as recorded at start (0). Its leased files are not touched here:
-- release_expired_leases hands them back once their leases expire (the same budget + grace). If a slow run's
-- finish_run still arrives later, it overwrites this. Returns {abandoned} (how many were closed).
create or replace function public.close_abandoned_runs(p_grace_ms integer default 60000)
returns jsonb
language plpgsql
security invoker
set search_path = watcher
as $$
declare
  v_closed integer;
begin
  with closed as (
    update watcher_runs
    set outcome = 'abandoned',
        finished_at = now(),
        error = format(
          'The run of worker %s did not finish within its budget of %s ms plus %s ms: its process was most likely '
          'killed. Files it held go back to pending when their leases expire.',
          worker, budget_ms, greatest(coalesce(p_grace_ms, 60000), 0))
    where finished_at is null
      and started_at + (budget_ms + greatest(coalesce(p_grace_ms, 60000), 0)) * interval '1 millisecond' < now()
    returning 1
  )
  select count(*) into v_closed from closed;
  return jsonb_build_object('abandoned', v_closed);
end
$$;

-- Returns {paused}; a missing settings row means not paused.
create or replace function public.is_paused()
returns jsonb
language sql
stable
security invoker
set search_path = watcher
as $$
  select jsonb_build_object('paused', coalesce((select paused from watcher_settings where id), false));
$$;

-- Pauses or resumes the watcher (ticks check it before claiming). Returns {paused}.
create or replace function public.set_paused(p_paused boolean)
returns jsonb
language plpgsql
security invoker
set search_path = watcher
as $$
begin
  insert into watcher_settings (id, paused, updated_at) values (true, p_paused, now())
  on conflict (id) do update set paused = excluded.paused, updated_at = excluded.updated_at;
  return jsonb_build_object('paused', p_paused);
end
$$;

-- What is left to do, in one scan: backlog = files pending, of which ready (due now) and deferred (waiting for
-- their retry time); in_flight = files processing, leased by a run still going or by one that died (until its lease
-- expires). Returns {backlog, ready, deferred, in_flight}.
create or replace function public.count_backlog()
returns jsonb
language sql
stable
security invoker
set search_path = watcher
as $$
  select jsonb_build_object(
    'backlog', count(*) filter (where status = 'pending'),
    'ready', count(*) filter (where status = 'pending' and next_attempt_at <= now()),
    'deferred', count(*) filter (where status = 'pending' and next_attempt_at > now()),
    'in_flight', count(*) filter (where status = 'processing'))
  from resume_files
  where status in ('pending', 'processing');
$$;

-- Tokens spent on results stored in the last 24 h: {prompt_tokens, completion_tokens}.
create or replace function watcher.parser_usage_24h()
returns jsonb
language sql
stable
security invoker
set search_path = watcher
as $$
  select jsonb_build_object(
    'prompt_tokens', coalesce(sum(prompt_tokens), 0)::bigint,
    'completion_tokens', coalesce(sum(completion_tokens), 0)::bigint)
  from resumes
  where updated_at >= now() - interval '24 hours';
$$;

-- Everything `resume-watcher status` shows, including usage_24h (parser_usage_24h()).
create or replace function public.get_status(p_last_runs integer default 10, p_top_errors integer default 5)
returns jsonb
language sql
stable
security invoker
set search_path = watcher
as $$
  select jsonb_build_object(
    'counts', (
      select jsonb_object_agg(s.status, coalesce(c.n, 0))
      from unnest(array['pending', 'processing', 'done', 'failed', 'skipped', 'removed']) as s(status)
      left join (select status, count(*) as n from resume_files group by status) c on c.status = s.status),
    'ready', (select count(*) from resume_files where status = 'pending' and next_attempt_at <= now()),
    'deferred', (select count(*) from resume_files where status = 'pending' and next_attempt_at > now()),
    'oldest_pending_age_s', (
      select floor(extract(epoch from (now() - min(queued_at))))::bigint
      from resume_files where status = 'pending'),
    'last_runs', (
      select coalesce(jsonb_agg(to_jsonb(r) order by r.started_at desc), '[]'::jsonb)
      from (select * from watcher_runs order by started_at desc limit greatest(coalesce(p_last_runs, 0), 0)) r),
    'top_errors', (
      select coalesce(jsonb_agg(jsonb_build_object('code', e.code, 'count', e.n) order by e.n desc, e.code),
                      '[]'::jsonb)
      from (
        select last_error_code as code, count(*) as n
        from resume_files
        where status in ('failed', 'skipped') and last_error_code is not null
        group by last_error_code
        order by n desc, code
        limit greatest(coalesce(p_top_errors, 0), 0)) e),
    'paused', coalesce((select paused from watcher_settings where id), false),
    'usage_24h', parser_usage_24h());
$$;

-- Every file of p_bucket (all buckets when null), ordered by bucket then path (byte order, the same everywhere):
-- [{bucket, path, status, error_code, error_message, candidate}] with candidate null unless done.
create or replace function public.export_files(p_bucket text default null)
returns jsonb
language sql
stable
security invoker
set search_path = watcher
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'bucket', f.bucket, 'path', f.path, 'status', f.status,
           'error_code', f.last_error_code, 'error_message', f.last_error_message,
           'candidate', case when f.status = 'done' then r.candidate end)
         order by f.bucket collate "C", f.path collate "C"), '[]'::jsonb)
  from resume_files f
  left join resumes r on r.file_id = f.id
  where p_bucket is null or f.bucket = p_bucket;
$$;
