import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { emptyCandidate } from "../src/parse/candidate.ts";
import { HeuristicParser } from "../src/parse/heuristic/index.ts";
import type { ResumeParser } from "../src/parse/port.ts";
import { textResume } from "./support/folders.ts";
import {
  COVER_LETTER,
  HEADINGLESS_RESUME,
  JOB_DESCRIPTION,
  loremIpsumPdf,
  PROMPT_INJECTION,
} from "./support/not-resumes.ts";
import { parserFor } from "./support/openai.ts";
import { candidateFixture, type FakeOpenAI, startFakeOpenAI } from "./support/openai-server.ts";
import { fileRows } from "./support/openai-tick.ts";
import { tickFolder } from "./support/tick.ts";
import { type TickWorld, useTickWorld } from "./support/tick-world.ts";

/** Issue 9, item 4, end to end: a tick over a folder; non-resumes end skipped / not_a_resume, nothing stored. */

const NOT_RESUMES = ["cover-letter.txt", "injection.txt", "job-description.md", "lorem-ipsum.pdf"];

async function writeNotResumes(world: TickWorld): Promise<void> {
  await world.folder.write("cover-letter.txt", COVER_LETTER);
  await world.folder.write("injection.txt", PROMPT_INJECTION);
  await world.folder.write("job-description.md", JOB_DESCRIPTION);
  await world.folder.write("lorem-ipsum.pdf", await loremIpsumPdf(30));
}

/** Paths with a stored result (watcher.resumes row), whatever their status. */
async function storedPaths(world: TickWorld): Promise<string[]> {
  const rows = await world.ledger.client.query<{ path: string }>(
    `select f.path from watcher.resumes r join watcher.resume_files f on f.id = r.file_id order by f.path`,
  );
  return rows.map((row) => row.path);
}

const tick = (world: TickWorld, parser: ResumeParser) =>
  tickFolder(world.ledger, world.folder.dir, parser, { concurrency: 2, initialEstimateMs: 10 });

function expectNotResumes(rows: Awaited<ReturnType<typeof fileRows>>): void {
  for (const path of NOT_RESUMES) {
    expect(
      rows.find((row) => row.path === path),
      path,
    ).toMatchObject({
      status: "skipped",
      last_error_code: "not_a_resume",
    });
  }
}

describe("tick: documents that are not resumes", () => {
  const world = useTickWorld();
  let fake: FakeOpenAI;
  beforeEach(async () => {
    fake = await startFakeOpenAI();
  });
  afterEach(() => fake.close());

  it("offline parser: skipped as not_a_resume, nothing stored; the resumes beside them are done", async () => {
    await writeNotResumes(world);
    await world.folder.write("headingless.txt", HEADINGLESS_RESUME);
    await world.folder.write("resume.txt", textResume(1));

    const summary = await tick(world, new HeuristicParser());

    expect(summary).toMatchObject({ done: 2, skipped: 4, failed: 0, retrying: 0, outcome: "completed" });
    expectNotResumes(await fileRows(world.ledger));
    expect(await storedPaths(world)).toEqual(["headingless.txt", "resume.txt"]);
  });

  it("OpenAI parser: a non-resume answer stores nothing, even with a candidate filled in", async () => {
    await writeNotResumes(world);
    fake.fallback = { kind: "success", documentType: "other", candidate: candidateFixture("John Smith") };

    const summary = await tick(world, parserFor(fake));

    expect(summary).toMatchObject({ done: 0, skipped: 4, failed: 0, retrying: 0, outcome: "completed" });
    expectNotResumes(await fileRows(world.ledger));
    expect(await storedPaths(world)).toEqual([]);
    // Every document went to the model as data, under the rule that instructions are not a resume.
    expect(fake.requests).toHaveLength(4);
    for (const request of fake.requests) expect(request.body.messages[0]?.content).toMatch(/is other/);
  });

  it("any parser: a record with nothing in it is not stored (not_a_resume)", async () => {
    await world.folder.write("blank-form.txt", "Name:\nE-mail:\nPhone:\nSignature:");
    fake.fallback = { kind: "success", documentType: "resume", candidate: emptyCandidate() };

    expect(await tick(world, parserFor(fake))).toMatchObject({ done: 0, skipped: 1 });
    expect(await fileRows(world.ledger)).toMatchObject([
      { path: "blank-form.txt", status: "skipped", last_error_code: "not_a_resume" },
    ]);
    expect(await storedPaths(world)).toEqual([]);
  });
});
