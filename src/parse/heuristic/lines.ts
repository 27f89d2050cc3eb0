/**
 * Turns extracted resume text (pdf-parse, mammoth, plain text, Markdown) into clean lines. Everything downstream
 * works on these lines, so all markup and layout noise is dealt with here, once.
 */
import { endsWithOpenRange, findDateSpan, startsWithDate } from "./dates.ts";
import { headingKind } from "./sections.ts";

export interface Line {
  /** Text without bullet marker or Markdown markup; column gaps (tabs, runs of 3+ spaces) become one tab. */
  readonly text: string;
  /** The line started with a bullet marker ("•", "-", "*", "▪", …). */
  readonly bullet: boolean;
  /** Position among the kept lines, so lines can be ordered across sections. */
  readonly index: number;
}

/** Longer input is garbage or not a resume; the cap keeps the parser's worst case bounded (~100 KB of text). */
export const MAX_INPUT_CHARS = 100_000;
/** A single line longer than this is cut: no heading, name or date line is that long. */
const MAX_LINE_CHARS = 2_000;

/**
 * Control and format characters that extraction leaves behind (NUL, soft hyphens, zero-width spaces, BOM,
 * bidi marks). Tabs are kept as column gaps; ZWNJ/ZWJ are kept because Persian and Indic names need them.
 */
