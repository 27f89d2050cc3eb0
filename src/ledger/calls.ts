import { z } from "zod";
import type { BucketObject } from "../bucket/port.ts";
import type { Candidate } from "../parse/candidate.ts";
import { call, claimed, count, exportRow, fenced, ledgerStatus, same, storageSync } from "./call-results.ts";
import { pacingCalls } from "./calls-pacing.ts";
import {
  type Checkpoint,
  type ClaimedFile,
  type ExportRow,
  type FencedResult,
  FILE_STATUSES,
  type Ledger,
  type LedgerStatus,
  type QueueCounts,
  type RunSummaryRow,
  type StorageSync,
  type SyncResult,
} from "./port.ts";

export type { LedgerCall } from "./call-results.ts";

type Args<M extends keyof Ledger> = Ledger[M] extends (args: infer A) => unknown ? A : never;

/** reuseParsedResult's full answer: `ok` (file now done) plus why not when it is false. */
export interface ReuseResult extends FencedResult {
  /** A stored result was copied; the file is done. */
  reused: boolean;
  /** The lease token no longer matched: nothing changed, drop the file. False with ok false = parse it. */
  leaseLost: boolean;
}

/** failFile's arguments plus the backoff knobs (defaults in SQL: base 60 000 ms, cap 21 600 000 ms). */
export type FailFileArgs = Args<"failFile"> & { baseMs?: number; capMs?: number };

/** The page sent to sync_page: only the fields it diffs on. */
function listedObjects(objects: BucketObject[]): { path: string; etag: string | null; size: number }[] {
  return objects.map((o) => ({ path: o.path, etag: o.etag, size: o.size }));
}

/**
 * How each Ledger method maps to its SQL function (supabase/migrations): the function name, its named arguments
 * (`p_…`) and how its jsonb result becomes the port's type. Shared by every adapter (SQL `select fn(p_a => $1)`,
 * Supabase `.rpc(fn, args)`) so they only differ in transport. No state logic here: that lives in SQL.
 */
