/**
 * PDF resume templates: which sections go in which column, and in what order the positioned lines are drawn.
 * The drawing order is the point: pdf.js returns text in content-stream order, so a sidebar drawn first or
 * last, columns drawn row by row, dates drawn after their block and running headers each test a different
 * weakness.
 */
import type { Section, SectionKey } from "./content.ts";
import { recordOf } from "./content.ts";
import { type FontFamily, openPdf, PAGE_SIZES, type TrackingMode } from "./pdf-draw.ts";
import { Flow, type Frame, type LayoutParams, type Measure, type Placed } from "./pdf-layout.ts";
import type { Person } from "./person.ts";

export type PdfVariant =
  | "single"
  | "sidebar-first"
  | "sidebar-last"
  | "sidebar-right"
  | "interleaved"
  | "three-column";

export interface PdfSpec {
  variant: PdfVariant;
  family: FontFamily;
  pageSize: keyof typeof PAGE_SIZES;
  trackingMode: TrackingMode;
  layout: LayoutParams;
  margin: number;
  sidebarWidth: number;
  gutter: number;
  /**
   * When entry dates are drawn: right after their entry line, after the entry's whole block, or at page end.
   */
  dateOrder: "inline" | "after-block" | "page-end";
  /**
   * A line repeated on every page (name or contact) and a "Page 1 of 2" footer, drawn before or after the
   * page.
   */
  running: { header: "name" | "contact"; drawn: "first" | "last" } | null;
  /** A profile link label drawn on the name's line, right after it. */
  linkBesideName: boolean;
}

export interface RenderedFile {
  bytes: Uint8Array;
  pages: number;
  visible: string[];
  links: string[];
}

const SIDEBAR: readonly SectionKey[] = ["contact", "skills", "languages", "certifications"];

function columnsOf(
  spec: PdfSpec,
  sections: readonly Section[],
  width: number,
): { frameX: number; width: number; keys: SectionKey[] }[] {
  const all = sections.map((s) => s.key);
  const { margin, sidebarWidth: side, gutter } = spec;
  const rest = (keys: readonly SectionKey[]) => all.filter((key) => !keys.includes(key));
  const main = width - side - gutter;
  switch (spec.variant) {
    case "single":
      return [{ frameX: margin, width, keys: all }];
    case "sidebar-first":
      return [
        { frameX: margin, width: side, keys: [...SIDEBAR] },
        { frameX: margin + side + gutter, width: main, keys: rest(SIDEBAR) },
      ];
    case "sidebar-last":
      return [
        { frameX: margin + side + gutter, width: main, keys: rest(SIDEBAR) },
        { frameX: margin, width: side, keys: [...SIDEBAR] },
      ];
    case "sidebar-right":
      return [
        { frameX: margin, width: main, keys: rest(SIDEBAR) },
        { frameX: margin + main + gutter, width: side, keys: [...SIDEBAR] },
      ];
    case "interleaved": {
      const half = (width - gutter) / 2;
      const left: SectionKey[] = ["banner", "summary", "experience"];
      return [
        { frameX: margin, width: half, keys: left },
        { frameX: margin + half + gutter, width: half, keys: rest(left) },
      ];
    }
    case "three-column": {
      const third = (width - 2 * gutter) / 3;
      const middle: SectionKey[] = ["summary", "experience"];
      const first: SectionKey[] = ["contact", "skills", "languages"];
      return [
        { frameX: margin, width: third, keys: first },
        { frameX: margin + third + gutter, width: third, keys: middle },
        { frameX: margin + 2 * (third + gutter), width: third, keys: rest([...first, ...middle, "banner"]) },
      ];
    }
  }
}

/** Dates moved after the last line of their entry, or to the end of their page. */
function orderDates(lines: Placed[], order: PdfSpec["dateOrder"]): Placed[] {
  if (order === "inline") return lines;
  const dates = lines.filter((l) => l.kind === "date");
  const out = lines.filter((l) => l.kind !== "date");
  for (const date of dates) {
    const after =
      order === "after-block"
        ? out.findLastIndex((l) => l.group === date.group && l.page === date.page)
        : out.findLastIndex((l) => l.page === date.page);
    out.splice(after + 1, 0, date);
  }
  return out;
}

