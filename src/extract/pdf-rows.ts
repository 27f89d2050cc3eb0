/**
 * pdf.js text items -> rows (one baseline across the page) -> segments (the parts of a row between wide gaps).
 * Segments are what column detection works on; rows remember pdf.js's whitespace items so that the final line
 * assembly can tell a gap pdf.js itself read as a space from a gap between table cells.
 *
 * Units: PDF points, y upwards (pdf.js transform[4], transform[5]); size is the font size in points.
 */

import { joinTracking } from "./pdf-tracking.ts";

/** The part of a pdf.js TextItem this module reads. */
export interface PdfTextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  /** "ltr", "rtl" or "ttb"; pdf.js gives each item's string in logical order. */
  dir?: string;
}

/** A visible run of text. */
export interface Fragment {
  text: string;
  x0: number;
  x1: number;
  /** Baseline. */
  y: number;
  size: number;
  /** Right-to-left script (Arabic, Hebrew): its row reads from the right. */
  rtl?: boolean;
}

/** An x range pdf.js filled with a whitespace item (it measured a word space there). */
export type Blank = readonly [x0: number, x1: number];

export interface Segment {
  fragments: Fragment[];
  x0: number;
  x1: number;
  y: number;
  size: number;
  /** Index of the page-wide row the segment comes from; segments of one row may be rejoined into one line. */
  row: number;
  /** The row's whitespace items. */
  blanks: readonly Blank[];
}

/**
 * Two items share a row when their baselines differ by at most 0.4 of the smaller font size: superscripts
 * (raised ~0.33 em) stay on their line, the next line (≥ 1 em below) never joins it.
 */
const ROW_TOLERANCE_EM = 0.4;

/**
 * A gap wider than max(7 pt, 0.8 em) between two items of a row starts a new segment. 7 pt is pdf-parse's
 * cellThreshold (the gap at which today's output put a tab); word spaces are 0.25–0.35 em, justified ones rarely
 * over 0.6 em.
 */
const SEGMENT_GAP_PT = 7;
const SEGMENT_GAP_EM = 0.8;

function fontSize(item: PdfTextItem): number {
  const [, , c = 0, d = 0] = item.transform;
  return Math.hypot(c, d) || item.height || 1;
}

function toFragment(item: PdfTextItem): Fragment {
  const x = item.transform[4] ?? 0;
  const y = item.transform[5] ?? 0;
  return { text: item.str, x0: x, x1: x + item.width, y, size: fontSize(item), rtl: item.dir === "rtl" };
}

interface RowDraft {
  y: number;
  size: number;
  fragments: Fragment[];
  blanks: Fragment[];
}

function sameRow(row: RowDraft, fragment: Fragment): boolean {
  return Math.abs(row.y - fragment.y) <= ROW_TOLERANCE_EM * Math.min(row.size, fragment.size);
}

/** Groups fragments by baseline, top of the page first. Whitespace-only items become the rows' blanks. */
function toRows(items: readonly PdfTextItem[]): RowDraft[] {
  const fragments = items
    .filter((item) => item.str.length > 0 && item.width >= 0)
    .map(toFragment)
    .sort((a, b) => b.y - a.y || a.x0 - b.x0);
  const rows: RowDraft[] = [];
  for (const fragment of fragments) {
    const blank = fragment.text.trim() === "";
    if (blank && fragment.size <= 0) continue;
    let row = rows.at(-1);
    if (!row || !sameRow(row, fragment)) {
      row = { y: fragment.y, size: fragment.size, fragments: [], blanks: [] };
      rows.push(row);
    }
    (blank ? row.blanks : row.fragments).push(fragment);
    if (!blank) row.size = Math.max(row.size, fragment.size);
  }
  return rows.filter((row) => row.fragments.length > 0);
}

function segmentGap(size: number): number {
  return Math.max(SEGMENT_GAP_PT, SEGMENT_GAP_EM * size);
}

/** A segment of the given fragments (sorted by x) of row `row`. */
export function segmentOf(fragments: Fragment[], row: number, blanks: readonly Blank[]): Segment {
  const first = fragments[0] as Fragment;
  return {
    fragments,
    x0: first.x0,
    x1: Math.max(...fragments.map((fragment) => fragment.x1)),
    y: first.y,
    size: Math.max(...fragments.map((fragment) => fragment.size)),
    row,
    blanks,
  };
}

/** Splits one row at wide gaps. */
function splitRow(row: RowDraft, index: number): Segment[] {
  const fragments = joinTracking([...row.fragments].sort((a, b) => a.x0 - b.x0));
  const blanks: Blank[] = row.blanks.map((blank) => [blank.x0, blank.x1]);
  const segments: Segment[] = [];
  let current: Fragment[] = [];
  let right = Number.NEGATIVE_INFINITY;
  for (const fragment of fragments) {
    if (current.length > 0 && fragment.x0 - right > segmentGap(fragment.size)) {
      segments.push(segmentOf(current, index, blanks));
      current = [];
    }
    current.push(fragment);
    right = Math.max(right, fragment.x1);
  }
  if (current.length > 0) segments.push(segmentOf(current, index, blanks));
  return segments;
}

/** The page's text as segments, top row first, left to right within a row. */
export function pageSegments(items: readonly PdfTextItem[]): Segment[] {
  return toRows(items).flatMap(splitRow);
}
