-- Re-parsing: re-queue files whose stored result came from another parser identity (name, version, model), or
-- that an operator chose; force_parse keeps dedupe from copying a stored result back.

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

-- Grants, as in 20261122000500_ledger_grants.sql, for the functions this file defines.
do $$
declare
  fn regprocedure;
begin
  for fn in
    select p.oid::regprocedure
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public'
      and p.proname in ('requeue_outdated', 'requeue_files')
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
