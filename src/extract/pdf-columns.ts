/**
 * Reading order of a page: columns recovered from x positions, each emitted top to bottom.
 *
 * A gutter is a vertical strip of the page that (almost) no segment covers, with text on both sides. Segments
 * spanning the whole strip (a full-width name, a section heading across both columns, a footer) cut the page into
 * bands; inside a band the left side is read before the right side, each recursively (a three-column page is a
 * gutter inside a side). A page with no gutter is one region, read row by row, exactly as a single column.
 *
 * A strip is not a gutter when the two sides pair up row by row (see isRowLayout): a date column beside each job
 * ("Company … 2019 – 2022", LaTeX style), labels beside their blocks (Europass), a table. Those stay rows, so each
 * date keeps its job.
 */

import { isRowLayout } from "./pdf-row-layout.ts";
import { type Fragment, type Segment, segmentOf } from "./pdf-rows.ts";

interface Gutter {
  x0: number;
  x1: number;
  /** Most segments covering any point of the strip (the full-width ones, and lines reaching into it). */
  crossings: number;
}

/** A strip must be at least this wide (points) to be a gutter; pdf-lib fixtures use 24 pt, templates 12–30 pt. */
const MIN_GUTTER_PT = 8;
/**
 * Full-width segments a gutter tolerates, as a share of the region's segments: a name, a contact line and a
 * summary paragraph above two columns can be a third of a page. False gutters in single-column text are
 * stopped by the other tests (text on both sides, side by side, not row-paired), not by this share.
 */
const MAX_CROSSING_SHARE = 0.35;
/** Columns inside columns: three levels cover every resume layout seen; deeper is noise. */
const MAX_DEPTH = 3;
/** Gutters tried per region, cleanest first: bounds the work on a page of many small table cells. */
const MAX_CANDIDATES = 8;

/** Coverage of the region's x axis: consecutive intervals and how many segments cover each. */
function coverage(segments: readonly Segment[]): { x0: number; x1: number; depth: number }[] {
  const events = segments.flatMap((segment) => [
    { x: segment.x0, delta: 1 },
    { x: segment.x1, delta: -1 },
  ]);
  events.sort((a, b) => a.x - b.x || a.delta - b.delta);
  const intervals: { x0: number; x1: number; depth: number }[] = [];
  let depth = 0;
  for (const [index, event] of events.entries()) {
    depth += event.delta;
    const next = events[index + 1];
    if (next && next.x > event.x) intervals.push({ x0: event.x, x1: next.x, depth });
  }
  return intervals;
}

/** Maximal runs of intervals covered at most `crossings` times, with text on both sides. */
function strips(intervals: ReturnType<typeof coverage>, crossings: number): Gutter[] {
  const found: Gutter[] = [];
  let open: Gutter | undefined;
  for (const interval of intervals) {
    if (interval.depth <= crossings) {
      open ??= { x0: interval.x0, x1: interval.x1, crossings };
      open.x1 = interval.x1;
    } else if (open) {
      found.push(open);
      open = undefined;
    }
  }
  return found.filter((strip) => strip.x1 - strip.x0 >= MIN_GUTTER_PT);
}

/**
 * Gutter candidates, cleanest first: the strips crossed by no segment, then by at most one, two … up to `limit`
 * (a strip is reported once, at the lowest count that opens it), widest first within a count.
 */
function candidateGutters(segments: readonly Segment[], limit: number): Gutter[] {
  const intervals = coverage(segments);
  const seen = new Set<string>();
  const candidates: Gutter[] = [];
  for (let crossings = 0; crossings <= limit && candidates.length < MAX_CANDIDATES; crossings++) {
    const fresh = strips(intervals, crossings).filter((strip) => !seen.has(`${strip.x0}:${strip.x1}`));
    for (const strip of fresh.sort((a, b) => b.x1 - b.x0 - (a.x1 - a.x0))) {
      seen.add(`${strip.x0}:${strip.x1}`);
      candidates.push(strip);
    }
  }
  return candidates.slice(0, MAX_CANDIDATES);
}

interface Split {
  crossers: Segment[];
  left: Segment[];
  right: Segment[];
}

/** Fragment boundaries this close (points) to the gutter's edges still count as lying in it. */
const GUTTER_SLACK_PT = 2;

/**
 * A segment spanning the gutter cut where two of its fragments meet inside the gutter, with no space pdf.js saw
 * between them: a sidebar line overflowing into the gutter ("linkedin.com/in/…") and the main column's line
 * beside it were read as one segment. Null for a real full-width line.
 */
