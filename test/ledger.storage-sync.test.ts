import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { migrate } from "../src/ledger/migrate.ts";
import { createPostgresClient } from "../src/ledger/postgres-client.ts";
import type { SqlClient } from "../src/ledger/sql-client.ts";
import { SqlLedger } from "../src/ledger/sql-ledger.ts";
import { createMemoryPglite, createPostgresDatabase, type TestDatabase } from "./support/db.ts";
import { fileRow, fileRows } from "./support/ledger-fixtures.ts";
import { createBucket, createStorageSchema, uploadObject } from "./support/storage-schema.ts";

const BUCKET = "msmm-resumes";

describe("sync_from_storage without Supabase Storage (PGlite)", () => {
  it("answers available: false, so the tick lists over HTTP", async () => {
    const sql = await createMemoryPglite();
    try {
      await migrate(sql);
      expect(await new SqlLedger(sql).syncFromStorage({ bucket: BUCKET, prefix: "" })).toEqual({
        available: false,
      });
    } finally {
      await sql.close();
    }
  });
});

describe("sync_from_storage: whole-bucket diff of storage.objects (real Postgres)", () => {
  let database: TestDatabase;
  let sql: SqlClient;
  let ledger: SqlLedger;
  const sync = (prefix = "", reconcileAfterS?: number) =>
    ledger.syncFromStorage({
      bucket: BUCKET,
      prefix,
      ...(reconcileAfterS === undefined ? {} : { reconcileAfterS }),
    });

  beforeAll(async () => {
    database = await createPostgresDatabase();
    sql = createPostgresClient(database.url, { max: 2 });
    await createStorageSchema(sql);
    await migrate(sql);
    ledger = new SqlLedger(sql);
  });
  afterAll(async () => {
    await sql.close();
    await database.drop();
  });
  beforeEach(async () => {
    await sql.exec(
      "truncate watcher.resume_files, watcher.storage_sources, watcher.storage_trigger_failures restart identity cascade; " +
        "delete from storage.objects; delete from storage.buckets;",
    );
    await createBucket(sql, BUCKET);
  });

  it("reports a bucket that does not exist instead of an empty one", async () => {
    expect(await ledger.syncFromStorage({ bucket: "no-such-bucket", prefix: "" })).toEqual({
      available: true,
      bucketExists: false,
    });
  });

  it("queues new objects, re-queues changed ones, removes deleted ones, and skips unchanged rows", async () => {
    // The diff alone: with the upload trigger off, only sync_from_storage can see the changes.
    await sql.exec("alter table storage.objects disable trigger user");
    try {
      await diffAllChanges();
    } finally {
      await sql.exec("alter table storage.objects enable trigger user");
    }
  });

  async function diffAllChanges(): Promise<void> {
    await uploadObject(sql, BUCKET, "a.pdf");
    await uploadObject(sql, BUCKET, "cv/b.docx");
    await uploadObject(sql, BUCKET, "cv/.emptyFolderPlaceholder");
    await sql.query(
      "insert into storage.objects (bucket_id, name, metadata) values ($1, 'in-flight.pdf', null)",
      [BUCKET],
    );

    expect(await sync()).toMatchObject({ mode: "full", listed: 2, new: 2, changed: 0, removed: 0 });
    expect((await fileRows(sql)).map((r) => [r.path, r.status])).toEqual([
      ["a.pdf", "pending"],
      ["cv/b.docx", "pending"],
    ]);

    await sql.query("update watcher.resume_files set status = 'done', attempts = 1 where path = 'a.pdf'");
    await sql.query(
      `update storage.objects set metadata = jsonb_set(metadata, '{eTag}', to_jsonb('"e2"'::text)) where name = 'a.pdf'`,
    );
    await sql.query("delete from storage.objects where name = 'cv/b.docx'");

    expect(await sync()).toMatchObject({ mode: "full", listed: 1, new: 0, changed: 1, removed: 1 });
    expect(await fileRow(sql, "a.pdf")).toMatchObject({ status: "pending", attempts: 0, etag: '"e2"' });
    expect((await fileRow(sql, "cv/b.docx")).status).toBe("removed");
  }

  it("scopes listing and removal to the prefix", async () => {
    await uploadObject(sql, BUCKET, "inbox/a.pdf");
    await uploadObject(sql, BUCKET, "archive/old.pdf");
    await sync("");
    expect(await sync("inbox/")).toMatchObject({ listed: 1, new: 0, removed: 0 });
    expect(await sync("typo")).toMatchObject({ listed: 0, new: 0, removed: 0 });
    expect((await fileRows(sql)).map((r) => r.status)).toEqual(["pending", "pending"]);
  });

  it("trusts the upload trigger only from the second full diff on, and diffs again after a trigger failure", async () => {
    await uploadObject(sql, BUCKET, "a.pdf");
    expect(await sync()).toMatchObject({ mode: "full", new: 1 });
    expect(await sync()).toMatchObject({ mode: "full", new: 0 });
    expect(await sync()).toMatchObject({ mode: "trigger" });
    expect(await sync("", 0)).toMatchObject({ mode: "full" });
    expect(await sync()).toMatchObject({ mode: "trigger" });

    await sql.query(
      "insert into watcher.storage_trigger_failures (bucket, path, operation, sqlstate, message) values ($1, 'x', 'INSERT', 'XX000', 'boom')",
      [BUCKET],
    );
    expect(await sync()).toMatchObject({ mode: "full" });
    expect(await sync()).toMatchObject({ mode: "trigger" });
  });

  describe("upload trigger", () => {
    beforeEach(async () => {
      await sync(); // registers the source
    });

    it("queues an upload at once with high priority, and re-queues an overwrite", async () => {
      await uploadObject(sql, BUCKET, "new.pdf", "e1", 10);
      expect(await fileRow(sql, "new.pdf")).toMatchObject({ status: "pending", priority: 10, size: 10 });

      await sql.query("update watcher.resume_files set status = 'done', attempts = 2 where path = 'new.pdf'");
      await sql.query(
        `update storage.objects set metadata = metadata || '{"eTag": "\\"e2\\"", "size": 20}' where name = 'new.pdf'`,
      );
      expect(await fileRow(sql, "new.pdf")).toMatchObject({ status: "pending", attempts: 0, size: 20 });
    });

    it("ignores reads (last_accessed_at) and objects of other buckets", async () => {
      await uploadObject(sql, BUCKET, "a.pdf");
      await sql.query("update watcher.resume_files set status = 'done' where path = 'a.pdf'");
      await sql.query("update storage.objects set last_accessed_at = now() where name = 'a.pdf'");
      expect((await fileRow(sql, "a.pdf")).status).toBe("done");

      await createBucket(sql, "avatars");
      await uploadObject(sql, "avatars", "me.png");
      expect(await sql.query("select 1 from watcher.resume_files where bucket = 'avatars'")).toEqual([]);
    });

    it("turns a rename into removed + new, and a delete into removed", async () => {
      await uploadObject(sql, BUCKET, "a.pdf");
      await sql.query("update storage.objects set name = 'moved/a.pdf' where name = 'a.pdf'");
      expect((await fileRow(sql, "a.pdf")).status).toBe("removed");
      expect((await fileRow(sql, "moved/a.pdf")).status).toBe("pending");

      await sql.query("delete from storage.objects where name = 'moved/a.pdf'");
      expect((await fileRow(sql, "moved/a.pdf")).status).toBe("removed");
    });

    it("never fails an upload: the error is recorded and the next sync diffs in full", async () => {
      await sync();
      await sql.exec(
        "alter table watcher.resume_files add constraint reject_boom check (path <> 'boom.pdf') not valid",
      );
      try {
        await uploadObject(sql, BUCKET, "boom.pdf");
        const [object] = await sql.query("select name from storage.objects where name = 'boom.pdf'");
        expect(object).toEqual({ name: "boom.pdf" });
        const failures = await sql.query<{ path: string; sqlstate: string }>(
          "select path, sqlstate from watcher.storage_trigger_failures",
        );
        expect(failures).toEqual([{ path: "boom.pdf", sqlstate: "23514" }]);
      } finally {
        await sql.exec("alter table watcher.resume_files drop constraint reject_boom");
      }
      expect(await sync()).toMatchObject({ mode: "full", new: 1 });
    });
  });
});
