/**
 * The candidate's name. Looked for in a "Name:" label, then in the lines before the first heading, then — for
 * two-column PDFs whose sidebar comes first — in a list section, where the name is followed by a job title or
 * by the main column's first heading. The name is returned as written: ALL-CAPS names stay ALL-CAPS, because
 * title-casing "MCDONALD" or "DE LA CRUZ" correctly needs knowledge the parser does not have.
 */
import { CONTACT_DETAIL } from "./contact.ts";
import type { Line } from "./lines.ts";
import { isPlace } from "./places.ts";
import { hasTitleWord } from "./roles.ts";
import { headingKind, type Section } from "./sections.ts";

export interface NameResult {
  name: string | null;
  /** Lines that turned out to be the name (and the title under it) inside a list section. */
  consumed: ReadonlySet<Line>;
}

/** Lower-case words allowed inside names: "de la Cruz", "van der Berg", "da Silva", "bin Salman". */
const PARTICLES = new Set(
  "de del della der den di da das do dos du des la le van von y e bin binti ibn al el ben ter zu af av st.".split(
    " ",
  ),
);

/** Capitalized words that make a line a phrase, not a name ("Machine Learning", "Project Management"). */
const NOT_NAME_WORDS = new Set(
  (
    "resume curriculum vitae cv profile summary contact information details page confidential learning data " +
    "management development design analysis engineering science cloud web software systems project projects " +
    "marketing communication communications leadership business digital product skills services solutions " +
    "technology technologies computer network security operations finance sales support customer research " +
    "university college school institute street avenue road the and of for with full stack senior junior front " +
    "end back mobile native fluent english spanish french german references available upon request experience " +
    "education portfolio linkedin github email phone mobile address"
  ).split(" "),
);

const NAME_LABEL =
  /^(?:full\s+name|name|nombre(?:\s+completo)?|nombre y apellidos|nom(?:\s+complet)?|nom et prénom|prénom et nom|vorname\s+und\s+(?:nach)?name|name,\s+vorname|nome(?:\s+completo)?|nome e cognome|naam|volledige naam|imię i nazwisko)\s*[:\t]\s*(\S.{1,80})$/iu;