export const ledgerCalls = {
  getCheckpoint: (bucket: string, prefix: string) =>
    call(
      "get_checkpoint",
      { p_bucket: bucket, p_prefix: prefix },
      z.object({ cursor: z.string().nullable(), listing_id: z.string() }),
      (r): Checkpoint => ({ cursor: r.cursor, listingId: r.listing_id }),
    ),

  syncPage: (a: Args<"syncPage">) =>
    call(
      "sync_page",
      {
        p_bucket: a.bucket,
        p_listing_id: a.listingId,
        p_objects: listedObjects(a.objects),
        p_next_cursor: a.nextCursor,
      },
      z.object({ new: count, changed: count, unchanged: count, checkpoint_saved: z.boolean() }),
      (r): SyncResult & { checkpointSaved: boolean } => ({
        new: r.new,
        changed: r.changed,
        unchanged: r.unchanged,
        checkpointSaved: r.checkpoint_saved,
      }),
    ),

  finishListing: (a: Args<"finishListing">) =>
    call(
      "finish_listing",
      { p_bucket: a.bucket, p_listing_id: a.listingId, p_prefix: a.prefix },
      z.object({ removed: count, finished: z.boolean(), empty: z.boolean() }),
      same,
    ),

  syncFromStorage: (a: Args<"syncFromStorage">) =>
    call(
      "sync_from_storage",
      { p_bucket: a.bucket, p_prefix: a.prefix, p_reconcile_after_s: a.reconcileAfterS },
      storageSync,
      (r): StorageSync =>
        !r.available
          ? { available: false }
          : !r.bucket_exists
            ? { available: true, bucketExists: false }
            : {
                available: true,
                bucketExists: true,
                mode: r.mode ?? "full",
                listed: r.listed ?? 0,
                new: r.new ?? 0,
                changed: r.changed ?? 0,
                removed: r.removed ?? 0,
              },
    ),

  claimFiles: (a: Args<"claimFiles">) =>
    call(
      "claim_files",
      { p_worker: a.worker, p_limit: a.limit, p_lease_ms: Math.round(a.leaseMs) },
      claimed,
      (rows): ClaimedFile[] =>
        rows.map((r) => ({
          id: r.id,
          bucket: r.bucket,
          path: r.path,
          size: r.size,
          etag: r.etag,
          attempts: r.attempts,
          leaseToken: r.lease_token,
          leaseExpiresAt: r.lease_expires_at,
        })),
    ),

  releaseExpiredLeases: (a: Args<"releaseExpiredLeases">) =>
    call(
      "release_expired_leases",
      { p_max_attempts: a.maxAttempts, p_as_of: a.asOf?.toISOString() },
      z.object({ released: count, failed: count }),
      same,
    ),

  reuseParsedResult: (a: Args<"reuseParsedResult">) =>
    call(
      "reuse_parsed_result",
      {
        p_id: a.id,
        p_lease_token: a.leaseToken,
        p_content_hash: a.contentHash,
        p_parser_name: a.parser?.name,
        p_parser_version: a.parser?.version,
        p_parser_model: a.parser?.model ?? undefined,
      },
      fenced.extend({ reused: z.boolean(), lease_lost: z.boolean() }),
      (r): ReuseResult => ({ ok: r.ok, status: r.status, reused: r.reused, leaseLost: r.lease_lost }),
    ),

  completeFile: (a: Args<"completeFile">) =>
    call(
      "complete_file",
      {
        p_id: a.id,
        p_lease_token: a.leaseToken,
        p_content_hash: a.contentHash,
        p_candidate: a.candidate,
        p_parser_name: a.parser.name,
        p_parser_version: a.parser.version,
        p_parser_model: a.parser.model,
        p_prompt_tokens: a.usage?.prompt_tokens ?? null,
        p_completion_tokens: a.usage?.completion_tokens ?? null,
        p_text_chars: a.textChars,
        p_truncated: a.truncated,
      },
      fenced,
      same,
    ),

  failFile: (a: FailFileArgs) =>
    call(
      "fail_file",
      {
        p_id: a.id,
        p_lease_token: a.leaseToken,
        p_code: a.code,
        p_message: a.message,
        p_retryable: a.retryable,
        p_max_attempts: a.maxAttempts,
        p_base_ms: a.baseMs,
        p_cap_ms: a.capMs,
      },
      fenced,
      same,
    ),

  releaseFile: (a: Args<"releaseFile">) =>
    call("release_file", { p_id: a.id, p_lease_token: a.leaseToken }, fenced, same),

  skipFile: (a: Args<"skipFile">) =>
    call(
      "skip_file",
      { p_id: a.id, p_lease_token: a.leaseToken, p_code: a.code, p_message: a.message },
      fenced,
      same,
    ),

  removeFile: (a: Args<"removeFile">) =>
    call(
      "remove_file",
      { p_id: a.id, p_lease_token: a.leaseToken, p_code: a.code, p_message: a.message },
      fenced,
      same,
    ),

  retryFiles: (a: Args<"retryFiles">) =>
    call("retry_files", { p_bucket: a.bucket, p_paths: a.paths }, z.object({ retried: count }), same),

  requeueOutdated: (a: Args<"requeueOutdated">) =>
    call(
      "requeue_outdated",
      {
        p_bucket: a.bucket,
        p_parser_name: a.parser.name,
        p_parser_version: a.parser.version,
        p_parser_model: a.parser.model,
      },
      z.object({ requeued: count }),
      same,
    ),

  queuePaths: (a: Args<"queuePaths">) =>
    call(
      "queue_paths",
      { p_bucket: a.bucket, p_paths: a.paths },
      z.object({ queued: count, inserted: count, busy: count }),
      same,
    ),

  requeueFiles: (a: Args<"requeueFiles">) =>
    call("requeue_files", { p_bucket: a.bucket, p_paths: a.paths }, z.object({ requeued: count }), same),

  startRun: (a: Args<"startRun">) =>
    call(
      "start_run",
      { p_trigger: a.trigger, p_worker: a.worker, p_budget_ms: Math.round(a.budgetMs) },
      z.object({ run_id: z.string() }),
      (r) => ({ runId: r.run_id }),
    ),

  finishRun: (a: Args<"finishRun">) =>
    call(
      "finish_run",
      {
        p_run_id: a.runId,
        p_listed: a.counts.listed,
        p_new: a.counts.new,
        p_claimed: a.counts.claimed,
        p_done: a.counts.done,
        p_skipped: a.counts.skipped,
        p_failed: a.counts.failed,
        p_released: a.counts.released,
        p_outcome: a.outcome,
        p_error: a.error,
        p_prompt_tokens: a.counts.prompt_tokens,
        p_completion_tokens: a.counts.completion_tokens,
        p_sync: a.sync ?? undefined,
        p_calls: a.pacing?.calls,
        p_rate_limited: a.pacing?.rate_limited,
        p_paced_ms: a.pacing ? Math.round(a.pacing.paced_ms) : undefined,
      },
      z.object({ ok: z.boolean() }),
      same,
    ),

  closeAbandonedRuns: (a: Args<"closeAbandonedRuns">) =>
    call("close_abandoned_runs", { p_grace_ms: a.graceMs }, z.object({ abandoned: count }), same),

  getStatus: (a: Args<"getStatus">) =>
    call(
      "get_status",
      { p_last_runs: a.lastRuns, p_top_errors: a.topErrors },
      ledgerStatus,
      (r): LedgerStatus => ({
        ...r,
        counts: Object.fromEntries(FILE_STATUSES.map((s) => [s, r.counts[s] ?? 0])) as LedgerStatus["counts"],
        last_runs: r.last_runs as unknown as RunSummaryRow[],
      }),
    ),

  ...pacingCalls,

  countBacklog: () => call("count_backlog", {}, z.object({ backlog: count }), (r) => r.backlog),

  countQueue: () =>
    call(
      "count_backlog",
      {},
      z.object({ backlog: count, ready: count, deferred: count, in_flight: count }),
      (r): QueueCounts => r,
    ),

  setPaused: (paused: boolean) =>
    call("set_paused", { p_paused: paused }, z.object({ paused: z.boolean() }), (r) => r.paused),

  isPaused: () => call("is_paused", {}, z.object({ paused: z.boolean() }), (r) => r.paused),

  exportFiles: (a: Args<"exportFiles">) =>
    call(
      "export_files",
      { p_bucket: a.bucket },
      z.array(exportRow),
      (rows): (ExportRow & { bucket: string })[] =>
        rows.map((r) => ({ ...r, candidate: (r.candidate ?? null) as Candidate | null })),
    ),
};
