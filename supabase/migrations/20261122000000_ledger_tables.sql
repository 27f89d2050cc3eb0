-- Ledger tables: the watcher's whole state. The state machine itself lives in the functions of the following
-- migrations; nothing else writes these tables.
--
-- Written to apply cleanly to plain PostgreSQL 15+, PGlite and Supabase, and to be re-runnable (if not exists /
-- idempotent statements) so a database prepared by `supabase db push` can also be opened by the built-in runner.

-- Everything the watcher stores, and its internal helper functions, live in schema `watcher`, which PostgREST does
-- not expose. Only the functions the ledger port calls are in `public` (see 20261122000500_ledger_grants.sql).
create schema if not exists watcher;
revoke all on schema watcher from public;

-- Privileges by default, not by a hand-kept list: whatever a later migration creates in schema watcher is open to
-- service_role (the server-side key). `anon` and `authenticated` get nothing: they have no usage on the schema and
-- no defaults in it. (PUBLIC's execute right on new functions is a global default a per-schema default cannot take
-- away: watcher.lock_down_api() revokes it from every function of the schema, found in the catalog.) Supabase
-- roles exist only on Supabase, so the grants are guarded.
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'service_role') then
    grant usage on schema watcher to service_role;
    alter default privileges in schema watcher grant select, insert, update, delete on tables to service_role;
    alter default privileges in schema watcher grant usage, select on sequences to service_role;
    alter default privileges in schema watcher grant execute on functions to service_role;
  end if;
end
$$;

-- One row per bucket object ever listed.
create table if not exists watcher.resume_files (
  id bigint generated always as identity primary key,
  bucket text not null,
  path text not null,
  etag text,
  size bigint not null default 0,
  -- sha256 hex of the downloaded bytes; set on completion, cleared when the object changes.
  content_hash text,
  status text not null default 'pending'
    check (status in ('pending', 'processing', 'done', 'failed', 'skipped', 'removed')),
  -- Attempts spent so far; counted at claim time, reset when the object changes or is retried by hand.
  attempts integer not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null default now(),
  lease_token uuid,
  lease_owner text,
  lease_expires_at timestamptz,
  priority integer not null default 0,
  -- Set by requeue_files: the next attempt parses the file even when a stored result could be reused.
  force_parse boolean not null default false,
  last_error_code text,
  last_error_message text,
  -- Listing (full pass over the bucket) that last saw this object; rows not seen by a finished listing are removed.
  last_seen_listing uuid,
  -- When the file last entered the queue (new, changed, retried by hand): the age of the backlog is measured from it.
  queued_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  done_at timestamptz,
  constraint resume_files_bucket_path_key unique (bucket, path),
  -- A lease exists exactly while the file is processing: every transition out of processing must clear it.
  constraint resume_files_lease_check check ((status = 'processing') = (lease_token is not null))
) with (fillfactor = 85); -- room for HOT updates: every listing pass rewrites last_seen_listing on each row

-- The claim: due pending files, priority first, then oldest due, then id (stable order).
create index if not exists resume_files_claim_idx
  on watcher.resume_files (priority desc, next_attempt_at, id) where status = 'pending';
-- The expired-lease sweep.
create index if not exists resume_files_lease_idx
  on watcher.resume_files (lease_expires_at) where status = 'processing';
-- Status counts, retries and top errors.
create index if not exists resume_files_status_idx on watcher.resume_files (status, last_error_code);

-- The parsed candidate, one row per file: typed columns for the common fields plus the whole record.
create table if not exists watcher.resumes (
  file_id bigint primary key references watcher.resume_files (id) on delete cascade,
  content_hash text not null,
  name text,
  email text,
  phone text,
  location text,
  years_experience numeric,
  skills text[] not null default '{}',
  candidate jsonb not null,
  parser_name text not null,
  parser_version text not null,
  parser_model text,
  prompt_tokens integer,
  completion_tokens integer,
  text_chars integer not null default 0,
  truncated boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- Dedupe: the same bytes uploaded twice are parsed once.
create index if not exists resumes_content_hash_idx on watcher.resumes (content_hash);

-- One row per tick: the run history.
create table if not exists watcher.watcher_runs (
  run_id uuid primary key default gen_random_uuid(),
  trigger text not null,
  worker text not null,
  budget_ms integer not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  duration_ms integer,
  listed integer not null default 0,
  new integer not null default 0,
  claimed integer not null default 0,
  done integer not null default 0,
  skipped integer not null default 0,
  failed integer not null default 0,
  released integer not null default 0,
  -- abandoned: never finished within its budget + grace (the worker was killed); closed by close_abandoned_runs().
  outcome text check (outcome in ('completed', 'deadline', 'paused', 'error', 'abandoned')),
  error text,
  prompt_tokens bigint not null default 0,
  completion_tokens bigint not null default 0,
  -- How the tick learnt about the bucket: listing, listing_fallback, storage_sql, upload_trigger (see tick.ts).
  sync text
);
create index if not exists watcher_runs_started_idx on watcher.watcher_runs (started_at desc);
-- Runs not finished yet: what close_abandoned_runs() looks at every tick, without scanning the whole history.
create index if not exists watcher_runs_open_idx on watcher.watcher_runs (started_at) where finished_at is null;

-- Single settings row. Functions treat a missing row as the defaults (not paused).
create table if not exists watcher.watcher_settings (
  id boolean primary key default true check (id),
  paused boolean not null default false,
  updated_at timestamptz not null default now()
);
insert into watcher.watcher_settings (id) values (true) on conflict (id) do nothing;

-- Listing checkpoint per bucket: which listing is in progress, of which folder (prefix, "folder/" form, '' = the
-- whole bucket) and where to continue it.
create table if not exists watcher.watcher_checkpoints (
  bucket text primary key,
  listing_id uuid not null,
  prefix text not null default '',
  cursor text,
  updated_at timestamptz not null default now()
);

-- Row level security on, no policies: only roles that bypass RLS (service_role, the table owner) see rows.
alter table watcher.resume_files enable row level security;
alter table watcher.resumes enable row level security;
alter table watcher.watcher_runs enable row level security;
alter table watcher.watcher_settings enable row level security;
alter table watcher.watcher_checkpoints enable row level security;

-- Paths seen by the listing in progress, one row per synced page; emptied when the listing finishes.
create table if not exists watcher.watcher_listing_pages (
  id bigint generated always as identity primary key,
  bucket text not null,
  listing_id uuid not null,
  paths text[] not null,
  created_at timestamptz not null default now()
);
create index if not exists watcher_listing_pages_listing_idx on watcher.watcher_listing_pages (bucket, listing_id);
alter table watcher.watcher_listing_pages enable row level security;

comment on column watcher.resume_files.last_seen_listing is
  'Listing that last inserted or re-queued this row. Unchanged rows are not rewritten: which paths a listing saw '
  'is kept in watcher_listing_pages until it finishes.';
