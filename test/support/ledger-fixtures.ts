import type { BucketObject } from "../../src/bucket/port.ts";
import type { CallLedger } from "../../src/ledger/call-ledger.ts";
import type { ClaimedFile } from "../../src/ledger/port.ts";
import type { SqlClient } from "../../src/ledger/sql-client.ts";
import { type Candidate, emptyCandidate } from "../../src/parse/candidate.ts";

export const BUCKET = "msmm-resumes";

export function object(path: string, etag: string | null = `etag-${path}`, size = 1000): BucketObject {
  return { path, etag, size, updatedAt: null };
}

export function paths(count: number, prefix = "cv"): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}/${String(i).padStart(5, "0")}.pdf`);
}

/** One listing page through the ledger, in the current listing of the bucket. */
export async function syncObjects(ledger: CallLedger, objects: BucketObject[], bucket = BUCKET) {
  const { listingId } = await ledger.getCheckpoint(bucket);
  return ledger.syncPage({ bucket, listingId, objects, nextCursor: null });
}

/** A full listing: one page, then finish (unseen files become removed). */
export async function fullListing(ledger: CallLedger, objects: BucketObject[], bucket = BUCKET) {
  const { listingId } = await ledger.getCheckpoint(bucket);
  const synced = await ledger.syncPage({ bucket, listingId, objects, nextCursor: null });
  const finished = await ledger.finishListing({ bucket, listingId, prefix: "" });
  return { ...synced, removed: finished.removed };
}

/** Inserts pending files for the given paths. */
export async function seedPending(ledger: CallLedger, filePaths: string[], bucket = BUCKET): Promise<void> {
  await syncObjects(
    ledger,
    filePaths.map((p) => object(p)),
    bucket,
  );
}

export async function claimOne(
  ledger: CallLedger,
  worker = "worker-1",
  leaseMs = 60_000,
): Promise<ClaimedFile> {
  const [file] = await ledger.claimFiles({ worker, limit: 1, leaseMs });
  if (!file) throw new Error("nothing to claim");
  return file;
}

export interface FileRow {
  id: number;
  bucket: string;
  path: string;
  etag: string | null;
  size: number;
  status: string;
  priority: number;
  attempts: number;
  content_hash: string | null;
  lease_token: string | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
  last_error_code: string | null;
  last_error_message: string | null;
  last_seen_listing: string | null;
  /** Seconds from now until next_attempt_at (negative when due). */
  due_in_s: number;
  done: boolean;
}

const FILE_COLUMNS = `id::int as id, bucket, path, etag, size::int as size, status, attempts, priority, content_hash,
  lease_token::text as lease_token, lease_owner, lease_expires_at::text as lease_expires_at, last_error_code,
  last_error_message, last_seen_listing::text as last_seen_listing,
  extract(epoch from (next_attempt_at - now()))::float8 as due_in_s, done_at is not null as done`;

export async function fileRow(sql: SqlClient, path: string, bucket = BUCKET): Promise<FileRow> {
  const [row] = await sql.query<FileRow>(
    `select ${FILE_COLUMNS} from watcher.resume_files where bucket = $1 and path = $2`,
    [bucket, path],
  );
  if (!row) throw new Error(`no resume_files row for ${bucket}/${path}`);
  return row;
}

export async function fileRows(sql: SqlClient, bucket = BUCKET): Promise<FileRow[]> {
  return sql.query<FileRow>(
    `select ${FILE_COLUMNS} from watcher.resume_files where bucket = $1 order by path`,
    [bucket],
  );
}

export async function countWhere(sql: SqlClient, table: string, where = "true"): Promise<number> {
  const [row] = await sql.query<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`);
  return row?.n ?? -1;
}

/** Makes every pending file due now (skips the backoff wait). */
export async function makeAllDue(sql: SqlClient): Promise<void> {
  await sql.query("update watcher.resume_files set next_attempt_at = now() where status = 'pending'");
}

export function candidate(overrides: Partial<Candidate> = {}): Candidate {
  return {
    ...emptyCandidate(),
    name: "Ada Lovelace",
    email: "ada@example.com",
    skills: ["math"],
    ...overrides,
  };
}

export const PARSER = { name: "heuristic", version: "1", model: null };

/** Completes a claimed file with a small candidate. */
export function complete(ledger: CallLedger, file: ClaimedFile, contentHash = `hash-${file.path}`) {
  return ledger.completeFile({
    id: file.id,
    leaseToken: file.leaseToken,
    contentHash,
    candidate: candidate(),
    parser: PARSER,
    usage: null,
    textChars: 1234,
    truncated: false,
  });
}
