/**
 * The heuristic pipeline: text → lines → sections → fields. Pure and synchronous; never throws on any input
 * (see parseResumeText).
 */
import { type Candidate, candidateSchema, emptyCandidate } from "../candidate.ts";
import { emailBlock, findEmail, findPhone } from "./contact.ts";
import { parseEducation } from "./education.ts";
import { parseExperience } from "./experience.ts";
import { withInferredSections } from "./headingless.ts";
import { joinWrapped, type Line, toLines } from "./lines.ts";
import { findLinks } from "./links.ts";
import { parseLists } from "./lists.ts";
import { findLocation } from "./location.ts";
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
  const allLines = toLines(text);
  const sections = withInferredSections(splitSections(allLines));
  const lines = candidateLines(allLines, sections);
  const area = contactArea(sections);
  const contactLines = findEmail(area) === null ? [...area, ...emailBlock(lines)] : area;
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
    education: parseEducation(sections, now),
    certifications: lists.certifications,
    languages: lists.languages,
    years_experience: yearsOfExperience(experience, now),
  };
}

/** Every line except those about other people (referees): their phones, e-mails and links are never taken. */
function candidateLines(lines: readonly Line[], sections: readonly Section[]): Line[] {
  const referees = new Set(
    sections
      .filter((section) => section.kind === "references")
      .flatMap((s) => s.lines.map((line) => line.index)),
  );
  return lines.filter((line) => !referees.has(line.index));
}

/** Lines before the first heading and in Contact sections: where names, phones and home towns live. */
function contactArea(sections: readonly Section[]): Line[] {
  return sections
    .filter((section) => section.kind === "header" || (section.kind === "contact" && section.parent === null))
    .flatMap((section) => section.lines);
}

/** A paragraph of 12+ words outside the main sections is a summary without a heading. */
const MIN_HEADINGLESS_SUMMARY_WORDS = 12;
/** Its first line is a line of text, not a label or a list item. */
const MIN_OPENING_LINE_WORDS = 6;
/** Where a heading-less summary sits: under the name, or in a sidebar list after the name (two-column PDFs). */
const HEADINGLESS_SUMMARY_KINDS = new Set(["header", "contact", "skills", "languages", "certifications"]);

function opensParagraph(line: Line): boolean {
  return (
    !line.bullet && line.text.split(/\s+/).length >= MIN_OPENING_LINE_WORDS && !/@|https?:/.test(line.text)
  );
}

/** Prose: enough words, and the paragraph closes its sentence (its last wrapped line ends in punctuation). */
function isProse(paragraph: readonly Line[]): boolean {
  const words = paragraph.reduce((sum, line) => sum + line.text.split(/\s+/).length, 0);
  return words >= MIN_HEADINGLESS_SUMMARY_WORDS && /[.!?]$/.test(paragraph.at(-1)?.text ?? "");
}

/** The first Summary/Profile/Objective section, its wrapped lines joined with single spaces. */
function findSummary(sections: readonly Section[]): string | null {
  const section = sections.find((candidate) => candidate.kind === "summary" && candidate.lines.length > 0);
  if (section !== undefined) return joinLines(section.lines);
  const lines = sections
    .filter((candidate) => HEADINGLESS_SUMMARY_KINDS.has(candidate.kind))
    .flatMap((candidate) => candidate.lines);
  for (const [first, line] of lines.entries()) {
    if (!opensParagraph(line)) continue;
    // The paragraph may wrap: take the lines that continue it (next in the document, lower-case start).
    let end = first + 1;
    while (continuesParagraph(lines[end - 1], lines[end])) end++;
    const paragraph = lines.slice(first, end);
    if (isProse(paragraph)) return joinLines(paragraph);
  }
  return null;
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
