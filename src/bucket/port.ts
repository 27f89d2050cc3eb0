/** One object as listed by a bucket. */
export interface BucketObject {
  /** Path inside the bucket, "/"-separated, no leading slash. */
  path: string;
  /** Bytes, from the listing (used to skip too-large files before download). */
  size: number;
  /** Changes whenever the content changes (Supabase: quoted md5; local folder: size + mtime). */
  etag: string | null;
  /** ISO timestamp of the last modification, when the listing has it. */
  updatedAt: string | null;
}

export interface ListPage {
  objects: BucketObject[];
  /** Opaque cursor for the next page; null when the listing is complete. */
  nextCursor: string | null;
}

/**
 * Where resumes live. Listing is paged with an opaque, resumable cursor so a tick can stop listing anywhere and
 * the next tick continues from the saved checkpoint. Adapters: local folder, Supabase Storage.
 */
export interface Bucket {
  /** Stored as `resume_files.bucket`; identifies the source for sync and checkpoints. */
  readonly name: string;
  /**
   * The folder listed, in "folder/" form ("" = the whole bucket; RESUME_PREFIX). A listing proves nothing about
   * objects outside it, so the ledger removes only rows under it when a listing completes.
   */
  readonly prefix: string;
  /**
   * Set by a Supabase Storage bucket: its id and prefix, so a ledger in the same database can diff
   * `storage.objects` in SQL instead of listing over HTTP (Ledger.syncFromStorage).
   */
  readonly storage?: { bucket: string; prefix: string };
  list(options: { cursor: string | null; limit: number; signal?: AbortSignal }): Promise<ListPage>;
  /** Rejects with FileError `download_failed` (transient) or `too_large` when the object exceeds maxBytes. */
  download(path: string, options: { maxBytes: number; signal?: AbortSignal }): Promise<Uint8Array>;
}
