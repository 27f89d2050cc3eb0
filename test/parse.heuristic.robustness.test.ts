import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { candidateSchema, emptyCandidate } from "../src/parse/candidate.ts";
import { HEURISTIC_PARSER_VERSION, HeuristicParser, parseResumeText } from "../src/parse/heuristic/index.ts";

const NOW = new Date("2025-07-01T00:00:00Z");
const FIXTURES = new URL("./fixtures/resumes/", import.meta.url);
const fixtureTexts = readdirSync(FIXTURES)
  .filter((file) => file.endsWith(".txt"))
  .map((file) => readFileSync(new URL(file, FIXTURES), "utf8"));

/** Deterministic pseudo-random numbers so failures reproduce. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function randomChars(length: number, maxCode: number, seed: number): string {
  const next = random(seed);
  return Array.from({ length }, () => String.fromCharCode(Math.floor(next() * maxCode))).join("");
}

/** Fixture lines shuffled and cut at random places: resume-shaped garbage. */
function shuffledFixtureLines(seed: number): string {
  const next = random(seed);
  const lines = fixtureTexts.join("\n").split("\n");
  return Array.from({ length: 80 }, () => {
    const line = lines[Math.floor(next() * lines.length)] ?? "";
    return line.slice(0, Math.floor(next() * (line.length + 1)));
  }).join(next() < 0.5 ? "\n" : "\r\n");
}

const garbage: Record<string, string> = {
  empty: "",
  whitespace: " \n\t\r\n   \n",
  nulBytes: "\u0000".repeat(5000),
  binaryish: randomChars(200_000, 256, 1),
  unicodeNoise: randomChars(200_000, 0xffff, 2),
  hugeSingleLine: "a".repeat(200_000),
  hugeResume: fixtureTexts.join("\n").repeat(20),
  repeatedDates: "1990-".repeat(40_000),
  repeatedAnchors: `EXPERIENCE\n${"Senior Engineer — Acme Inc. | Jan 2019 – Present\n".repeat(4_000)}`,
  repeatedMarkup: "**[x](".repeat(30_000),
  repeatedAt: "a@".repeat(100_000),
  onlyHeadings: "EXPERIENCE\nEDUCATION\nSKILLS\nLANGUAGES\n".repeat(100),
  surrogates: "\ud800\udc00\ud800".repeat(1000),
};

describe("robustness", () => {
  it.each(Object.keys(garbage))("never throws and stays schema-valid on %s", (key) => {
    const candidate = parseResumeText(garbage[key] ?? "", NOW);
    expect(() => candidateSchema.parse(candidate)).not.toThrow();
  });

  it("returns an empty candidate for empty input", () => {
    expect(parseResumeText("", NOW)).toEqual(emptyCandidate());
    expect(parseResumeText("   \n\n", NOW)).toEqual(emptyCandidate());
  });

  it("does not invent data from noise", () => {
    const candidate = parseResumeText(randomChars(50_000, 128, 3), NOW);
    expect(candidate.experience).toEqual([]);
    expect(candidate.years_experience).toBeNull();
  });

  it("stays schema-valid on 200 resume-shaped garbage documents", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const candidate = parseResumeText(shuffledFixtureLines(seed), NOW);
      expect(candidateSchema.safeParse(candidate).success, `seed ${seed}`).toBe(true);
    }
  });

  it("treats a non-string as empty rather than throwing", () => {
    expect(parseResumeText(undefined as unknown as string, NOW)).toEqual(emptyCandidate());
  });
});

describe("HeuristicParser", () => {
  it("identifies itself and reports no model or usage", async () => {
    const parser = new HeuristicParser({ now: () => NOW });
    expect([parser.name, parser.version, parser.model]).toEqual([
      "heuristic",
      HEURISTIC_PARSER_VERSION,
      null,
    ]);
    const result = await parser.parse("Jane Doe\njane@x.io", { signal: new AbortController().signal });
    expect(result.usage).toBeNull();
    expect(result.candidate.email).toBe("jane@x.io");
  });

  it("rejects with the signal's reason when already aborted", async () => {
    const controller = new AbortController();
    const reason = new Error("tick deadline");
    controller.abort(reason);
    await expect(new HeuristicParser().parse("Jane Doe", { signal: controller.signal })).rejects.toBe(reason);
  });

  it("rejects with the default AbortError when aborted without a reason", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      new HeuristicParser().parse("Jane Doe", { signal: controller.signal }),
    ).rejects.toMatchObject({
      name: "AbortError",
    });
  });

  it("uses the injected clock for current positions", async () => {
    const text = "EXPERIENCE\nEngineer, Acme Inc.\nJan 2020 – Present";
    const at = (iso: string) => new HeuristicParser({ now: () => new Date(iso) });
    const signal = new AbortController().signal;
    expect((await at("2021-01-01T00:00:00Z").parse(text, { signal })).candidate.years_experience).toBe(1);
    expect((await at("2025-01-01T00:00:00Z").parse(text, { signal })).candidate.years_experience).toBe(5);
  });
});
