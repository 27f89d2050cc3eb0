import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { FileError } from "../errors.ts";
import type { Bucket, BucketObject, ListPage } from "./port.ts";
import { pageAfter } from "./sorted-page.ts";

/**
 * A local folder as the bucket (the embedded default). Paths are relative to the folder, "/"-separated; dotfiles
 * and dot-folders (.DS_Store, .git) are ignored. The etag is size + mtime, as rsync decides "changed", so a
 * listing never reads file contents.
 */
export class LocalFolderBucket implements Bucket {
  readonly name: string;
  private readonly root: string;
  private readonly prefix: string;
  /** The last full walk, reused while one listing pages through it (a walk per page would be quadratic). */
  private snapshot: BucketObject[] | null = null;

  constructor(dir: string, options: { prefix?: string; name?: string } = {}) {
    this.root = path.resolve(dir);
    this.prefix = (options.prefix ?? "").replace(/^\/+|\/+$/g, "");
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
    const start = this.prefix ? path.join(this.root, this.prefix) : this.root;
    const found: BucketObject[] = [];
    await this.walkInto(start, found);
    // Code-unit order matches Postgres "C" collation and Supabase's name sort, so cursors compare the same way.
    return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  private async walkInto(dir: string, found: BucketObject[]): Promise<void> {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await this.walkInto(full, found);
      else if (entry.isFile()) found.push(await this.describe(full));
    }
  }

  private async describe(full: string): Promise<BucketObject> {
    const info = await stat(full);
    return {
      path: path.relative(this.root, full).split(path.sep).join("/"),
      size: info.size,
      etag: `${info.size}-${Math.floor(info.mtimeMs)}`,
      updatedAt: info.mtime.toISOString(),
    };
  }
}
