-- Parser cost and re-parsing: token counts per run and over the last 24 h in get_status, re-queueing files whose
-- stored result came from another parser (or that an operator chose), and dedupe that reuses only a result made by
-- the same parser identity (name + version + model).

alter table public.watcher_runs add column if not exists prompt_tokens bigint not null default 0;
alter table public.watcher_runs add column if not exists completion_tokens bigint not null default 0;

-- Set by requeue_files: the next attempt parses the file even when a stored result could be reused.
alter table public.resume_files add column if not exists force_parse boolean not null default false;

-- One definition per function: the old signatures go, so named calls stay unambiguous.
drop function if exists public.finish_run(uuid, integer, integer, integer, integer, integer, integer, integer,
                                          text, text);
drop function if exists public.reuse_parsed_result(bigint, uuid, text);

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
  p_completion_tokens bigint default 0
)
returns jsonb
language plpgsql
security invoker
set search_path = public
as $$
begin
  update watcher_runs
  set finished_at = now(),
      duration_ms = greatest(round(extract(epoch from (now() - started_at)) * 1000), 0)::integer,
      listed = p_listed, new = p_new, claimed = p_claimed, done = p_done, skipped = p_skipped,
      failed = p_failed, released = p_released, outcome = p_outcome, error = p_error,
      prompt_tokens = coalesce(p_prompt_tokens, 0), completion_tokens = coalesce(p_completion_tokens, 0)
  where run_id = p_run_id;
  return jsonb_build_object('ok', found);
end
$$;

-- Marks a file done: clears lease, error and force_parse, records the content hash. Internal helper.
create or replace function public.mark_file_done(p_id bigint, p_content_hash text)
returns void
language sql
security invoker
set search_path = public
as $$
  update resume_files
  set status = 'done', done_at = now(), content_hash = p_content_hash, force_parse = false,
      lease_token = null, lease_owner = null, lease_expires_at = null,
      last_error_code = null, last_error_message = null, updated_at = now()
  where id = p_id;
$$;

-- Dedupe: when a resumes row (of any file, this one included) has p_content_hash and was made by the parser
-- identity given (name, version, model; all null = any parser), copies it to this file and marks it done without
-- parsing again; the copy records no token use (0). A file re-queued with force_parse is never served a copy.
-- Returns {ok, status, reused, lease_lost}:
--   reused             {ok:true,  status:'done',       reused:true,  lease_lost:false}
--   no stored result   {ok:false, status:'processing', reused:false, lease_lost:false}  -- nothing changed: parse it
--   lease lost         {ok:false, status:<current>,    reused:false, lease_lost:true}   -- drop the file
create or replace function public.reuse_parsed_result(
  p_id bigint,
  p_lease_token uuid,
  p_content_hash text,
  p_parser_name text default null,
  p_parser_version text default null,
  p_parser_model text default null
)
returns jsonb
language plpgsql
security invoker
set search_path = public
as $$
declare
  v_source resumes;
  v_force boolean;
begin
  select force_parse into v_force from resume_files
  where id = p_id and lease_token = p_lease_token and status = 'processing'
  for update;
  if not found then
    return file_fence_miss(p_id) || jsonb_build_object('reused', false, 'lease_lost', true);
  end if;

  select * into v_source from resumes
  where content_hash = p_content_hash
    and not v_force
    and (p_parser_name is null or parser_name = p_parser_name)
    and (p_parser_version is null or parser_version = p_parser_version)
    and (p_parser_name is null or parser_model is not distinct from p_parser_model)
  order by updated_at desc, file_id
  limit 1;
  if not found then
    return jsonb_build_object('ok', false, 'status', 'processing', 'reused', false, 'lease_lost', false);
  end if;

  perform store_resume(p_id, p_content_hash, v_source.candidate, v_source.parser_name, v_source.parser_version,
                       v_source.parser_model,
                       case when v_source.prompt_tokens is null then null else 0 end,
                       case when v_source.completion_tokens is null then null else 0 end,
                       v_source.text_chars, v_source.truncated);
  perform mark_file_done(p_id, p_content_hash);
  return jsonb_build_object('ok', true, 'status', 'done', 'reused', true, 'lease_lost', false);
end
$$;

-- Done files of p_bucket whose stored result came from another parser identity (name, version or model differ)
-- go back to pending: attempts 0, due now. Returns {requeued}.
create or replace function public.requeue_outdated(
  p_bucket text,
  p_parser_name text,
  p_parser_version text,
  p_parser_model text default null
)
returns jsonb
language plpgsql
security invoker
set search_path = public
as $$
declare
  v_requeued integer;
begin
  update resume_files f
  set status = 'pending', attempts = 0, next_attempt_at = now(), queued_at = now(),
      last_error_code = null, last_error_message = null, updated_at = now()
  from resumes r
  where r.file_id = f.id and f.bucket = p_bucket and f.status = 'done'
    and (r.parser_name is distinct from p_parser_name
         or r.parser_version is distinct from p_parser_version
         or r.parser_model is distinct from p_parser_model);
  get diagnostics v_requeued = row_count;
  return jsonb_build_object('requeued', v_requeued);
end
$$;

-- The chosen done, failed or skipped files of p_bucket go back to pending (attempts 0, due now) and are parsed
-- afresh: force_parse keeps dedupe from copying a stored result back. Returns {requeued}.
create or replace function public.requeue_files(p_bucket text, p_paths text[])
returns jsonb
language plpgsql
security invoker
set search_path = public
as $$
declare
  v_requeued integer;
begin
  update resume_files
  set status = 'pending', attempts = 0, next_attempt_at = now(), queued_at = now(), force_parse = true,
      last_error_code = null, last_error_message = null, updated_at = now()
  where bucket = p_bucket and status in ('done', 'failed', 'skipped') and path = any (coalesce(p_paths, '{}'));
  get diagnostics v_requeued = row_count;
  return jsonb_build_object('requeued', v_requeued);
end
$$;

-- Tokens spent on results stored in the last 24 h: {prompt_tokens, completion_tokens}.
create or replace function public.parser_usage_24h()
returns jsonb
language sql
stable
security invoker
set search_path = public
as $$
  select jsonb_build_object(
    'prompt_tokens', coalesce(sum(prompt_tokens), 0)::bigint,
    'completion_tokens', coalesce(sum(completion_tokens), 0)::bigint)
  from resumes
  where updated_at >= now() - interval '24 hours';
$$;

-- get_status as before, plus usage_24h (parser_usage_24h()).
create or replace function public.get_status(p_last_runs integer default 10, p_top_errors integer default 5)
returns jsonb
language sql
stable
security invoker
set search_path = public
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

-- Grants, as in 20261122000500_ledger_grants.sql, for the functions this file (re)defines.
do $$
declare
  fn regprocedure;
begin
  for fn in
    select p.oid::regprocedure
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public'
      and p.proname in ('finish_run', 'mark_file_done', 'reuse_parsed_result', 'requeue_outdated',
                        'requeue_files', 'parser_usage_24h', 'get_status')
  loop
    execute format('revoke all on function %s from public', fn);
    if exists (select 1 from pg_roles where rolname = 'anon') then
      execute format('revoke all on function %s from anon', fn);
    end if;
    if exists (select 1 from pg_roles where rolname = 'authenticated') then
      execute format('revoke all on function %s from authenticated', fn);
    end if;
    if exists (select 1 from pg_roles where rolname = 'service_role') then
      execute format('grant execute on function %s to service_role', fn);
    end if;
  end loop;
end
$$;
