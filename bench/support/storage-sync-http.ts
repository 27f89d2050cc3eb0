import { rm } from "node:fs/promises";
import path from "node:path";
import { createClient } from "@supabase/supabase-js";
import { SupabaseStorageBucket } from "../../src/bucket/supabase/index.ts";
import type { Ledger } from "../../src/ledger/port.ts";
import { startStorageServer } from "../../test/support/storage-server.ts";
import { readObjects } from "../../test/support/storage-server-store.ts";
import { withTempDir } from "./database.ts";
import type { BenchContext, ResultTable } from "./report.ts";
import { fmt, percentile } from "./stats.ts";
import { startSnapshotStorageServer, writeBucketFolder } from "./storage-folder.ts";
import {
  counts,
  FOLDERS,
  PAGE_SIZE,
  type PartReport,
  sum,
  type TimedSync,
  timedSync,
} from "./storage-sync-common.ts";

/**
 * Part 1 of the storage-sync benchmark: the paged HTTP listing (SupabaseStorageBucket + syncBucket, list-v2) over
 * a folder of tiny files, through the test Storage server's listing code, time split between HTTP and database.
 */

const HTTP_BUCKET = "bench-http";
const SERVICE_KEY = "sb_secret_bench_storage_sync";
/** The test server as it is reads the whole folder per request: only this long (ms) is spent listing through it. */
const AS_IS_BUDGET_MS = 20_000;
/** Long enough (ms) for any listing pass here to complete. */
const NO_STOP_MS = 3_600_000;

interface HttpPass extends TimedSync {
  server: "snapshot" | "as is";
  pass: string;
  /** Time each list-v2 request spent inside the snapshot server, ms (not measured for the server as is). */
  serverMs: number[];
}

export interface HttpFigures {
  count: number;
  passes: HttpPass[];
  /** Writing, removing and scanning (readdir + stat) the folder; the snapshot server's one read; ms. */
  writeMs: number;
  removeMs: number;
  scanMs: number;
  snapshotMs: number;
  pagesNeeded: number;
}

function storageClient(url: string) {
  return createClient(url, SERVICE_KEY, { auth: { persistSession: false, autoRefreshToken: false } });
}

/** Initial and incremental listing through the snapshot server; returns the passes and its folder read, ms. */
async function snapshotPasses(ctx: BenchContext, ledger: Ledger, root: string) {
  const passes: HttpPass[] = [];
  const snapshot = await startSnapshotStorageServer({ root, bucket: HTTP_BUCKET, serviceKey: SERVICE_KEY });
  try {
    for (const pass of ["initial", "incremental"]) {
      ctx.log(`storage-sync: HTTP listing (snapshot server), ${pass}`);
      const bucket = new SupabaseStorageBucket(storageClient(snapshot.url), { bucket: HTTP_BUCKET });
      const before = snapshot.listMs.length;
      const timed = await timedSync(ledger, bucket, Date.now() + NO_STOP_MS);
      passes.push({ server: "snapshot", pass, ...timed, serverMs: snapshot.listMs.slice(before) });
    }
  } finally {
    await snapshot.close();
  }
  return { passes, snapshotMs: snapshot.snapshotMs };
}

/** One incremental listing through the test server as is, stopped after AS_IS_BUDGET_MS. */
async function asIsPass(ctx: BenchContext, ledger: Ledger, root: string): Promise<HttpPass> {
  const server = await startStorageServer({ root, buckets: [HTTP_BUCKET], serviceKey: SERVICE_KEY });
  try {
    ctx.log(
      `storage-sync: HTTP listing (test server as is), incremental, at most ${AS_IS_BUDGET_MS / 1000} s`,
    );
    const bucket = new SupabaseStorageBucket(storageClient(server.url), { bucket: HTTP_BUCKET });
    const timed = await timedSync(ledger, bucket, Date.now() + AS_IS_BUDGET_MS);
    return { server: "as is", pass: "incremental", ...timed, serverMs: [] };
  } finally {
    await server.close();
  }
}

export async function measureHttp(ctx: BenchContext, ledger: Ledger, count: number): Promise<HttpFigures> {
  return withTempDir("rw-bench-storage-", async (root) => {
    const bucketDir = path.join(root, HTTP_BUCKET);
    ctx.log(`storage-sync: writing ${fmt(count)} files in ${FOLDERS} folders`);
    const { ms: writeMs } = await writeBucketFolder(bucketDir, count, FOLDERS);
    // What the test server as is pays on every request, measured alone.
    const scanStarted = performance.now();
    await readObjects(bucketDir);
    const scanMs = performance.now() - scanStarted;
    const { passes, snapshotMs } = await snapshotPasses(ctx, ledger, root);
    passes.push(await asIsPass(ctx, ledger, root));
    const removeStarted = performance.now();
    await rm(bucketDir, { recursive: true, force: true });
    const removeMs = performance.now() - removeStarted;
    return {
      count,
      passes,
      writeMs,
      removeMs,
      scanMs,
      snapshotMs,
      pagesNeeded: Math.ceil(count / PAGE_SIZE),
    };
  });
}

