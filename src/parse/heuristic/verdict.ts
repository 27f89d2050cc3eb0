/**
 * Is this document a resume at all? Decided from what the parser found, after parsing, so a real resume is never
 * judged by anything the field extractors did not already see. The rule refuses only on evidence:
 *
 * 1. A timeline — a dated position or degree, or a short line with a date range ("Designer, Acme — 2019 – 2023")
 *    — makes it a resume, headings or not (a one-page resume without headings has one).
 * 2. Without a timeline, a document with nothing that identifies a person (no name, email, phone or link) is not
 *    a resume.
 * 3. Without a timeline, a document that reads as running text (a letter, an article, placeholder text) or speaks
 *    to its reader ("you will…", "we offer…": a cover letter or a job posting) is not a resume.
 *
 * Anything else passes: a name with contact details and a skills list is a thin resume, not a wrong document.
 */
import type { Candidate } from "../candidate.ts";
import { findDateSpan } from "./dates.ts";
import { type Line, toLines } from "./lines.ts";

/** A line of this many words or more is running text (a résumé line is a heading, a title or a bullet). */
const PROSE_LINE_WORDS = 10;
/**
 * Share of words on running-text lines above which a document reads as prose. Resumes measure 0.00–0.57
 * (fixtures and samples; highlights are long lines), letters, articles and lorem ipsum 0.85–0.91.
 */
const PROSE_SHARE = 0.6;
/** A dated line longer than this is a sentence mentioning years ("From 2019 to 2024 I…"), not a position. */
const DATED_LINE_MAX_WORDS = 12;
/**
 * Resumes do not address a reader; postings and letters do, many times ("you will", "we offer", "your team").
 * English only; letters in other languages are still caught as prose. Not "us": "Boston, US" is a place.
 */
const READER_WORDS = /\b(?:you|your|yours|we|our|ours)\b/gi;
const READER_WORDS_MIN = 3;

/** Null when the document may be a resume, else why it is not (for the file's error message). */
export function notResumeReason(text: string, candidate: Candidate): string | null {
  const lines = toLines(text);
  if (hasTimeline(candidate, lines)) return null;
  if (!identifiesPerson(candidate)) {
    return "Not a resume: no name, contact details, dated positions or degrees were found";
  }
  if (readsAsProse(lines) || addressesReader(text)) {
    return "Not a resume: it reads as a letter, a job posting or running text, with no dated positions or degrees";
  }
  return null;
}

function hasTimeline(candidate: Candidate, lines: readonly Line[]): boolean {
  return (
    candidate.experience.some((position) => position.start !== null || position.end !== null) ||
    candidate.education.some((degree) => degree.end !== null) ||
    lines.some(
      (line) => wordCount(line.text) <= DATED_LINE_MAX_WORDS && findDateSpan(line.text)?.range === true,
    )
  );
}

function identifiesPerson(candidate: Candidate): boolean {
  return (
    candidate.name !== null ||
    candidate.email !== null ||
    candidate.phone !== null ||
    candidate.links.length > 0
  );
}

function readsAsProse(lines: readonly Line[]): boolean {
  let words = 0;
  let proseWords = 0;
  for (const line of lines) {
    const count = wordCount(line.text);
    words += count;
    if (!line.bullet && count >= PROSE_LINE_WORDS) proseWords += count;
  }
  return words > 0 && proseWords / words >= PROSE_SHARE;
}

function addressesReader(text: string): boolean {
  let count = 0;
  for (const _ of text.matchAll(READER_WORDS)) if (++count >= READER_WORDS_MIN) return true;
  return false;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => word !== "").length;
}
