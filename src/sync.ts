import type { Bucket } from "./bucket/port.ts";
import type { Ledger } from "./ledger/port.ts";

export interface SyncReport {
  listed: number;
  new: number;
  changed: number;
  removed: number;
  /** True when this call reached the end of the listing (and marked vanished objects removed). */
  complete: boolean;
  /** The completed listing saw no object at all under the bucket's non-empty prefix: nothing was removed. */
  prefixMatchesNothing: boolean;
}

/**
 * Lists the bucket from the saved checkpoint, one page per database call, until the listing ends or `stopAt`
 * (epoch ms) passes; the cursor is saved with every page, so the next tick continues where this one stopped.
 * Removal is decided only when a listing completes: a partial listing proves nothing about absent objects, and
 * a listing under a prefix nothing about objects outside it (the prefix travels with the checkpoint and removal).
 */
export async function syncBucket(
  ledger: Ledger,
  bucket: Bucket,
  options: { stopAt: number; pageSize: number; signal?: AbortSignal; now?: () => number },
): Promise<SyncReport> {
  const now = options.now ?? Date.now;
  const { prefix } = bucket;
  const report: SyncReport = {
    listed: 0,
    new: 0,
    changed: 0,
    removed: 0,
    complete: false,
    prefixMatchesNothing: false,
  };
  let { cursor, listingId } = await ledger.getCheckpoint(bucket.name, prefix);
  do {
    const page = await bucket.list({
      cursor,
      limit: options.pageSize,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const synced = await ledger.syncPage({
      bucket: bucket.name,
      listingId,
      objects: page.objects,
      nextCursor: page.nextCursor,
    });
    report.listed += page.objects.length;
    report.new += synced.new;
    report.changed += synced.changed;
    cursor = page.nextCursor;
    if (cursor === null) {
      const finished = await ledger.finishListing({ bucket: bucket.name, listingId, prefix });
      report.removed = finished.removed;
      report.complete = true;
      report.prefixMatchesNothing = finished.empty && prefix !== "";
      return report;
    }
  } while (now() < options.stopAt && !options.signal?.aborted);
  return report;
}