const INVISIBLE = /(?![\t\u200c\u200d])[\p{Cc}\p{Cf}]/gu;
const ODD_SPACES = /[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g;
const ICON_GLYPH = /(?![\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8])[\ue000-\uf8ff]/gu;

/** Markers that make a line a bullet on their own. U+F0B7 / U+F0A7 / … are Symbol-font bullets from Word. */
const BULLET_ANYWHERE = /^[•●▪◦▫■□◆◇►▸‣⁃∙✓✔➢➤→\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8]\s*/u;
/** Markers that are bullets only when followed by a space ("- item", but not "-5%" or "*bold*"). */
const BULLET_BEFORE_SPACE = /^[-*+–—·](?:\s+)/u;

/** Whole-line noise: page numbers, document titles and "references on request" carry no candidate data. */
const PAGE_MARKER =
  /^(?:(?:page|seite|página|pagina|strona|blz\.?|p\.)\s*\d{1,3}(?:\s*(?:of|\/|de|von|sur|di|van|z)\s*\d{1,3})?|-?\s*\d{1,3}\s*-?|\d{1,3}\s*\/\s*\d{1,3})$/i;
const TITLE_WORDS =
  "resume|résumé|curriculum vitae|curriculum|cv|lebenslauf|currículum(?: vitae)?|currículo|curriculo|życiorys";
/** "Resume", "Curriculum Vitae", and the running page header "Jane Doe – Resume" repeated on every page. */
const DOCUMENT_TITLE = new RegExp(
  `^(?:${TITLE_WORDS}|.{2,60}\\s[-–—|]\\s(?:${TITLE_WORDS})(?:\\s[-–—|]\\s.{1,30})?)$`,
  "iu",
);

/**
 * The closing "References available upon request" line (en, de, fr, es, pt, it, nl, pl): boilerplate, not a list
 * item.
 */
const REFERENCES_ON_REQUEST =
  /^(?:references?|referees?|referenzen|références|referencias|referências|referenze|referenties|referencje)(?!\p{L}).{0,40}(?<!\p{L})(?:request|anfrage|demande|petición|solicitud|pedido|solicitação|richiesta|aanvraag|verzoek|życzenie|prośbę|żądanie)\.?$/iu;

export function toLines(text: string): Line[] {
  const lines: Line[] = [];
  const source = text.length > MAX_INPUT_CHARS ? text.slice(0, MAX_INPUT_CHARS) : text;
  for (const raw of source.split(/\r\n|\r|\n|\u2028|\u2029/)) {
    const line = cleanLine(raw);
    if (line === null) continue;
    const previous = lines.at(-1);
    if (previous !== undefined && continuesPrevious(previous, line)) {
      lines[lines.length - 1] = { ...previous, text: `${previous.text} ${line.text}` };
    } else {
      lines.push({ ...line, index: lines.length });
    }
  }
  return lines;
}

/** A word that waits for its date: "2024 – expected" / "2027", "seit" / "03/2021" (narrow PDF columns wrap). */
const AWAITING_DATE =
  /(?<!\p{L})(?:expected|anticipated|voraussichtlich|prévue?|previst[oa]|verwacht|since|seit|depuis|desde|sinds|vanaf|dal|od)\s*:?$/iu;
/** A header line cut after a separator: "Senior Analyst — Cobalt Health Systems," / "Denver". */
const DANGLING_PIECE = /(?:,|\s[-–—|·•])$/u;
/** A header line with pieces ("Title — Employer"), cut inside the last one: "— Cantieri" / "del Tirreno, Verona". */
const PIECED_HEADER = /\s[–—|·]\s/u;
/** Only short lines wrap as headers; a long line ending in a comma is a sentence or a list. */
const MAX_WRAPPED_HEADER_WORDS = 12;

/** "del Tirreno, Verona": the rest of a name, a lower-case word first; no date ("depuis août 2024") or e-mail. */
function continuesName(text: string): boolean {
  return /^\p{Ll}[\p{L}'’-]*\s/u.test(text) && findDateSpan(text) === null && !text.includes("@");
}

/**
 * Narrow PDF columns wrap what is one line: a date range after its separator ("…, 2011 -" / "2014"), a word
 * waiting for its date, a position header after a comma or a dash. Bullets and headings always start a line.
 */
function continuesPrevious(previous: Line, line: { text: string; bullet: boolean }): boolean {
  if (line.bullet) return false;
  if (startsWithDate(line.text) && (endsWithOpenRange(previous.text) || AWAITING_DATE.test(previous.text)))
    return true;
  if (previous.bullet || previous.text.split(/\s+/).length > MAX_WRAPPED_HEADER_WORDS) return false;
  const cut =
    DANGLING_PIECE.test(previous.text) || (PIECED_HEADER.test(previous.text) && continuesName(line.text));
  return cut && headingKind(line.text) === null;
}

function cleanLine(raw: string): { text: string; bullet: boolean } | null {
  let text = raw.length > MAX_LINE_CHARS ? raw.slice(0, MAX_LINE_CHARS) : raw;
  // NFKC folds PDF ligatures ("ﬁ" → "fi") and full-width forms; icon-font glyphs (private use area) separate
  // contact items like a column gap, except the Symbol-font bullets kept for bullet detection.
  text = text.normalize("NFKC").replace(INVISIBLE, "").replace(ODD_SPACES, " ").replace(ICON_GLYPH, "\t");
  text = joinSpacedLetters(text);
  text = stripMarkdown(text.trim());
  let bullet = false;
  const marker = BULLET_ANYWHERE.exec(text) ?? BULLET_BEFORE_SPACE.exec(text);
  if (marker) {
    bullet = true;
    text = text.slice(marker[0].length);
  }
  text = collapseSpaces(text);
  if (text === "" || PAGE_MARKER.test(text) || DOCUMENT_TITLE.test(text) || REFERENCES_ON_REQUEST.test(text))
    return null;
  return { text, bullet };
}

/**
 * "E X P E R I E N C E" → "EXPERIENCE", "W O R K  H I S T O R Y" → "WORK HISTORY" (designers letter-space
 * headings and names). Only whole lines made of single letters are joined; groups are split on 2+ spaces.
 */
function joinSpacedLetters(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length < 5 || trimmed.length > 200) return text;
  const groups = trimmed.split(/\s{2,}|\t/);
  const spaced = /^(?:\p{L}[ ]){2,}\p{L}$/u;
  if (!groups.every((group) => spaced.test(group))) return text;
  return groups.map((group) => group.replaceAll(" ", "")).join(" ");
}

/** Markdown from .md/.txt resumes: headings, emphasis, inline code, links, block quotes, rules. */
function stripMarkdown(text: string): string {
  if (/^(?:[-*_]\s*){3,}$/.test(text)) return "";
  let out = text.replace(/^#{1,6}\s+/, "").replace(/^>\s?/, "");
  // "[GitHub](https://github.com/x)" keeps both so the URL is still found; bounded lengths keep this linear.
  out = out.replace(/\[([^\]\n]{1,200})\]\(([^)\s]{1,500})\)/g, markdownLink);
  out = out
    .replace(/`([^`\n]{1,200})`/g, "$1")
    .replaceAll("**", "")
    .replaceAll("__", "");
  // Single-star and underscore emphasis "*Stockholm*", "_small_"; a leading "* " bullet is handled by the
  // caller (star then space); "snake_case" and "a_b@x.com" have no space before the underscore.
  out = out.replace(/(^|[\s(])([*_])(?=\S)/g, "$1").replace(/(?<=\S)[*_](?=$|[\s),.;:])/g, "");
  return out;
}

/** "[text](url)" → "text url"; when the text is the address itself ("[a@x.com](mailto:a@x.com)"), once. */
function markdownLink(_: string, label: string, url: string): string {
  return url.replace(/^mailto:/i, "") === label ? label : `${label} ${url}`;
}

/** Column gaps (tabs, 3+ spaces) become a single tab; other whitespace runs become one space. */
function collapseSpaces(text: string): string {
  return text
    .replace(/ {3,}/g, "\t")
    .replace(/[ \t]*\t[ \t]*/g, "\t")
    .replace(/ {2}/g, " ")
    .replace(/^[\t ]+|[\t ]+$/g, "");
}

/** Joins a wrapped line to the text before it; "fore-" + "casting" is one word split by hyphenation. */
export function joinWrapped(before: string, after: string): string {
  if (/\p{Ll}-$/u.test(before) && /^\p{Ll}/u.test(after)) return `${before.slice(0, -1)}${after}`;
  return `${before} ${after}`;
}
