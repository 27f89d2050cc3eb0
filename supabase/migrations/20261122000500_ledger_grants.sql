-- Who may call the ledger. Postgres lets PUBLIC execute new functions, and Supabase's default privileges also grant
-- everything created in schema public to anon, authenticated and service_role. The ledger's API functions are
-- exactly the functions of schema public that run with `search_path = watcher` (every ledger function is declared
-- so): `watcher.lock_down_api()` finds them in the catalog — no hand-kept list to forget a name in — revokes them
-- from PUBLIC, anon and authenticated, and grants them to service_role. Every migration that adds an API function
-- ends with `select watcher.lock_down_api();`. It also revokes PUBLIC's execute right from every function of schema
-- watcher (internal helpers; service_role keeps the grant the schema's default privileges gave it).
create or replace function watcher.lock_down_api()
returns jsonb
language plpgsql
security invoker
set search_path = watcher
as $$
declare
  v_fn regprocedure;
  v_count integer := 0;
  v_role text;
begin
  for v_fn in
    select p.oid::regprocedure
    from pg_proc p
    where p.pronamespace = 'public'::regnamespace
      and 'search_path=watcher' = any (coalesce(p.proconfig, '{}'))
  loop
    execute format('revoke all on function %s from public', v_fn);
    foreach v_role in array array['anon', 'authenticated'] loop
      if exists (select 1 from pg_roles where rolname = v_role) then
        execute format('revoke all on function %s from %I', v_fn, v_role);
      end if;
    end loop;
    if exists (select 1 from pg_roles where rolname = 'service_role') then
      execute format('grant execute on function %s to service_role', v_fn);
    end if;
    v_count := v_count + 1;
  end loop;
  for v_fn in select p.oid::regprocedure from pg_proc p where p.pronamespace = 'watcher'::regnamespace loop
    execute format('revoke all on function %s from public', v_fn);
  end loop;
  return jsonb_build_object('locked_down', v_count);
end
$$;

select watcher.lock_down_api();
