import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalFolderBucket } from "../src/bucket/local.ts";
import type { SqlLedger } from "../src/ledger/sql-ledger.ts";
import { FallbackParser } from "../src/parse/fallback.ts";
import { HeuristicParser } from "../src/parse/heuristic/index.ts";
import type { ResumeParser } from "../src/parse/port.ts";
import { runTick } from "../src/tick.ts";
import { textResume } from "./support/folders.ts";
import { parserFor } from "./support/openai.ts";
import { type FakeOpenAI, startFakeOpenAI } from "./support/openai-server.ts";
import { fileRows } from "./support/openai-tick.ts";
import { tickOptions } from "./support/tick.ts";
import { useTickWorld } from "./support/tick-world.ts";

/** Stored parser names per path. */
async function storedParsers(ledger: SqlLedger): Promise<Record<string, string>> {
  const rows = await ledger.client.query<{ path: string; parser_name: string }>(
    "select f.path, r.parser_name from watcher.resumes r join watcher.resume_files f on f.id = r.file_id order by f.path",
  );
  return Object.fromEntries(rows.map((r) => [r.path, r.parser_name]));
}

describe("tick with the OpenAI parser: token counts, re-parsing outdated results, heuristic fallback", () => {
  const world = useTickWorld();
  let fake: FakeOpenAI;
  const PATHS = ["copy.txt", "r0.txt", "r1.txt", "r2.txt"];

  beforeEach(async () => {
    fake = await startFakeOpenAI();
    for (let i = 0; i < 3; i += 1) await world.folder.write(`r${i}.txt`, textResume(i));
    await world.folder.write("copy.txt", textResume(0)); // the same bytes as r0.txt
  });
  afterEach(async () => {
    await fake.close();
  });

  function tick(parser: ResumeParser) {
    const bucket = new LocalFolderBucket(world.folder.dir, { name: "test-bucket" });
    return runTick(
      { ledger: world.ledger, bucket, parser },
      tickOptions({ concurrency: 1, initialEstimateMs: 10 }),
    );
  }

  it("sums each parsed file's tokens into the summary and the run row; a reused result adds none", async () => {
    const summary = await tick(parserFor(fake));

    expect(summary).toMatchObject({ done: 4, reused: 1 });
    expect(fake.requests).toHaveLength(3);
    expect(summary).toMatchObject({ prompt_tokens: 3 * 120, completion_tokens: 3 * 80 });
    const status = await world.ledger.getStatus({ lastRuns: 1, topErrors: 0 });
    expect(status.last_runs[0]).toMatchObject({ prompt_tokens: 360, completion_tokens: 240 });
    expect(status.usage_24h).toEqual({ prompt_tokens: 360, completion_tokens: 240 });
  });

  it("requeue_outdated + a tick re-parse offline results with OpenAI instead of copying them back", async () => {
    expect(await tick(new HeuristicParser())).toMatchObject({ done: 4, reused: 1 });
    const openai = parserFor(fake);

    const { requeued } = await world.ledger.requeueOutdated({ bucket: "test-bucket", parser: openai });
    expect(requeued).toBe(4);
    const summary = await tick(openai);

    expect(summary).toMatchObject({ done: 4, failed: 0 });
    expect(fake.requests.length).toBeGreaterThanOrEqual(3);
    expect(await storedParsers(world.ledger)).toEqual(Object.fromEntries(PATHS.map((p) => [p, "openai"])));
    expect(await world.ledger.requeueOutdated({ bucket: "test-bucket", parser: openai })).toEqual({
      requeued: 0,
    });
  });

  it("PARSER_FALLBACK: with the quota gone the offline parser fills every record; reprocess --outdated redoes them", async () => {
    fake.fallback = { kind: "quota" };
    const parser = new FallbackParser(parserFor(fake), new HeuristicParser());

    const degraded = await tick(parser);

    expect(degraded).toMatchObject({ done: 4, released: 0, failed: 0, outcome: "completed", error: null });
    expect(degraded).toMatchObject({ prompt_tokens: 0, completion_tokens: 0 });
    expect(fake.requests.length).toBeGreaterThanOrEqual(3); // OpenAI was asked first every time
    expect(await storedParsers(world.ledger)).toEqual(Object.fromEntries(PATHS.map((p) => [p, "heuristic"])));
    expect((await fileRows(world.ledger)).every((r) => r.attempts === 1)).toBe(true);

    fake.fallback = { kind: "success" };
    expect(await world.ledger.requeueOutdated({ bucket: "test-bucket", parser })).toEqual({ requeued: 4 });
    expect(await tick(parser)).toMatchObject({ done: 4 });
    expect(await storedParsers(world.ledger)).toEqual(Object.fromEntries(PATHS.map((p) => [p, "openai"])));
  });

  it("PARSER_FALLBACK leaves other failures alone: a 500 is retried, not filled by the offline parser", async () => {
    fake.fallback = { kind: "server_error" };
    const summary = await tick(new FallbackParser(parserFor(fake), new HeuristicParser()));

    expect(summary).toMatchObject({ done: 0, retrying: 4 });
    expect(await storedParsers(world.ledger)).toEqual({});
  });
});
