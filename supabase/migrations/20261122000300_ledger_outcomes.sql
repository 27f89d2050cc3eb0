-- How a claimed file ends: done (parsed, or reused by content hash), failed or retried with backoff, released
-- (attempt refunded), skipped. Every function is fenced by id + lease token + status processing and returns
-- {ok, status}: ok false (nothing changed, status = the file's current one) when the lease was lost.

-- Upserts the resumes row of a file: typed columns for the common fields plus the whole record. Internal helper.
create or replace function watcher.store_resume(
  p_file_id bigint,
  p_content_hash text,
  p_candidate jsonb,
  p_parser_name text,
  p_parser_version text,
  p_parser_model text,
  p_prompt_tokens integer,
  p_completion_tokens integer,
  p_text_chars integer,
  p_truncated boolean
)
returns void
language plpgsql
security invoker
set search_path = watcher
as $$
begin
  if jsonb_typeof(p_candidate) is distinct from 'object' then
    raise exception 'store_resume: p_candidate must be a jsonb object' using errcode = '22023';
  end if;

  insert into resumes as r (
    file_id, content_hash, name, email, phone, location, years_experience, skills, candidate,
    parser_name, parser_version, parser_model, prompt_tokens, completion_tokens, text_chars, truncated)
  values (
    p_file_id, p_content_hash, p_candidate ->> 'name', p_candidate ->> 'email', p_candidate ->> 'phone',
    p_candidate ->> 'location',
    case when jsonb_typeof(p_candidate -> 'years_experience') = 'number'
      then (p_candidate ->> 'years_experience')::numeric end,
    case when jsonb_typeof(p_candidate -> 'skills') = 'array'
      then array(select jsonb_array_elements_text(p_candidate -> 'skills')) else '{}'::text[] end,
    p_candidate, p_parser_name, p_parser_version, p_parser_model, p_prompt_tokens, p_completion_tokens,
    coalesce(p_text_chars, 0), coalesce(p_truncated, false))
  on conflict (file_id) do update
  set content_hash = excluded.content_hash, name = excluded.name, email = excluded.email,
      phone = excluded.phone, location = excluded.location, years_experience = excluded.years_experience,
      skills = excluded.skills, candidate = excluded.candidate, parser_name = excluded.parser_name,
      parser_version = excluded.parser_version, parser_model = excluded.parser_model,
      prompt_tokens = excluded.prompt_tokens, completion_tokens = excluded.completion_tokens,
      text_chars = excluded.text_chars, truncated = excluded.truncated, updated_at = now();
end
$$;

-- Marks a file done: clears lease, error and force_parse, records the content hash, and drops any priority it was
-- queued with (an upload's 10, a manual run's 100): a later change of the object queues it like any other.
-- Internal helper.
create or replace function watcher.mark_file_done(p_id bigint, p_content_hash text)
returns void
language sql
security invoker
set search_path = watcher
as $$
  update resume_files
  set status = 'done', done_at = now(), content_hash = p_content_hash, force_parse = false, priority = 0,
      lease_token = null, lease_owner = null, lease_expires_at = null,
      last_error_code = null, last_error_message = null, updated_at = now()
  where id = p_id;
$$;

-- Stores the parsed candidate and marks the file done, in one transaction. Returns {ok, status}.
create or replace function public.complete_file(
  p_id bigint,
  p_lease_token uuid,
  p_content_hash text,
  p_candidate jsonb,
  p_parser_name text,
  p_parser_version text,
  p_parser_model text default null,
  p_prompt_tokens integer default null,
  p_completion_tokens integer default null,
  p_text_chars integer default 0,
  p_truncated boolean default false
)
returns jsonb
language plpgsql
security invoker
set search_path = watcher
as $$
begin
  perform 1 from resume_files
  where id = p_id and lease_token = p_lease_token and status = 'processing'
  for update;
  if not found then
    return file_fence_miss(p_id);
  end if;

  perform store_resume(p_id, p_content_hash, p_candidate, p_parser_name, p_parser_version, p_parser_model,
                       p_prompt_tokens, p_completion_tokens, p_text_chars, p_truncated);
  perform mark_file_done(p_id, p_content_hash);
  return jsonb_build_object('ok', true, 'status', 'done');
end
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
set search_path = watcher
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

-- Delay before retry number p_attempts + 1, after p_attempts attempts were spent:
--   least(p_cap_ms, p_base_ms * 2^(p_attempts - 1)) milliseconds, times a random factor in [0.75, 1.25).
-- The jitter (±25 %) spreads files that failed together (a 429 burst, an outage) so they do not all come back in
-- the same tick; the cap applies before it, so the longest delay is 1.25 * p_cap_ms. Internal helper.
create or replace function watcher.retry_delay(p_attempts integer, p_base_ms bigint, p_cap_ms bigint)
returns interval
language sql
volatile
set search_path = watcher
as $$
  select least(p_cap_ms::double precision,
               p_base_ms * power(2::double precision, least(greatest(p_attempts - 1, 0), 60)))
         * (0.75 + random() * 0.5) * interval '1 millisecond';
$$;

-- A processing error. Retryable with attempts left (attempts < p_max_attempts) -> pending after retry_delay
-- (defaults: base 60 000 ms = 1 min, cap 21 600 000 ms = 6 h); otherwise -> failed. The code and message are
-- kept either way. Returns {ok, status}.
create or replace function public.fail_file(
  p_id bigint,
  p_lease_token uuid,
  p_code text,
  p_message text,
  p_retryable boolean,
  p_max_attempts integer,
  p_base_ms bigint default 60000,
  p_cap_ms bigint default 21600000
)
returns jsonb
language plpgsql
security invoker
set search_path = watcher
as $$
declare
  v_status text;
begin
  update resume_files f
  set status = case when p_retryable and f.attempts < p_max_attempts then 'pending' else 'failed' end,
      next_attempt_at = case when p_retryable and f.attempts < p_max_attempts
        then now() + retry_delay(f.attempts, p_base_ms, p_cap_ms) else f.next_attempt_at end,
      last_error_code = p_code, last_error_message = p_message,
      lease_token = null, lease_owner = null, lease_expires_at = null, updated_at = now()
  where f.id = p_id and f.lease_token = p_lease_token and f.status = 'processing'
  returning f.status into v_status;
  if not found then
    return file_fence_miss(p_id);
  end if;
  return jsonb_build_object('ok', true, 'status', v_status);
end
$$;

-- Gives the file back untouched (the tick's deadline, parser unavailable): pending, due now, attempt refunded.
-- Returns {ok, status}.
create or replace function public.release_file(p_id bigint, p_lease_token uuid)
returns jsonb
language plpgsql
security invoker
set search_path = watcher
as $$
begin
  update resume_files
  set status = 'pending', next_attempt_at = now(), attempts = greatest(attempts - 1, 0),
      lease_token = null, lease_owner = null, lease_expires_at = null, updated_at = now()
  where id = p_id and lease_token = p_lease_token and status = 'processing';
  if not found then
    return file_fence_miss(p_id);
  end if;
  return jsonb_build_object('ok', true, 'status', 'pending');
end
$$;

-- Ends a processing file for good with status p_status (skipped or removed), a code and a message, fenced by the
-- lease token. Internal helper of skip_file and remove_file. Returns {ok, status}.
create or replace function watcher.end_file(
  p_id bigint, p_lease_token uuid, p_status text, p_code text, p_message text
)
returns jsonb
language plpgsql
security invoker
set search_path = watcher
as $$
begin
  update resume_files
  set status = p_status, last_error_code = p_code, last_error_message = p_message,
      lease_token = null, lease_owner = null, lease_expires_at = null, updated_at = now()
  where id = p_id and lease_token = p_lease_token and status = 'processing';
  if not found then
    return file_fence_miss(p_id);
  end if;
  return jsonb_build_object('ok', true, 'status', p_status);
end
$$;

-- Not something we parse (unsupported type, too large): skipped for good, with a code and message.
create or replace function public.skip_file(p_id bigint, p_lease_token uuid, p_code text, p_message text)
returns jsonb
language sql
security invoker
set search_path = watcher
as $$
  select end_file(p_id, p_lease_token, 'skipped', p_code, p_message);
$$;

-- The object vanished from the bucket after it was listed (deleted before download): the file is removed, just as
-- the next full listing would decide; if it comes back, sync_page re-queues it with attempts reset.
create or replace function public.remove_file(p_id bigint, p_lease_token uuid, p_code text, p_message text)
returns jsonb
language sql
security invoker
set search_path = watcher
as $$
  select end_file(p_id, p_lease_token, 'removed', p_code, p_message);
$$;

-- Operator retry: failed files of p_bucket -> pending, attempts reset, error cleared, due now. p_paths selects
-- files by path; null or empty = every failed file of the bucket. Returns {retried}.
create or replace function public.retry_files(p_bucket text, p_paths text[] default null)
returns jsonb
language plpgsql
security invoker
set search_path = watcher
as $$
declare
  v_retried integer;
begin
  update resume_files
  set status = 'pending', attempts = 0, next_attempt_at = now(), queued_at = now(),
      last_error_code = null, last_error_message = null, updated_at = now()
  where bucket = p_bucket and status = 'failed'
    and (coalesce(cardinality(p_paths), 0) = 0 or path = any (p_paths));
  get diagnostics v_retried = row_count;
  return jsonb_build_object('retried', v_retried);
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
set search_path = watcher
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
set search_path = watcher
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
