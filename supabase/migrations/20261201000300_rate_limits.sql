-- Pacing parser calls at the provider's rate limits, shared by every process that uses this ledger (a scheduled
-- tick, background workers, a CLI run): one row per provider key (e.g. 'api.openai.com/gpt-4o-mini') holding the
-- limits last observed in its x-ratelimit-* headers and a schedule per limit.
--
-- The schedule is a virtual "full again at" time per limit (the generic cell rate algorithm): a limit of L per
-- minute refills one unit every 60 000 / L ms, so reserving c units moves full_at by c * 60 000 / L ms, and a call
-- may start once the bucket, after taking it, would be no more than one window (60 s less a margin) in debt. Calls
-- that reserve together are handed start times one after another (first come, first served), never all at once;
-- when the limit has headroom they start at once. Every answer corrects the schedule by what the provider says it
-- holds (reserve_rate_limit returns what it expected; observe_rate_limit compares and shifts only when they differ
-- by more than a unit), and a 429's retry-after becomes a cooldown every process honours.
create table if not exists watcher.rate_limits (
  key text primary key,
  limit_requests integer check (limit_requests > 0),
  limit_tokens integer check (limit_tokens > 0),
  requests_full_at timestamptz,
  tokens_full_at timestamptz,
  -- Sum of the corrections applied so far (ms): lets an answer to an older reservation be compared fairly.
  requests_shift_ms double precision not null default 0,
  tokens_shift_ms double precision not null default 0,
  cooldown_until timestamptz,
  -- A successful answer came without any limit header (Ollama, most local servers): nothing to pace by but 429s,
  -- and no first call need go alone to learn the limits.
  headerless boolean not null default false,
  -- Completion tokens an answer takes, running average (each answer weighs 10 %); null until the first answer.
  completion_tokens double precision check (completion_tokens >= 0),
  -- Prompt tokens a call sends, running average of the reservations (10 % each): for callers' planning only.
  prompt_tokens double precision check (prompt_tokens >= 0),
  observed_at timestamptz,
  refused_total bigint not null default 0,
  last_refused_at timestamptz,
  updated_at timestamptz not null default now()
);
alter table watcher.rate_limits enable row level security;

-- Slack kept in every window, as a share of it (default 0.05 = 3 s of a minute, ~2 average calls at 60,000 TPM):
-- estimates of a call's tokens are never exact, and answers correct them only after the fact. Costs nothing at the
-- sustained rate, which the refill alone sets; an empty bucket waits these 3 s once before its first call.
create or replace function watcher.rate_window_ms(p_margin double precision default 0.05)
returns double precision language sql immutable as $$ select 60000 * (1 - p_margin) $$;

-- Completion tokens to expect from a call before any answer was seen (a typical resume record takes 400–900).
create or replace function watcher.rate_default_completion_tokens()
returns double precision language sql immutable as $$ select 600::double precision $$;

