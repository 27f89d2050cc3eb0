import { readFile } from "node:fs/promises";
import path from "node:path";
import { createClient } from "@supabase/supabase-js";
import { afterEach, describe, expect, it } from "vitest";
import type { Bucket } from "../src/bucket/port.ts";
import { SupabaseStorageBucket } from "../src/bucket/supabase/index.ts";
import { RpcLedger } from "../src/ledger/rpc-transport.ts";
import { HeuristicParser } from "../src/parse/heuristic/index.ts";
import { runTick, type TickSummary } from "../src/tick.ts";
import { fileRow, fileRows } from "./support/ledger-fixtures.ts";
import { BUCKET, createSupabaseProject, type SupabaseProject } from "./support/supabase-project.ts";

const SAMPLES = ["jose-alvarez-nunez.txt", "emily-chen.md", "lucas-martin.docx"];

async function sampleFiles(): Promise<Record<string, Uint8Array>> {
  const entries = await Promise.all(
    SAMPLES.map(async (name) => [
      `cv/${name}`,
      new Uint8Array(await readFile(path.resolve("samples", name))),
    ]),
  );
  return Object.fromEntries(entries);
}

/** Everything a tick in a Netlify function over Supabase would have: Storage bucket and RPC ledger, one client. */
function tickOver(project: SupabaseProject, bucketId = BUCKET) {
  const client = createClient(project.url, project.key, { auth: { persistSession: false } });
  const bucket: Bucket = new SupabaseStorageBucket(client, { bucket: bucketId, prefix: "" });
  const ledger = new RpcLedger(client);
  const run = (): Promise<TickSummary> =>
    runTick(
      { ledger, bucket, parser: new HeuristicParser() },
      { trigger: "test", budgetMs: 20_000, concurrency: 2, maxAttempts: 3, maxFileBytes: 1_000_000 },
    );
  return { run, ledger };
}

describe("a tick over Supabase (Storage test server + PostgREST RPC on real Postgres)", () => {
  let project: SupabaseProject | undefined;
  afterEach(async () => {
    await project?.close();
    project = undefined;
  });

  it("lists over HTTP when the database has no Storage tables, and parses every resume", async () => {
    project = await createSupabaseProject({ files: await sampleFiles() });
    const summary = await tickOver(project).run();

    expect(summary).toMatchObject({ sync: "listing", listed: 3, new: 3, done: 3, outcome: "completed" });
    expect((await fileRows(project.sql)).map((r) => [r.path, r.status])).toEqual(
      SAMPLES.map((name) => [`cv/${name}`, "done"]).sort(),
    );
    expect(project.rpc.requests.some((r) => r.fn === "complete_file" && r.role === "service_role")).toBe(
      true,
    );
  });

  it("diffs storage.objects in SQL when Storage shares the database, then trusts the upload trigger", async () => {
    project = await createSupabaseProject({ files: await sampleFiles(), storageTables: true });
    await project.mirror();
    const { run } = tickOver(project);

    const listings = () =>
      project?.storage.server.requests.filter((r) => r.kind === "listV2" || r.kind === "list");
    const listedBefore = listings()?.length;
    expect(await run()).toMatchObject({ sync: "storage_sql", listed: 3, new: 3, done: 3 });
    expect(listings()?.length).toBe(listedBefore); // no listing over HTTP: the database diffed storage.objects
    expect(await run()).toMatchObject({ sync: "storage_sql", new: 0, claimed: 0 });

    await project.storage.put(
      "cv/late.txt",
      "Jane Late\njane@example.com\nExperience\nEngineer, Acme 2020 - 2024",
    );
    await project.mirror(); // the upload: the trigger queues it at once
    expect((await fileRow(project.sql, "cv/late.txt")).status).toBe("pending");
    expect(await run()).toMatchObject({ sync: "upload_trigger", listed: 0, claimed: 1, done: 1 });
  });

  it("lists over HTTP when the SQL diff fails, and says so in the run", async () => {
    project = await createSupabaseProject({
      files: { "a.txt": "Ann Able\nann@example.com" },
      storageTables: true,
    });
    await project.mirror();
    const client = createClient(project.url, project.key, { auth: { persistSession: false } });
    const ledger = Object.create(new RpcLedger(client)) as RpcLedger;
    ledger.syncFromStorage = () => Promise.reject(new Error("statement timeout"));

    const summary = await runTick(
      {
        ledger,
        bucket: new SupabaseStorageBucket(client, { bucket: BUCKET }),
        parser: new HeuristicParser(),
      },
      { trigger: "test", budgetMs: 10_000, concurrency: 1, maxAttempts: 3, maxFileBytes: 1_000_000 },
    );

    expect(summary).toMatchObject({ sync: "listing_fallback", listed: 1, done: 1, outcome: "completed" });
    const [run] = (await ledger.getStatus({ lastRuns: 1, topErrors: 0 })).last_runs;
    expect(run?.sync).toBe("listing_fallback");
  });

  it("marks an object deleted between listing and download removed, not failed", async () => {
    project = await createSupabaseProject({ files: { "gone.txt": "Ann Gone\nann@example.com" } });
    const { ledger } = tickOver(project);
    await ledger.syncPage({
      bucket: BUCKET,
      listingId: (await ledger.getCheckpoint(BUCKET)).listingId,
      objects: [{ path: "gone.txt", size: 24, etag: '"x"', updatedAt: null }],
      nextCursor: "keep-listing", // not the end: nothing is decided from the listing itself
    });
    await project.storage.remove("gone.txt");

    const client = createClient(project.url, project.key, { auth: { persistSession: false } });
    const summary = await runTick(
      {
        ledger,
        bucket: emptyListing(new SupabaseStorageBucket(client, { bucket: BUCKET })),
        parser: new HeuristicParser(),
      },
      { trigger: "test", budgetMs: 10_000, concurrency: 1, maxAttempts: 3, maxFileBytes: 1_000_000 },
    );

    expect(summary).toMatchObject({ claimed: 1, removed: 1, failed: 0, retrying: 0 });
    expect(await fileRow(project.sql, "gone.txt")).toMatchObject({
      status: "removed",
      last_error_code: "object_missing",
      attempts: 1,
    });
  });

  it("stops with bucket_not_found for a bucket that does not exist, removing nothing", async () => {
    project = await createSupabaseProject({ files: { "a.txt": "Ann\nann@example.com" } });
    expect(await tickOver(project).run()).toMatchObject({ done: 1 });

    const summary = await tickOver(project, "no-such-bucket").run();

    expect(summary).toMatchObject({ outcome: "error", error_code: "bucket_not_found", claimed: 0 });
    expect(summary.error).toMatch(/RESUME_BUCKET/);
    expect((await fileRow(project.sql, "a.txt")).status).toBe("done");
  });
});

/** The bucket, but its listing pauses (returns nothing, more to come): the tick works only from the ledger. */
function emptyListing(bucket: Bucket): Bucket {
  return {
    name: bucket.name,
    prefix: bucket.prefix,
    list: async ({ cursor }) => ({ objects: [], nextCursor: cursor ?? "keep-listing" }),
    download: (p, o) => bucket.download(p, o),
  };
}
