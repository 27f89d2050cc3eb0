/**
 * End-of-line hyphenation, rejoined: "Kennzahlensys-" + "teme, SAP" -> "Kennzahlensysteme, SAP".
 *
 * The rule, applied only between two lines of one paragraph (next baseline within 1.8 line heights, same font
 * size ± 1 pt, in the same column):
 * - A soft hyphen (U+00AD) at the end of a line: always a break inside a word; drop it and join.
 * - "letter-" followed by a lower-case letter: a hyphenated word; drop the hyphen and join, unless the hyphen is
 *   real: the document elsewhere spells the pair with a hyphen ("full-stack"), or the part before it is one letter
 *   ("e-mail": hyphenation never leaves a single letter), an acronym or code ("SAP-", "B2B-"; "TypeScr-" is not
 *   one), or a prefix that English writes hyphenated (COMPOUND_PREFIXES: "self-taught", "co-founded"). When the
 *   document spells the joined word without hyphen anywhere, that wins.
 * - "letter-" followed by a capital or a digit: a compound ("Schulze-" + "Wendt", "Jean-" + "Luc",
 *   "IT-" + "Sicherheit"); keep the hyphen and join without a space.
 * - "digit-" followed by a digit: a range split by the wrap ("2019-" + "2022"); keep the hyphen, join.
 * Anything else (a dash after a space, a line ending in a hyphen before a heading) stays as it is. Across a page
 * break only the lower-case case joins (joinAcrossPages).
 * Real compounds split by the wrap with a lower-case continuation ("Projekt-" + "management" meaning
 * "Projekt-management") are joined without the hyphen: German hyphenation of plain words is far more frequent.
 */

import type { PlacedLine } from "./pdf-lines.ts";

/** Prefixes written with a hyphen in English compounds; lower case. */
const COMPOUND_PREFIXES = new Set([
  "co",
  "ex",
  "self",
  "non",
  "multi",
  "cross",
  "full",
  "part",
  "end",
  "front",
  "back",
  "real",
  "high",
  "long",
  "short",
  "well",
  "state",
  "open",
  "hands",
  "cutting",
  "data",
  "client",
  "customer",
  "user",
  "cloud",
]);

const HYPHEN_END = /(\p{L}|\p{N})[-\u2010]$/u;
/** Same paragraph: the next baseline is at most 1.8 font sizes lower. */
const MAX_LINE_STEP_EM = 1.8;

type Join = "drop" | "keep" | "none";

function lastWord(text: string): string {
  return /[\p{L}\p{N}]+(?=[-\u2010\u00ad]$)/u.exec(text)?.[0] ?? "";
}

function firstWord(text: string): string {
  return /^[\p{L}\p{N}]+/u.exec(text)?.[0] ?? "";
}

function realHyphen(before: string, after: string, words: ReadonlySet<string>): boolean {
  const joined = `${before}${after}`.toLowerCase();
  if (words.has(joined)) return false;
  if (words.has(`${before}-${after}`.toLowerCase())) return true;
  if (before.length === 1 || /\p{N}/u.test(before) || /^\p{Lu}+$/u.test(before)) return true;
  return COMPOUND_PREFIXES.has(before.toLowerCase());
}

/** How line `text` joins `next`, by the rule above. */
export function hyphenJoin(text: string, next: string, words: ReadonlySet<string>): Join {
  if (text.endsWith("\u00ad")) return /^\p{L}/u.test(next) ? "drop" : "none";
  const end = HYPHEN_END.exec(text);
  if (!end) return "none";
  const digitBefore = /\p{N}/u.test(end[1] as string);
  if (digitBefore) return /^\p{N}/u.test(next) ? "keep" : "none";
  if (/^[\p{Lu}\p{N}]/u.test(next)) return "keep";
  if (!/^\p{Ll}/u.test(next)) return "none";
  return realHyphen(lastWord(text), firstWord(next), words) ? "keep" : "drop";
}

function sameParagraph(line: PlacedLine, next: PlacedLine): boolean {
  const step = line.y - next.y;
  return step > 0 && step <= MAX_LINE_STEP_EM * line.size && Math.abs(line.size - next.size) <= 1;
}

/** Lines (top to bottom, one column) with hyphenated line ends joined to the next line. */
export function joinHyphenated(lines: readonly PlacedLine[], words: ReadonlySet<string>): PlacedLine[] {
  const result: PlacedLine[] = [];
  for (const line of lines) {
    const previous = result.at(-1);
    const join =
      previous && sameParagraph(previous, line) ? hyphenJoin(previous.text, line.text, words) : "none";
    if (!previous || join === "none") {
      result.push({ ...line });
      continue;
    }
    const head = join === "drop" ? previous.text.slice(0, -1) : previous.text;
    Object.assign(previous, {
      text: head + line.text.trimStart(),
      y: line.y,
      x1: Math.max(previous.x1, line.x1),
    });
  }
  return result;
}

/** Lines starting within this distance (points) of each other are in the same column. */
const SAME_COLUMN_PT = 2;

/**
 * A word hyphenated across a page break: the last line of a page (reading order, running footers already gone)
 * and the first line of the next, starting at the same x in the same font size. Only the lower-case case
 * ("drop"): a capital after a page break is more often a new heading or entry than the rest of a compound.
 */
export function joinAcrossPages(pages: readonly PlacedLine[][], words: ReadonlySet<string>): void {
  pages.forEach((lines, index) => {
    const last = lines.at(-1);
    const next = pages[index + 1];
    const first = next?.[0];
    if (!last || !next || !first) return;
    if (Math.abs(last.x0 - first.x0) > SAME_COLUMN_PT || Math.abs(last.size - first.size) > 1) return;
    if (hyphenJoin(last.text, first.text, words) !== "drop") return;
    last.text = last.text.slice(0, -1) + first.text.trimStart();
    next.shift();
  });
}

/** Lower-case words of the document (hyphenated pairs included), for the "spelled elsewhere" test. */
export function documentWords(texts: Iterable<string>): Set<string> {
  const words = new Set<string>();
  for (const text of texts) {
    for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? []) {
      words.add(word);
      for (const part of word.split("-")) words.add(part);
    }
  }
  return words;
}
