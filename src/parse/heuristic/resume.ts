/**
 * The heuristic pipeline: text → lines → sections → fields. Pure and synchronous; never throws on any input
 * (see parseResumeText).
 */
import { type Candidate, candidateSchema, emptyCandidate } from "../candidate.ts";
import { findEmail, findLocation, findPhone } from "./contact.ts";
import { parseEducation } from "./education.ts";
import { parseExperience } from "./experience.ts";
import { joinWrapped, type Line, toLines } from "./lines.ts";
import { findLinks } from "./links.ts";
import { parseLists } from "./lists.ts";
import { findName } from "./names.ts";
import { type Section, splitSections } from "./sections.ts";
import { yearsOfExperience } from "./tenure.ts";

/**
 * Parses resume text into a candidate. Absent fields are null or empty, never guessed. On input the heuristics
 * cannot handle (or a bug), the result is an empty candidate rather than an exception: the heuristic parser is
 * the fallback of last resort and must always produce a schema-valid record.
 */
export function parseResumeText(text: string, now: Date): Candidate {
  try {
    const candidate = extractCandidate(typeof text === "string" ? text : "", now);
    return candidateSchema.safeParse(candidate).success ? candidate : emptyCandidate();
  } catch {
    return emptyCandidate();
  }
}

function extractCandidate(text: string, now: Date): Candidate {
  const lines = toLines(text);
  const sections = splitSections(lines);
  const contactLines = contactArea(sections);
  const { name, consumed } = findName(sections);
  const experience = parseExperience(sections);
  const lists = parseLists(sections, consumed);
  return {
    name,
    email: findEmail(contactLines) ?? findEmail(lines),
    phone: findPhone(contactLines, lines),
    location: findLocation(contactLines, name),
    links: findLinks(lines, new Set(contactLines)),
    summary: findSummary(sections),
    skills: lists.skills,
    experience,
    education: parseEducation(sections),
    certifications: lists.certifications,
    languages: lists.languages,
    years_experience: yearsOfExperience(experience, now),
  };
}

/** Lines before the first heading and in Contact sections: where names, phones and home towns live. */
function contactArea(sections: readonly Section[]): Line[] {
  return sections
    .filter((section) => section.kind === "header" || (section.kind === "contact" && section.parent === null))
    .flatMap((section) => section.lines);
}

/** A sentence of 12+ words outside the main sections is a summary without a heading. */
const MIN_HEADINGLESS_SUMMARY_WORDS = 12;
/** Where a heading-less summary sits: under the name, or in a sidebar list after the name (two-column PDFs). */
const HEADINGLESS_SUMMARY_KINDS = new Set(["header", "contact", "skills", "languages", "certifications"]);

function isProse(line: Line): boolean {
  return (
    !line.bullet &&
    line.text.split(/\s+/).length >= MIN_HEADINGLESS_SUMMARY_WORDS &&
    !/@|https?:/.test(line.text) &&
    /[.!?]$/.test(line.text)
  );
}

/** The first Summary/Profile/Objective section, its wrapped lines joined with single spaces. */
function findSummary(sections: readonly Section[]): string | null {
  const section = sections.find((candidate) => candidate.kind === "summary" && candidate.lines.length > 0);
  if (section !== undefined) return joinLines(section.lines);
  const lines = sections
    .filter((candidate) => HEADINGLESS_SUMMARY_KINDS.has(candidate.kind))
    .flatMap((candidate) => candidate.lines);
  const first = lines.findIndex(isProse);
  if (first < 0) return null;
  // The paragraph may wrap: take the lines that continue it (next in the document, lower-case start).
  let end = first + 1;
  while (continuesParagraph(lines[end - 1], lines[end])) end++;
  return joinLines(lines.slice(first, end));
}

function continuesParagraph(previous: Line | undefined, next: Line | undefined): boolean {
  if (previous === undefined || next === undefined || next.bullet) return false;
  return next.index === previous.index + 1 && /^\p{Ll}/u.test(next.text);
}

function joinLines(lines: readonly Line[]): string {
  const texts = lines.map((line) => line.text.replace(/\t/g, " "));
  return texts
    .slice(1)
    .reduce(joinWrapped, texts[0] ?? "")
    .replace(/\s+/g, " ")
    .trim();
}
