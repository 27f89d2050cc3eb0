import { PDFDocument, type PDFFont, type PDFPage, PDFString, rgb, StandardFonts } from "pdf-lib";
import { makePng } from "./png.ts";

/**
 * Real PDFs built in memory with pdf-lib, for tests and samples. Text uses the standard Helvetica font, which only
 * covers WinAnsi (Latin-1 plus a few typographic characters: – — • € “ ”); anything else (Greek, CJK) cannot be
 * drawn and pdf-lib throws. Output is deterministic: all dates and metadata are fixed.
 *
 * Line syntax: "# Title" (large, bold), "## Section" (bold), "" (half-line gap), anything else is body text,
 * wrapped to the column width.
 */

export interface PdfLink {
  /** Visible text the link covers; the annotation is placed over its first occurrence. */
  text: string;
  /** Target, e.g. "https://…", "mailto:…". */
  url: string;
}

export interface PdfLayout {
  /** Main column (the only column unless `sidebar` is given). */
  main: readonly string[];
  /** Left sidebar for two-column layouts; drawn first, as resume designers' tools do. */
  sidebar?: readonly string[];
}

export interface PdfOptions {
  links?: readonly PdfLink[];
  /** Metadata; default "Resume". */
  title?: string;
  author?: string;
}

/** Fixed metadata dates so regenerated files are byte-identical. */
export const FIXED_DATE = new Date("2024-01-15T09:00:00Z");

const PAGE = { width: 595.28, height: 841.89 } as const; // A4 in points
const MARGIN = 50;
const SIDEBAR_WIDTH = 150;
const GUTTER = 24;
const BODY_SIZE = 11;

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

interface Column {
  x: number;
  width: number;
}

interface Cursor {
  doc: PDFDocument;
  page: PDFPage;
  y: number;
  fonts: Fonts;
  links: PdfLink[];
}

function styleOf(line: string, fonts: Fonts): { text: string; font: PDFFont; size: number } {
  if (line.startsWith("# ")) return { text: line.slice(2), font: fonts.bold, size: 20 };
  if (line.startsWith("## ")) return { text: line.slice(3), font: fonts.bold, size: 12.5 };
  return { text: line, font: fonts.regular, size: BODY_SIZE };
}

/** Greedy word wrap to `width` points. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(" ")) {
    const candidate = current ? `${current} ${word}` : word;
    if (current && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(current);
      current = word;
    } else {
      current = candidate;
    }
  }
  lines.push(current);
  return lines;
}

/** A borderless link annotation over `rect` ([x0, y0, x1, y1], points) opening `url` (URI action). */
export function addUriLink(doc: PDFDocument, page: PDFPage, rect: readonly number[], url: string): void {
  const annotation = doc.context.obj({
    Type: "Annot",
    Subtype: "Link",
    Rect: [...rect],
    Border: [0, 0, 0],
    A: { Type: "Action", S: "URI", URI: PDFString.of(url) },
  });
  page.node.addAnnot(doc.context.register(annotation));
}

/** Places annotations for links whose text appears on this drawn line (each link once). */
function linkLine(cursor: Cursor, line: string, x: number, font: PDFFont, size: number): void {
  for (const link of [...cursor.links]) {
    const at = line.indexOf(link.text);
    if (at < 0) continue;
    const left = x + font.widthOfTextAtSize(line.slice(0, at), size);
    const right = left + font.widthOfTextAtSize(link.text, size);
    addUriLink(cursor.doc, cursor.page, [left, cursor.y - 2, right, cursor.y + size], link.url);
    cursor.links.splice(cursor.links.indexOf(link), 1);
  }
}

function drawColumn(cursor: Cursor, lines: readonly string[], column: Column): void {
  for (const raw of lines) {
    if (raw === "") {
      cursor.y -= BODY_SIZE * 0.6;
      continue;
    }
    const { text, font, size } = styleOf(raw, cursor.fonts);
    if (raw.startsWith("#")) cursor.y -= size * 0.5;
    for (const line of wrap(text, font, size, column.width)) {
      if (cursor.y < MARGIN + size) {
        cursor.page = cursor.doc.addPage([PAGE.width, PAGE.height]);
        cursor.y = PAGE.height - MARGIN;
      }
      cursor.y -= size * 1.45;
      cursor.page.drawText(line, { x: column.x, y: cursor.y, size, font, color: rgb(0.1, 0.1, 0.1) });
      linkLine(cursor, line, column.x, font, size);
    }
  }
}

async function newDocument(options: PdfOptions): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  doc.setTitle(options.title ?? "Resume");
  if (options.author) doc.setAuthor(options.author);
  doc.setCreator("resume-watcher test fixtures");
  doc.setProducer("pdf-lib");
  doc.setCreationDate(FIXED_DATE);
  doc.setModificationDate(FIXED_DATE);
  return doc;
}

/** A text PDF: one column from a list of lines, or a sidebar + main column layout. */
export async function makePdf(
  input: readonly string[] | PdfLayout,
  options: PdfOptions = {},
): Promise<Uint8Array> {
  const layout: PdfLayout = Array.isArray(input) ? { main: input } : (input as PdfLayout);
  const doc = await newDocument(options);
  const fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  };
  const page = doc.addPage([PAGE.width, PAGE.height]);
  const cursor: Cursor = { doc, page, y: PAGE.height - MARGIN, fonts, links: [...(options.links ?? [])] };
  const fullWidth = PAGE.width - 2 * MARGIN;
  if (layout.sidebar) {
    drawColumn(cursor, layout.sidebar, { x: MARGIN, width: SIDEBAR_WIDTH });
    Object.assign(cursor, { page, y: PAGE.height - MARGIN });
    const mainX = MARGIN + SIDEBAR_WIDTH + GUTTER;
    drawColumn(cursor, layout.main, { x: mainX, width: fullWidth - SIDEBAR_WIDTH - GUTTER });
  } else {
    drawColumn(cursor, layout.main, { x: MARGIN, width: fullWidth });
  }
  return doc.save();
}

/** A "scanned" resume: one page holding only an image, no text layer at all. */
export async function makeImageOnlyPdf(): Promise<Uint8Array> {
  const doc = await newDocument({ title: "Scan" });
  const image = await doc.embedPng(makePng({ width: 120, height: 160 }));
  const page = doc.addPage([PAGE.width, PAGE.height]);
  page.drawImage(image, {
    x: MARGIN,
    y: MARGIN,
    width: PAGE.width - 2 * MARGIN,
    height: PAGE.height - 2 * MARGIN,
  });
  return doc.save();
}
