import type { Dirent, Stats } from "node:fs";
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { FileError } from "../errors.ts";
import type { Bucket, BucketObject, ListPage } from "./port.ts";
import { pageAfter } from "./sorted-page.ts";

/**
 * A local folder as the bucket (the embedded default). Paths are relative to the folder, "/"-separated; dotfiles
 * and dot-folders (.DS_Store, .git) are ignored. The etag is size + mtime, as rsync decides "changed", so a
 * listing never reads file contents. Symbolic links are followed, to files and folders inside or outside the
 * folder, and listed under the link's own path (etag from the target); a link back into a folder being walked
 * (a loop) is not followed, and a broken link, like a file deleted while the listing runs, is not listed.
 */
export class LocalFolderBucket implements Bucket {
  readonly name: string;
  /** "folder/" form ("" = the whole folder), relative to the root. */
  readonly prefix: string;
  private readonly root: string;
  /** The last full walk, reused while one listing pages through it (a walk per page would be quadratic). */
  private snapshot: BucketObject[] | null = null;

  constructor(dir: string, options: { prefix?: string; name?: string } = {}) {
    this.root = path.resolve(dir);
    const prefix = (options.prefix ?? "").split("/").filter(Boolean).join("/");
    this.prefix = prefix ? `${prefix}/` : "";
    this.name = options.name ?? `local:${this.root}`;
  }

  async list(options: { cursor: string | null; limit: number }): Promise<ListPage> {
    if (options.cursor === null || this.snapshot === null) this.snapshot = await this.walk();
    const page = pageAfter(this.snapshot, options.cursor, options.limit);
    if (page.nextCursor === null) this.snapshot = null;
    return page;
  }

  async download(objectPath: string, options: { maxBytes: number }): Promise<Uint8Array> {
    const full = this.resolveInside(objectPath);
    try {
      const info = await stat(full);
      if (info.size > options.maxBytes) {
        throw new FileError(
          "too_large",
          `File is ${info.size} bytes; the limit is ${options.maxBytes} bytes`,
        );
      }
      return new Uint8Array(await readFile(full));
    } catch (error) {
      if (error instanceof FileError) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? "unknown";
      throw new FileError("download_failed", `Could not read ${objectPath} (${code})`, { cause: error });
    }
  }

  private resolveInside(objectPath: string): string {
    const full = path.resolve(this.root, objectPath);
    if (!full.startsWith(this.root + path.sep)) {
      throw new FileError(
        "download_failed",
        `Path ${JSON.stringify(objectPath)} is outside the bucket folder`,
      );
    }
    return full;
  }

  private async walk(): Promise<BucketObject[]> {
    // A missing root is a configuration mistake, not an empty bucket: listing it as empty would mark every
    // known file removed.
    const rootInfo = await stat(this.root).catch(() => null);
    if (!rootInfo?.isDirectory()) {
      throw new Error(`Bucket folder ${this.root} does not exist; create it or set LOCAL_BUCKET_DIR`);
    }
    const start = path.join(this.root, this.prefix);
    const found: BucketObject[] = [];
    // A prefix folder that does not exist lists nothing (the tick warns that the prefix matches nothing).
    const startReal = await realpathIfPresent(start);
    if (startReal !== null) await this.walkInto(start, [startReal], found);
    // Code-unit order matches Postgres "C" collation and Supabase's name sort, so cursors compare the same way.
    return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /**
   * `ancestors`: real paths of the folders being walked, outermost first, `dir`'s own last; a link back into one of
   * them (a loop) is not followed. A plain folder's real path is its parent's plus its name: only links cost a
   * realpath() call.
   */
  private async walkInto(dir: string, ancestors: string[], found: BucketObject[]): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isGone(error)) return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      // stat follows links; a directory entry needs none (its contents are read next anyway).
      const info = entry.isDirectory() ? null : await statIfPresent(full);
      if (entry.isDirectory() || info?.isDirectory()) {
        const real = entry.isDirectory()
          ? path.join(ancestors[ancestors.length - 1] ?? "", entry.name)
          : await realpathIfPresent(full);
        if (real !== null && !ancestors.includes(real))
          await this.walkInto(full, [...ancestors, real], found);
      } else if (info?.isFile()) {
        found.push(this.describe(full, info));
      }
    }
  }

  private describe(full: string, info: Stats): BucketObject {
    return {
      path: path.relative(this.root, full).split(path.sep).join("/"),
      size: info.size,
      etag: `${info.size}-${Math.floor(info.mtimeMs)}`,
      updatedAt: info.mtime.toISOString(),
    };
  }
}

/** stat (following links), or null when nothing is there any more: deleted since readdir, or a broken link. */
async function statIfPresent(full: string): Promise<Stats | null> {
  try {
    return await stat(full);
  } catch (error) {
    if (isGone(error)) return null;
    throw error;
  }
}

async function realpathIfPresent(full: string): Promise<string | null> {
  try {
    return await realpath(full);
  } catch (error) {
    if (isGone(error)) return null;
    throw error;
  }
}

/** ENOENT: removed meanwhile (or a link to nothing); ELOOP: a link chain that never ends in a file. */
function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR" || code === "ELOOP";
}
