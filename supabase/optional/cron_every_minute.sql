-- resume-watcher, optional: run a tick every minute from the database (pg_cron → pg_net → /api/process).
--
-- WHAT IT DOES
--   Schedules the pg_cron job 'resume-watcher-process' ('* * * * *', every minute, UTC) whose command is
--       select watcher.request_processing('{}'::jsonb)
--   i.e. one POST to the tick endpoint per minute, with the URL and bearer secret read from Vault. The Netlify
--   scheduled function (every 5 minutes) keeps running; the two simply overlap, which is safe: ticks claim files
--   with FOR UPDATE SKIP LOCKED and leases, so a file is never parsed twice at once. With this job, an upload is
--   picked up within about a minute instead of five.
--   Idempotent: an existing job of that name is unscheduled first, so running the file again leaves one job.
--
-- PREREQUISITES
--   * vault_secrets.sql applied (watcher.request_processing exists) and its two Vault secrets created.
--   * Dashboard → Database → Extensions: enable pg_cron (schema `cron`) and pg_net.
--   * Run it as `postgres` (the SQL editor's role): pg_cron runs a job as the user who scheduled it, and only
--     postgres may execute watcher.request_processing.
--
-- HOW TO APPLY
--   SQL editor: paste and run. Or: psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -1 -f cron_every_minute.sql
--   Another cadence: change '* * * * *' below (e.g. '*/2 * * * *') and run the file again.
--
-- HOW TO CHECK
--   The job:             select jobid, jobname, schedule, command, active from cron.job
--                        where jobname = 'resume-watcher-process';
--   Its runs (did the SQL run; pg_net is asynchronous, so 'succeeded' only means the request was queued):
--                        select d.start_time, d.status, d.return_message
--                        from cron.job_run_details d join cron.job j using (jobid)
--                        where j.jobname = 'resume-watcher-process' order by d.start_time desc limit 10;
--   The HTTP answers (the tick's run summary JSON in `content`; kept for pg_net.ttl):
--                        select id, status_code, timed_out, error_msg, left(content, 300), created
--                        from net._http_response order by created desc limit 10;
--   A 401 means the Vault secret differs from Netlify's WATCHER_SECRET; a "Vault secret ... is missing" error in
--   return_message means vault_secrets.sql's secrets were not created.
--
-- HOW TO UNDO
--   select cron.unschedule('resume-watcher-process');
--
-- COST
--   1,440 requests a day = 1,440 Netlify function invocations (about 43,000 a month) plus one cron.job_run_details
--   row and one net._http_response row per minute. A tick with nothing queued only syncs and records a run;
--   parsing costs (OpenAI tokens) depend on the files, not on how often ticks run. Each tick also adds a row to
--   the ledger's run history. cron.job_run_details is never cleaned automatically (Supabase knowledge base,
--   "Cannot create indexes on cron.job_run_details"): delete old rows now and then, e.g.
--       delete from cron.job_run_details where end_time < now() - interval '7 days';
--   To pay only when there is queued work, use this command instead (the Netlify schedule still sweeps expired
--   leases and reconciles every 5 minutes):
--       select watcher.request_processing('{}'::jsonb)
--       where exists (select 1 from watcher.resume_files where status = 'pending' and next_attempt_at <= now())
--
-- API references (checked against the pg_cron sources, citusdata/pg_cron pg_cron--1.5--1.6.sql and a Supabase
-- schema dump): cron.schedule(job_name text, schedule text, command text) returns bigint (a job of the same name
-- is updated in place), cron.unschedule(job_name text) returns boolean and raises "could not find valid entry for
-- job" when there is no such job (hence the existence check), cron.job(jobid, schedule, command, ..., jobname),
-- cron.job_run_details(jobid, runid, ..., status, return_message, start_time, end_time).

do $$
begin
  if to_regprocedure('cron.schedule(text, text, text)') is null or to_regclass('cron.job') is null then
    raise exception 'resume-watcher: pg_cron is not enabled (cron.schedule is missing): enable it in the '
      'dashboard, Database → Extensions → pg_cron, then run this file again';
  end if;
  if to_regprocedure('watcher.request_processing(jsonb, integer)') is null then
    raise exception 'resume-watcher: watcher.request_processing is missing: apply '
      'supabase/optional/vault_secrets.sql first';
  end if;

  if exists (select 1 from cron.job where jobname = 'resume-watcher-process') then
    perform cron.unschedule('resume-watcher-process');
  end if;
  perform cron.schedule(
    'resume-watcher-process',
    '* * * * *',
    $cmd$ select watcher.request_processing('{}'::jsonb) $cmd$
  );
end
$$;