function marginLines(person: Person, spec: PdfSpec, pages: number, measure: Measure): Placed[] {
  if (!spec.running) return [];
  const [pageWidth, pageHeight] = PAGE_SIZES[spec.pageSize];
  const size = spec.layout.bodySize - 1;
  const header =
    spec.running.header === "name"
      ? person.name
      : [person.name, person.email, person.phone].join(spec.layout.separator);
  const out: Placed[] = [];
  for (let page = 0; page < pages; page += 1) {
    const footer = person.locale.pageOf(page + 1, pages);
    const footerX = (pageWidth - measure(footer, "regular", size, 0)) / 2;
    const base = {
      page,
      role: "regular" as const,
      size,
      tracking: 0,
      kind: "margin" as const,
      group: -1,
      links: [],
    };
    out.push(
      { ...base, x: spec.margin, y: pageHeight - 30, text: header },
      { ...base, x: footerX, y: 28, text: footer },
    );
  }
  return out;
}

function withMargins(content: Placed[], margins: Placed[], drawn: "first" | "last"): Placed[] {
  const pages = Math.max(0, ...content.map((l) => l.page), ...margins.map((l) => l.page));
  const out: Placed[] = [];
  for (let page = 0; page <= pages; page += 1) {
    const body = content.filter((l) => l.page === page);
    const margin = margins.filter((l) => l.page === page);
    out.push(...(drawn === "first" ? [...margin, ...body] : [...body, ...margin]));
  }
  return out;
}

function linkBesideName(person: Person, placed: Placed[], spec: PdfSpec, measure: Measure): string | null {
  const name = placed.find((l) => l.text === person.name && l.size === spec.layout.nameSize);
  const link = person.links[0];
  if (!name || !link) return null;
  const x = name.x + measure(name.text, name.role, name.size, name.tracking) + 10;
  const size = spec.layout.bodySize;
  placed.splice(placed.indexOf(name) + 1, 0, {
    ...name,
    x,
    text: link.label,
    role: "regular",
    size,
    tracking: 0,
    links: [{ start: 0, end: link.label.length, url: link.url }],
  });
  return link.url;
}

export async function renderPdf(
  person: Person,
  sections: readonly Section[],
  spec: PdfSpec,
): Promise<RenderedFile> {
  const pen = await openPdf(spec.family, spec.pageSize, spec.trackingMode);
  const [pageWidth, pageHeight] = PAGE_SIZES[spec.pageSize];
  const top = pageHeight - (spec.running ? 55 : spec.margin);
  const width = pageWidth - 2 * spec.margin;
  const bySection = new Map(sections.map((s) => [s.key, s]));
  const banner = bySection.get("banner");
  const bannerFlow = new Flow(pen.measure, spec.layout, { page: 0, y: top, group: 0 });
  const spanning = spec.variant === "three-column" && banner;
  if (spanning) bannerFlow.section(banner, { x: spec.margin, width, top, nextTop: top, bottom: spec.margin });
  const columnTop = spanning ? bannerFlow.cursor.y : top;
  let group = 1000;
  let content: Placed[] = [...bannerFlow.placed];
  for (const column of columnsOf(spec, sections, width)) {
    const flow = new Flow(pen.measure, spec.layout, { page: 0, y: columnTop, group });
    const frame: Frame = {
      x: column.frameX,
      width: column.width,
      top: columnTop,
      nextTop: top,
      bottom: spec.running ? 50 : spec.margin,
    };
    for (const key of column.keys) {
      const section = bySection.get(key);
      if (section && !(spanning && key === "banner")) flow.section(section, frame);
    }
    group = flow.cursor.group + 1000;
    content.push(...orderDates(flow.placed, spec.dateOrder));
  }
  if (spec.variant === "interleaved")
    content = [...content].sort((a, b) => a.page - b.page || b.y - a.y || a.x - b.x);
  const extraLink = spec.linkBesideName ? linkBesideName(person, content, spec, pen.measure) : null;
  const pages = Math.max(...content.map((l) => l.page)) + 1;
  const margins = marginLines(person, spec, pages, pen.measure);
  const placed = withMargins(content, margins, spec.running?.drawn ?? "first");
  const record = recordOf(sections);
  const title = `${person.name} – CV`;
  return {
    bytes: await pen.render(placed, { title, author: person.name }),
    pages,
    visible: [
      ...record.visible,
      ...margins.map((l) => l.text),
      ...(extraLink ? [person.links[0]?.label ?? ""] : []),
    ],
    links: [...record.links, ...(extraLink ? [extraLink] : [])],
  };
}
