/**
 * Letter-spaced (tracked) text: headings and names set with wide tracking ("E X P E R I E N C E", "G i u l i a").
 *
 * pdf.js reports tracking in one of two shapes, depending on the gap between glyphs (measured: Helvetica 11 pt):
 * - gap ≤ 0.6 em (pdf.js's SPACE_IN_FLOW_MAX_FACTOR): one item whose text has a fake space between every glyph,
 *   "G i u l i a R o s s i", word gaps indistinguishable from letter gaps in the string;
 * - wider gaps: one item per glyph (or per word), separated by whitespace items: the positions tell letters from
 *   words.
 * Both are joined here; the decision uses the run's own spacing and the font size, never a dictionary.
 */

import type { Fragment } from "./pdf-rows.ts";

/** A single letter or digit, or the hyphen, apostrophe or dot inside a name: the unit of a tracked run. */
const GLYPH = /^[\p{L}\p{N}&'’.-]$/u;

/**
 * Whole-fragment tracking: at least three single glyphs separated by single spaces ("L E O", "G i u l i a",
 * "L a m b e r t - R o u x").
 */
const SPACED_FRAGMENT = /^[\p{L}\p{N}](?: [\p{L}\p{N}&'’.-]){2,}$/u;

/**
 * Tracking inside a longer fragment: four or more single letters separated by single spaces, bounded by
 * whitespace. Natural text almost never has four one-letter words in a row; three ("I a m") it might.
 */
const SPACED_RUN = /(?<!\S)[\p{L}\p{N}](?: [\p{L}\p{N}&'’.-]){3,}(?!\S)/gu;

/**
 * A word gap in tracked text is the tracking plus a space glyph (0.25–0.33 em in common fonts): a gap more than
 * 0.15 em above the run's tightest gap is a word break. Fixture figures: Tc 2.5 pt at 11 pt gives letter gaps of
 * 2.5 pt and word gaps of 8.1 pt; Tc 4 pt gives 8 and 19.1 pt.
 */
const WORD_BREAK_EM = 0.15;

/** Gaps wider than this (em) end a glyph run: beyond it the next glyph belongs to something else (a column). */
const MAX_RUN_GAP_EM = 2;

/**
 * Joins single-spaced glyphs. Where the string alone cannot show word breaks, a lower-case letter followed by a
 * capital starts a new word ("G i u l i a R o s s i" -> "Giulia Rossi"); all-capital runs stay one word.
 */
export function joinSpacedLetters(text: string): string {
  const join = (run: string) => run.replace(/ /g, "").replace(/(\p{Ll})(?=\p{Lu})/gu, "$1 ");
  if (SPACED_FRAGMENT.test(text)) return join(text);
  return text.replace(SPACED_RUN, join);
}

function isGlyph(fragment: Fragment): boolean {
  return GLYPH.test(fragment.text);
}

/** Consecutive single-glyph fragments from `start`, close enough to be one run. */
function glyphRunEnd(fragments: readonly Fragment[], start: number): number {
  let end = start + 1;
  while (end < fragments.length) {
    const previous = fragments[end - 1] as Fragment;
    const next = fragments[end] as Fragment;
    if (!isGlyph(next) || next.x0 - previous.x1 > MAX_RUN_GAP_EM * next.size) break;
    end++;
  }
  return end;
}

/** Merges a run of glyph fragments into words: the tightest gap is the tracking, wider ones break words. */
function mergeRun(run: readonly Fragment[]): Fragment[] {
  const gaps = run.slice(1).map((fragment, index) => fragment.x0 - (run[index] as Fragment).x1);
  const tracking = Math.min(...gaps);
  const words: Fragment[] = [];
  let current = { ...(run[0] as Fragment) };
  run.slice(1).forEach((fragment, index) => {
    if ((gaps[index] as number) > tracking + WORD_BREAK_EM * fragment.size) {
      words.push(current);
      current = { ...fragment };
    } else {
      current = { ...current, text: current.text + fragment.text, x1: fragment.x1 };
    }
  });
  words.push(current);
  return words;
}

/** Fragments of one row (sorted by x) with tracked glyphs joined into words. Three glyphs make a run. */
export function joinTracking(fragments: readonly Fragment[]): Fragment[] {
  const result: Fragment[] = [];
  let index = 0;
  while (index < fragments.length) {
    const fragment = fragments[index] as Fragment;
    const end = isGlyph(fragment) ? glyphRunEnd(fragments, index) : index + 1;
    if (end - index >= 3) {
      result.push(...mergeRun(fragments.slice(index, end)));
    } else {
      for (const single of fragments.slice(index, end)) {
        result.push({ ...single, text: joinSpacedLetters(single.text) });
      }
    }
    index = end;
  }
  return result;
}
