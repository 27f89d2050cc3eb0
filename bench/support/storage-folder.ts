import { mkdir, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { listFlat, readObjects, type StoredObject } from "../../test/support/storage-server-store.ts";

/**
 * The bucket folder of the Storage benchmark and a listing-only Storage server over a snapshot of it.
 *
 * The test Storage server (test/support/storage-server.ts) reads the whole folder again on every request (readdir
 * + stat of every file), which is right for tests that change files between requests but costs seconds per page
 * on a 100,000-file folder. The snapshot server answers list-v2 with the same code (listFlat of
 * test/support/storage-server-store.ts: same JSON, cursors, md5 eTags read from the files) over the folder read
 * once at start, so a full listing can be measured without paying that scan per page.
 */

/**
 * Writes `count` tiny files (10 bytes, distinct content, so distinct eTags) as `<bucket>/fNN/000123.pdf` in
 * `folders` sub-folders; keys sort in file order. Returns the wall time, ms.
 */
export async function writeBucketFolder(
  bucketDir: string,
  count: number,
  folders: number,
): Promise<{ ms: number }> {
  const started = performance.now();
  const perFolder = Math.ceil(count / folders);
  const width = Math.max(6, String(count - 1).length);
  for (let f = 0; f < folders; f += 1) {
    const dir = path.join(bucketDir, `f${String(f).padStart(2, "0")}`);
    await mkdir(dir, { recursive: true });
    const writes: Promise<void>[] = [];
    for (let i = f * perFolder; i < Math.min(count, (f + 1) * perFolder); i += 1) {
      writes.push(
        writeFile(path.join(dir, `${String(i).padStart(width, "0")}.pdf`), String(i).padStart(10, "0")),
      );
    }
    await Promise.all(writes);
  }
  return { ms: performance.now() - started };
}

export interface SnapshotStorageServer {
  url: string;
  /** Time the one folder read took (readObjects), ms. */
  snapshotMs: number;
  /** Time each list-v2 request spent in the server (body read to answer written), ms. */
  listMs: number[];
  close(): Promise<void>;
}

/**
 * A Storage server that answers `POST /storage/v1/object/list-v2/<bucket>` (and `GET /storage/v1/bucket/<id>`) as
 * the test server does, from a snapshot of `root/<bucket>` taken once. Only `serviceKey` is accepted.
 */
export async function startSnapshotStorageServer(options: {
  root: string;
  bucket: string;
  serviceKey: string;
}): Promise<SnapshotStorageServer> {
  const snapshotStarted = performance.now();
  const objects: StoredObject[] = await readObjects(path.join(options.root, options.bucket));
  const snapshotMs = performance.now() - snapshotStarted;
  const listMs: number[] = [];
  const prefix = "/storage/v1/";
  const server = createServer((req, res) => {
    const started = performance.now();
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        "content-type": "application/json; charset=utf-8",
        "content-length": String(Buffer.byteLength(text)),
      });
      res.end(text);
    };
    const route = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    const bearer = (req.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
    if (bearer !== options.serviceKey) {
      send(400, { statusCode: "403", code: "AccessDenied", error: "Unauthorized", message: "Invalid key" });
      return;
    }
    if (req.method === "GET" && route === `${prefix}bucket/${options.bucket}`) {
      const created = new Date(0).toISOString();
      send(200, {
        id: options.bucket,
        name: options.bucket,
        public: false,
        created_at: created,
        updated_at: created,
      });
      return;
    }
    if (req.method !== "POST" || route !== `${prefix}object/list-v2/${options.bucket}`) {
      send(404, { message: `Route ${req.method}:${route} not found`, error: "Not Found", statusCode: 404 });
      return;
    }
    readJson(req)
      .then((body) => {
        const request = (body ?? {}) as { prefix?: string; limit?: number; cursor?: string };
        return listFlat(objects, {
          prefix: request.prefix ?? "",
          limit: request.limit ?? 1000,
          ...(request.cursor ? { cursor: request.cursor } : {}),
        });
      })
      .then((answer) => {
        send(200, answer);
        listMs.push(performance.now() - started);
      })
      .catch((error: unknown) =>
        send(500, { statusCode: "500", code: "InternalError", error: "Error", message: String(error) }),
      );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    snapshotMs,
    listMs,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : undefined;
}