function cutAtGutter(segment: Segment, gutter: Gutter): [Segment, Segment] | null {
  const { fragments } = segment;
  for (let index = 1; index < fragments.length; index++) {
    const previous = fragments[index - 1] as Fragment;
    const next = fragments[index] as Fragment;
    const inGutter = previous.x1 <= gutter.x1 + GUTTER_SLACK_PT && next.x0 >= gutter.x0 - GUTTER_SLACK_PT;
    const spaced =
      /\s$/.test(previous.text) || segment.blanks.some(([x0, x1]) => x0 < next.x0 && x1 > previous.x1);
    if (inGutter && next.x0 >= previous.x1 - GUTTER_SLACK_PT && !spaced) {
      return [
        segmentOf(fragments.slice(0, index), segment.row, segment.blanks),
        segmentOf(fragments.slice(index), segment.row, segment.blanks),
      ];
    }
  }
  return null;
}

function splitAt(segments: readonly Segment[], gutter: Gutter): Split {
  const split: Split = { crossers: [], left: [], right: [] };
  const center = (gutter.x0 + gutter.x1) / 2;
  for (const segment of segments) {
    const spans = segment.x0 < gutter.x0 + 0.5 && segment.x1 > gutter.x1 - 0.5;
    const cut = spans ? cutAtGutter(segment, gutter) : null;
    if (cut) {
      split.left.push(cut[0]);
      split.right.push(cut[1]);
    } else if (spans) split.crossers.push(segment);
    else if ((segment.x0 + segment.x1) / 2 < center) split.left.push(segment);
    else split.right.push(segment);
  }
  return split;
}

function verticalSpan(segments: readonly Segment[]): [number, number] {
  const tops = segments.map((segment) => segment.y + segment.size);
  const bottoms = segments.map((segment) => segment.y);
  return [Math.min(...bottoms), Math.max(...tops)];
}

/** The sides must stand side by side (their vertical extents overlap by 30 % of the shorter one). */
function sideBySide(left: readonly Segment[], right: readonly Segment[]): boolean {
  const [leftLow, leftHigh] = verticalSpan(left);
  const [rightLow, rightHigh] = verticalSpan(right);
  const overlap = Math.min(leftHigh, rightHigh) - Math.max(leftLow, rightLow);
  return overlap >= 0.3 * Math.min(leftHigh - leftLow, rightHigh - rightLow);
}

function isColumnSplit(split: Split): boolean {
  const { left, right } = split;
  if (left.length < 2 || right.length < 2) return false;
  return sideBySide(left, right) && !isRowLayout(left, right);
}

function byRow(a: Segment, b: Segment): number {
  return b.y - a.y || a.x0 - b.x0;
}

/**
 * Bands between full-width segments, top to bottom: each band's left side, its right side, then the crosser.
 * Left first even for a sidebar on the right: on the fidelity dev set, reading a narrow right column first put a
 * three-column page's education before the name at the top left (offline score 0.93 -> 0.86) and helped nowhere.
 */
function bandOrder(split: Split, depth: number): Segment[][] {
  const crossers = [...split.crossers].sort(byRow);
  const regions: Segment[][] = [];
  let { left, right } = split;
  let crosserRun: Segment[] = [];
  for (const crosser of [...crossers, undefined]) {
    const above = (segment: Segment) => !crosser || segment.y > crosser.y;
    const band = [
      ...readingOrder(left.filter(above), depth + 1),
      ...readingOrder(right.filter(above), depth + 1),
    ];
    if (band.length > 0 && crosserRun.length > 0) {
      // Consecutive full-width lines form one region, so a paragraph across the page is read as one.
      regions.push(crosserRun);
      crosserRun = [];
    }
    regions.push(...band);
    left = left.filter((segment) => !above(segment));
    right = right.filter((segment) => !above(segment));
    if (crosser) crosserRun.push(crosser);
  }
  if (crosserRun.length > 0) regions.push(crosserRun);
  return regions;
}

/**
 * Regions of a page in reading order; each region is read row by row (top first). Tries gutters from the
 * cleanest (fewest crossings, then widest) and takes the first that splits the region into real columns.
 */
export function readingOrder(segments: readonly Segment[], depth = 0): Segment[][] {
  if (segments.length < 4 || depth >= MAX_DEPTH) return segments.length > 0 ? [[...segments]] : [];
  const limit = Math.floor(MAX_CROSSING_SHARE * segments.length);
  for (const gutter of candidateGutters(segments, limit)) {
    const split = splitAt(segments, gutter);
    if (isColumnSplit(split)) return bandOrder(split, depth);
  }
  return [[...segments]];
}
