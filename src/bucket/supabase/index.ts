import type { SupabaseClient } from "@supabase/supabase-js";
import { FileError } from "../../errors.ts";
import type { Bucket, BucketObject, ListPage } from "../port.ts";
import { decodeCursor, encodeCursor, type ListingState } from "./cursor.ts";
import { isListV2Unsupported, toDownloadError, toListingError } from "./errors.ts";
import { type FolderEntry, type ReadFolder, walkPage } from "./walk.ts";

type StorageFiles = ReturnType<SupabaseClient["storage"]["from"]>;
type FlatState = Extract<ListingState, { mode: "flat" }>;
type WalkState = Extract<ListingState, { mode: "walk" }>;

/** Storage answers at most this many objects per list-v2 call (it clamps larger requests). */
const LIST_V2_MAX_KEYS = 1000;
/** The object the Supabase dashboard creates to keep an empty folder; never a resume. */
const FOLDER_PLACEHOLDER = ".emptyFolderPlaceholder";

export interface SupabaseStorageBucketOptions {
  /** Bucket id (RESUME_BUCKET), e.g. "msmm-resumes"; also the bucket's `name` in the ledger. */
  bucket: string;
  /** Folder to watch (RESUME_PREFIX), with or without slashes; "" or absent = the whole bucket. */
  prefix?: string;
}

/**
 * A Supabase Storage bucket, read through an already-created supabase-js client (needs the secret or service-role
 * key). Lists with list-v2 (flat, recursive, cursor-paged) and, on servers without it, walks the folders with
 * `list()`; both behind the port's resumable cursor. Storage errors are mapped in ./errors.ts.
 */
export class SupabaseStorageBucket implements Bucket {
  readonly name: string;
  readonly prefix: string;
  /** Lets a ledger in the same database diff storage.objects instead of listing (Ledger.syncFromStorage). */
  readonly storage: { bucket: string; prefix: string };
  private readonly client: SupabaseClient;
  private readonly files: StorageFiles;
  /** The watched folder: "" or "cv/2026/" (always a trailing slash). */
  private readonly folder: string;
  /** Settled by the first list-v2 answer of this instance; "unsupported" = walk with list() from then on. */
  private listV2: "unknown" | "supported" | "unsupported" = "unknown";

  constructor(client: SupabaseClient, options: SupabaseStorageBucketOptions) {
    this.client = client;
    this.name = options.bucket;
    this.files = client.storage.from(options.bucket);
    const prefix = (options.prefix ?? "").split("/").filter(Boolean).join("/");
    this.folder = prefix ? `${prefix}/` : "";
    this.prefix = this.folder;
    this.storage = { bucket: options.bucket, prefix: this.folder };
  }

  async list(options: { cursor: string | null; limit: number; signal?: AbortSignal }): Promise<ListPage> {
    const { signal } = options;
    const limit = Math.max(1, options.limit);
    try {
      signal?.throwIfAborted();
      const page = await this.listPage(options.cursor, limit, signal);
      if (page.nextCursor === null && page.objects.length === 0) await this.assertBucketExists();
      return page;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw toListingError(error, this.name);
    }
  }

  async download(path: string, options: { maxBytes: number; signal?: AbortSignal }): Promise<Uint8Array> {
    const { signal } = options;
    signal?.throwIfAborted();
    let body: ReadableStream<Uint8Array> | null;
    try {
      const answer = await this.files.download(encodeKey(path), {}, signal ? { signal } : {}).asStream();
      if (answer.error) throw answer.error;
      body = answer.data;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw toDownloadError(error, this.name, path);
    }
    return readAtMost(body, options.maxBytes, path, signal);
  }

  private async listPage(cursor: string | null, limit: number, signal?: AbortSignal): Promise<ListPage> {
    const saved = cursor === null ? null : decodeCursor(cursor, this.folder);
    const state = saved ?? this.freshState();
    if (state.mode === "flat" && this.listV2 !== "unsupported") {
      const page = await this.listFlat(state, limit, signal);
      if (page !== null) return page;
    }
    // A flat cursor cannot be continued by a walk: the walk starts over (nothing is removed before it ends).
    return this.listWalk(state.mode === "walk" ? state : this.walkStart(), limit, signal);
  }

