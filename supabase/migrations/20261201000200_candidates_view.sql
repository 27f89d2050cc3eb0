-- The read path for the team's own apps: one row per parsed resume whose file is done, with the typed columns and
-- the whole candidate record (candidate.schema.json). A stable contract: columns are added, never renamed or
-- removed, whatever happens to the tables behind it. It lives in public so PostgREST serves it
-- (`GET /rest/v1/candidates?select=name,email,skills&order=parsed_at.desc`).
--
-- security_invoker: the view reads the tables with the caller's rights, so row level security still decides. Only
-- service_role (which bypasses RLS) may read it; Supabase's default grants to anon and authenticated on new public
-- objects are revoked here. supabase/optional/recruiters_read.sql opens it to signed-in users, and nothing else.
create or replace view public.candidates with (security_invoker = true) as
select
  f.id as file_id,
  f.bucket,
  f.path,
  r.name,
  r.email,
  r.phone,
  r.location,
  r.years_experience,
  r.skills,
  r.candidate,
  r.parser_name,
  r.parser_version,
  r.parser_model,
  r.updated_at as parsed_at
from watcher.resume_files f
join watcher.resumes r on r.file_id = f.id
where f.status = 'done';

comment on view public.candidates is
  'resume-watcher: parsed candidates of done files (stable read path; columns are only ever added).';

revoke all on public.candidates from public;
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'anon') then
    revoke all on public.candidates from anon;
  end if;
  if exists (select 1 from pg_roles where rolname = 'authenticated') then
    revoke all on public.candidates from authenticated;
  end if;
  if exists (select 1 from pg_roles where rolname = 'service_role') then
    grant select on public.candidates to service_role;
  end if;
end
$$;