// --- report ----------------------------------------------------------------------------------------------------

const HEADERS = [
  "server",
  "pass",
  "pages",
  "rows",
  "seconds",
  "full pass s",
  "HTTP s",
  "database s",
  "list p50 ms",
  "server p50 ms",
  "sync_page p50 ms",
  "finish ms",
];

function passRow(p: HttpPass, pagesNeeded: number): string[] {
  const pages = p.listMs.length;
  // A stopped pass is projected to the whole bucket from its time per page.
  const full = p.report.complete ? p.ms : (p.ms / Math.max(1, pages)) * pagesNeeded;
  return [
    p.server === "snapshot" ? "test server over a snapshot (folder read once)" : "test server as is",
    p.pass,
    `${fmt(pages)}${p.report.complete ? "" : ` of ${fmt(pagesNeeded)} (stopped)`}`,
    `listed ${fmt(p.report.listed)}; ${counts(p.report)}`,
    fmt(p.ms / 1000, 2),
    p.report.complete ? fmt(full / 1000, 2) : `≈ ${fmt(full / 1000, 0)} (projected)`,
    fmt(sum(p.listMs) / 1000, 2),
    fmt((sum(p.pageMs) + p.finishMs + p.checkpointMs) / 1000, 2),
    fmt(percentile(p.listMs, 50), 1),
    p.serverMs.length > 0 ? fmt(percentile(p.serverMs, 50), 1) : "–",
    fmt(percentile(p.pageMs, 50), 1),
    p.report.complete ? fmt(p.finishMs) : "–",
  ];
}

/** Why the listing through the test server is slow, from the as-is and snapshot passes. */
function bottleneckNote(http: HttpFigures, asIs: HttpPass, snap: HttpPass): string {
  const fullS = (asIs.ms / Math.max(1, asIs.listMs.length) / 1000) * http.pagesNeeded;
  return (
    "The test Storage server is the bottleneck of the HTTP listing, not the watcher: it reads the whole folder " +
    `(readdir + stat of every file) on every request — ${fmt(http.scanMs)} ms for ${fmt(http.count)} files, ` +
    "measured alone — then reads and md5-hashes the page's 1,000 files for their eTags. One list-v2 page takes " +
    `${fmt(percentile(asIs.listMs, 50))} ms through it (p50), a full pass ≈ ${fmt(fullS)} s (listing through it ` +
    `was stopped after ${fmt(AS_IS_BUDGET_MS / 1000)} s` +
    `${asIs.report.complete ? "; it completed within that" : ", projected"}). The snapshot server ` +
    `(bench/support/storage-folder.ts) answers with the same code over the folder read once (${fmt(http.snapshotMs)} ` +
    `ms, not counted): ${fmt(percentile(snap.listMs, 50), 1)} ms per page, of which ` +
    `${fmt(percentile(snap.serverMs, 50), 1)} ms in the server (mostly reading and hashing 1,000 files); the rest ` +
    "is supabase-js, HTTP on 127.0.0.1 and JSON, client and server in one process on 2 cores. A real Storage " +
    "server answers list-v2 from an index on storage.objects with the eTags stored."
  );
}

export function reportHttp(http: HttpFigures): PartReport {
  const table: ResultTable = {
    caption: `Paged HTTP listing: SupabaseStorageBucket (list-v2, ${fmt(PAGE_SIZE)} per page) + syncBucket`,
    headers: HEADERS,
    rows: http.passes.map((p) => passRow(p, http.pagesNeeded)),
  };
  const notes = [
    `The folder: ${fmt(http.count)} files of 10 bytes in ${FOLDERS} sub-folders, written in ` +
      `${fmt(http.writeMs / 1000, 1)} s and removed in ${fmt(http.removeMs / 1000, 1)} s.`,
  ];
  const asIs = http.passes.find((p) => p.server === "as is");
  const snap = http.passes.find((p) => p.server === "snapshot" && p.pass === "incremental");
  if (asIs && snap) notes.push(bottleneckNote(http, asIs, snap));
  const method =
    `*HTTP listing* (first, before anything is analyzed): ${fmt(http.count)} files of 10 bytes in a temp folder; ` +
    `\`syncBucket(ledger, new SupabaseStorageBucket(supabase-js client), { pageSize: ${fmt(PAGE_SIZE)} })\` ` +
    "(list-v2 pages), initial then incremental, through the test Storage server's listing code over a snapshot " +
    "of the folder, then incremental through the test server as is (test/support/storage-server.ts), stopped " +
    `after ${fmt(AS_IS_BUDGET_MS / 1000)} s. HTTP s = time inside \`bucket.list\` (client, HTTP and server, one ` +
    "process); database s = `sync_page` + `finish_listing` + `get_checkpoint`. Full pass s is projected from " +
    "the pages done when a pass was stopped.";
  return { method: [method], tables: [table], targets: [], notes };
}
