/**
 * A region's segments -> text lines: segments of one row become one line, left to right, rows top to bottom.
 * Gaps keep today's rendering (pdf-parse's getText): pdf.js's own word spaces stay spaces, a wider gap it did not
 * fill (table cells, a date beside its job) becomes a tab, and a gap of a tracking-sized space or more between two
 * fragments becomes one space, so a letter-spaced heading is not glued to the link beside it.
 */

import { joinHyphenated } from "./pdf-hyphens.ts";
import type { Blank, Fragment, Segment } from "./pdf-rows.ts";

/** A line of output text with the position it came from (points, y up), for headers/footers and links. */
export interface PlacedLine {
  text: string;
  page: number;
  y: number;
  x0: number;
  x1: number;
  size: number;
}

/** pdf-parse's cellThreshold (points): a wider gap that pdf.js did not fill with a space is a cell boundary. */
const CELL_GAP_PT = 7;
/** pdf.js's TRACKING_SPACE_FACTOR: below 0.102 em a gap is kerning or tracking, above it a space. */
const SPACE_GAP_EM = 0.102;

function bridged(blanks: readonly Blank[], from: number, to: number): boolean {
  const middle = (from + to) / 2;
  return blanks.some(([x0, x1]) => x0 <= middle && x1 >= middle);
}

function separator(previous: Fragment, next: Fragment, blanks: readonly Blank[]): string {
  if (/\s$/.test(previous.text) || /^\s/.test(next.text)) return "";
  const gap = next.x0 - previous.x1;
  if (gap > CELL_GAP_PT && !bridged(blanks, previous.x1, next.x0)) return "\t";
  return gap > SPACE_GAP_EM * Math.min(previous.size, next.size) ? " " : "";
}

/** Fragments and separators left to right; a row mostly in a right-to-left script is then read from the right. */
function rowText(segments: readonly Segment[]): string {
  const fragments = segments.flatMap((segment) => segment.fragments).sort((a, b) => a.x0 - b.x0);
  const blanks = segments[0]?.blanks ?? [];
  const pieces: string[] = [];
  fragments.forEach((fragment, index) => {
    const previous = fragments[index - 1];
    if (previous) pieces.push(separator(previous, fragment, blanks));
    pieces.push(fragment.text);
  });
  const rtl = fragments.filter((fragment) => fragment.rtl).length > fragments.length / 2;
  return (rtl ? pieces.reverse() : pieces).join("").replace(/\u00ad(?!$)/g, "");
}

function toLine(segments: Segment[], page: number): PlacedLine {
  return {
    text: rowText(segments),
    page,
    y: Math.max(...segments.map((segment) => segment.y)),
    x0: Math.min(...segments.map((segment) => segment.x0)),
    x1: Math.max(...segments.map((segment) => segment.x1)),
    size: Math.max(...segments.map((segment) => segment.size)),
  };
}

/** The region's lines, top to bottom, with end-of-line hyphenation rejoined. */
export function regionLines(
  region: readonly Segment[],
  page: number,
  words: ReadonlySet<string>,
): PlacedLine[] {
  const rows = new Map<number, Segment[]>();
  for (const segment of region) {
    const row = rows.get(segment.row);
    if (row) row.push(segment);
    else rows.set(segment.row, [segment]);
  }
  const lines = [...rows.values()].map((segments) => toLine(segments, page)).sort((a, b) => b.y - a.y);
  const joined = joinHyphenated(
    lines.filter((line) => line.text.trim().length > 0),
    words,
  );
  // A soft hyphen left at a line end (nothing to join) is invisible in the document: not text.
  for (const line of joined) line.text = line.text.replace(/\u00ad$/, "");
  return joined;
}
