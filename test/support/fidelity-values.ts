/**
 * The truth values of a labelled resume, as strings a reader can find in the document, and the normalized
 * presence test both the corpus test and the fidelity benchmark use: case-, accent- and
 * whitespace-insensitive (runs of whitespace count as one space, so "G i u l i a" is NOT "Giulia"), no-break
 * spaces and hyphens read as their plain forms, links compared by host + path (scheme, "www." and a trailing
 * slash ignored).
 */
import type { Candidate } from "../../src/parse/candidate.ts";
import { linkKey } from "./score.ts";

export interface TruthValue {
  /** Candidate field the value belongs to ("experience.title", "skills" …). */
  field: string;
  value: string;
  kind: "text" | "link";
}

/** Dates as printed, per experience / education entry of the truth (in its order). */
export interface PrintedDates {
  experience: readonly string[];
  education: readonly string[];
}

export function normalizeForPresence(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[\u2010\u2011]/g, "-")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** Every string value of the truth (dates as printed when given); derived values (years) are not text. */
export function truthValues(truth: Candidate, printed?: PrintedDates): TruthValue[] {
  const values: TruthValue[] = [];
  const add = (field: string, value: string | null, kind: TruthValue["kind"] = "text") => {
    if (value !== null && value.trim() !== "") values.push({ field, value, kind });
  };
  add("name", truth.name);
  add("email", truth.email);
  add("phone", truth.phone);
  add("location", truth.location);
  for (const link of truth.links) add("links", link, "link");
  add("summary", truth.summary);
  for (const field of ["skills", "certifications", "languages"] as const)
    for (const item of truth[field]) add(field, item);
  truth.experience.forEach((entry, i) => {
    add("experience.company", entry.company);
    add("experience.title", entry.title);
    add("experience.location", entry.location);
    for (const highlight of entry.highlights) add("experience.highlights", highlight);
    add("experience.dates", printed?.experience[i] ?? null);
  });
  truth.education.forEach((entry, i) => {
    add("education.institution", entry.institution);
    add("education.degree", entry.degree);
    add("education.field", entry.field);
    add("education.dates", printed?.education[i] ?? null);
  });
  return values;
}

/** Whether `value` occurs in `normalizedText` (already passed through normalizeForPresence). */
export function isPresent(value: TruthValue, normalizedText: string): boolean {
  const wanted = value.kind === "link" ? linkKey(value.value) : normalizeForPresence(value.value);
  return wanted.length > 0 && normalizedText.includes(normalizeForPresence(wanted));
}
