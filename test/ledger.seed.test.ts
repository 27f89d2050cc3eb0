import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MIGRATIONS_DIR, migrate, readMigrationFiles } from "../src/ledger/migrate.ts";
import { openLedger } from "../src/ledger/open.ts";
import { createPgliteClient } from "../src/ledger/pglite-client.ts";
import {
  DEFAULT_SEED_DIR,
  openFromSeed,
  SEED_ARCHIVE,
  SEED_MANIFEST,
  type SeedManifest,
} from "../src/ledger/pglite-seed.ts";
import { buildPgliteSeed } from "../src/ledger/pglite-seed-build.ts";
import type { SqlClient } from "../src/ledger/sql-client.ts";
import { BACKENDS } from "./support/db.ts";

/**
 * Everything the migrations define in schemas watcher and public, as text: relations, columns, constraints,
 * indexes, views, functions (with their bodies and settings), triggers, policies, types, grants, and every table's
 * rows but their timestamps (watcher.migrations: name and sha256), plus the roles.
 */
async function schemaSnapshot(client: SqlClient): Promise<Record<string, string[]>> {
  const SCHEMAS = "('watcher', 'public')";
  const list = async (sql: string) => (await client.query<{ v: string }>(sql)).map((r) => r.v).sort();
  const tables = await client.query<{ name: string }>(
    `select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ${SCHEMAS} and c.relkind in ('r', 'p') and (n.nspname, c.relname) <> ('watcher', 'migrations')`,
  );
  const rows: string[] = [];
  for (const { name } of tables) {
    // Without timestamps: a row a migration inserts gets now(), i.e. when it ran (watcher_settings.updated_at).
    const [cols] = await client.query<{ list: string }>(
      `select string_agg(format('t.%I', attname), ', ' order by attnum) as list from pg_attribute
       where attrelid = $1::regclass and attnum > 0 and not attisdropped
         and atttypid not in ('timestamptz'::regtype, 'timestamp'::regtype)`,
      [name],
    );
    const [row] = await client.query<{ n: string; digest: string | null }>(
      `select count(*)::text as n, md5(string_agg(row(${cols?.list})::text, E'\\n' order by row(${cols?.list})::text))
         as digest from ${name} t`,
    );
    rows.push(`${name}: ${row?.n} ${row?.digest}`);
  }
  return {
    relations: await list(
      `select format('%s.%s %s %s rls=%s acl=%s opts=%s', n.nspname, c.relname, c.relkind, c.relpersistence,
              c.relrowsecurity, c.relacl, c.reloptions) as v
       from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname in ${SCHEMAS}`,
    ),
    columns: await list(
      `select format('%s.%s %s %s notnull=%s default=%s', a.attrelid::regclass, a.attnum, a.attname,
              format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid)) as v
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
       left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
       where n.nspname in ${SCHEMAS} and a.attnum > 0 and not a.attisdropped`,
    ),
    constraints: await list(
      `select format('%s %s %s', co.conrelid::regclass, co.conname, pg_get_constraintdef(co.oid)) as v
       from pg_constraint co join pg_namespace n on n.oid = co.connamespace where n.nspname in ${SCHEMAS}`,
    ),
    indexes: await list(`select indexdef as v from pg_indexes where schemaname in ${SCHEMAS}`),
    views: await list(
      `select format('%s.%s %s', schemaname, viewname, definition) as v from pg_views where schemaname in ${SCHEMAS}`,
    ),
    functions: await list(
      `select format('%s %s secdef=%s vol=%s config=%s acl=%s md5=%s', p.oid::regprocedure, p.prokind,
              p.prosecdef, p.provolatile, p.proconfig, p.proacl, md5(p.prosrc)) as v
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname in ${SCHEMAS}`,
    ),
    triggers: await list(
      `select pg_get_triggerdef(t.oid) as v from pg_trigger t join pg_class c on c.oid = t.tgrelid
       join pg_namespace n on n.oid = c.relnamespace where n.nspname in ${SCHEMAS} and not t.tgisinternal`,
    ),
    policies: await list(
      `select format('%s.%s %s %s %s %s %s', schemaname, tablename, policyname, cmd, roles, qual, with_check) as v
       from pg_policies where schemaname in ${SCHEMAS}`,
    ),
    types: await list(
      `select format('%s.%s %s %s', n.nspname, t.typname, t.typtype,
              (select string_agg(e.enumlabel, ',' order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid)) as v
       from pg_type t join pg_namespace n on n.oid = t.typnamespace where n.nspname in ${SCHEMAS}`,
    ),
    schemas: await list(`select format('%s acl=%s', nspname, nspacl) as v from pg_namespace`),
    roles: await list(`select format('%s login=%s', rolname, rolcanlogin) as v from pg_roles`),
    extensions: await list("select extname as v from pg_extension"),
    rows: rows.sort(),
    migrations: await list("select format('%s %s', name, sha256) as v from watcher.migrations"),
  };
}

