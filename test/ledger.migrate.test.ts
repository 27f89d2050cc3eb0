import { appendFile, cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import {
  DEFAULT_MIGRATIONS_DIR,
  MIGRATIONS_TABLE,
  MigrationError,
  migrate,
  readMigrationFiles,
} from "../src/ledger/migrate.ts";
import { forEachBackend } from "./support/db.ts";
import { countWhere } from "./support/ledger-fixtures.ts";

const LEDGER_TABLES = [
  "resume_files",
  "resumes",
  "watcher_checkpoints",
  "watcher_runs",
  "watcher_settings",
].map((table) => `watcher.${table}`);

forEachBackend(
  "migration runner",
  (ctx) => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), "rw-migrations-"));
      await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
    });
    afterEach(() => rm(dir, { recursive: true, force: true }));

    it("applies every file in name order and records its name and sha256", async () => {
      const files = await readMigrationFiles(dir);
      expect(files.length).toBeGreaterThanOrEqual(5);
      expect(files.map((f) => f.name)).toEqual(files.map((f) => f.name).sort());

      const applied = await migrate(ctx.sql, { dir });

      expect(applied).toEqual(files.map((f) => f.name));
      const rows = await ctx.sql.query<{ name: string; sha256: string }>(
        `select name, sha256 from watcher.${MIGRATIONS_TABLE} order by name`,
      );
      expect(rows).toEqual(files.map((f) => ({ name: f.name, sha256: f.sha256 })));
      for (const table of LEDGER_TABLES) expect(await countWhere(ctx.sql, table)).toBeGreaterThanOrEqual(0);
    });

    it("is idempotent: a second run applies nothing and records nothing new", async () => {
      await migrate(ctx.sql, { dir });
      const before = await countWhere(ctx.sql, `watcher.${MIGRATIONS_TABLE}`);

      expect(await migrate(ctx.sql, { dir })).toEqual([]);
      expect(await countWhere(ctx.sql, `watcher.${MIGRATIONS_TABLE}`)).toBe(before);
    });

    it("applies a file added later, and only that file", async () => {
      await migrate(ctx.sql, { dir });
      await writeFile(join(dir, "20991231000000_extra.sql"), "create table extra_thing (id int);");

      expect(await migrate(ctx.sql, { dir })).toEqual(["20991231000000_extra.sql"]);
      expect(await countWhere(ctx.sql, "extra_thing")).toBe(0);
    });

    it("refuses to run when an applied file changed, naming the file, and applies nothing", async () => {
      await migrate(ctx.sql, { dir });
      const [first] = await readMigrationFiles(dir);
      if (!first) throw new Error("no migrations");
      await appendFile(join(dir, first.name), "\n-- edited after it was applied\n");
      await writeFile(join(dir, "20991231000000_extra.sql"), "create table extra_thing (id int);");

      const error = await migrate(ctx.sql, { dir }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(MigrationError);
      expect((error as MigrationError).file).toBe(first.name);
      expect((error as Error).message).toContain(first.name);
      expect((error as Error).message).toMatch(/new migration/);
      const extra = await ctx.sql.query(`select 1 from watcher.${MIGRATIONS_TABLE} where name like '2099%'`);
      expect(extra).toEqual([]);
      expect(await ctx.sql.query("select 1 from pg_tables where tablename = 'extra_thing'")).toEqual([]);
    });

    it("does not treat CRLF line endings as a change", async () => {
      await migrate(ctx.sql, { dir });
      const [first] = await readMigrationFiles(dir);
      if (!first) throw new Error("no migrations");
      await writeFile(join(dir, first.name), first.sql.replace(/\n/g, "\r\n"));

      expect(await migrate(ctx.sql, { dir })).toEqual([]);
    });

    it("rolls back a failing file, does not record it, and names it in the error", async () => {
      const broken = "20991231000000_broken.sql";
      await writeFile(join(dir, broken), "create table half_done (id int);\nselect * from no_such_table;");

      const error = await migrate(ctx.sql, { dir }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(MigrationError);
      expect((error as MigrationError).file).toBe(broken);
      expect((error as MigrationError).code).toBe("42P01");
      expect(await ctx.sql.query("select 1 from pg_tables where tablename = 'half_done'")).toEqual([]);
      expect(await countWhere(ctx.sql, `watcher.${MIGRATIONS_TABLE}`, `name = '${broken}'`)).toBe(0);
      // Everything before it stays applied.
      expect(await countWhere(ctx.sql, `watcher.${MIGRATIONS_TABLE}`)).toBe(
        (await readMigrationFiles(dir)).length - 1,
      );
    });

    it("leaves migrations re-runnable statement by statement (a `supabase db push` database can be adopted)", async () => {
      await migrate(ctx.sql, { dir });
      for (const file of await readMigrationFiles(dir)) await ctx.sql.exec(file.sql);
      expect(await countWhere(ctx.sql, "watcher.watcher_settings")).toBe(1);
    });

    it("enables row level security on every table", async () => {
      await migrate(ctx.sql, { dir });
      const tables = await ctx.sql.query<{ name: string; rls: boolean }>(
        `select n.nspname || '.' || c.relname as name, c.relrowsecurity as rls from pg_class c
         join pg_namespace n on n.oid = c.relnamespace
         where n.nspname in ('public', 'watcher') and c.relkind in ('r', 'p') order by c.relname`,
      );
      expect(tables.map((t) => t.name)).toEqual(
        expect.arrayContaining([...LEDGER_TABLES, `watcher.${MIGRATIONS_TABLE}`]),
      );
      expect(tables.filter((t) => !t.rls)).toEqual([]);
    });

    it.runIf(ctx.kind === "postgres")(
      "serializes 8 runners started at once: each file applied once",
      async () => {
        const clients = Array.from({ length: 8 }, () => ctx.connect(1));

        const results = await Promise.all(clients.map((client) => migrate(client, { dir })));

        const files = (await readMigrationFiles(dir)).map((f) => f.name);
        expect(results.flat().sort()).toEqual(files);
        expect(await countWhere(ctx.sql, `watcher.${MIGRATIONS_TABLE}`)).toBe(files.length);
      },
    );

    // Roles are cluster-wide on a real server, so the Supabase roles are only created in a private PGlite.
    it.runIf(ctx.kind === "pglite")("grants to service_role only when the Supabase roles exist", async () => {
      await ctx.sql.exec(`do $$ begin
        if not exists (select 1 from pg_roles where rolname = 'anon') then
          create role anon; create role authenticated; create role service_role;
        end if;
      end $$;`);
      await migrate(ctx.sql, { dir });

      const [row] = await ctx.sql.query<Record<string, boolean>>(
        `select
           has_function_privilege('service_role', 'public.claim_files(text, integer, integer)', 'execute') as svc_fn,
           has_function_privilege('anon', 'public.claim_files(text, integer, integer)', 'execute') as anon_fn,
           has_function_privilege('authenticated', 'public.get_status(integer, integer)', 'execute') as auth_fn,
           has_table_privilege('service_role', 'watcher.resume_files', 'select, update') as svc_table,
           has_table_privilege('anon', 'watcher.resume_files', 'select') as anon_table`,
      );
      expect(row).toEqual({
        svc_fn: true,
        anon_fn: false,
        auth_fn: false,
        svc_table: true,
        anon_table: false,
      });
    });
  },
  { migrate: false },
);
