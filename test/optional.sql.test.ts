import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { migrate } from "../src/ledger/migrate.ts";
import { createPostgresClient } from "../src/ledger/postgres-client.ts";
import type { SqlClient } from "../src/ledger/sql-client.ts";
import { createPostgresDatabase, type TestDatabase } from "./support/db.ts";
import {
  CRON_STUB,
  createSecrets,
  NET_STUB,
  type ProcessingState,
  requestBodies,
  requests,
  SECRET_VALUE,
  URL_VALUE,
  VAULT_STUB,
} from "./support/extension-stubs.ts";
import { createBucket, createStorageSchema, uploadMany, uploadObject } from "./support/storage-schema.ts";
import { prepareSupabaseDatabase } from "./support/supabase-roles.ts";

/**
 * supabase/optional/*.sql (applied by hand on a Supabase project) against a real Postgres, with stand-ins for
 * pg_net, pg_cron and Vault that have the extensions' signatures (test/support/extension-stubs.ts says where each
 * signature comes from) and record each call in a table instead of acting on it.
 */
const OPTIONAL_DIR = resolve(import.meta.dirname, "..", "supabase", "optional");
const readOptional = (name: string) => readFile(resolve(OPTIONAL_DIR, name), "utf8");

const BUCKET = "msmm-resumes";
const OTHER = "avatars";
describe("supabase/optional: prerequisites are checked before anything is created", () => {
  let database: TestDatabase;
  let sql: SqlClient;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    sql = createPostgresClient(database.url, { max: 1 });
    await createStorageSchema(sql);
    await migrate(sql);
  });
  afterAll(async () => {
    await sql?.close();
    await database?.drop();
  });

  it("names the missing extension or file", async () => {
    await expect(sql.exec(await readOptional("vault_secrets.sql"))).rejects.toThrow(/pg_net is not enabled/);
    await sql.exec(NET_STUB);
    await expect(sql.exec(await readOptional("vault_secrets.sql"))).rejects.toThrow(/Vault is not enabled/);
    await expect(sql.exec(await readOptional("cron_every_minute.sql"))).rejects.toThrow(
      /pg_cron is not enabled/,
    );
    await sql.exec(CRON_STUB);
    await expect(sql.exec(await readOptional("cron_every_minute.sql"))).rejects.toThrow(
      /apply supabase\/optional\/vault_secrets\.sql first/,
    );
    await expect(sql.exec(await readOptional("instant_processing.sql"))).rejects.toThrow(
      /apply supabase\/optional\/vault_secrets\.sql first/,
    );
    // Each file is one transaction: nothing was left behind.
    const leftovers = await sql.query<{ n: string }>(
      `select (select count(*) from cron.job) + (select count(*) from pg_proc where proname in
         ('request_processing', 'on_storage_upload_request_processing')) as n`,
    );
    expect(Number(leftovers[0]?.n)).toBe(0);
  });
});

