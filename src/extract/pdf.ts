import type { PDFParse } from "pdf-parse";
import { FileError } from "../errors.ts";
import { appendMissingLinks } from "./links.ts";
import { normalizeText } from "./text.ts";

let loading: Promise<typeof PDFParse> | undefined;

/**
 * pdf-parse, loaded on first use, so that a function bundle needs neither pdf.js's worker file nor a canvas:
 * - The worker: a bundled function cannot find pdf.worker.mjs next to pdf.mjs ("Setting up fake worker failed").
 *   Importing pdf.js's worker module registers its message handler on globalThis.pdfjsWorker, which pdf.js then
 *   runs in-process without looking for a file. (pdf-parse/worker's getData() did the same with a data URL, but
 *   that module imports @napi-rs/canvas, a 31 MB native binary, 13.8 MB of every function zip.)
 * - The canvas: text extraction never renders, but pdf.js builds a DOMMatrix when its module loads (and otherwise
 *   polyfills DOMMatrix, Path2D and ImageData from @napi-rs/canvas, which the functions leave out: netlify.toml).
 *   Inert stand-ins for the three are defined first where Node has none; they are only used to render.
 * Dynamic imports: a bundler hoists static imports of packages above any code, stand-ins included.
 */
function loadPdfParse(): Promise<typeof PDFParse> {
  loading ??= (async () => {
    for (const name of ["DOMMatrix", "Path2D", "ImageData"]) {
      if (!(name in globalThis)) {
        Object.defineProperty(globalThis, name, { value: class {}, configurable: true, writable: true });
      }
    }
    // @ts-expect-error pdfjs-dist ships no types for its worker module (it is imported for its side effect)
    await import("pdfjs-dist/legacy/build/pdf.worker.mjs");
    return (await import("pdf-parse")).PDFParse;
  })();
  return loading;
}

/** pdf-parse error class names (matched by name: they survive being re-wrapped by pdf-parse's getException). */
const PASSWORD_ERRORS = new Set(["PasswordException"]);
const CORRUPT_ERRORS = new Set(["InvalidPDFException", "FormatError", "UnknownErrorException"]);

/**
 * Maps pdf-parse failures to stable codes. Anything else (a bug, a missing worker, out of memory) is not the
 * file's fault and is rethrown as is, so it is not recorded as a permanent "corrupt" verdict.
 */
function classify(error: unknown): unknown {
  const name = error instanceof Error ? error.name : "";
  if (PASSWORD_ERRORS.has(name)) {
    return new FileError(
      "encrypted_file",
      "the PDF is password-protected; upload a copy without a password to open it",
      { cause: error },
    );
  }
  if (CORRUPT_ERRORS.has(name)) {
    return new FileError(
      "corrupt_file",
      `the PDF cannot be read (damaged or truncated): ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return error;
}

/** URI targets of the link annotations on every page, in page order. */
async function linkTargets(parser: PDFParse): Promise<string[]> {
  const info = await parser.getInfo({ parsePageInfo: true });
  return info.pages.flatMap((page) => page.links.map((link) => link.url));
}

/**
 * Text of a PDF, page after page, followed by link targets that the text does not show.
 *
 * Order is the order of the content stream, with a line break wherever the baseline moves and a tab between
 * items far apart on one line. Word, Google Docs, LibreOffice and browser "print to PDF" write each column or
 * table cell as a run, so two-column resumes come out column by column. Layouts written row by row (a date column
 * beside each job, as LaTeX templates do) come out row by row, which keeps each date next to its job. We do not
 * re-cluster text into geometric columns: that would split exactly those date/job rows apart.
 *
 * Throws FileError: encrypted_file (needs a password), corrupt_file (not parseable, or no pages), image_only_pdf
 * (pages but no text).
 */
export async function extractPdf(bytes: Uint8Array): Promise<string> {
  // pdf.js transfers the buffer it is given to its worker, leaving the caller's Uint8Array detached (length 0):
  // hand it a copy so the caller can still hash or store the bytes afterwards.
  const Parser = await loadPdfParse();
  const parser = new Parser({ data: bytes.slice() });
  try {
    const { text, total } = await parser.getText({ pageJoiner: "" });
    if (total === 0) throw new FileError("corrupt_file", "the PDF has no pages");
    const body = normalizeText(text);
    if (body.length === 0) {
      throw new FileError(
        "image_only_pdf",
        "the PDF has no text layer (a scan or an image); it needs OCR, which this watcher does not do",
      );
    }
    return appendMissingLinks(body, await linkTargets(parser));
  } catch (error) {
    throw classify(error);
  } finally {
    await parser.destroy();
  }
}

/** The smallest PDF pdf.js opens: one empty page, no xref table (pdf.js rebuilds it by scanning). */
const WARM_UP_PDF =
  "%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n" +
  "3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n";

/**
 * Loads pdf.js's worker code (measured: 1–2 s on a cold 2-core machine) by parsing a tiny PDF. Without it the first
 * real PDF of a process pays that cost. Start it early, e.g. beside the bucket listing, so it overlaps with
 * network I/O. Never rejects.
 */
export async function warmUpPdf(): Promise<void> {
  await extractPdf(new TextEncoder().encode(WARM_UP_PDF)).catch(() => undefined);
}
