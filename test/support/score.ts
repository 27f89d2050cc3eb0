/**
 * Field-level scorer for parsed candidates against labelled fixtures. Every score is in [0, 1].
 *
 * - Scalars (name, email, phone, location, summary): exact after whitespace normalization; email also ignores
 *   case. Both null scores 1. years_experience: within 0.1 years.
 * - Lists (skills, links, certifications, languages): set F1 on case- and whitespace-insensitive items; links
 *   compare host + path, ignoring scheme, "www." and a trailing slash. Both empty scores 1.
 * - Experience: entries are matched by employer (case, punctuation and accent-insensitive; containment counts
 *   as a fuzzy match) or, when the employer is empty, by title. Each sub-field scores the matched pairs that
 *   agree, divided by max(expected, actual) entries, so missing and invented entries both cost.
 *   company scores 1 for an exact key match and 0.5 for a containment match. Education: the same, by institution.
 * - overall: the mean of all field scores.
 */
import type { Candidate, Education, Experience } from "../../src/parse/candidate.ts";

export type FieldScores = Record<string, number>;

export interface ScoreReport {
  fields: FieldScores;
  overall: number;
}

export const CONTACT_FIELDS = ["name", "email", "phone", "location", "links"] as const;

function normalizeText(value: string | null): string | null {
  return value === null ? null : value.replace(/\s+/g, " ").trim();
}

function scalarScore(actual: string | null, expected: string | null, ignoreCase = false): number {
  let a = normalizeText(actual);
  let e = normalizeText(expected);
  if (ignoreCase) {
    a = a?.toLowerCase() ?? null;
    e = e?.toLowerCase() ?? null;
  }
  return a === e ? 1 : 0;
}

function itemKey(item: string): string {
  return item.replace(/\s+/g, " ").trim().toLowerCase();
}

export function linkKey(link: string): string {
  return itemKey(link)
    .replace(/^https?:\/\//, "")
    .replace(/^www\./, "")
    .replace(/\/+$/, "");
}

export function setF1(actual: readonly string[], expected: readonly string[], key = itemKey): number {
  const a = new Set(actual.map(key));
  const e = new Set(expected.map(key));
  if (a.size === 0 && e.size === 0) return 1;
  if (a.size === 0 || e.size === 0) return 0;
  const hits = [...a].filter((item) => e.has(item)).length;
  const precision = hits / a.size;
  const recall = hits / e.size;
  return hits === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/** Case-, accent- and punctuation-insensitive key for matching employers and institutions. */
export function fuzzyKey(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

interface Match<T> {
  actual: T;
  expected: T;
  /** 1 for an exact key match, 0.5 for containment. */
  keyScore: number;
}

function matchEntries<T>(
  actual: readonly T[],
  expected: readonly T[],
  keyOf: (entry: T) => string,
): Match<T>[] {
  const free = new Set(actual.map((_, index) => index));
  const matches: Match<T>[] = [];
  for (const wanted of expected) {
    const wantedKey = keyOf(wanted);
    let best: { index: number; keyScore: number } | null = null;
    for (const index of free) {
      const key = keyOf(actual[index] as T);
      const keyScore =
        key === wantedKey
          ? 1
          : key.length >= 3 && wantedKey.length >= 3 && (key.includes(wantedKey) || wantedKey.includes(key))
            ? 0.5
            : 0;
      if (keyScore > (best?.keyScore ?? 0)) best = { index, keyScore };
      if (keyScore === 1) break;
    }
    if (best === null) continue;
    free.delete(best.index);
    matches.push({ actual: actual[best.index] as T, expected: wanted, keyScore: best.keyScore });
  }
  return matches;
}

function listFieldScores<T>(
  prefix: string,
  actual: readonly T[],
  expected: readonly T[],
  keyOf: (entry: T) => string,
  fields: Record<string, (match: Match<T>) => number>,
): FieldScores {
  const scores: FieldScores = {};
  const denominator = Math.max(actual.length, expected.length);
  const matches = matchEntries(actual, expected, keyOf);
  for (const [name, score] of Object.entries(fields)) {
    scores[`${prefix}.${name}`] =
      denominator === 0 ? 1 : matches.reduce((sum, match) => sum + score(match), 0) / denominator;
  }
  return scores;
}

const experienceKey = (entry: Experience) => fuzzyKey(entry.company) || fuzzyKey(entry.title);
const educationKey = (entry: Education) => fuzzyKey(entry.institution) || fuzzyKey(entry.degree ?? "");

export function scoreCandidate(actual: Candidate, expected: Candidate): ScoreReport {
  const fields: FieldScores = {
    name: scalarScore(actual.name, expected.name),
    email: scalarScore(actual.email, expected.email, true),
    phone: scalarScore(actual.phone, expected.phone),
    location: scalarScore(actual.location, expected.location),
    links: setF1(actual.links, expected.links, linkKey),
    summary: scalarScore(actual.summary, expected.summary),
    skills: setF1(actual.skills, expected.skills),
    certifications: setF1(actual.certifications, expected.certifications),
    languages: setF1(actual.languages, expected.languages),
    years_experience: yearsScore(actual.years_experience, expected.years_experience),
    ...listFieldScores("experience", actual.experience, expected.experience, experienceKey, {
      company: (m) => m.keyScore,
      title: (m) => scalarScore(m.actual.title, m.expected.title),
      start: (m) => scalarScore(m.actual.start, m.expected.start),
      end: (m) => scalarScore(m.actual.end, m.expected.end),
      current: (m) => (m.actual.current === m.expected.current ? 1 : 0),
      location: (m) => scalarScore(m.actual.location, m.expected.location),
      highlights: (m) => setF1(m.actual.highlights, m.expected.highlights),
    }),
    ...listFieldScores("education", actual.education, expected.education, educationKey, {
      institution: (m) => m.keyScore,
      degree: (m) => scalarScore(m.actual.degree, m.expected.degree),
      field: (m) => scalarScore(m.actual.field, m.expected.field),
      end: (m) => scalarScore(m.actual.end, m.expected.end),
    }),
  };
  return { fields, overall: mean(Object.values(fields)) };
}

function yearsScore(actual: number | null, expected: number | null): number {
  if (actual === null || expected === null) return actual === expected ? 1 : 0;
  return Math.abs(actual - expected) <= 0.1 + 1e-9 ? 1 : 0;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 1 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Per-field means over many reports, plus the mean of the per-report overall scores. */
export function aggregate(reports: readonly ScoreReport[]): ScoreReport {
  const names = [...new Set(reports.flatMap((report) => Object.keys(report.fields)))];
  const fields: FieldScores = {};
  for (const name of names) fields[name] = mean(reports.map((report) => report.fields[name] ?? 0));
  return { fields, overall: mean(reports.map((report) => report.overall)) };
}
