/**
 * Lays content sections out on PDF pages: word wrap (with real end-of-line hyphenation when asked), bullets
 * with a hanging indent, dates in a column of their own, page breaks. The result is a list of positioned
 * lines; the order they are drawn in is the template's choice (column by column, row by row, dates last …),
 * as design tools differ.
 */
import type { Line, Section, Style } from "./content.ts";

export type FontRole = "regular" | "bold";

export interface LinkRange {
  start: number;
  end: number;
  url: string;
}

export interface Placed {
  page: number;
  x: number;
  /** Baseline, points from the bottom of the page. */
  y: number;
  text: string;
  role: FontRole;
  size: number;
  /** Extra space after each glyph, points (letter-spacing); 0 for normal text. */
  tracking: number;
  kind: "content" | "date" | "margin";
  /** Entry the line belongs to (a job and its bullets share one), for drawing dates after their block. */
  group: number;
  links: LinkRange[];
}

/** Width of `text` in points, with `tracking` points after every glyph. */
export type Measure = (text: string, role: FontRole, size: number, tracking: number) => number;

export interface Frame {
  x: number;
  width: number;
  /** Baseline start on the first page and on later pages, points from the bottom. */
  top: number;
  nextTop: number;
  bottom: number;
}

export interface LayoutParams {
  bodySize: number;
  nameSize: number;
  /** Letter-spacing of names and headings, points (0 = none). */
  nameTracking: number;
  headingTracking: number;
  upperHeadings: boolean;
  /** Where entry dates go when lines carry them: right-aligned on the entry line, or a column on the left. */
  dates: { side: "right" | "left"; width: number } | null;
  separator: string;
  /** Line height as a multiple of the type size; 1.4 unless a template sets its text looser. */
  leading?: number;
}

export interface Cursor {
  page: number;
  y: number;
  group: number;
}

interface StyleMetrics {
  role: FontRole;
  size: number;
  tracking: number;
}

function metricsOf(style: Style, params: LayoutParams): StyleMetrics {
  switch (style) {
    case "name":
      return { role: "bold", size: params.nameSize, tracking: params.nameTracking };
    case "headline":
      return { role: "regular", size: params.bodySize + 2, tracking: 0 };
    case "heading":
      return { role: "bold", size: params.bodySize + 2, tracking: params.headingTracking };
    case "entry":
      return { role: "bold", size: params.bodySize, tracking: 0 };
    case "meta":
      return { role: "regular", size: params.bodySize - 1, tracking: 0 };
    default:
      return { role: "regular", size: params.bodySize, tracking: 0 };
  }
}

const SPLITTABLE = /^(\p{L}{7,})([,.;:]?)$/u;
const COMPOUND = /^(\p{L}+-)(\p{L}+[,.;:]?)$/u;
const SYLLABLE_START = /^[^aeiouyäöüéèêàáâíóôõúãœ][aeiouyäöüéèêàáâíóôõúã]/iu;

/** Splits `word` so its head (plus a hyphen for a soft break) fits in `room` points; null when it cannot. */
function splitWord(word: string, room: number, fits: (text: string) => number): [string, string] | null {
  const compound = COMPOUND.exec(word);
  if (compound?.[1] && compound[2] && fits(compound[1]) <= room) return [compound[1], compound[2]];
  const plain = SPLITTABLE.exec(word);
  if (!plain?.[1]) return null;
  const letters = plain[1];
  // Longest head that fits, preferring a syllable start (consonant then vowel: "Kennzahlensys-teme").
  let fallback: [string, string] | null = null;
  for (let at = letters.length - 3; at >= 3; at -= 1) {
    const head = `${letters.slice(0, at)}-`;
    if (fits(head) > room) continue;
    const split: [string, string] = [head, `${letters.slice(at)}${plain[2] ?? ""}`];
    if (SYLLABLE_START.test(letters.slice(at, at + 2))) return split;
    fallback ??= split;
  }
  return fallback;
}

/**
 * Greedy wrap; with `hyphenate`, a long word crossing the edge is split there, as typesetting software does.
 */
export function wrap(
  text: string,
  width: number,
  widthOf: (text: string) => number,
  hyphenate: boolean,
): string[] {
  const lines: string[] = [];
  let current = "";
  const words = text.split(" ");
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] ?? "";
    const candidate = current ? `${current} ${word}` : word;
    const compound = hyphenate ? COMPOUND.exec(word) : null;
    // A real compound past the middle of a line ends it at its own hyphen ("Rhein-" + "Main").
    if (
      compound?.[1] &&
      compound[2] &&
      current &&
      widthOf(current) > width / 2 &&
      widthOf(`${current} ${compound[1]}`) <= width
    ) {
      lines.push(`${current} ${compound[1]}`);
      current = compound[2];
      continue;
    }
    if (!current || widthOf(candidate) <= width) {
      current = candidate;
      continue;
    }
    const split = hyphenate ? splitWord(word, width - widthOf(`${current} `), widthOf) : null;
    if (split) {
      lines.push(`${current} ${split[0]}`);
      current = split[1];
    } else {
      lines.push(current);
      current = word;
    }
  }
  lines.push(current);
  return lines;
}

