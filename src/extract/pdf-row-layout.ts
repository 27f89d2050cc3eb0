/**
 * Whether two sides of a gutter pair up row by row (a date column beside each job, labels beside their blocks, a
 * key-value table) instead of being two columns of running text. Rows keep each date on its job's line.
 */

import type { Segment } from "./pdf-rows.ts";

/** Dates, years and "present" words: what a date column holds. Short, so prose with a year never counts. */
const DATE_LIKE =
  /(?:\b(?:19|20)\d{2}\b|\b\d{1,2}[./]\d{2,4}\b|\b(?:present|current|now|today|heute|jetzt|aujourd|actualidad|presente|attuale|atual|heden|nu|obecnie)\b)/i;
const MAX_DATE_CHARS = 40;
/** Baselines within 0.4 em are one row (the rows tolerance of pdf-rows). */
const SAME_ROW_EM = 0.4;
/** A label stands alone when no other line of its side is within 1.6 em above or below (one line step). */
const ALONE_EM = 1.6;

function segmentText(segment: Segment): string {
  return segment.fragments.map((fragment) => fragment.text).join(" ");
}

function sortedBaselines(segments: readonly Segment[]): number[] {
  return segments.map((segment) => segment.y).sort((a, b) => a - b);
}

/** Index of the first baseline ≥ y (binary search). */
function lowerBound(sorted: readonly number[], y: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((sorted[middle] as number) < y) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Distance from y to the nearest baseline in `sorted`, skipping `skip` exact copies of y (the segment itself). */
function nearest(sorted: readonly number[], y: number, skip = 0): number {
  const at = lowerBound(sorted, y);
  const below = sorted[at - 1];
  const above = sorted[at + skip];
  return Math.min(below === undefined ? Infinity : y - below, above === undefined ? Infinity : above - y);
}

function share(count: number, total: number): number {
  return total === 0 ? 0 : count / total;
}

function alignedShare(segments: readonly Segment[], otherRows: readonly number[]): number {
  const aligned = segments.filter((segment) => nearest(otherRows, segment.y) <= SAME_ROW_EM * segment.size);
  return share(aligned.length, segments.length);
}

function isDateLike(segment: Segment): boolean {
  const text = segmentText(segment);
  return text.length <= MAX_DATE_CHARS && DATE_LIKE.test(text);
}

/** `side` is a column of dates or labels, each on the row of something on the `other` side. */
function pairsWith(side: readonly Segment[], other: readonly Segment[]): boolean {
  if (side.length > other.length) return false;
  const otherRows = sortedBaselines(other);
  const ownRows = sortedBaselines(side);
  const aligned = (segment: Segment) => nearest(otherRows, segment.y) <= SAME_ROW_EM * segment.size;
  const alone = (segment: Segment) => nearest(ownRows, segment.y, 1) > ALONE_EM * segment.size;
  // Section headings at the date column's margin ("Education") pair with nothing and stand alone: not counted.
  const core = side.filter((segment) => aligned(segment) || !alone(segment));
  const dates = core.filter(isDateLike);
  if (dates.length > 0 && share(dates.length, core.length) >= 0.5 && alignedShare(dates, otherRows) >= 0.8) {
    return true;
  }
  if (side.length <= other.length / 2 && share(side.filter(alone).length, side.length) >= 0.6) {
    // Notes sit on a row of the body or above / below it; a spaced-out sidebar's lines fall between its rows.
    const top = otherRows.at(-1) ?? 0;
    const bottom = otherRows[0] ?? 0;
    const placed = side.filter((segment) => aligned(segment) || segment.y > top || segment.y < bottom);
    if (share(placed.length, side.length) >= 0.8) return true;
  }
  const labels = side.filter((segment) => /:\s*$/.test(segmentText(segment)));
  return alignedShare(side, otherRows) >= 0.8 && share(labels.length, side.length) >= 0.5;
}

/**
 * True when the sides pair up row by row instead of being columns. The side with fewer segments (or as many) is
 * a date column when half its segments are date-like and 80 % of those share a baseline with the other side
 * (headings that stand alone and pair with nothing are left out of the count); notes beside a body when it has at
 * most half as many segments as the other side, 60 % of them stand alone and 80 % sit on a row of the other side or
 * above or below it (Europass labels, a city beside each job, a centred name above a single column; a real
 * column has consecutive lines, a spaced-out sidebar falls between rows); a key-value table when 80 %
 * of its segments share a baseline and half of them end in ":". A perfect grid of plain lines on both sides counts
 * as two columns: prose interleaved line by line is unreadable, a label-less table read column-wise only loses the
 * pairing.
 */
export function isRowLayout(left: readonly Segment[], right: readonly Segment[]): boolean {
  return pairsWith(left, right) || pairsWith(right, left);
}