const CASED_WORD = /^\p{Lu}(?:\.|[\p{L}\p{M}'’-]*)$/u;
/** Names in scripts without letter case: Chinese/Japanese (Han + kana), Korean, Arabic, Hebrew, Devanagari, Thai. */
const CASELESS_NAME =
  /^(?:[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{1,5}(?:[ \u3000・·][\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{1,5}){0,2}|\p{Script=Hangul}{1,5}(?: \p{Script=Hangul}{1,5}){0,2}|[\p{Script=Arabic}\p{M}]{2,}(?:\s[\p{Script=Arabic}\p{M}]{2,}){1,3}|[\p{Script=Hebrew}\p{M}]{2,}(?:\s[\p{Script=Hebrew}\p{M}]{2,}){1,3}|[\p{Script=Devanagari}\p{M}]{2,}(?:\s[\p{Script=Devanagari}\p{M}]{2,}){1,3}|[\p{Script=Thai}\p{M}]{2,}(?:\s[\p{Script=Thai}\p{M}]{2,}){1,3})$/u;

/** True when the text reads as a person's name: 2–4 capitalized words (plus particles), or a caseless-script name. */
export function looksLikeName(text: string): boolean {
  const trimmed = text.trim().replace(/,$/, "");
  if (trimmed.length < 2 || trimmed.length > 60 || /[\d@/:|\t]/.test(trimmed)) return false;
  if (CASELESS_NAME.test(trimmed)) return trimmed.replace(/\s/g, "").length >= 2;
  const words = trimmed.split(/\s+/);
  if (words.length < 2 || words.length > 6) return false;
  const nameWords = words.filter((word) => !PARTICLES.has(word));
  if (nameWords.length < 2 || nameWords.length > 4) return false;
  if (!nameWords.every((word) => CASED_WORD.test(word))) return false;
  if (nameWords.filter((word) => word.replace(/\./g, "").length >= 2).length < 2) return false;
  if (nameWords.some((word) => NOT_NAME_WORDS.has(word.toLowerCase()))) return false;
  return headingKind(trimmed) === null && !hasTitleWord(trimmed) && !isPlace(trimmed);
}

/**
 * Honorifics and post-nominal credentials are not part of the name: "Dr. Lukas Brandt" → "Lukas Brandt",
 * "Amara Nwosu, PhD" → "Amara Nwosu". Generational suffixes ("Jr.", "III") are part of it and stay.
 */
const HONORIFIC = /^(?:dr|prof|mr|mrs|ms|mx|miss|sir|dame|dra|sra|mme|mlle)\.?\s+/i;
const CREDENTIALS =
  /(?:,\s*|\s+)(?:ph\.?\s?d|m\.?d|mba|cpa|cfa|pmp|p\.?e|r\.?n|esq|m\.?sc|mph|dds|ceng|frcs|dphil)\.?$/i;

export function withoutTitles(text: string): string {
  let name = text.trim().replace(HONORIFIC, "");
  for (let i = 0; i < 3 && CREDENTIALS.test(name); i++) name = name.replace(CREDENTIALS, "").trim();
  return name;
}

/**
 * A link written as its label and target, "LinkedIn <https://…>" or "E-mail <a@b.c>" (extractors write links
 * behind words so), glued to the name when the PDF set them side by side.
 */
const LABELLED_LINK = /\s*(?:\p{L}[\p{L}-]{0,20}\s)?<[^<>\s]{3,300}>/gu;

/** Header lines are split on separators: "Jane Doe | Engineer | jane@x.com". */
function nameInLine(raw: string): string | null {
  const label = NAME_LABEL.exec(raw);
  if (label !== null) return withoutTitles(label[1] ?? "") || null;
  const text = raw.replace(LABELLED_LINK, "\t").trim();
  for (const piece of [text, ...text.split(/\t|\s[|•·–—-]\s|\|/)]) {
    const name = withoutTitles(piece);
    if (looksLikeName(name)) return name;
  }
  return null;
}

/** How far into the header the name may be (DOCX headers, "Curriculum Vitae" lines come first). */
const HEADER_NAME_LINES = 8;

export function findName(sections: readonly Section[]): NameResult {
  const none: ReadonlySet<Line> = new Set();
  for (const section of sections) {
    if (section.kind !== "header" && section.kind !== "contact") continue;
    for (const line of section.lines.slice(0, HEADER_NAME_LINES)) {
      const name = nameInLine(line.text);
      if (name !== null) return { name, consumed: none };
    }
  }
  return nameInSidebar(sections);
}

const SIDEBAR_KINDS = new Set(["contact", "skills", "languages", "certifications", "references", "other"]);
const MAIN_COLUMN_KINDS = new Set(["summary", "experience", "education"]);

/** What follows the name and title may be one more line, or any number of contact lines (e-mail, phone, link). */
function endsWithContacts(lines: readonly Line[], from: number): boolean {
  return lines.length - from <= 1 || lines.slice(from).every((line) => CONTACT_DETAIL.test(line.text));
}

/**
 * A referee's name opens the References section; the candidate's own name can only end it, right before the main
 * column (a sidebar drawn first, references last). Only asked when the header holds no name.
 */
function closesReferees(sections: readonly Section[], index: number, at: number): boolean {
  return at > 0 && MAIN_COLUMN_KINDS.has(sections[index + 1]?.kind ?? "");
}

/**
 * Sidebar-first PDFs put the name after the sidebar lists: "SKILLS / Python / JANE DOE / Data Scientist /
 * PROFILE". A name-like line counts when a job title or the start of the main column follows it.
 */
function nameInSidebar(sections: readonly Section[]): NameResult {
  for (const [index, section] of sections.entries()) {
    if (!SIDEBAR_KINDS.has(section.kind) || section.parent !== null) continue;
    const lines = section.lines;
    for (const [at, line] of lines.entries()) {
      if (line.bullet || !looksLikeName(withoutTitles(line.text))) continue;
      const next = lines[at + 1];
      const endsSection = next === undefined && MAIN_COLUMN_KINDS.has(sections[index + 1]?.kind ?? "");
      const titleNext =
        next !== undefined && !next.bullet && hasTitleWord(next.text) && endsWithContacts(lines, at + 2);
      if (!endsSection && !titleNext) continue;
      if (section.kind === "references" && !closesReferees(sections, index, at)) continue;
      const consumed = new Set<Line>(titleNext ? lines.slice(at) : [line]);
      return { name: withoutTitles(line.text), consumed };
    }
  }
  return { name: null, consumed: new Set() };
}