describe("supabase/optional on a Supabase-like database (real Postgres, stub pg_net / pg_cron / Vault)", () => {
  let database: TestDatabase;
  let sql: SqlClient;

  const state = async (bucket = BUCKET) =>
    (
      await sql.query<ProcessingState>("select * from watcher.instant_processing_state where bucket = $1", [
        bucket,
      ])
    )[0];
  const registerSource = async (bucket = BUCKET, prefix = "") => {
    await sql.query("select public.sync_from_storage($1, $2)", [bucket, prefix]);
  };

  beforeAll(async () => {
    database = await createPostgresDatabase();
    sql = createPostgresClient(database.url, { max: 4 });
    await prepareSupabaseDatabase(sql);
    await createStorageSchema(sql);
    await sql.exec(VAULT_STUB);
    await sql.exec(NET_STUB);
    await sql.exec(CRON_STUB);
    await migrate(sql);
    await sql.exec(await readOptional("vault_secrets.sql"));
    await sql.exec(await readOptional("instant_processing.sql"));
  });
  afterAll(async () => {
    await sql?.close();
    await database?.drop();
  });
  beforeEach(async () => {
    await sql.exec(NET_STUB);
    await createSecrets(sql);
    await sql.exec(
      "truncate watcher.resume_files, watcher.storage_sources, watcher.storage_trigger_failures, " +
        "watcher.instant_processing_state restart identity cascade; " +
        "delete from storage.objects; delete from storage.buckets;",
    );
    await createBucket(sql, BUCKET);
    await createBucket(sql, OTHER);
  });

  describe("vault_secrets.sql: watcher.request_processing", () => {
    it("posts the body to the Vault URL with the Vault secret as bearer token, JSON content type", async () => {
      const rows = await sql.query<{ id: string }>(
        `select watcher.request_processing('{"paths": ["cv/a.pdf"], "limit": 3, "budgetMs": 20000}'::jsonb) as id`,
      );
      await sql.query("select watcher.request_processing('{}'::jsonb, 5000)");
      await sql.query("select watcher.request_processing(null)");
      const sent = await requests(sql);
      expect(sent.map((r) => r.id)).toEqual([rows[0]?.id, expect.any(String), expect.any(String)]);
      expect(sent[0]).toMatchObject({
        url: URL_VALUE,
        headers: { Authorization: `Bearer ${SECRET_VALUE}`, "Content-Type": "application/json" },
        body: { paths: ["cv/a.pdf"], limit: 3, budgetMs: 20000 },
        params: {},
        timeout_milliseconds: 30000,
      });
      expect(Object.keys(sent[0]?.headers ?? {}).sort()).toEqual(["Authorization", "Content-Type"]);
      expect(sent[1]).toMatchObject({ body: {}, timeout_milliseconds: 5000 });
      expect(sent[2]).toMatchObject({ body: {} });
    });

    it("raises an error naming each missing secret, never showing a secret, and sends nothing", async () => {
      await sql.exec("delete from vault.secrets where name = 'resume_watcher_secret'");
      await expect(sql.query("select watcher.request_processing('{}'::jsonb)")).rejects.toThrow(
        'resume-watcher: Vault secret "resume_watcher_secret" is missing or empty',
      );

      await createSecrets(sql);
      await sql.exec("update vault.secrets set secret = '  ' where name = 'resume_watcher_process_url'");
      const error = await sql
        .query("select watcher.request_processing('{}'::jsonb)")
        .catch((e: unknown) => e);
      expect(String(error)).toContain('Vault secret "resume_watcher_process_url" is missing or empty');
      expect(String(error)).not.toContain(SECRET_VALUE);

      await sql.exec("delete from vault.secrets");
      await expect(sql.query("select watcher.request_processing('{}'::jsonb)")).rejects.toThrow(
        'Vault secrets "resume_watcher_process_url" and "resume_watcher_secret" are missing or empty',
      );

      await createSecrets(sql);
      await sql.exec(
        "update vault.secrets set secret = 'resume-watcher.example' where name = 'resume_watcher_process_url'",
      );
      await expect(sql.query("select watcher.request_processing('{}'::jsonb)")).rejects.toThrow(
        /not an http\(s\) URL/,
      );
      await createSecrets(sql);
      await expect(sql.query(`select watcher.request_processing('["cv/a.pdf"]'::jsonb)`)).rejects.toThrow(
        /must be a JSON object/,
      );
      expect(await requests(sql)).toEqual([]);
    });

    it("is security definer with a pinned search_path, and executable by nobody but its owner", async () => {
      const rows = await sql.query<{
        fn: string;
        definer: boolean;
        config: string[];
        role: string;
        can: boolean;
      }>(
        `select p.oid::regprocedure::text as fn, p.prosecdef as definer, p.proconfig as config, r.rolname as role,
                has_function_privilege(r.rolname, p.oid, 'execute') as can
         from pg_proc p cross join pg_roles r
         where p.pronamespace = 'watcher'::regnamespace
           and p.proname in ('request_processing', 'on_storage_upload_request_processing')
           and r.rolname in ('anon', 'authenticated', 'service_role', current_user)
         order by 1, 4`,
      );
      expect(rows).toHaveLength(8);
      for (const row of rows) {
        expect(row.definer).toBe(true);
        expect(row.config).toContain('search_path=""');
        expect(row.can).toBe(!["anon", "authenticated", "service_role"].includes(row.role));
      }
    });
  });

  describe("cron_every_minute.sql", () => {
    it("schedules one job every minute, unscheduling the previous one when applied again", async () => {
      await sql.exec("truncate cron.job, cron.stub_calls");
      const cronFile = await readOptional("cron_every_minute.sql");
      await sql.exec(cronFile);
      await sql.exec(cronFile);

      const jobs = await sql.query<{ jobname: string; schedule: string; command: string }>(
        "select jobname, schedule, command from cron.job",
      );
      expect(jobs).toEqual([
        {
          jobname: "resume-watcher-process",
          schedule: "* * * * *",
          command: expect.stringContaining("select watcher.request_processing('{}'::jsonb)"),
        },
      ]);
      const calls = await sql.query<{ fn: string; job: string }>(
        "select fn, job from cron.stub_calls order by id",
      );
      expect(calls).toEqual([
        { fn: "schedule", job: "resume-watcher-process" },
        { fn: "unschedule", job: "resume-watcher-process" },
        { fn: "schedule", job: "resume-watcher-process" },
      ]);

      // What pg_cron will run, run once here: one POST with an empty body.
      await sql.exec(jobs[0]?.command ?? "");
      expect(await requests(sql)).toMatchObject([
        { url: URL_VALUE, body: {}, headers: { Authorization: `Bearer ${SECRET_VALUE}` } },
      ]);
    });
  });

  describe("instant_processing.sql", () => {
    it("posts {paths: [key]} for an upload under a watched source; the ledger still queues it", async () => {
      await registerSource();
      await uploadObject(sql, BUCKET, "cv/a.pdf");

      expect(await requests(sql)).toMatchObject([
        {
          url: URL_VALUE,
          headers: { Authorization: `Bearer ${SECRET_VALUE}`, "Content-Type": "application/json" },
          body: { paths: ["cv/a.pdf"] },
        },
      ]);
      const queued = await sql.query<{ path: string; status: string; priority: number }>(
        "select path, status, priority from watcher.resume_files",
      );
      expect(queued).toEqual([{ path: "cv/a.pdf", status: "pending", priority: 10 }]);
      expect(await state()).toMatchObject({ requests: "1", last_request_path: "cv/a.pdf", last_error: null });
    });

    it("ignores other buckets, keys outside the prefix, placeholders and uploads still in flight", async () => {
      await registerSource(BUCKET, "cv");
      await uploadObject(sql, OTHER, "cv/avatar.pdf");
      await uploadObject(sql, BUCKET, "archive/old.pdf");
      await uploadObject(sql, BUCKET, "cv/.emptyFolderPlaceholder");
      await sql.query(
        "insert into storage.objects (bucket_id, name, metadata) values ($1, 'cv/big.pdf', null)",
        [BUCKET],
      );
      expect(await requests(sql)).toEqual([]);

      // The in-flight upload completes: Storage sets its metadata.
      await sql.query(
        `update storage.objects set metadata = '{"eTag": "\\"e1\\"", "size": 100}'::jsonb where name = 'cv/big.pdf'`,
      );
      expect(await requestBodies(sql)).toEqual([{ paths: ["cv/big.pdf"] }]);
    });

    it("sends at most one request per bucket per window, however many uploads arrive", async () => {
      await registerSource();
      await registerSource(OTHER);
      for (const name of ["cv/1.pdf", "cv/2.pdf", "cv/3.pdf", "cv/4.pdf", "cv/5.pdf"]) {
        await uploadObject(sql, BUCKET, name);
      }
      await uploadMany(sql, BUCKET, "bulk/", 200);
      await sql.query(
        `update storage.objects set metadata = metadata || '{"eTag": "\\"e2\\""}' where name = 'cv/1.pdf'`,
      );
      expect(await requestBodies(sql)).toEqual([{ paths: ["cv/1.pdf"] }]);

      // Another bucket has its own window.
      await uploadObject(sql, OTHER, "x.pdf");
      expect(await requestBodies(sql)).toEqual([{ paths: ["cv/1.pdf"] }, { paths: ["x.pdf"] }]);

      // Once the window has passed, the next upload sends again.
      await sql.exec(
        "update watcher.instant_processing_state set last_attempt_at = last_attempt_at - interval '1 hour'",
      );
      await uploadObject(sql, BUCKET, "cv/6.pdf");
      await uploadObject(sql, BUCKET, "cv/7.pdf");
      expect(await requestBodies(sql)).toEqual([
        { paths: ["cv/1.pdf"] },
        { paths: ["x.pdf"] },
        { paths: ["cv/6.pdf"] },
      ]);
      expect(await state()).toMatchObject({ requests: "2" });
      // Every upload was queued all the same.
      const counted = await sql.query<{ n: string }>(
        "select count(*) as n from watcher.resume_files where bucket = $1",
        [BUCKET],
      );
      expect(Number(counted[0]?.n)).toBe(207);
    });

    it("never makes concurrent uploads wait on one another", async () => {
      await registerSource();
      await uploadObject(sql, BUCKET, "cv/first.pdf");
      await sql.exec(
        "update watcher.instant_processing_state set last_attempt_at = last_attempt_at - interval '1 hour'",
      );
      // A lock wait inside the trigger ends in a lock timeout it swallows, so only its duration would show: make
      // any wait last 5 s, far above what an upload that does not wait takes.
      await sql.exec("alter function watcher.on_storage_upload_request_processing() set lock_timeout = '5s'");
      const other = createPostgresClient(database.url, { max: 1 });
      try {
        await sql.transaction(async (tx) => {
          await uploadObject(tx, BUCKET, "cv/a.pdf"); // opens the window: holds the state row until commit
          const started = performance.now();
          await uploadObject(other, BUCKET, "cv/b.pdf"); // must neither wait nor send
          expect(performance.now() - started).toBeLessThan(2500);
        });
      } finally {
        await other.close();
        await sql.exec(await readOptional("instant_processing.sql"));
      }
      expect(await requestBodies(sql)).toEqual([{ paths: ["cv/first.pdf"] }, { paths: ["cv/a.pdf"] }]);
      const stored = await sql.query<{ name: string }>("select name from storage.objects order by name");
      expect(stored.map((r) => r.name)).toEqual(["cv/a.pdf", "cv/b.pdf", "cv/first.pdf"]);
    });

    it("never fails an upload: errors are recorded in its state row, not in storage_trigger_failures", async () => {
      await registerSource();

      await sql.exec("drop schema net cascade");
      await uploadObject(sql, BUCKET, "cv/a.pdf");
      expect(await state()).toMatchObject({
        requests: "0",
        errors: "1",
        last_error: expect.stringContaining("net"),
      });
      // Debounced like a request: a broken setup costs one failure per window, not one per upload.
      await uploadObject(sql, BUCKET, "cv/b.pdf");
      expect(await state()).toMatchObject({ errors: "1" });

      await sql.exec(NET_STUB);
      await sql.exec("delete from vault.secrets where name = 'resume_watcher_secret'");
      await sql.exec(
        "update watcher.instant_processing_state set last_attempt_at = last_attempt_at - interval '1 hour'",
      );
      await uploadObject(sql, BUCKET, "cv/c.pdf");
      expect(await state()).toMatchObject({
        errors: "2",
        last_error: expect.stringContaining('Vault secret "resume_watcher_secret" is missing'),
      });

      // Even without its own table.
      await sql.exec("drop table watcher.instant_processing_state");
      await uploadObject(sql, BUCKET, "cv/d.pdf");
      await sql.exec(await readOptional("instant_processing.sql"));

      const stored = await sql.query<{ name: string }>("select name from storage.objects order by name");
      expect(stored.map((r) => r.name)).toEqual(["cv/a.pdf", "cv/b.pdf", "cv/c.pdf", "cv/d.pdf"]);
      const queued = await sql.query<{ path: string }>("select path from watcher.resume_files order by path");
      expect(queued.map((r) => r.path)).toEqual(["cv/a.pdf", "cv/b.pdf", "cv/c.pdf", "cv/d.pdf"]);
      expect(await sql.query("select * from watcher.storage_trigger_failures")).toEqual([]);
      expect(await requests(sql)).toEqual([]);

      // Repaired: the next window sends again.
      await createSecrets(sql);
      await uploadObject(sql, BUCKET, "cv/e.pdf");
      expect(await requestBodies(sql)).toEqual([{ paths: ["cv/e.pdf"] }]);
    });

    it("is applied idempotently and leaves the ledger's own triggers trusted", async () => {
      await sql.exec(await readOptional("instant_processing.sql"));
      const triggers = await sql.query<{ tgname: string }>(
        "select tgname from pg_trigger where tgrelid = 'storage.objects'::regclass and not tgisinternal order by 1",
      );
      expect(triggers.map((t) => t.tgname)).toEqual([
        "resume_watcher_object_delete",
        "resume_watcher_object_insert",
        "resume_watcher_object_update",
        "resume_watcher_process_on_insert",
        "resume_watcher_process_on_update",
      ]);

      await registerSource();
      await uploadObject(sql, BUCKET, "cv/a.pdf");
      expect(await requestBodies(sql)).toEqual([{ paths: ["cv/a.pdf"] }]);
      // sync_from_storage counts exactly the three resume_watcher_object_* triggers before trusting them.
      await registerSource();
      const modes = await sql.query<{ mode: string }>(
        "select public.sync_from_storage($1) ->> 'mode' as mode",
        [BUCKET],
      );
      expect(modes[0]?.mode).toBe("trigger");
    });
  });
});
