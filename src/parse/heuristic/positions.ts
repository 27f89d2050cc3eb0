/**
 * Groups the lines of an experience section into positions. Date lines are anchors: each position has one.
 * The header lines of a position are the short lines next to its anchor — as many above it as the first
 * position has (the document's layout repeats), plus up to two below it when they add a title, employer or
 * place. Everything else (bullets, paragraphs) is a highlight of the position above it. Without any dates,
 * a run of short lines followed by bullets or prose starts a position.
 */
import { type ColumnRole, columnRoles } from "./columns.ts";
import { type DateMatch, findDateSpan, withoutDates } from "./dates.ts";
import { joinWrapped, type Line } from "./lines.ts";
import { isPlace } from "./places.ts";
import { classifySegment } from "./roles.ts";
import { splitSegments } from "./segments.ts";

export interface HeaderLine {
  /** The line without its dates. */
  readonly text: string;
  /** The line as extracted, for table rows whose cells map to columns. */
  readonly raw: string;
}

export interface RawPosition {
  readonly headers: HeaderLine[];
  readonly span: DateMatch | null;
  readonly highlights: string[];
  /** How many header lines sit above the date line (0 for dates-first layouts). */
  readonly leading: number;
}

type RowKind = "bullet" | "header" | "prose";

interface Row {
  readonly kind: RowKind;
  readonly text: string;
  readonly raw: string;
  readonly span: DateMatch | null;
}

/** Header lines are short, not sentences, and do not continue a sentence (lower-case start). */
const MAX_HEADER_CHARS = 120;
const MAX_HEADER_WORDS = 14;
/**
 * A line may end in "." when the last word is an abbreviation: "Paylane Inc.", "Acme S.A.", "B.S.",
 * "Officine Meridiane S.p.A.", "Polderlicht B.V.".
 */
const ABBREVIATION_END = /(?:^|\s)(?:[\p{L}.]{1,4}|(?:\p{L}{1,2}\.){2,4})\.?$/u;

function isHeaderText(text: string): boolean {
  if (text === "") return true;
  if (text.length > MAX_HEADER_CHARS || text.split(/\s+/).length > MAX_HEADER_WORDS) return false;
  if (/^\p{Ll}/u.test(text)) return false;
  return !/[.!?]$/.test(text) || ABBREVIATION_END.test(text);
}

function toRow(line: Line): Row {
  if (line.bullet) return { kind: "bullet", text: line.text, raw: line.text, span: null };
  const span = findDateSpan(line.text);
  const text = span === null ? line.text : withoutDates(line.text, span);
  return { kind: isHeaderText(text) ? "header" : "prose", text, raw: line.text, span };
}

export interface PositionLayout {
  readonly positions: RawPosition[];
  /** Roles of the table columns when the section is a table with a header row. */
  readonly columns: ColumnRole[] | null;
}

export function groupPositions(lines: readonly Line[]): PositionLayout {
  let columns: ColumnRole[] | null = null;
  const rows: Row[] = [];
  for (const line of lines) {
    const roles = line.bullet ? null : columnRoles(line.text);
    if (roles === null) rows.push(toRow(line));
    else columns ??= roles;
  }
  const anchors = rows.flatMap((row, index) => (row.span !== null && row.kind === "header" ? [index] : []));
  const wraps = wrapsUnpunctuated(rows);
  const positions = anchors.length === 0 ? groupByBlocks(rows, wraps) : groupByAnchors(rows, anchors, wraps);
  return { positions, columns };
}

/** A highlight this long that ends in punctuation shows the writer closes sentences. */
const MIN_SENTENCE_WORDS = 6;

/**
 * Whether a highlight line without closing punctuation may continue on the next line. Yes when items are
 * bulleted (an unbulleted line is then a wrap) or sentences end in punctuation (the open one wraps); no when
 * neither: DOCX highlights as bare paragraphs without full stops are one item per line.
 */
function wrapsUnpunctuated(rows: readonly Row[]): boolean {
  return rows.some(
    (row) =>
      row.kind === "bullet" ||
      (row.kind === "prose" &&
        row.raw.split(/\s+/).length >= MIN_SENTENCE_WORDS &&
        /[.!?;]$/.test(row.raw.trim())),
  );
}

