import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Candidate, candidateSchema } from "../src/parse/candidate.ts";
import { HeuristicParser } from "../src/parse/heuristic/index.ts";
import { aggregate, CONTACT_FIELDS, type ScoreReport, scoreCandidate } from "./support/score.ts";

const FIXTURES = new URL("./fixtures/resumes/", import.meta.url);
const NOW = new Date("2025-07-01T00:00:00Z");

/**
 * Floors sit a little below the measured scores (46 fixtures, parser version 4: overall 0.9997, every field
 * ≥ 0.99, every fixture ≥ 0.98) so that a regression on one or two fixtures fails the build. Raise them when
 * the parser improves; never lower them to make a change pass without saying why.
 */
const FLOOR_OVERALL = 0.98;
const FLOOR_CONTACT_FIELD = 0.96;
const FLOOR_ANY_FIELD = 0.95;
const FLOOR_PER_FIXTURE = 0.9;

interface Fixture {
  name: string;
  text: string;
  expected: Candidate;
}

function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURES)
    .filter((file) => file.endsWith(".txt"))
    .sort()
    .map((file) => {
      const name = file.slice(0, -".txt".length);
      const text = readFileSync(new URL(file, FIXTURES), "utf8");
      const expected = JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), "utf8")) as Candidate;
      return { name, text, expected };
    });
}

function printTable(title: string, rows: Record<string, number>): void {
  const width = Math.max(...Object.keys(rows).map((key) => key.length));
  const lines = Object.entries(rows).map(([key, value]) => `  ${key.padEnd(width)}  ${value.toFixed(3)}`);
  console.log(`${title}\n${lines.join("\n")}`);
}

describe("heuristic parser against labelled fixtures", () => {
  const fixtures = loadFixtures();
  const parser = new HeuristicParser({ now: () => NOW });

  it("has at least 14 fixtures, each label schema-valid", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(14);
    for (const fixture of fixtures)
      expect(() => candidateSchema.parse(fixture.expected), fixture.name).not.toThrow();
  });

  it("scores above the floors", async () => {
    const reports: ScoreReport[] = [];
    const perFixture: Record<string, number> = {};
    for (const fixture of fixtures) {
      const { candidate } = await parser.parse(fixture.text, { signal: new AbortController().signal });
      candidateSchema.parse(candidate);
      const report = scoreCandidate(candidate, fixture.expected);
      reports.push(report);
      perFixture[fixture.name] = report.overall;
    }
    const total = aggregate(reports);
    printTable("per fixture (overall)", perFixture);
    printTable("per field (mean over fixtures)", { ...total.fields, OVERALL: total.overall });

    expect(total.overall).toBeGreaterThanOrEqual(FLOOR_OVERALL);
    for (const field of CONTACT_FIELDS)
      expect(total.fields[field], field).toBeGreaterThanOrEqual(FLOOR_CONTACT_FIELD);
    for (const [field, score] of Object.entries(total.fields))
      expect(score, field).toBeGreaterThanOrEqual(FLOOR_ANY_FIELD);
    for (const [name, score] of Object.entries(perFixture))
      expect(score, name).toBeGreaterThanOrEqual(FLOOR_PER_FIXTURE);
  });
});
