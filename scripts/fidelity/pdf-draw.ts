/**
 * Draws positioned lines into a PDF with pdf-lib's standard fonts (WinAnsi: Latin-1 plus – — • “ ” €; Polish
 * letters such as ł cannot be drawn, so Polish resumes are DOCX only). Letter-spaced text is drawn either
 * glyph by glyph (one text object per letter, as design tools export it) or with the Tc character-spacing
 * operator. Link annotations cover their text; metadata dates are fixed so regenerated files are
 * byte-identical.
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts, setCharacterSpacing } from "pdf-lib";
import { addUriLink, FIXED_DATE } from "../lib/pdf-builder.ts";
import type { FontRole, Measure, Placed } from "./pdf-layout.ts";

export type FontFamily = "helvetica" | "times";
export type TrackingMode = "glyphs" | "char-spacing";

/** A4 and US Letter, points. */
export const PAGE_SIZES = { a4: [595.28, 841.89], letter: [612, 792] } as const;

export interface PdfPen {
  measure: Measure;
  /** Draws `placed` in array order and returns the file. */
  render(placed: readonly Placed[], options: { title: string; author: string }): Promise<Uint8Array>;
}

const FAMILIES: Record<FontFamily, Record<FontRole, StandardFonts>> = {
  helvetica: { regular: StandardFonts.Helvetica, bold: StandardFonts.HelveticaBold },
  times: { regular: StandardFonts.TimesRoman, bold: StandardFonts.TimesRomanBold },
};

function pageAt(doc: PDFDocument, pages: PDFPage[], index: number, size: readonly [number, number]): PDFPage {
  while (pages.length <= index) pages.push(doc.addPage([size[0], size[1]]));
  return pages[index] as PDFPage;
}

function drawLine(page: PDFPage, font: PDFFont, line: Placed, mode: TrackingMode): void {
  const color = rgb(0.12, 0.12, 0.12);
  if (line.tracking === 0) {
    page.drawText(line.text, { x: line.x, y: line.y, size: line.size, font, color });
  } else if (mode === "char-spacing") {
    page.pushOperators(setCharacterSpacing(line.tracking));
    page.drawText(line.text, { x: line.x, y: line.y, size: line.size, font, color });
    page.pushOperators(setCharacterSpacing(0));
  } else {
    let x = line.x;
    for (const char of line.text) {
      if (char !== " ") page.drawText(char, { x, y: line.y, size: line.size, font, color });
      x += font.widthOfTextAtSize(char, line.size) + line.tracking;
    }
  }
}

export async function openPdf(
  family: FontFamily,
  pageSize: keyof typeof PAGE_SIZES,
  mode: TrackingMode,
): Promise<PdfPen> {
  const doc = await PDFDocument.create();
  const fonts: Record<FontRole, PDFFont> = {
    regular: await doc.embedFont(FAMILIES[family].regular),
    bold: await doc.embedFont(FAMILIES[family].bold),
  };
  const measure: Measure = (text, role, size, tracking) =>
    fonts[role].widthOfTextAtSize(text, size) + tracking * [...text].length;
  return {
    measure,
    async render(placed, { title, author }) {
      doc.setTitle(title);
      doc.setAuthor(author);
      doc.setCreator("resume-watcher fidelity fixtures");
      doc.setProducer("pdf-lib");
      doc.setCreationDate(FIXED_DATE);
      doc.setModificationDate(FIXED_DATE);
      const pages: PDFPage[] = [];
      const lastPage = Math.max(0, ...placed.map((line) => line.page));
      for (let i = 0; i <= lastPage; i += 1) pageAt(doc, pages, i, PAGE_SIZES[pageSize]);
      for (const line of placed) {
        const page = pageAt(doc, pages, line.page, PAGE_SIZES[pageSize]);
        const font = fonts[line.role];
        drawLine(page, font, line, mode);
        for (const link of line.links) {
          const left = line.x + measure(line.text.slice(0, link.start), line.role, line.size, line.tracking);
          const right =
            left + measure(line.text.slice(link.start, link.end), line.role, line.size, line.tracking);
          addUriLink(doc, page, [left, line.y - 2, right, line.y + line.size], link.url);
        }
      }
      return doc.save();
    },
  };
}
