import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import type { BucketObject } from "../../src/bucket/port.ts";
import { SupabaseStorageBucket } from "../../src/bucket/supabase/index.ts";
import { createTempFolder, type TempFolder } from "./folders.ts";
import { type StorageServer, type StorageServerOptions, startStorageServer } from "./storage-server.ts";

export const BUCKET = "msmm-resumes";
export const SERVICE_KEY = "sb_secret_test_0123456789abcdef";

/** A test Storage server over a temp folder holding one bucket, plus real supabase-js clients for it. */
export interface StorageWorld {
  folder: TempFolder;
  server: StorageServer;
  /** Writes an object of the bucket (a file under root/<bucket>/). */
  put(key: string, content: string | Uint8Array): Promise<void>;
  /** Deletes an object of the bucket. */
  remove(key: string): Promise<void>;
  /** A new adapter instance (as each tick makes), with its own real client unless one is given. */
  bucket(options?: { prefix?: string; key?: string; client?: SupabaseClient }): SupabaseStorageBucket;
  cleanup(): Promise<void>;
}

export async function createStorageWorld(
  objects: Record<string, string> = {},
  features: StorageServerOptions["features"] = {},
): Promise<StorageWorld> {
  const folder = await createTempFolder("rw-storage-");
  const server = await startStorageServer({
    root: folder.dir,
    buckets: [BUCKET],
    serviceKey: SERVICE_KEY,
    features,
  });
  const put = (key: string, content: string | Uint8Array) => folder.write(`${BUCKET}/${key}`, content);
  for (const [key, content] of Object.entries(objects)) await put(key, content);
  return {
    folder,
    server,
    put,
    remove: (key) => folder.remove(`${BUCKET}/${key}`),
    bucket: (options = {}) => {
      const client = options.client ?? storageClient(server.url, options.key ?? SERVICE_KEY);
      return new SupabaseStorageBucket(client, { bucket: BUCKET, prefix: options.prefix ?? "" });
    },
    cleanup: async () => {
      await server.close();
      await folder.cleanup();
    },
  };
}

/** A plain supabase-js client, as the watcher makes one (no session to keep). */
export function storageClient(url: string, key: string): SupabaseClient {
  return createClient(url, key, { auth: { persistSession: false, autoRefreshToken: false } });
}

/**
 * Lists to the end, page by page, each page through a NEW adapter instance resumed from the saved cursor (as
 * successive ticks would), and returns every object and the number of pages.
 */
export async function listAcrossTicks(
  makeBucket: () => SupabaseStorageBucket,
  limit: number,
): Promise<{ objects: BucketObject[]; pages: number }> {
  const objects: BucketObject[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await makeBucket().list({ cursor, limit });
    objects.push(...page.objects);
    cursor = page.nextCursor;
    pages += 1;
    if (pages > 1000) throw new Error("listing does not end");
  } while (cursor !== null);
  return { objects, pages };
}

/** Lists to the end with one adapter instance. */
export async function listAll(bucket: SupabaseStorageBucket, limit: number): Promise<BucketObject[]> {
  const objects: BucketObject[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await bucket.list({ cursor, limit });
    objects.push(...page.objects);
    cursor = page.nextCursor;
    pages += 1;
    if (pages > 1000) throw new Error("listing does not end");
  } while (cursor !== null);
  return objects;
}

export function pathsOf(objects: BucketObject[]): string[] {
  return objects.map((o) => o.path).sort();
}
