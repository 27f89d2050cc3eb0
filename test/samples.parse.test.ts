import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { expectedCandidate, SAMPLE_RESUMES } from "../scripts/samples-manifest.ts";
import { extractText } from "../src/extract/index.ts";
import { candidateSchema } from "../src/parse/candidate.ts";
import { HeuristicParser } from "../src/parse/heuristic/index.ts";
import { aggregate, formatTable, type ScoreReport, scoreCandidate } from "./support/score.ts";

/**
 * The heuristic parser on the project's sample resumes (samples/, rendered by scripts/generate-samples.ts from the
 * ground truth in scripts/samples-manifest.ts). Unlike the fixtures, the parser was not designed on these: they
 * are real PDF/DOCX/text files that go through extraction first, and their layouts come from the renderers.
 */

const SAMPLES_DIR = resolve(import.meta.dirname, "..", "samples");
const NOW = new Date("2025-07-01T00:00:00Z");

/**
 * Floors a little below the measured scores (overall 1.000, every field and every file 1.000 at the time of
 * writing), so a regression on one field of one file fails. Raise them when the parser improves; never lower
 * them to make a change pass without saying why.
 */
const FLOOR_OVERALL = 0.98;
const FLOOR_ANY_FIELD = 0.95;
const FLOOR_PER_FILE = 0.95;

async function scoreSample(
  file: string,
  expected: ReturnType<typeof expectedCandidate>,
): Promise<ScoreReport> {
  const { text } = await extractText(new Uint8Array(await readFile(join(SAMPLES_DIR, file))));
  const parser = new HeuristicParser({ now: () => NOW });
  const { candidate } = await parser.parse(text, { signal: new AbortController().signal });
  candidateSchema.parse(candidate);
  return scoreCandidate(candidate, expected);
}

describe("heuristic parser on samples/", () => {
  it("recovers the manifest's ground truth above the floors", async () => {
    const rows: Record<string, ScoreReport["fields"]> = {};
    const reports: ScoreReport[] = [];
    for (const resume of SAMPLE_RESUMES) {
      const report = await scoreSample(resume.file, expectedCandidate(resume));
      reports.push(report);
      rows[resume.file] = { ...report.fields, OVERALL: report.overall };
    }
    const total = aggregate(reports);
    rows.MEAN = { ...total.fields, OVERALL: total.overall };
    console.log(`samples/: per file and field\n${formatTable(rows)}`);

    expect(reports).toHaveLength(SAMPLE_RESUMES.length);
    expect(total.overall).toBeGreaterThanOrEqual(FLOOR_OVERALL);
    for (const [field, score] of Object.entries(total.fields))
      expect(score, field).toBeGreaterThanOrEqual(FLOOR_ANY_FIELD);
    for (const [index, report] of reports.entries())
      expect(report.overall, SAMPLE_RESUMES[index]?.file).toBeGreaterThanOrEqual(FLOOR_PER_FILE);
  });
});
