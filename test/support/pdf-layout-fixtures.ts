import {
  PDFDocument,
  type PDFFont,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  StandardFonts,
  setCharacterSpacing,
} from "pdf-lib";
import { addUriLink, FIXED_DATE } from "../../scripts/lib/pdf-builder.ts";

/**
 * PDFs drawn piece by piece at given positions and in a given content-stream order, to reproduce what designer
 * templates, LaTeX and browsers write: columns drawn in any order, letter-spacing (character spacing or one glyph
 * at a time), running headers, links behind words. A4 pages (595 × 842 pt), Helvetica, y measured from the bottom.
 */

export interface Draw {
  text: string;
  x: number;
  /** Baseline, points from the bottom of the page. */
  y: number;
  /** 0-based page index; default 0. */
  page?: number;
  /** Font size in points; default 11. */
  size?: number;
  bold?: boolean;
  /** Character spacing (the PDF Tc operator) in points. */
  tracking?: number;
  /** Draws each glyph on its own, this many points apart (how browsers print CSS letter-spacing). */
  glyphGap?: number;
}

export interface LinkOnText {
  /** Visible text the link covers: the first draw containing it, on `page` if given. */
  text: string;
  url: string;
  page?: number;
  /** An explicit rectangle [x0, y0, x1, y1] instead (an icon's link covers no text); `text` is then ignored. */
  rect?: number[];
}

export const PAGE_HEIGHT = 842;
const PAGE_WIDTH = 595;

/** Draws for a column of body lines, top to bottom from `top`, `step` points apart. */
export function column(lines: readonly string[], x: number, top: number, step = 16, page = 0): Draw[] {
  return lines.map((text, index) => ({ text, x, y: top - index * step, page }));
}

function drawGlyphs(page: PDFPage, draw: Draw, font: PDFFont, size: number): void {
  let x = draw.x;
  for (const glyph of draw.text) {
    if (glyph !== " ") page.drawText(glyph, { x, y: draw.y, size, font });
    x += font.widthOfTextAtSize(glyph, size) + (draw.glyphGap ?? 0);
  }
}

function drawOne(page: PDFPage, draw: Draw, fonts: { regular: PDFFont; bold: PDFFont }): void {
  const font = draw.bold ? fonts.bold : fonts.regular;
  const size = draw.size ?? 11;
  if (draw.glyphGap !== undefined) {
    drawGlyphs(page, draw, font, size);
    return;
  }
  if (draw.tracking) page.pushOperators(pushGraphicsState(), setCharacterSpacing(draw.tracking));
  page.drawText(draw.text, { x: draw.x, y: draw.y, size, font });
  if (draw.tracking) page.pushOperators(popGraphicsState());
}

function linkRect(draws: readonly Draw[], link: LinkOnText, font: PDFFont): { page: number; rect: number[] } {
  const draw = draws.find(
    (candidate) =>
      candidate.text.includes(link.text) && (link.page ?? candidate.page ?? 0) === (candidate.page ?? 0),
  );
  if (!draw) throw new Error(`no drawn text contains "${link.text}"`);
  const size = draw.size ?? 11;
  const left = draw.x + font.widthOfTextAtSize(draw.text.slice(0, draw.text.indexOf(link.text)), size);
  const right = left + font.widthOfTextAtSize(link.text, size);
  return { page: draw.page ?? 0, rect: [left, draw.y - 2, right, draw.y + size] };
}

/** A PDF with the draws in array order (that is the content-stream order) and link annotations over texts. */
export async function makeLayoutPdf(
  draws: readonly Draw[],
  links: readonly LinkOnText[] = [],
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(FIXED_DATE);
  doc.setModificationDate(FIXED_DATE);
  const fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  };
  const pageCount = Math.max(1, ...draws.map((draw) => (draw.page ?? 0) + 1));
  const pages = Array.from({ length: pageCount }, () => doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]));
  for (const draw of draws) drawOne(pages[draw.page ?? 0] as PDFPage, draw, fonts);
  for (const link of links) {
    const { page, rect } = link.rect
      ? { page: link.page ?? 0, rect: link.rect }
      : linkRect(draws, link, fonts.regular);
    addUriLink(doc, pages[page] as PDFPage, rect, link.url);
  }
  return doc.save();
}
