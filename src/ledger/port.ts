import type { BucketObject } from "../bucket/port.ts";
import type { ErrorCode } from "../errors.ts";
import type { LimitObservation, Reservation } from "../pace/port.ts";
import type { Candidate } from "../parse/candidate.ts";
import type { PaceCounters, TokenUsage } from "../parse/port.ts";

export type FileStatus = "pending" | "processing" | "done" | "failed" | "skipped" | "removed";
export const FILE_STATUSES: readonly FileStatus[] = [
  "pending",
  "processing",
  "done",
  "failed",
  "skipped",
  "removed",
];

export type RunTrigger = "schedule" | "http" | "background" | "cli" | "watch" | "test" | "bench";
/**
 * `deadline`: stopped because the next file would not fit in the budget; `rate_limited`: stopped because the
 * provider's rate limit would not let the next call start and finish before the deadline.
 */
export type RunOutcome = "completed" | "deadline" | "rate_limited" | "paused" | "error";
/** A run's outcome in the history: its tick's own, or `abandoned` (never finished; closed by a later tick). */
export type RecordedOutcome = RunOutcome | "abandoned";
/**
 * How a tick learnt what is in the bucket. `listing`: paged listing (local folder, Storage over HTTP).
 * `storage_sql`: one diff of storage.objects in the database. `upload_trigger`: nothing to diff, the upload trigger
 * had queued every change. `listing_fallback`: the SQL diff failed, so the tick listed over HTTP.
 */
export type SyncMode = "listing" | "listing_fallback" | "storage_sql" | "upload_trigger";

/** A file leased to one worker. Every completion must present `leaseToken`; a stale token changes nothing. */
export interface ClaimedFile {
  id: number;
  bucket: string;
  path: string;
  size: number;
  etag: string | null;
  /** Attempts including this one (counted at claim time). */
  attempts: number;
  leaseToken: string;
  leaseExpiresAt: string;
}

export interface SyncResult {
  /** Objects never seen before: inserted as pending. */
  new: number;
  /** Etag or size changed (or a removed object came back): pending again with attempts reset. */
  changed: number;
  unchanged: number;
}

export interface ParserIdentity {
  name: string;
  version: string;
  model: string | null;
}

/** `ok` is false when the lease token no longer matches (the lease expired and someone else took the file). */
export interface FencedResult {
  ok: boolean;
  /** The file's status after the call (its current status when `ok` is false). */
  status: FileStatus | null;
}

export interface RunCounts {
  listed: number;
  new: number;
  claimed: number;
  done: number;
  skipped: number;
  failed: number;
  released: number;
  /** Tokens the parser spent on this run's files (0 for the offline parser and for reused results). */
  prompt_tokens: number;
  completion_tokens: number;
}

export interface RunSummaryRow extends RunCounts, PaceCounters {
  run_id: string;
  trigger: RunTrigger;
  worker: string;
  started_at: string;
  finished_at: string | null;
  budget_ms: number;
  duration_ms: number | null;
  /** null while the run may still be going. */
  outcome: RecordedOutcome | null;
  error: string | null;
  sync: SyncMode | null;
}

export interface LedgerStatus {
  counts: Record<FileStatus, number>;
  /** Pending files due now vs waiting for their backoff to pass. */
  ready: number;
  deferred: number;
  oldest_pending_age_s: number | null;
  last_runs: RunSummaryRow[];
  top_errors: { code: string; count: number }[];
  paused: boolean;
  /** Tokens spent on results stored in the last 24 h. */
  usage_24h: TokenUsage;
  /** Provider limits last observed, one per key (provider host / model), most recent first. */
  rate_limits: RateLimitRow[];
}

export interface RateLimitRow {
  key: string;
  limit_requests: number | null;
  limit_tokens: number | null;
  observed_at: string | null;
  cooldown_until: string | null;
  refused_total: number;
  last_refused_at: string | null;
}

/** What is left to do: `backlog` = ready + deferred (pending); `in_flight` = leased (processing) by any run. */
export interface QueueCounts {
  backlog: number;
  /** Pending and due now. */
  ready: number;
  /** Pending, waiting for their retry time (backoff). */
  deferred: number;
  /** Processing: leased by a run still going, or by one that died until its lease expires. */
  in_flight: number;
}

/** What syncFromStorage did. */
export type StorageSync =
  /** No storage.objects in this database (plain Postgres, PGlite, another project): list over HTTP. */
  | { available: false }
  /** The database has Storage but not this bucket. */
  | { available: true; bucketExists: false }
  | {
      available: true;
      bucketExists: true;
      /** `full`: storage.objects was diffed; `trigger`: the upload trigger had already queued every change. */
      mode: "full" | "trigger";
      listed: number;
      new: number;
      changed: number;
      removed: number;
    };

export interface Checkpoint {
  /** Cursor to continue the current listing from; null = start a new listing. */
  cursor: string | null;
  /** Identifies one full pass over the bucket, spanning ticks until the listing completes. */
  listingId: string;
}

export interface ExportRow {
  path: string;
  status: FileStatus;
  error_code: string | null;
  error_message: string | null;
  candidate: Candidate | null;
}

/**
 * The database side of the watcher. Every state transition is one SQL function in supabase/migrations; adapters
 * (SQL over PGlite/postgres.js, Supabase RPC) only marshal arguments and results.
 */