  /**
   * Listing a missing bucket answers 200 [] on a real server, exactly like an empty bucket — and a listing that
   * ends empty marks every file not yet seen removed. So before a listing may end on an empty page, the bucket
   * must be shown to exist (the only page a missing bucket can give; one extra request, and only then).
   */
  private async assertBucketExists(): Promise<void> {
    const { error } = await this.client.storage.getBucket(this.name);
    if (error) throw error;
  }

  private freshState(): ListingState {
    return this.listV2 === "unsupported"
      ? this.walkStart()
      : { mode: "flat", folder: this.folder, cursor: null };
  }

  private walkStart(): WalkState {
    return { mode: "walk", folder: this.folder, stack: [{ dir: this.folder, offset: 0, after: null }] };
  }

  /** One list-v2 page, or null when this server has no list-v2 (then the instance walks from now on). */
  private async listFlat(state: FlatState, limit: number, signal?: AbortSignal): Promise<ListPage | null> {
    const request = {
      prefix: this.folder,
      limit: Math.min(limit, LIST_V2_MAX_KEYS),
      ...(state.cursor === null ? {} : { cursor: state.cursor }),
    };
    const { data, error } = await this.files.listV2(request, signal ? { signal } : {});
    if (error) {
      if (this.listV2 !== "unknown" || !isListV2Unsupported(error, state.cursor === null)) throw error;
      this.listV2 = "unsupported";
      return null;
    }
    this.listV2 = "supported";
    if (data.hasNext && !data.nextCursor)
      throw new Error("list-v2 said more objects follow but gave no cursor");
    const objects = data.objects.filter((entry) => isResumeKey(entry.name));
    return {
      objects: objects.map((entry) => toBucketObject(entry.name, entry)),
      nextCursor: data.hasNext
        ? encodeCursor({ mode: "flat", folder: this.folder, cursor: data.nextCursor ?? null })
        : null,
    };
  }

  private async listWalk(state: WalkState, limit: number, signal?: AbortSignal): Promise<ListPage> {
    const read: ReadFolder = async (dir, offset, size) => {
      const options = { limit: size, offset, sortBy: { column: "name", order: "asc" } };
      const { data, error } = await this.files.list(
        dir.replace(/\/$/, ""),
        options,
        signal ? { signal } : {},
      );
      if (error) throw error;
      return data;
    };
    const { files, stack } = await walkPage(read, state.stack, limit);
    return {
      objects: files
        .filter((file) => isResumeKey(file.key))
        .map((file) => toBucketObject(file.key, file.entry)),
      nextCursor: stack.length > 0 ? encodeCursor({ mode: "walk", folder: this.folder, stack }) : null,
    };
  }
}

/** Keys that can be files worth listing: not the dashboard's folder placeholder, not an S3-style folder marker. */
function isResumeKey(key: string): boolean {
  return !key.endsWith("/") && key.split("/").pop() !== FOLDER_PLACEHOLDER;
}

function toBucketObject(key: string, entry: FolderEntry): BucketObject {
  return {
    path: key,
    size: entry.metadata?.size ?? entry.metadata?.contentLength ?? 0,
    etag: entry.metadata?.eTag ?? null,
    updatedAt: entry.updated_at ?? null,
  };
}

/**
 * storage-js puts the key into the URL as it is; "?" is a legal key character (it would start a query string)
 * and " " or "+" must survive the trip, so every segment is percent-encoded. Storage decodes the path.
 */
function encodeKey(key: string): string {
  return key.split("/").map(encodeURIComponent).join("/");
}

/**
 * Reads the body, giving up as soon as it passes `maxBytes`: storage-js hides the answer's headers, so the size
 * is checked while streaming (the listing's size was already checked before the download was tried).
 */
async function readAtMost(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  path: string,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      total += chunk.value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new FileError(
          "too_large",
          `${path} is over the limit of ${maxBytes} bytes (WATCHER_MAX_FILE_BYTES)`,
        );
      }
      chunks.push(chunk.value);
    }
  } catch (error) {
    if (error instanceof FileError) throw error;
    if (signal?.aborted) throw signal.reason;
    const message = error instanceof Error ? error.message : String(error);
    throw new FileError("download_failed", `Download of ${path} broke off: ${message}`, { cause: error });
  }
  return concat(chunks, total);
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
