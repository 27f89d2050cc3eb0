/**
 * One-page resumes without a single heading. Every line then sits in the header section, where only contact
 * details and a summary are read. When no line opened a section, the lines from the first position or degree on
 * are split into experience and education runs, so jobs and degrees are still found; the lines above stay the
 * header (name, contact details, summary).
 */
import { findDateSpan, withoutDates } from "./dates.ts";
import { hasInstitutionWord, parseDegree } from "./degrees.ts";
import type { Line } from "./lines.ts";
import { hasTitleWord, looksLikeCompany } from "./roles.ts";
import type { Section } from "./sections.ts";
import { splitSegments } from "./segments.ts";

type BodyKind = "experience" | "education";

/** Position header lines above a date line ("Analyst" / "Acme Inc." / "2019 – 2021"): at most this many. */
const MAX_HEADER_LINES_ABOVE = 2;
/** A dated line longer than this is a sentence that mentions a year, not a position or a degree. */
const MAX_ENTRY_WORDS = 16;

export function withInferredSections(sections: Section[]): Section[] {
  if (sections.some((section) => section.kind !== "header" && section.parent === null)) return sections;
  const lines = sections.filter((section) => section.kind === "header").flatMap((section) => section.lines);
  const start = bodyStart(lines);
  if (start < 0) return sections;
  const inline = sections.filter((section) => section.kind !== "header");
  const header: Section = { kind: "header", parent: null, lines: lines.slice(0, start) };
  return [header, ...inline, ...bodyRuns(lines.slice(start))];
}

/**
 * Index of the first line of the first dated entry, with the header lines right above it; -1 without one. A date
 * alone ("12 March 2025" on a letter) is no entry: the line, or the one above it, must name a role or a school.
 */
function bodyStart(lines: readonly Line[]): number {
  const anchor = lines.findIndex(
    (line, at) => isDatedEntry(line) && (entryKind(line.text) !== null || isEntryHeader(lines[at - 1])),
  );
  if (anchor < 0) return -1;
  let start = anchor;
  while (start > 0 && anchor - start < MAX_HEADER_LINES_ABOVE && isEntryHeader(lines[start - 1])) start--;
  return start;
}

function isDatedEntry(line: Line): boolean {
  if (line.bullet || /@|https?:|www\./i.test(line.text)) return false;
  if (line.text.split(/\s+/).length > MAX_ENTRY_WORDS) return false;
  return findDateSpan(line.text) !== null;
}

/** A short undated line naming a role, an employer, a degree or a school; never a contact or prose line. */
function isEntryHeader(line: Line | undefined): boolean {
  if (line === undefined || line.bullet || /@|https?:|\d{5}|[.!?]$/.test(line.text)) return false;
  return entryKind(line.text) !== null;
}

/** Education when the line names a degree or a school and no job title; experience for a title or employer. */
function entryKind(text: string): BodyKind | null {
  const span = findDateSpan(text);
  const rest = span === null ? text : withoutDates(text, span);
  // "12 March 2025" leaves "12": a day, not an employer's acronym.
  if (!/\p{L}/u.test(rest)) return null;
  const segments = splitSegments(rest);
  const title = hasTitleWord(rest);
  if (!title && (segments.some((segment) => parseDegree(segment.text) !== null) || hasInstitutionWord(rest)))
    return "education";
  if (title || segments.some((segment) => looksLikeCompany(segment.text))) return "experience";
  return null;
}

/** Consecutive lines of one kind form a section; bullets and unrecognized lines stay with the run above. */
function bodyRuns(lines: readonly Line[]): Section[] {
  const runs: Section[] = [];
  for (const line of lines) {
    const kind = line.bullet ? null : entryKind(line.text);
    const current = runs.at(-1);
    if (current === undefined || (kind !== null && kind !== current.kind)) {
      runs.push({ kind: kind ?? "experience", parent: null, lines: [line] });
    } else {
      current.lines.push(line);
    }
  }
  return runs;
}
