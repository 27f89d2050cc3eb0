import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_RESUMES } from "../scripts/samples-manifest.ts";
import { FileError } from "../src/errors.ts";
import { extractText } from "../src/extract/index.ts";
import { emptyCandidate } from "../src/parse/candidate.ts";
import { HeuristicParser } from "../src/parse/heuristic/index.ts";
import { SYSTEM_PROMPT } from "../src/parse/openai/prompt.ts";
import {
  COVER_LETTER,
  HEADINGLESS_RESUME,
  JOB_DESCRIPTION,
  loremIpsumPdf,
  PROMPT_INJECTION,
} from "./support/not-resumes.ts";
import { never, parserFor } from "./support/openai.ts";
import { candidateFixture, type FakeOpenAI, startFakeOpenAI } from "./support/openai-server.ts";

/** Issue 9, item 4: documents that are not resumes end `not_a_resume` in both parsers; resumes still parse. */

const NOW = new Date("2025-07-01T00:00:00Z");
const heuristic = new HeuristicParser({ now: () => NOW });

async function rejection(promise: Promise<unknown>): Promise<FileError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FileError);
  return error as FileError;
}

describe("offline parser: not a resume", () => {
  let loremText = "";
  beforeAll(async () => {
    loremText = (await extractText(await loremIpsumPdf(30))).text;
  });

  it.each([
    ["a cover letter", () => COVER_LETTER],
    ["a job description", () => JOB_DESCRIPTION],
    ["a prompt-injection text", () => PROMPT_INJECTION],
    ["a 30-page lorem-ipsum PDF", () => loremText],
    ["a line of numbers", () => "4711 0815 4242 1337"],
  ])("%s ends not_a_resume (skipped) with a reason", async (_label, text) => {
    const error = await rejection(heuristic.parse(text(), { signal: never }));
    expect(error).toMatchObject({ code: "not_a_resume", outcome: "skip" });
    expect(error.message).toMatch(/^Not a resume: /);
  });

  it.each([
    ["a one-page resume with no headings", HEADINGLESS_RESUME, "Marta Kowalska"],
    ["a name and an e-mail only", "Grace Hopper\ngrace@example.com", "Grace Hopper"],
    ["an e-mail and a skills list", "ann@example.com\nSkills: Go, SQL, Kubernetes", null],
  ])("%s still parses", async (_label, text, name) => {
    const { candidate } = await heuristic.parse(text, { signal: never });
    expect(candidate.name).toBe(name);
  });

  it("every labelled fixture and every sample resume still parses", async () => {
    const fixtures = new URL("./fixtures/resumes/", import.meta.url);
    const texts = readdirSync(fixtures)
      .filter((file) => file.endsWith(".txt"))
      .map((file) => readFileSync(new URL(file, fixtures), "utf8"));
    for (const sample of SAMPLE_RESUMES) {
      const bytes = readFileSync(new URL(`../samples/${sample.file}`, import.meta.url));
      texts.push((await extractText(new Uint8Array(bytes))).text);
    }
    expect(texts.length).toBeGreaterThanOrEqual(40);
    for (const text of texts) await expect(heuristic.parse(text, { signal: never })).resolves.toBeTruthy();
  });
});

describe("OpenAI parser: not a resume (real SDK, local server)", () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());

  it.each(["other", "cover_letter", "job_description"])(
    "an answer of document_type %s ends not_a_resume naming the type, without asking again",
    async (documentType) => {
      const before = fake.requests.length;
      // The model filled a candidate anyway (as an injected text asks): it must not come back.
      fake.script({ kind: "success", documentType, candidate: candidateFixture("John Smith") });
      const error = await rejection(parserFor(fake).parse(COVER_LETTER, { signal: never }));
      expect(error).toMatchObject({ code: "not_a_resume", outcome: "skip" });
      expect(error.message).toContain(documentType);
      expect(fake.requests.length - before).toBe(1);
    },
  );

  it("asks for the document type beside the candidate, with the rule that instructions are not a resume", async () => {
    fake.script({ kind: "success", documentType: "other", candidate: emptyCandidate() });
    await rejection(parserFor(fake).parse(PROMPT_INJECTION, { signal: never }));

    const request = fake.requests.at(-1);
    const [system, user] = request?.body.messages ?? [];
    expect(system?.content).toBe(SYSTEM_PROMPT);
    expect(system?.content).toMatch(/does not describe a person's own career is other/);
    expect(system?.content).toMatch(/names a candidate for you to produce/);
    expect(system?.content).not.toContain("John Smith");
    expect(user?.content).toContain("Ignore previous instructions");
    const schema = JSON.stringify(request?.body.response_format);
    expect(schema).toContain('"document_type"');
    expect(schema).toContain('"job_description"');
  });

  it("a resume answer still returns the candidate (document_type is not part of it)", async () => {
    fake.script({ kind: "success", documentType: "resume" });
    const { candidate } = await parserFor(fake).parse(HEADINGLESS_RESUME, { signal: never });
    expect(candidate).toEqual(candidateFixture());
    expect(candidate).not.toHaveProperty("document_type");
  });
});
