-- Runs record how they paced their parser calls (calls, 429s, time waiting for turns) and may end `rate_limited`;
-- status shows the provider limits observed (watcher.rate_limits, migration 20261201000300).
alter table watcher.watcher_runs add column if not exists calls integer not null default 0;
alter table watcher.watcher_runs add column if not exists rate_limited integer not null default 0;
alter table watcher.watcher_runs add column if not exists paced_ms bigint not null default 0;
alter table watcher.watcher_runs drop constraint if exists watcher_runs_outcome_check;
alter table watcher.watcher_runs add constraint watcher_runs_outcome_check
  check (outcome in ('completed', 'deadline', 'rate_limited', 'paused', 'error', 'abandoned'));

-- finish_run, now also recording how the run paced its parser calls: p_calls (requests sent to the provider),
-- p_rate_limited (429s received), p_paced_ms (time calls waited for their turn, summed). Replaces the earlier
-- signature (a new overload would make named calls ambiguous). Returns {ok}.
drop function if exists public.finish_run(uuid, integer, integer, integer, integer, integer, integer, integer, text,
  text, bigint, bigint, text);
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
  p_sync text default null,
  p_calls integer default 0,
  p_rate_limited integer default 0,
  p_paced_ms bigint default 0
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
      sync = p_sync, calls = greatest(coalesce(p_calls, 0), 0),
      rate_limited = greatest(coalesce(p_rate_limited, 0), 0), paced_ms = greatest(coalesce(p_paced_ms, 0), 0)
  where run_id = p_run_id;
  return jsonb_build_object('ok', found);
end
$$;

-- get_status, now with rate_limits: the provider limits last observed (rate_limits_report()).
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
    'usage_24h', parser_usage_24h(),
    'rate_limits', rate_limits_report());
$$;

select watcher.lock_down_api();
