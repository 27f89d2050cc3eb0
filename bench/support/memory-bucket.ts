import { createHash } from "node:crypto";
import type { Bucket, BucketObject, ListPage } from "../../src/bucket/port.ts";
import { pageAfter } from "../../src/bucket/sorted-page.ts";

/**
 * A Bucket held in memory: `count` objects named `resumes/000000.pdf`, `resumes/000001.pdf`, … with a size and an
 * etag derived from the index, so two instances with the same count list exactly the same objects. Listing cost
 * is negligible, which isolates the database side of a sync. Downloads return a small text resume.
 */
export class InMemoryBucket implements Bucket {
  readonly name: string;
  readonly prefix = "";
  private readonly objects: BucketObject[];

  constructor(name: string, count: number) {
    this.name = name;
    const width = Math.max(6, String(count - 1).length);
    this.objects = Array.from({ length: count }, (_, i) => ({
      path: `resumes/${String(i).padStart(width, "0")}.pdf`,
      size: 20_000 + ((i * 7919) % 180_000),
      etag: `"${createHash("md5").update(`object-${i}`).digest("hex")}"`,
      updatedAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    }));
  }

  get size(): number {
    return this.objects.length;
  }

  async list(options: { cursor: string | null; limit: number }): Promise<ListPage> {
    return pageAfter(this.objects, options.cursor, options.limit);
  }

  async download(objectPath: string): Promise<Uint8Array> {
    return new TextEncoder().encode(`Candidate ${objectPath}\nEngineer\n`);
  }
}