export interface Ledger {
  /**
   * Listing checkpoint for one bucket listed under `prefix` ("folder/" form, "" = whole bucket, the default);
   * creates a fresh listing id when none is in progress, and starts over when the one in progress had another prefix.
   */
  getCheckpoint(bucket: string, prefix?: string): Promise<Checkpoint>;
  /** Records one listed page in one call: diffed in the database, then the cursor saved. */
  syncPage(args: {
    bucket: string;
    listingId: string;
    objects: BucketObject[];
    nextCursor: string | null;
  }): Promise<SyncResult>;
  /**
   * After the last page of a listing under `prefix` (as given to getCheckpoint): rows under the prefix not seen in
   * it become `removed`, rows outside it are untouched; the checkpoint resets. `empty`: the listing saw no object
   * (under a non-empty prefix nothing is then removed).
   */
  finishListing(args: {
    bucket: string;
    listingId: string;
    prefix: string;
  }): Promise<{ removed: number; empty: boolean }>;
  /**
   * Syncs a Supabase Storage bucket from `storage.objects` in the same database, in one call: the whole diff, or
   * nothing when the upload trigger has kept up since the last one (younger than `reconcileAfterS`).
   */
  syncFromStorage(args: { bucket: string; prefix: string; reconcileAfterS?: number }): Promise<StorageSync>;

  /** Due pending files, priority first then oldest, `FOR UPDATE SKIP LOCKED`; counts the attempt. */
  claimFiles(args: { worker: string; limit: number; leaseMs: number }): Promise<ClaimedFile[]>;
  /** Expired leases go back to pending (attempt stays spent) or to failed `lease_expired` when none are left. */
  releaseExpiredLeases(args: {
    maxAttempts: number;
    asOf?: Date;
  }): Promise<{ released: number; failed: number }>;

  /**
   * If a stored result has this content hash and was made by `parser` (any parser when omitted), copies it to this
   * file and marks it done. Never for a file re-queued by `requeueFiles` (it is parsed afresh).
   */
  reuseParsedResult(args: {
    id: number;
    leaseToken: string;
    contentHash: string;
    parser?: ParserIdentity;
  }): Promise<FencedResult>;
  completeFile(args: {
    id: number;
    leaseToken: string;
    contentHash: string;
    candidate: Candidate;
    parser: ParserIdentity;
    usage: TokenUsage | null;
    textChars: number;
    truncated: boolean;
  }): Promise<FencedResult>;
  /** Retryable errors go back to pending with capped exponential backoff and jitter until attempts run out. */
  failFile(args: {
    id: number;
    leaseToken: string;
    code: ErrorCode;
    message: string;
    retryable: boolean;
    maxAttempts: number;
  }): Promise<FencedResult>;
  /** Back to pending, due now, attempt refunded (deadline, parser unavailable). */
  releaseFile(args: { id: number; leaseToken: string }): Promise<FencedResult>;
  skipFile(args: { id: number; leaseToken: string; code: ErrorCode; message: string }): Promise<FencedResult>;
  /** The object is gone from the bucket (deleted after listing): the file becomes removed. Fenced. */
  removeFile(args: {
    id: number;
    leaseToken: string;
    code: ErrorCode;
    message: string;
  }): Promise<FencedResult>;

  /** failed -> pending with attempts reset; all failed files when `paths` is empty. Returns how many. */
  retryFiles(args: { bucket: string; paths: string[] }): Promise<{ retried: number }>;

  /** Done files whose stored result came from another parser identity -> pending, attempts 0, due now. */
  requeueOutdated(args: { bucket: string; parser: ParserIdentity }): Promise<{ requeued: number }>;
  /**
   * The manual trigger queue: the named files first in line (priority 100) and due now; finished ones are parsed
   * afresh, unknown paths are inserted, files being processed are left alone (`busy`).
   */
  queuePaths(args: {
    bucket: string;
    paths: string[];
  }): Promise<{ queued: number; inserted: number; busy: number }>;
  /** The chosen done/failed/skipped files -> pending, attempts 0, due now, parsed afresh (no dedupe copy). */
  requeueFiles(args: { bucket: string; paths: string[] }): Promise<{ requeued: number }>;

  startRun(args: { trigger: RunTrigger; worker: string; budgetMs: number }): Promise<{ runId: string }>;
  finishRun(args: {
    runId: string;
    counts: RunCounts;
    outcome: RunOutcome;
    error: string | null;
    sync?: SyncMode | null;
    /** How a paced parser's calls went (requests sent, 429s, time waited for turns); zeros when absent. */
    pacing?: PaceCounters;
  }): Promise<void>;
  /** Unfinished runs started more than their budget + `graceMs` ago (SQL default 60 000) -> outcome `abandoned`. */
  closeAbandonedRuns(args: { graceMs?: number }): Promise<{ abandoned: number }>;

  getStatus(args: { lastRuns: number; topErrors: number }): Promise<LedgerStatus>;
  /** Files still pending (due or deferred). */
  countBacklog(): Promise<number>;
  /** The backlog split into ready and deferred, plus the files in flight; one call. */
  countQueue(): Promise<QueueCounts>;
  setPaused(paused: boolean): Promise<void>;
  isPaused(): Promise<boolean>;
  exportFiles(args: { bucket: string | null }): Promise<ExportRow[]>;

  /** Pacing (src/pace/port.ts): one call's place on the shared schedule of a provider key. */
  reserveRateLimit(args: { key: string; promptTokens: number; maxWaitMs?: number }): Promise<Reservation>;
  /** Pacing: corrects the shared schedule by what an answer's headers said. */
  observeRateLimit(args: { key: string; observation: LimitObservation }): Promise<{ changed: boolean }>;

  close(): Promise<void>;
}