-- Reserves one call of p_prompt_tokens (estimated from its text) plus the average answer, unless it would have to wait more than p_max_wait_ms (default:
-- no bound; a negative value only reads the schedule). Returns {reserved, wait_ms: how long the caller waits
-- before sending, expect: what the schedule holds once this call is admitted (passed back to observe_rate_limit),
-- limit_requests, limit_tokens, requests_full_in_ms, tokens_full_in_ms, cooldown_ms: the schedule after it (before
-- it when not reserved), for the caller's own planning}. Unknown limits (no answer seen yet) pace nothing but the
-- cooldown.
create or replace function public.reserve_rate_limit(
  p_key text, p_prompt_tokens integer, p_max_wait_ms double precision default null)
returns jsonb
language plpgsql
security invoker
set search_path = watcher
as $$
declare
  v_now timestamptz := clock_timestamp();
  r rate_limits;
  v_start timestamptz;
  v_req_ms double precision;
  v_tok_ms double precision;
  v_reserved boolean;
begin
  insert into rate_limits (key) values (p_key) on conflict (key) do nothing;
  select * into r from rate_limits where key = p_key for update;
  v_start := greatest(v_now, coalesce(r.cooldown_until, v_now));
  v_req_ms := 60000.0 / r.limit_requests;
  v_tok_ms := 60000.0 * greatest(coalesce(p_prompt_tokens, 0)
    + coalesce(r.completion_tokens, rate_default_completion_tokens()), 1) / r.limit_tokens;
  if v_req_ms is not null then
    v_start := greatest(v_start, coalesce(r.requests_full_at, v_now)
      + make_interval(secs => (v_req_ms - rate_window_ms()) / 1000));
  end if;
  if v_tok_ms is not null then
    v_start := greatest(v_start, coalesce(r.tokens_full_at, v_now)
      + make_interval(secs => (v_tok_ms - rate_window_ms()) / 1000));
  end if;
  v_reserved := p_max_wait_ms is null or extract(epoch from (v_start - v_now)) * 1000 <= p_max_wait_ms;
  if v_reserved and v_req_ms is not null then
    r.requests_full_at := greatest(coalesce(r.requests_full_at, v_now), v_start)
      + make_interval(secs => v_req_ms / 1000);
  end if;
  if v_reserved and v_tok_ms is not null then
    r.tokens_full_at := greatest(coalesce(r.tokens_full_at, v_now), v_start)
      + make_interval(secs => v_tok_ms / 1000);
  end if;
  if v_reserved and p_prompt_tokens is not null then
    r.prompt_tokens := coalesce(r.prompt_tokens * 0.9 + p_prompt_tokens * 0.1, p_prompt_tokens);
    update rate_limits set requests_full_at = r.requests_full_at, tokens_full_at = r.tokens_full_at,
      prompt_tokens = r.prompt_tokens
    where key = p_key;
  end if;
  return jsonb_build_object(
    'reserved', v_reserved,
    'wait_ms', round(extract(epoch from (v_start - v_now)) * 1000),
    'limit_requests', r.limit_requests,
    'limit_tokens', r.limit_tokens,
    'requests_full_in_ms', round(extract(epoch from (coalesce(r.requests_full_at, v_now) - v_now)) * 1000),
    'tokens_full_in_ms', round(extract(epoch from (coalesce(r.tokens_full_at, v_now) - v_now)) * 1000),
    'cooldown_ms', round(greatest(0, extract(epoch from (coalesce(r.cooldown_until, v_now) - v_now))) * 1000),
    'completion_tokens', round(coalesce(r.completion_tokens, rate_default_completion_tokens())),
    'prompt_tokens', round(coalesce(r.prompt_tokens, p_prompt_tokens, 0)),
    'headerless', r.headerless,
    'expect', jsonb_build_object(
      'requests_full_at', r.requests_full_at, 'tokens_full_at', r.tokens_full_at,
      'requests_shift_ms', r.requests_shift_ms, 'tokens_shift_ms', r.tokens_shift_ms));
end
$$;

-- The provider's view of one limit, as a "full again at" time, moved into the schedule's frame: what the schedule
-- expected for that call plus the corrections made since. Null when either side is unknown.
create or replace function watcher.rate_drift_ms(
  p_observed timestamptz, p_expected timestamptz, p_shift_then double precision, p_shift_now double precision)
returns double precision language sql immutable as $$
  select extract(epoch from (p_observed - p_expected)) * 1000 - (p_shift_now - coalesce(p_shift_then, 0))
$$;

-- One limit's correction by an answer (observe_rate_limit): the provider's "full again at" p_seen against what the
-- schedule expected for that call (p_expected, plus the corrections made since p_shift_then). Off by more than
-- p_tolerance_ms: the schedule moves by the difference (drift_ms) and the shift records it. Without an
-- expectation, the provider's word is taken only when it says the bucket is further from full. Nothing changes
-- when p_seen or p_tolerance_ms is null (not sent; limit unknown).
create or replace function watcher.rate_correction(
  p_full_at timestamptz, p_shift_ms double precision, p_seen timestamptz, p_expected timestamptz,
  p_shift_then double precision, p_tolerance_ms double precision, p_now timestamptz,
  out full_at timestamptz, out shift_ms double precision, out drift_ms double precision)
language plpgsql
immutable
as $$
begin
  full_at := p_full_at;
  shift_ms := p_shift_ms;
  if p_seen is null or p_tolerance_ms is null then
    return;
  end if;
  if p_full_at is null or p_expected is null then
    if p_seen > greatest(coalesce(p_full_at, p_now), p_now) then
      full_at := p_seen;
    end if;
    return;
  end if;
  drift_ms := watcher.rate_drift_ms(p_seen, p_expected, p_shift_then, p_shift_ms);
  if abs(drift_ms) > p_tolerance_ms then
    full_at := p_full_at + make_interval(secs => drift_ms / 1000);
    shift_ms := p_shift_ms + drift_ms;
  end if;
end
$$;

-- Records what one answer said: p_limits {requests, tokens} (x-ratelimit-limit-*), p_reset_ms {requests, tokens}
-- (x-ratelimit-reset-*: ms until that bucket is full again), p_sent_ms_ago (how long ago the request was sent: the
-- provider counts at admission), p_expect (reserve_rate_limit's expect for that call, null if none), and for a 429
-- p_retry_after_ms (becomes the cooldown); p_completion_tokens (a successful answer's usage) moves the average;
-- p_ok: the answer was a success (one without any limit header marks the key headerless, one with them clears it).
-- Writes only when a limit changed, the schedule is off by more than one unit (p_tolerance_units, default 1), the
-- answer's tokens differ from the average by more than 5 %, or there is a new cooldown. Returns {changed, requests_drift_ms,
-- tokens_drift_ms}.
create or replace function public.observe_rate_limit(
  p_key text,
  p_limits jsonb,
  p_reset_ms jsonb,
  p_sent_ms_ago double precision,
  p_expect jsonb default null,
  p_retry_after_ms double precision default null,
  p_tolerance_units double precision default 1,
  p_completion_tokens double precision default null,
  p_ok boolean default false)
returns jsonb
language plpgsql
security invoker
set search_path = watcher
as $$
declare
  v_now timestamptz := clock_timestamp();
  v_sent timestamptz := v_now - make_interval(secs => greatest(coalesce(p_sent_ms_ago, 0), 0) / 1000);
  r rate_limits;
  v_lr integer := nullif((p_limits ->> 'requests')::integer, 0);
  v_lt integer := nullif((p_limits ->> 'tokens')::integer, 0);
  v_seen_r timestamptz;
  v_seen_t timestamptz;
  v_drift_r double precision;
  v_drift_t double precision;
  v_changed boolean := false;
  v_average double precision;
  v_full_at timestamptz;
  v_shift_ms double precision;
begin
  insert into rate_limits (key) values (p_key) on conflict (key) do nothing;
  select * into r from rate_limits where key = p_key for update;
  if p_completion_tokens is not null and p_completion_tokens >= 0 then
    v_average := coalesce(r.completion_tokens * 0.9 + p_completion_tokens * 0.1, p_completion_tokens);
    if r.completion_tokens is null or abs(p_completion_tokens - r.completion_tokens) > 0.05 * r.completion_tokens then
      r.completion_tokens := v_average; v_changed := true;
    end if;
  end if;
  if p_ok and (v_lr is not null or v_lt is not null) = r.headerless then
    r.headerless := not r.headerless; v_changed := true;
  end if;
  if v_lr is not null and r.limit_requests is distinct from v_lr then
    r.limit_requests := v_lr; v_changed := true;
  end if;
  if v_lt is not null and r.limit_tokens is distinct from v_lt then
    r.limit_tokens := v_lt; v_changed := true;
  end if;
  v_seen_r := v_sent + make_interval(secs => (p_reset_ms ->> 'requests')::double precision / 1000);
  v_seen_t := v_sent + make_interval(secs => (p_reset_ms ->> 'tokens')::double precision / 1000);
  select c.full_at, c.shift_ms, c.drift_ms into v_full_at, v_shift_ms, v_drift_r
  from rate_correction(r.requests_full_at, r.requests_shift_ms, v_seen_r,
    (p_expect ->> 'requests_full_at')::timestamptz, (p_expect ->> 'requests_shift_ms')::double precision,
    -- One request's interval, but not below 250 ms: at 10,000 RPM a unit (6 ms) is network jitter.
    case when r.limit_requests is not null then greatest(p_tolerance_units * 60000.0 / r.limit_requests, 250) end,
    v_now) c;
  v_changed := v_changed or v_full_at is distinct from r.requests_full_at;
  r.requests_full_at := v_full_at;
  r.requests_shift_ms := v_shift_ms;
  select c.full_at, c.shift_ms, c.drift_ms into v_full_at, v_shift_ms, v_drift_t
  from rate_correction(r.tokens_full_at, r.tokens_shift_ms, v_seen_t,
    (p_expect ->> 'tokens_full_at')::timestamptz, (p_expect ->> 'tokens_shift_ms')::double precision,
    -- One unit of tokens is too fine to act on: tolerate what an average call moves (1 % of the limit).
    case when r.limit_tokens is not null then p_tolerance_units * 600.0 end, v_now) c;
  v_changed := v_changed or v_full_at is distinct from r.tokens_full_at;
  r.tokens_full_at := v_full_at;
  r.tokens_shift_ms := v_shift_ms;
  if p_retry_after_ms is not null then
    r.cooldown_until := greatest(coalesce(r.cooldown_until, v_now), v_now + make_interval(secs => p_retry_after_ms / 1000));
    r.refused_total := r.refused_total + 1;
    r.last_refused_at := v_now;
    v_changed := true;
  end if;
  if v_changed or r.observed_at is null or r.observed_at < v_now - interval '1 minute' then
    update rate_limits set limit_requests = r.limit_requests, limit_tokens = r.limit_tokens,
      requests_full_at = r.requests_full_at, tokens_full_at = r.tokens_full_at,
      requests_shift_ms = r.requests_shift_ms, tokens_shift_ms = r.tokens_shift_ms,
      cooldown_until = r.cooldown_until, completion_tokens = r.completion_tokens, headerless = r.headerless,
      refused_total = r.refused_total, last_refused_at = r.last_refused_at,
      observed_at = v_now, updated_at = v_now
    where key = p_key;
  end if;
  return jsonb_build_object('changed', v_changed,
    'requests_drift_ms', round(v_drift_r), 'tokens_drift_ms', round(v_drift_t));
end
$$;

-- What `status` shows about the provider's limits: one entry per key, most recently observed first.
create or replace function watcher.rate_limits_report()
returns jsonb
language sql
stable
set search_path = watcher
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
      'key', key, 'limit_requests', limit_requests, 'limit_tokens', limit_tokens,
      'observed_at', observed_at, 'cooldown_until', cooldown_until,
      'refused_total', refused_total, 'last_refused_at', last_refused_at)
    order by observed_at desc nulls last, key), '[]'::jsonb)
  from rate_limits;
$$;

select watcher.lock_down_api();
