import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";

/**
 * The objects of the test Storage server, read from a folder on every request (one sub-folder per bucket), and the
 * answers of the listing routes built the way supabase/storage builds them. Every file is an object, dotfiles
 * included (`.emptyFolderPlaceholder` is a real object on Supabase); a folder exists only while it holds a file.
 */

export interface StoredObject {
  key: string;
  file: string;
  size: number;
  mtime: Date;
  birthtime: Date;
}

export interface ObjectMetadata {
  eTag: string;
  size: number;
  mimetype: string;
  cacheControl: string;
  lastModified: string;
  contentLength: number;
  httpStatusCode: number;
}

/** An entry of `list()` (one folder level): a file, or a folder with every other field null. */
export interface ListEntry {
  name: string;
  id: string | null;
  updated_at: string | null;
  created_at: string | null;
  last_accessed_at: string | null;
  metadata: ObjectMetadata | null;
}

/** All objects of a bucket folder, sorted by key in code-unit order (Postgres `COLLATE "C"`). */
export async function readObjects(bucketDir: string): Promise<StoredObject[]> {
  const found: StoredObject[] = [];
  await collect(bucketDir, bucketDir, found);
  return found.sort((a, b) => compareNames(a.key, b.key));
}

async function collect(root: string, dir: string, found: StoredObject[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await collect(root, full, found);
    else if (entry.isFile()) {
      const info = await stat(full);
      const key = path.relative(root, full).split(path.sep).join("/");
      found.push({ key, file: full, size: info.size, mtime: info.mtime, birthtime: info.birthtime });
    }
  }
}

export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Storage's metadata column for an object: the eTag is the quoted md5 of the content (single-part upload). */
export async function describeObject(object: StoredObject): Promise<ObjectMetadata> {
  const md5 = createHash("md5")
    .update(await readFile(object.file))
    .digest("hex");
  return {
    eTag: `"${md5}"`,
    size: object.size,
    mimetype: mimeTypeOf(object.key),
    cacheControl: "max-age=3600",
    lastModified: object.mtime.toISOString(),
    contentLength: object.size,
    httpStatusCode: 200,
  };
}

/** A stable uuid-shaped id per key, so two listings agree. */
export function objectId(key: string): string {
  const hex = createHash("md5").update(key).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const MIME_TYPES: Record<string, string> = {
  ".pdf": "application/pdf",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ".txt": "text/plain",
  ".md": "text/markdown",
};

export function mimeTypeOf(key: string): string {
  return MIME_TYPES[path.extname(key).toLowerCase()] ?? "application/octet-stream";
}

async function fileEntry(name: string, object: StoredObject): Promise<ListEntry> {
  return {
    name,
    id: objectId(object.key),
    updated_at: object.mtime.toISOString(),
    created_at: object.birthtime.toISOString(),
    last_accessed_at: object.mtime.toISOString(),
    metadata: await describeObject(object),
  };
}

function folderEntry(name: string): ListEntry {
  return { name, id: null, updated_at: null, created_at: null, last_accessed_at: null, metadata: null };
}

export interface ListRequest {
  prefix: string;
  limit: number;
  offset: number;
  search?: string;
}

/**
 * `POST /object/list/<bucket>`: one folder level under `prefix` (a folder: "/" is appended when missing, as
 * supabase/storage's searchObjects does), files and folders mixed and sorted by name, then offset/limit.
 * `search` keeps entries whose name starts with it, case-insensitively.
 */
export async function listFolder(objects: StoredObject[], request: ListRequest): Promise<ListEntry[]> {
  const folder = request.prefix && !request.prefix.endsWith("/") ? `${request.prefix}/` : request.prefix;
  const names = new Map<string, StoredObject | null>();
  for (const object of objects) {
    if (!object.key.startsWith(folder)) continue;
    const rest = object.key.slice(folder.length);
    const slash = rest.indexOf("/");
    if (slash === -1) names.set(rest, object);
    else names.set(rest.slice(0, slash), names.get(rest.slice(0, slash)) ?? null);
  }
  const search = request.search?.toLowerCase() ?? "";
  const page = [...names.keys()]
    .filter((name) => name.toLowerCase().startsWith(search))
    .sort(compareNames)
    .slice(request.offset, request.offset + request.limit);
  return Promise.all(
    page.map((name) => {
      const object = names.get(name);
      return object ? fileEntry(name, object) : folderEntry(name);
    }),
  );
}

export interface ListV2Answer {
  hasNext: boolean;
  nextCursor?: string;
  nextCursorKey?: string;
  folders: { name: string }[];
  objects: ListEntry[];
}

/** Storage's list-v2 limit: larger requests are clamped, not refused. */
export const LIST_V2_MAX_KEYS = 1000;

/**
 * `POST /object/list-v2/<bucket>` without a delimiter: every key starting with `prefix` (a plain string prefix,
 * SQL `LIKE prefix%`), after the cursor's key, `name` = the full key. The cursor is supabase/storage's own
 * encoding: base64 of "l:<last key>". Throws on a cursor it did not issue, as the real server does (500).
 */
export async function listFlat(
  objects: StoredObject[],
  request: { prefix: string; limit: number; cursor?: string },
): Promise<ListV2Answer> {
  const startAfter = request.cursor ? decodeCursor(request.cursor) : "";
  const limit = Math.min(request.limit, LIST_V2_MAX_KEYS);
  const matching = objects.filter((o) => o.key.startsWith(request.prefix) && o.key > startAfter);
  const page = matching.slice(0, limit);
  const hasNext = matching.length > limit;
  const last = page[page.length - 1];
  const entries = await Promise.all(page.map((object) => fileEntry(object.key, object)));
  if (!hasNext || last === undefined) return { hasNext: false, folders: [], objects: entries };
  return {
    hasNext,
    nextCursor: Buffer.from(`l:${last.key}`).toString("base64"),
    nextCursorKey: last.key,
    folders: [],
    objects: entries,
  };
}

function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, "base64").toString();
  const match = /^l:(.*)$/s.exec(decoded);
  if (!match) throw new Error("Invalid continuation token");
  return match[1] ?? "";
}
