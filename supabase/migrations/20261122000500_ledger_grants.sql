-- Who may call the ledger functions. Postgres lets PUBLIC execute new functions and Supabase also grants them to
-- anon and authenticated by default: revoke both, then grant to service_role only (the watcher's server-side key).
-- Roles are guarded so the same file applies to plain PostgreSQL and PGlite, where only the owner calls them.
-- Re-run this block's pattern in any later migration that adds a ledger function.
do $$
declare
  fn regprocedure;
begin
  for fn in
    select p.oid::regprocedure
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public'
      and p.proname in (
        'get_checkpoint', 'lock_checkpoint', 'sync_page', 'finish_listing',
        'file_fence_miss', 'claim_files', 'release_expired_leases',
        'store_resume', 'mark_file_done', 'complete_file', 'reuse_parsed_result', 'retry_delay', 'fail_file',
        'release_file', 'skip_file', 'retry_files', 'requeue_outdated', 'requeue_files',
        'start_run', 'finish_run', 'is_paused', 'set_paused', 'count_backlog', 'parser_usage_24h', 'get_status',
        'export_files')
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
