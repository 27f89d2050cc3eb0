/**
 * Section heading detection and splitting. A heading is a short line whose normalized text is a known phrase
 * ("Work Experience", "## Skills", "E X P E R I E N C E", "Berufserfahrung:"); "Skills: Go, SQL" is an inline
 * heading whose content becomes a one-line section.
 */

import { foldCase } from "./fold.ts";
import { CONSENT_CLAUSE, HEADINGS, KEY_WORDS, type SectionKind } from "./headings.ts";
import type { Line } from "./lines.ts";

export type { SectionKind } from "./headings.ts";

export interface Section {
  readonly kind: SectionKind;
  /** For a one-line inline section ("Languages: Go, Rust" inside Skills): the enclosing section's kind. */
  readonly parent: SectionKind | null;
  readonly lines: Line[];
}

/** Normalized heading phrase → kind. Later kinds never override earlier ones ("profil" stays summary). */
const HEADING_KINDS: ReadonlyMap<string, SectionKind> = buildHeadingMap();

function buildHeadingMap(): Map<string, SectionKind> {
  const map = new Map<string, SectionKind>();
  for (const [kind, phrases] of Object.entries(HEADINGS)) {
    for (const phrase of phrases) {
      const key = headingKey(phrase);
      if (!map.has(key)) map.set(key, kind as SectionKind);
    }
  }
  return map;
}

/** Case, accents, "&"/"and", punctuation and markup are all irrelevant to what a heading means. */
function headingKey(text: string): string {
  return foldCase(text)
    .replace(/&|\+/g, " and ")
    .replace(/[^\p{L}\s'-]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The section a standalone heading line opens, or null when the line is not a heading. */
export function headingKind(text: string): SectionKind | null {
  if (text.length > 60 || /\d/.test(text)) return null;
  const stripped = text.replace(/^[\s:|•·–—-]+|[\s:：|•·–—.-]+$/g, "");
  if (stripped === "" || stripped.split(/\s+/).length > 6) return null;
  const key = headingKey(stripped);
  const exact = HEADING_KINDS.get(key);
  if (exact !== undefined) return exact;
  const emphasized =
    /[:：]\s*$/.test(text) || (/\p{Lu}/u.test(stripped) && stripped === stripped.toUpperCase());
  if (!emphasized || key.split(" ").length > 4) return null;
  const words = key.split(" ");
  return KEY_WORDS.get(words[0] ?? "") ?? KEY_WORDS.get(words.at(-1) ?? "") ?? null;
}

/** Kinds that may appear inline ("Skills: a, b"); "Experience: 5 years" is a sentence, not a section. */
const INLINE_KINDS: ReadonlySet<SectionKind> = new Set([
  "summary",
  "skills",
  "certifications",
  "languages",
  "education",
  "references",
  "other",
]);
const INLINE_HEADING = /^([^:\t]{2,40}?)\s*(?::|：|\t)\s*(\S.*)$/u;

export function inlineHeading(text: string): { kind: SectionKind; rest: string } | null {
  const match = INLINE_HEADING.exec(text);
  if (!match) return null;
  const kind = headingKind(match[1] ?? "");
  if (kind === null || !INLINE_KINDS.has(kind)) return null;
  return { kind, rest: match[2] ?? "" };
}

/**
 * Splits lines into sections. Lines before the first heading form the "header" section. An inline heading makes
 * a one-line section, after which the enclosing section continues.
 */
export function splitSections(lines: readonly Line[]): Section[] {
  const sections: Section[] = [{ kind: "header", parent: null, lines: [] }];
  let enclosing: SectionKind = "header";
  for (const line of lines) {
    const kind = openedKind(line);
    if (kind !== null) {
      sections.push({ kind, parent: null, lines: [] });
      enclosing = kind;
      continue;
    }
    const inline = line.bullet ? null : inlineHeading(line.text);
    if (inline !== null) {
      sections.push({ kind: inline.kind, parent: enclosing, lines: [{ ...line, text: inline.rest }] });
      sections.push({ kind: enclosing, parent: null, lines: [] });
      continue;
    }
    sections.at(-1)?.lines.push(line);
  }
  return sections.filter((section) => section.lines.length > 0 || section.kind !== "header");
}

/** The section a line opens on its own: a heading, or a consent clause (boilerplate, so "other"). */
function openedKind(line: Line): SectionKind | null {
  if (line.bullet) return null;
  return CONSENT_CLAUSE.test(line.text) ? "other" : headingKind(line.text);
}
