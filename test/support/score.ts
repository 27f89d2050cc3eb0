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
 *
 * A label may hold a subset of the candidate (ExpectedCandidate): only the fields it has are scored, and only
 * the entry sub-fields its experience/education entries have. A full Candidate scores every field.
 */
import type { Candidate, Education, Experience } from "../../src/parse/candidate.ts";

/** Any subset of a candidate's fields, and of each experience/education entry's fields. */
export type ExpectedCandidate = Partial<Omit<Candidate, "experience" | "education">> & {
  experience?: Partial<Experience>[];
  education?: Partial<Education>[];
};

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

interface Match<T, E> {
  actual: T;
  expected: E;
  /** 1 for an exact key match, 0.5 for containment. */
  keyScore: number;
}

function matchEntries<T extends E, E>(
  actual: readonly T[],
  expected: readonly E[],
  keyOf: (entry: E) => string,
): Match<T, E>[] {
  const free = new Set(actual.map((_, index) => index));
  const matches: Match<T, E>[] = [];
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

/** Scores the sub-fields the expected entries have (all of them when no entry is expected). */
function listFieldScores<T extends E, E extends object>(
  prefix: string,
  actual: readonly T[],
  expected: readonly E[],
  keyOf: (entry: E) => string,
  fields: Record<string, (match: Match<T, E>) => number>,
): FieldScores {
  const scores: FieldScores = {};
  const denominator = Math.max(actual.length, expected.length);
  const matches = matchEntries(actual, expected, keyOf);
  for (const [name, score] of Object.entries(fields)) {
    if (expected.length > 0 && !expected.some((entry) => name in entry)) continue;
    scores[`${prefix}.${name}`] =
      denominator === 0 ? 1 : matches.reduce((sum, match) => sum + score(match), 0) / denominator;
  }
  return scores;
}

const experienceKey = (entry: Partial<Experience>) =>
  fuzzyKey(entry.company ?? "") || fuzzyKey(entry.title ?? "");
const educationKey = (entry: Partial<Education>) =>
  fuzzyKey(entry.institution ?? "") || fuzzyKey(entry.degree ?? "");

type Scorer = (actual: Candidate, expected: ExpectedCandidate) => number;

const TOP_FIELDS: Record<Exclude<keyof Candidate, "experience" | "education">, Scorer> = {
  name: (a, e) => scalarScore(a.name, e.name ?? null),
  email: (a, e) => scalarScore(a.email, e.email ?? null, true),
  phone: (a, e) => scalarScore(a.phone, e.phone ?? null),
  location: (a, e) => scalarScore(a.location, e.location ?? null),
  links: (a, e) => setF1(a.links, e.links ?? [], linkKey),
  summary: (a, e) => scalarScore(a.summary, e.summary ?? null),
  skills: (a, e) => setF1(a.skills, e.skills ?? []),
  certifications: (a, e) => setF1(a.certifications, e.certifications ?? []),
  languages: (a, e) => setF1(a.languages, e.languages ?? []),
  years_experience: (a, e) => yearsScore(a.years_experience, e.years_experience ?? null),
};

/** Scores the fields `expected` has; a full Candidate label scores all of them. */
export function scoreCandidate(actual: Candidate, expected: ExpectedCandidate): ScoreReport {
  const fields: FieldScores = {};
  for (const [name, score] of Object.entries(TOP_FIELDS)) {
    if (name in expected) fields[name] = score(actual, expected);
  }
  if (expected.experience !== undefined) Object.assign(fields, experienceScores(actual, expected.experience));
  if (expected.education !== undefined) Object.assign(fields, educationScores(actual, expected.education));
  return { fields, overall: mean(Object.values(fields)) };
}

function experienceScores(actual: Candidate, expected: readonly Partial<Experience>[]): FieldScores {
  return listFieldScores("experience", actual.experience, expected, experienceKey, {
    company: (m) => m.keyScore,
    title: (m) => scalarScore(m.actual.title, m.expected.title ?? null),
    start: (m) => scalarScore(m.actual.start, m.expected.start ?? null),
    end: (m) => scalarScore(m.actual.end, m.expected.end ?? null),
    current: (m) => (m.actual.current === m.expected.current ? 1 : 0),
    location: (m) => scalarScore(m.actual.location, m.expected.location ?? null),
    highlights: (m) => setF1(m.actual.highlights, m.expected.highlights ?? []),
  });
}

function educationScores(actual: Candidate, expected: readonly Partial<Education>[]): FieldScores {
  return listFieldScores("education", actual.education, expected, educationKey, {
    institution: (m) => m.keyScore,
    degree: (m) => scalarScore(m.actual.degree, m.expected.degree ?? null),
    field: (m) => scalarScore(m.actual.field, m.expected.field ?? null),
    end: (m) => scalarScore(m.actual.end, m.expected.end ?? null),
  });
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

/** A fixed-width table: one row per name, one column per field (abbreviated to fit), scores to two decimals. */
export function formatTable(rows: Record<string, FieldScores>, fieldOrder?: readonly string[]): string {
  const names = Object.keys(rows);
  const fields = fieldOrder ?? [...new Set(Object.values(rows).flatMap((fields) => Object.keys(fields)))];
  const width = Math.max(4, ...names.map((name) => name.length));
  const heads = fields.map((field) => field.replace(/^experience\./, "exp.").replace(/^education\./, "edu."));
  const widths = heads.map((head) => Math.max(4, head.length));
  const header = [" ".repeat(width), ...heads.map((head, i) => head.padStart(widths[i] ?? 4))].join(" ");
  const lines = names.map((name) => {
    const cells = fields.map((field, i) => {
      const value = rows[name]?.[field];
      return (value === undefined ? "-" : value.toFixed(2)).padStart(widths[i] ?? 4);
    });
    return [name.padEnd(width), ...cells].join(" ");
  });
  return [header, ...lines].join("\n");
}
