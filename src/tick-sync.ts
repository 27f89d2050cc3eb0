import type { Bucket } from "./bucket/port.ts";
import { BucketConfigError } from "./errors.ts";
import type { Ledger, SyncMode } from "./ledger/port.ts";
import type { Logger } from "./log.ts";
import { syncBucket } from "./sync.ts";

export interface SyncOutcome {
  mode: SyncMode;
  listed: number;
  new: number;
  changed: number;
  removed: number;
  /** The listing stopped for time; the next tick continues from the saved cursor. */
  partial: boolean;
  /** Why the SQL diff could not be used (listing_fallback), safe to log. */
  fallbackReason?: string;
  /** What did not stop the sync but needs a person (`prefix matches nothing: …`); also logged as warnings. */
  warnings: string[];
}

/**
 * The tick's sync step. A Supabase Storage bucket whose ledger shares its database is diffed in SQL
 * (sync_from_storage: one call, no listing; or nothing at all while the upload trigger keeps up). Everything else,
 * and a failed SQL diff, lists the bucket page by page from the saved checkpoint. A bucket that does not exist or
 * may not be read throws BucketConfigError: the tick must stop rather than take it for an empty bucket.
 */
export async function syncStep(
  ledger: Ledger,
  bucket: Bucket,
  options: { stopAt: number; pageSize: number; signal: AbortSignal; runId: string | null; log: Logger },
): Promise<SyncOutcome> {
  let fallbackReason: string | undefined;
  if (bucket.storage) {
    try {
      const result = await ledger.syncFromStorage(bucket.storage);
      if (result.available && !result.bucketExists) {
        throw new BucketConfigError(
          "bucket_not_found",
          `Storage bucket "${bucket.storage.bucket}" does not exist in this Supabase project: create it or set RESUME_BUCKET`,
        );
      }
      if (result.available) {
        const { listed, new: added, changed, removed } = result;
        const mode = result.mode === "trigger" ? "upload_trigger" : "storage_sql";
        return { mode, listed, new: added, changed, removed, partial: false, warnings: [] };
      }
    } catch (error) {
      if (error instanceof BucketConfigError) throw error;
      fallbackReason = error instanceof Error ? error.message : String(error);
      options.log.warn("storage sync failed; listing over HTTP instead", {
        run: options.runId,
        error: fallbackReason,
      });
    }
  }
  const synced = await syncBucket(ledger, bucket, options);
  const warnings: string[] = [];
  if (synced.prefixMatchesNothing) {
    // Most likely a mistyped RESUME_PREFIX: say so rather than let it pass as an empty folder.
    warnings.push(
      `prefix matches nothing: no object under "${bucket.prefix}" in ${bucket.name}; nothing was marked removed (check RESUME_PREFIX)`,
    );
    options.log.warn("prefix matches nothing", {
      run: options.runId,
      bucket: bucket.name,
      prefix: bucket.prefix,
    });
  }
  return {
    mode: fallbackReason === undefined ? "listing" : "listing_fallback",
    listed: synced.listed,
    new: synced.new,
    changed: synced.changed,
    removed: synced.removed,
    partial: !synced.complete,
    warnings,
    ...(fallbackReason === undefined ? {} : { fallbackReason }),
  };
}