function groupByAnchors(rows: readonly Row[], anchors: readonly number[], wraps: boolean): RawPosition[] {
  const owner: number[] = rows.map(() => -1);
  anchors.forEach((anchor, position) => {
    owner[anchor] = position;
  });
  const leadingLimit = headersAbove(rows, anchors[0] ?? 0, owner, Number.POSITIVE_INFINITY);
  const leading = anchors.map((anchor, position) => claimAbove(rows, anchor, owner, position, leadingLimit));
  anchors.forEach((anchor, position) => {
    claimBelow(rows, anchor, owner, position, leading[position] ?? 0);
  });
  const positions: RawPosition[] = anchors.map((anchor, position) => ({
    headers: [],
    span: rows[anchor]?.span ?? null,
    highlights: [],
    leading: leading[position] ?? 0,
  }));
  let current: RawPosition | undefined;
  rows.forEach((row, index) => {
    const position = owner[index] ?? -1;
    if (position >= 0) {
      current = positions[position];
      if (row.text !== "") current?.headers.push({ text: row.text, raw: row.raw });
    } else if (current !== undefined) {
      addHighlight(current.highlights, row, wraps);
    }
  });
  return positions;
}

/** Number of unclaimed header rows directly above `anchor`, at most `limit` (3 at most in any case). */
function headersAbove(rows: readonly Row[], anchor: number, owner: readonly number[], limit: number): number {
  let count = 0;
  for (let i = anchor - 1; i >= 0 && count < Math.min(limit, 3); i--) {
    if (owner[i] !== -1 || rows[i]?.kind !== "header") break;
    count++;
  }
  return count;
}

function claimAbove(
  rows: readonly Row[],
  anchor: number,
  owner: number[],
  position: number,
  limit: number,
): number {
  const count = headersAbove(rows, anchor, owner, limit);
  for (let i = anchor - count; i < anchor; i++) owner[i] = position;
  return count;
}

/** Claims up to two header rows below the anchor, while they add something a position header needs. */
function claimBelow(
  rows: readonly Row[],
  anchor: number,
  owner: number[],
  position: number,
  leading: number,
): void {
  let segments = countSegments(rows, anchor - leading, anchor + 1);
  for (let i = anchor + 1; i < rows.length && i <= anchor + 2; i++) {
    const row = rows[i];
    if (owner[i] !== -1 || row?.kind !== "header") return;
    const known = splitSegments(row.text).some((segment) => classifySegment(segment.text) !== "unknown");
    if (!known && segments >= 2) return;
    owner[i] = position;
    segments += splitSegments(row.text).length;
  }
}

function countSegments(rows: readonly Row[], from: number, to: number): number {
  let count = 0;
  for (let i = Math.max(0, from); i < to; i++) count += splitSegments(rows[i]?.text ?? "").length;
  return count;
}

/** No dates anywhere: a run of header rows after a bullet or paragraph starts the next position. */
function groupByBlocks(rows: readonly Row[], wraps: boolean): RawPosition[] {
  const positions: RawPosition[] = [];
  let current: RawPosition | undefined;
  let inHeader = false;
  for (const row of rows) {
    if (row.kind === "header") {
      if (current === undefined || !inHeader || current.headers.length >= 3) {
        current = { headers: [], span: null, highlights: [], leading: 0 };
        positions.push(current);
      }
      current.headers.push({ text: row.text, raw: row.raw });
      inHeader = true;
    } else {
      inHeader = false;
      if (current !== undefined) addHighlight(current.highlights, row, wraps);
    }
  }
  return positions;
}

/**
 * Bullets start a highlight. A line without a bullet continues the previous highlight when it starts in lower
 * case or, when the section wraps (`wraps`), the previous one has no closing punctuation (a wrapped PDF line);
 * otherwise it is its own highlight (DOCX paragraphs, one achievement per paragraph). Contact details (a sidebar
 * drawn after the last position) are not highlights.
 */
function addHighlight(highlights: string[], row: { kind: RowKind; raw: string }, wraps: boolean): void {
  const text = row.raw.replace(/\t/g, " ").trim();
  if (text === "" || isContactDetail(text)) return;
  const last = highlights.at(-1);
  const continues = last !== undefined && (/^\p{Ll}/u.test(text) || (wraps && !/[.!?:;)]$/.test(last)));
  if (row.kind !== "bullet" && continues) {
    highlights[highlights.length - 1] = joinWrapped(last, text);
  } else {
    highlights.push(text);
  }
}

/** An e-mail address, a bare profile link or a "City, Country" line: contact details, not an achievement. */
function isContactDetail(text: string): boolean {
  return (
    /\S@\S+\.\p{L}{2,}/u.test(text) ||
    /^(?:https?:\/\/|www\.)?[\w.-]+\.[a-z]{2,}\/\S*$/i.test(text) ||
    isPlace(text)
  );
}
