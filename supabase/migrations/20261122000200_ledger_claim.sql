-- Claiming and leases. A claim moves due pending files to processing under a fresh lease token and counts the
-- attempt right away, so a worker that dies mid-file still spends it. Every later transition of the file is
-- fenced by that token (see ledger_outcomes): once a lease expired and the file was claimed again, the old holder
-- can no longer change it.

-- What a fenced call returns when the token does not match or the file is not processing: {ok:false, status}
-- with the file's current status (null when the id does not exist). Internal helper.
create or replace function watcher.file_fence_miss(p_id bigint)
returns jsonb
language sql
stable
security invoker
set search_path = watcher
as $$
  select jsonb_build_object('ok', false, 'status', (select status from resume_files where id = p_id));
$$;

-- Claims up to p_limit due pending files for p_worker, priority first, then oldest due, then id.
-- FOR UPDATE SKIP LOCKED: concurrent claimers never wait for each other and never get the same file.
-- p_lease_ms: lease length in milliseconds (> 0). Returns a jsonb array, in claim order, of
-- {id, bucket, path, size, etag, attempts, lease_token, lease_expires_at}.
create or replace function public.claim_files(p_worker text, p_limit integer, p_lease_ms integer)
returns jsonb
language plpgsql
security invoker
set search_path = watcher
as $$
declare
  v_claimed jsonb;
begin
  if p_lease_ms is null or p_lease_ms <= 0 then
    raise exception 'claim_files: p_lease_ms must be a positive number of milliseconds, got %', p_lease_ms
      using errcode = '22023';
  end if;

  with due as (
    select id
    from resume_files
    where status = 'pending' and next_attempt_at <= now()
    order by priority desc, next_attempt_at, id
    limit greatest(coalesce(p_limit, 0), 0)
    for update skip locked
  ),
  claimed as (
    update resume_files f
    set status = 'processing', attempts = f.attempts + 1, lease_token = gen_random_uuid(),
        lease_owner = p_worker, lease_expires_at = now() + p_lease_ms * interval '1 millisecond',
        updated_at = now()
    from due
    where f.id = due.id
    returning f.*
  )
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', c.id, 'bucket', c.bucket, 'path', c.path, 'size', c.size, 'etag', c.etag,
           'attempts', c.attempts, 'lease_token', c.lease_token, 'lease_expires_at', c.lease_expires_at)
           order by c.priority desc, c.next_attempt_at, c.id), '[]'::jsonb)
  into v_claimed
  from claimed c;

  return v_claimed;
end
$$;

-- Sweeps leases that expired before p_as_of (default now): the worker died or overran. The attempt stays spent:
-- back to pending (due now) while attempts < p_max_attempts, else failed with code lease_expired.
-- Rows locked by a completion in progress are skipped (that completion wins). Returns {released, failed}.
create or replace function public.release_expired_leases(p_max_attempts integer, p_as_of timestamptz default now())
returns jsonb
language plpgsql
security invoker
set search_path = watcher
as $$
declare
  v_released integer;
  v_failed integer;
begin
  with expired as (
    select id
    from resume_files
    where status = 'processing' and lease_expires_at < coalesce(p_as_of, now())
    for update skip locked
  ),
  swept as (
    update resume_files f
    set status = case when f.attempts < p_max_attempts then 'pending' else 'failed' end,
        next_attempt_at = case when f.attempts < p_max_attempts then now() else f.next_attempt_at end,
        last_error_code = 'lease_expired',
        last_error_message = case
          when f.attempts < p_max_attempts then format(
            'The lease of worker %s expired before it finished the file (attempt %s of %s); it will be retried.',
            f.lease_owner, f.attempts, p_max_attempts)
          else format(
            'The lease of worker %s expired before it finished the file and all %s attempts are spent; '
            'retry it by hand once the cause (a crash or a too slow parser) is fixed.',
            f.lease_owner, p_max_attempts)
        end,
        lease_token = null, lease_owner = null, lease_expires_at = null, updated_at = now()
    from expired
    where f.id = expired.id
    returning f.status
  )
  select count(*) filter (where status = 'pending'), count(*) filter (where status = 'failed')
  into v_released, v_failed
  from swept;

  return jsonb_build_object('released', v_released, 'failed', v_failed);
end
$$;

-- claim_files and release_expired_leases: planned per call (~0.1 ms), so a plan cached while the table was small
-- never scans a big one.
alter function public.claim_files(text, integer, integer) set plan_cache_mode = force_custom_plan;
alter function public.release_expired_leases(integer, timestamptz) set plan_cache_mode = force_custom_plan;