async function appliedBefore(client: SqlClient, moment: Date): Promise<boolean> {
  const [row] = await client.query<{ before: boolean }>(
    "select max(applied_at) < $1 as before from watcher.migrations",
    [moment.toISOString()],
  );
  return row?.before === true;
}

describe.runIf(BACKENDS.includes("pglite"))("the embedded database's build-time seed", () => {
  let root: string;
  let seedDir: string;
  let olderSeedDir: string;
  let names: string[];
  let reference: Record<string, string[]>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "rw-seed-"));
    names = (await readMigrationFiles()).map((f) => f.name);
    seedDir = join(root, "seed");
    expect((await buildPgliteSeed({ outDir: seedDir })).built).toBe(true);
    // A seed made before the newest migration existed.
    const olderMigrations = join(root, "older-migrations");
    await mkdir(olderMigrations);
    for (const name of names.slice(0, -1))
      await cp(join(DEFAULT_MIGRATIONS_DIR, name), join(olderMigrations, name));
    olderSeedDir = join(root, "older-seed");
    await buildPgliteSeed({ outDir: olderSeedDir, migrationsDir: olderMigrations });
    // What initdb + every migration gives, the slow way.
    const fresh = await createPgliteClient();
    try {
      expect(await migrate(fresh)).toEqual(names);
      reference = await schemaSnapshot(fresh);
    } finally {
      await fresh.close();
    }
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  /** createPgliteClient on a new folder with this seed, then migrate(): what openLedger does on a first run. */
  async function firstRun(seed: string, options: { migrationsDir?: string } = {}) {
    const skipped: string[] = [];
    const started = new Date();
    const client = await createPgliteClient(await mkdtemp(join(root, "db-")), {
      seedDir: seed,
      migrationsDir: options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR,
      onSkip: (reason) => skipped.push(reason),
    });
    try {
      const applied = await migrate(client, options.migrationsDir ? { dir: options.migrationsDir } : {});
      const seeded = await appliedBefore(client, started);
      return { applied, seeded, skipped, snapshot: await schemaSnapshot(client) };
    } finally {
      await client.close();
    }
  }

  it("a first run from the seed is the same database as initdb + migrations, with nothing left to apply", async () => {
    const run = await firstRun(seedDir);
    expect(run.skipped).toEqual([]);
    expect(run.seeded).toBe(true);
    expect(run.applied).toEqual([]);
    expect(run.snapshot.functions?.length).toBeGreaterThan(10);
    expect(run.snapshot).toEqual(reference);
  });

  it("applies the migrations newer than the seed after loading it", async () => {
    const run = await firstRun(olderSeedDir);
    expect(run.skipped).toEqual([]);
    expect(run.applied).toEqual(names.slice(-1));
    expect(run.snapshot).toEqual(reference);
  });

  it("falls back to initdb when the archive is damaged, and the database is still complete", async () => {
    const damaged = join(root, "damaged");
    await cp(seedDir, damaged, { recursive: true });
    const archive = await readFile(join(damaged, SEED_ARCHIVE));
    archive[archive.length >> 1] = (archive[archive.length >> 1] ?? 0) ^ 0xff;
    await writeFile(join(damaged, SEED_ARCHIVE), archive);
    const run = await firstRun(damaged);
    expect(run.skipped).toEqual([expect.stringMatching(/does not match its manifest/)]);
    expect(run.seeded).toBe(false);
    expect(run.applied).toEqual(names);
    expect(run.snapshot).toEqual(reference);
  });

  it("falls back to initdb when PGlite cannot open what the seed holds (a consistent but broken folder)", async () => {
    // Unpacked with the system tar, pg_control removed, packed again (GNU tar, ustar) with a matching manifest.
    const broken = join(root, "broken");
    const unpacked = join(root, "broken-folder");
    await mkdir(unpacked, { recursive: true });
    await mkdir(broken);
    execFileSync("tar", ["xzf", join(seedDir, SEED_ARCHIVE), "-C", unpacked]);
    await rm(join(unpacked, "global", "pg_control"));
    execFileSync("tar", ["czf", join(broken, SEED_ARCHIVE), "--format=ustar", "-C", unpacked, "."]);
    const packed = await readFile(join(broken, SEED_ARCHIVE));
    const manifest = JSON.parse(await readFile(join(seedDir, SEED_MANIFEST), "utf8")) as SeedManifest;
    manifest.archive = { sha256: createHash("sha256").update(packed).digest("hex"), bytes: packed.length };
    await writeFile(join(broken, SEED_MANIFEST), JSON.stringify(manifest));

    const run = await firstRun(broken);
    expect(run.skipped).toEqual([expect.stringMatching(/PGlite cannot open it/)]);
    expect(run.applied).toEqual(names);
    expect(run.snapshot).toEqual(reference);
  });

  describe("leaves the folder empty and returns null, without opening anything, when the seed", () => {
    async function tryOpen(seed: string, migrationsDir = DEFAULT_MIGRATIONS_DIR) {
      const dataDir = await mkdtemp(join(root, "db-"));
      const skipped: string[] = [];
      const db = await openFromSeed(PGlite, dataDir, "shared_buffers = 16MB", {
        seedDir: seed,
        migrationsDir,
        onSkip: (reason) => skipped.push(reason),
      });
      await db?.close();
      return { opened: db !== null, skipped, left: await readdir(dataDir) };
    }

    it("is missing (not reported: a build without one is allowed)", async () => {
      expect(await tryOpen(join(root, "no-such-seed"))).toEqual({ opened: false, skipped: [], left: [] });
    });

    it("was made by another PGlite version", async () => {
      const other = join(root, "other-version");
      await cp(seedDir, other, { recursive: true });
      const manifest = JSON.parse(await readFile(join(other, SEED_MANIFEST), "utf8")) as SeedManifest;
      await writeFile(join(other, SEED_MANIFEST), JSON.stringify({ ...manifest, pglite: "0.0.1" }));
      expect(await tryOpen(other)).toEqual({
        opened: false,
        skipped: [expect.stringMatching(/made by PGlite 0\.0\.1/)],
        left: [],
      });
    });

    it("holds a migration whose file has changed since (the runner would refuse it)", async () => {
      const edited = join(root, "edited-migrations");
      await cp(DEFAULT_MIGRATIONS_DIR, edited, { recursive: true });
      const first = join(edited, names[0] as string);
      await writeFile(first, `${await readFile(first, "utf8")}\n-- edited\n`);
      expect(await tryOpen(seedDir, edited)).toEqual({
        opened: false,
        skipped: [expect.stringMatching(/not the first ones/)],
        left: [],
      });
    });

    it("holds more migrations than the folder (an older checkout's migrations)", async () => {
      const fewer = join(root, "fewer-migrations");
      await mkdir(fewer);
      await cp(join(DEFAULT_MIGRATIONS_DIR, names[0] as string), join(fewer, names[0] as string));
      const result = await tryOpen(seedDir, fewer);
      expect(result.opened).toBe(false);
      expect(result.left).toEqual([]);
    });

    it("is truncated", async () => {
      const truncated = join(root, "truncated");
      await cp(seedDir, truncated, { recursive: true });
      const archive = await readFile(join(truncated, SEED_ARCHIVE));
      const cut = archive.subarray(0, archive.length >> 1);
      await writeFile(join(truncated, SEED_ARCHIVE), cut);
      const manifest = JSON.parse(await readFile(join(truncated, SEED_MANIFEST), "utf8")) as SeedManifest;
      manifest.archive = { sha256: createHash("sha256").update(cut).digest("hex"), bytes: cut.length };
      await writeFile(join(truncated, SEED_MANIFEST), JSON.stringify(manifest));
      expect(await tryOpen(truncated)).toEqual({
        opened: false,
        skipped: [expect.stringMatching(/cannot unpack/)],
        left: [],
      });
    });
  });

  it("is not rebuilt while PGlite and the migrations stay the same", async () => {
    const before = await stat(join(seedDir, SEED_ARCHIVE));
    const again = await buildPgliteSeed({ outDir: seedDir });
    expect(again.built).toBe(false);
    const after = await stat(join(seedDir, SEED_ARCHIVE));
    expect(after.mtimeMs).toBe(before.mtimeMs);
  });

  it("openLedger on a new folder starts from the seed `npm run build` made (test/support/global-setup.ts)", async () => {
    expect(existsSync(join(DEFAULT_SEED_DIR, SEED_MANIFEST))).toBe(true);
    const started = new Date();
    const ledger = await openLedger({ dataDir: join(root, "via-open-ledger"), migrate: true });
    try {
      expect(await appliedBefore(ledger.client, started)).toBe(true);
      expect(await schemaSnapshot(ledger.client)).toEqual(reference);
    } finally {
      await ledger.close();
    }
  });
});
