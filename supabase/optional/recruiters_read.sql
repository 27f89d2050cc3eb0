-- Opens public.candidates (the parsed resumes) to signed-in users of your Supabase project — read only — and
-- nothing else: not the ledger's tables through the REST API (schema watcher is not exposed), not its functions,
-- nothing to anon.
--
-- Prerequisites: the migrations are applied. Apply once in the SQL editor (or psql as postgres); re-running is
-- harmless. Then a signed-in user of your app reads it with supabase-js:
--   const { data } = await supabase.from("candidates").select("name, email, skills, path").order("parsed_at", { ascending: false });
-- To narrow who may read (say, users whose JWT app_metadata says role = recruiter), change `using (true)` in both
-- policies, e.g. `using ((auth.jwt() -> 'app_metadata' ->> 'role') = 'recruiter')`.
-- Undo:
--   revoke select on public.candidates from authenticated;
--   drop policy if exists recruiters_read on watcher.resumes;
--   drop policy if exists recruiters_read on watcher.resume_files;
--   revoke select on watcher.resumes, watcher.resume_files from authenticated;
--   revoke usage on schema watcher from authenticated;
-- Cost: none beyond the queries your app makes.
--
-- Why the table grants: the view is security_invoker, so row level security on the tables decides what a reader
-- sees; these two policies say "signed-in users may read rows", for select only.
grant usage on schema watcher to authenticated;
grant select on watcher.resumes, watcher.resume_files to authenticated;
drop policy if exists recruiters_read on watcher.resumes;
create policy recruiters_read on watcher.resumes for select to authenticated using (true);
drop policy if exists recruiters_read on watcher.resume_files;
create policy recruiters_read on watcher.resume_files for select to authenticated using (true);
grant select on public.candidates to authenticated;
