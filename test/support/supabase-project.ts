import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { migrate } from "../../src/ledger/migrate.ts";
import { createPostgresClient } from "../../src/ledger/postgres-client.ts";
import type { SqlClient } from "../../src/ledger/sql-client.ts";
import { createPostgresDatabase, type TestDatabase } from "./db.ts";
import { type RpcServer, startRpcServer } from "./postgrest-server.ts";
import { createBucket, createStorageSchema } from "./storage-schema.ts";
import { BUCKET, createStorageWorld, SERVICE_KEY, type StorageWorld } from "./storage-world.ts";
import { prepareSupabaseDatabase } from "./supabase-roles.ts";

export { BUCKET, SERVICE_KEY };

/**
 * A whole Supabase project for end-to-end tests, on one URL as the real one: /storage/v1 goes to the Storage test
 * server (a folder), /rest/v1 to the PostgREST test server in front of a fresh, migrated real-Postgres database
 * prepared like a Supabase project. With `storageTables`, the database also has Storage's own tables (created
 * before the migrations, so the upload trigger is installed); `mirror()` then records the folder's objects there
 * as the Storage server would, so the tick can diff storage.objects and still download over HTTP.
 */
export interface SupabaseProject {
  url: string;
  key: string;
  database: TestDatabase;
  sql: SqlClient;
  storage: StorageWorld;
  rpc: RpcServer;
  /** Copies the bucket folder's objects into storage.objects (upload = insert; gone = delete). */
  mirror(): Promise<void>;
  close(): Promise<void>;
}

export async function createSupabaseProject(
  options: { files?: Record<string, string | Uint8Array>; storageTables?: boolean } = {},
): Promise<SupabaseProject> {
  const database = await createPostgresDatabase();
  const sql = createPostgresClient(database.url, { max: 2 });
  await prepareSupabaseDatabase(sql);
  if (options.storageTables) {
    await createStorageSchema(sql);
    await createBucket(sql, BUCKET);
  }
  await migrate(sql);
  const rpc = await startRpcServer({ databaseUrl: database.url, keys: { [SERVICE_KEY]: "service_role" } });
  const storage = await createStorageWorld();
  for (const [key, content] of Object.entries(options.files ?? {})) await storage.put(key, content);
  const gateway = await startGateway({ "/storage/v1/": storage.server.url, "/rest/v1/": rpc.url });
  return {
    url: gateway.url,
    key: SERVICE_KEY,
    database,
    sql,
    storage,
    rpc,
    mirror: () => mirrorObjects(sql, storage),
    async close() {
      await gateway.close();
      await storage.cleanup();
      await rpc.close();
      await sql.close();
      await database.drop();
    },
  };
}

async function mirrorObjects(sql: SqlClient, storage: StorageWorld): Promise<void> {
  const listed = await storage.bucket().list({ cursor: null, limit: 1000 });
  const rows = listed.objects.map((o) => ({ name: o.path, etag: o.etag, size: o.size }));
  await sql.query(
    `with listed as (select * from jsonb_to_recordset($2::jsonb) as l(name text, etag text, size bigint)),
     gone as (delete from storage.objects o where o.bucket_id = $1
              and not exists (select 1 from listed l where l.name = o.name))
     insert into storage.objects (bucket_id, name, metadata)
     select $1, l.name, jsonb_build_object('eTag', l.etag, 'size', l.size) from listed l
     on conflict (bucket_id, name) do update set metadata = excluded.metadata
     where storage.objects.metadata is distinct from excluded.metadata`,
    [BUCKET, rows],
  );
}

/** Routes each request by path prefix to an upstream, unchanged (headers, body, status), on 127.0.0.1. */
async function startGateway(
  routes: Record<string, string>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const route = Object.entries(routes).find(([prefix]) => req.url?.startsWith(prefix));
    if (!route) {
      res.writeHead(404, { "Content-Type": "application/json" }).end('{"message":"no route"}');
      return;
    }
    const upstream = new URL(req.url ?? "/", route[1]);
    const forward = request(upstream, {
      method: req.method,
      headers: { ...req.headers, host: upstream.host },
    });
    forward.on("response", (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on("error", () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
