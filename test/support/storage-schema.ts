import type { SqlExecutor } from "../../src/ledger/sql-client.ts";

/**
 * Supabase Storage's own tables with the real column set (storage-api v1.70: `storage.buckets`, `storage.objects`),
 * created in a test database before the migrations so they see a Supabase-shaped database. Objects are written
 * the way the Storage server writes them: upload = INSERT, upsert = UPDATE of metadata, move = UPDATE of name,
 * remove = DELETE. The server's delete-protection trigger is left out: tests play the server. Grants follow
 * Supabase's storage set-up (usage for the API roles, all tables for service_role) where those roles exist.
 */
export async function createStorageSchema(sql: SqlExecutor): Promise<void> {
  await sql.exec(`
    create schema if not exists storage;
    create table if not exists storage.buckets (
      id text primary key,
      name text not null unique,
      owner uuid,
      created_at timestamptz default now(),
      updated_at timestamptz default now(),
      public boolean default false,
      avif_autodetection boolean default false,
      file_size_limit bigint,
      allowed_mime_types text[],
      owner_id text
    );
    create table if not exists storage.objects (
      id uuid primary key default gen_random_uuid(),
      bucket_id text references storage.buckets (id),
      name text,
      owner uuid,
      created_at timestamptz default now(),
      updated_at timestamptz default now(),
      last_accessed_at timestamptz default now(),
      metadata jsonb,
      path_tokens text[] generated always as (string_to_array(name, '/')) stored,
      version text,
      owner_id text,
      user_metadata jsonb,
      constraint bucketid_objname unique (bucket_id, name)
    );
    alter table storage.buckets enable row level security;
    alter table storage.objects enable row level security;
    -- Supabase's grants on its storage schema (where the API roles exist, see supabase-roles.ts): every API role may
    -- use the schema, service_role may do anything with its tables (and bypasses row level security).
    do $$ begin
      if exists (select 1 from pg_roles where rolname = 'service_role') then
        grant usage on schema storage to anon, authenticated, service_role;
        grant all on all tables in schema storage to service_role;
      end if;
    end $$;
  `);
}

/** The metadata Storage records for an object: quoted md5 eTag, size and the rest. */
export function objectMetadata(etag: string, size: number): Record<string, unknown> {
  return {
    eTag: `"${etag}"`,
    size,
    mimetype: "application/pdf",
    cacheControl: "max-age=3600",
    lastModified: new Date().toISOString(),
    contentLength: size,
    httpStatusCode: 200,
  };
}

/** Upload (INSERT), as the Storage server does it. */
export async function uploadObject(
  sql: SqlExecutor,
  bucket: string,
  name: string,
  etag = "e1",
  size = 100,
): Promise<void> {
  await sql.query(
    "insert into storage.objects (bucket_id, name, metadata, version) values ($1, $2, $3, $4)",
    [bucket, name, objectMetadata(etag, size), crypto.randomUUID()],
  );
}

/** Many uploads in one statement (benchmarks, large diffs): names `<prefix>000001.pdf`…, eTag "e1", size 100. */
export async function uploadMany(
  sql: SqlExecutor,
  bucket: string,
  prefix: string,
  count: number,
): Promise<void> {
  await sql.query(
    `insert into storage.objects (bucket_id, name, metadata, version)
     select $1, $2 || lpad(i::text, 6, '0') || '.pdf',
            jsonb_build_object('eTag', '"e1"', 'size', 100, 'mimetype', 'application/pdf'), gen_random_uuid()::text
     from generate_series(1, $3::int) as i`,
    [bucket, prefix, count],
  );
}

export async function createBucket(sql: SqlExecutor, id: string): Promise<void> {
  await sql.query("insert into storage.buckets (id, name) values ($1, $1) on conflict do nothing", [id]);
}