function linkRanges(line: Line, separator: string): { text: string; links: LinkRange[] } {
  let text = "";
  const links: LinkRange[] = [];
  line.segments.forEach((segment, i) => {
    if (i > 0) text += separator;
    if (segment.link)
      links.push({ start: text.length, end: text.length + segment.text.length, url: segment.link });
    text += segment.text;
  });
  return { text, links };
}

export class Flow {
  readonly placed: Placed[] = [];

  constructor(
    private readonly measure: Measure,
    private readonly params: LayoutParams,
    readonly cursor: Cursor,
  ) {}

  /**
   * Moves down by `height` points, starting a new page (at the frame's `nextTop`) when it would pass the
   * bottom.
   */
  private advance(frame: Frame, height: number): void {
    if (this.cursor.y - height < frame.bottom) {
      this.cursor.page += 1;
      this.cursor.y = frame.nextTop;
    }
    this.cursor.y -= height;
  }

  section(section: Section, frame: Frame): void {
    if (section.heading) {
      const m = metricsOf("heading", this.params);
      const text = this.params.upperHeadings ? section.heading.toUpperCase() : section.heading;
      this.advance(frame, m.size * 0.6);
      this.put(frame.x, frame, text, m, "content", []);
    }
    const shift =
      this.params.dates?.side === "left" && section.lines.some((l) => l.date) ? this.params.dates.width : 0;
    const inner = { ...frame, x: frame.x + shift, width: frame.width - shift };
    for (const line of section.lines) this.line(line, inner, frame);
    this.advance(frame, this.params.bodySize * 0.5);
  }

  private put(
    x: number,
    frame: Frame,
    text: string,
    m: StyleMetrics,
    kind: Placed["kind"],
    links: LinkRange[],
  ): void {
    this.advance(frame, m.size * (this.params.leading ?? 1.4));
    this.placed.push({
      page: this.cursor.page,
      x,
      y: this.cursor.y,
      text,
      role: m.role,
      size: m.size,
      tracking: m.tracking,
      kind,
      group: this.cursor.group,
      links,
    });
  }

  private line(line: Line, frame: Frame, outer: Frame): void {
    const m = metricsOf(line.style, this.params);
    if (line.style === "entry") {
      this.cursor.group += 1;
      this.advance(frame, m.size * 0.4);
    }
    const { text, links } = linkRanges(line, this.params.separator);
    const widthOf = (t: string) => this.measure(t, m.role, m.size, m.tracking);
    const dateRoom =
      line.date && this.params.dates?.side === "right"
        ? this.measure(line.date, "regular", m.size, 0) + 10
        : 0;
    const bullet = line.style === "bullet" ? "• " : "";
    const indent = bullet ? widthOf(bullet) : 0;
    const pieces =
      links.length > 0
        ? this.segmentLines(line, frame.width, widthOf)
        : wrap(text, frame.width - dateRoom - indent, widthOf, line.hyphenate === true);
    pieces.forEach((piece, i) => {
      const shown =
        i === 0
          ? `${bullet}${typeof piece === "string" ? piece : piece.text}`
          : typeof piece === "string"
            ? piece
            : piece.text;
      const pieceLinks = typeof piece === "string" ? [] : piece.links;
      this.put(frame.x + (i > 0 ? indent : 0), frame, shown, m, "content", pieceLinks);
      if (i === 0 && line.date) this.putDate(line.date, frame, outer, m.size);
    });
  }

  /** Contact lines: segments joined by the separator, broken between segments when too wide. */
  private segmentLines(
    line: Line,
    width: number,
    widthOf: (t: string) => number,
  ): { text: string; links: LinkRange[] }[] {
    const out: { text: string; links: LinkRange[] }[] = [];
    let current: Line = { ...line, segments: [] };
    for (const segment of line.segments) {
      const next = { ...current, segments: [...current.segments, segment] };
      if (current.segments.length > 0 && widthOf(linkRanges(next, this.params.separator).text) > width) {
        out.push(linkRanges(current, this.params.separator));
        current = { ...line, segments: [segment] };
      } else current = next;
    }
    out.push(linkRanges(current, this.params.separator));
    return out;
  }

  /** A date beside its entry line; in a left column too narrow for it, "start –" and "end" on two lines. */
  private putDate(date: string, frame: Frame, outer: Frame, size: number): void {
    const left = this.params.dates?.side === "left";
    const room = (this.params.dates?.width ?? 0) - 8;
    const dash = date.indexOf(" – ");
    const pieces =
      left && dash > 0 && this.measure(date, "regular", size, 0) > room
        ? [date.slice(0, dash + 2), date.slice(dash + 3)]
        : [date];
    pieces.forEach((piece, i) => {
      const width = this.measure(piece, "regular", size, 0);
      const x = left ? outer.x : frame.x + frame.width - width;
      const y = this.cursor.y - i * size * 1.4;
      const base = {
        page: this.cursor.page,
        role: "regular" as const,
        size,
        tracking: 0,
        group: this.cursor.group,
      };
      this.placed.push({ ...base, x, y, text: piece, kind: "date", links: [] });
    });
  }
}
