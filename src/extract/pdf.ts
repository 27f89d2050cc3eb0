import { FileError } from "../errors.ts";
import { assemblePdfText, type PdfPageContent } from "./pdf-assemble.ts";
import type { PdfLink } from "./pdf-links.ts";
import type { PdfTextItem } from "./pdf-rows.ts";
import { normalizeText } from "./text.ts";

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
type PdfDocument = Awaited<ReturnType<PdfJs["getDocument"]>["promise"]>;

let loading: Promise<PdfJs> | undefined;

/**
 * pdf.js (pdfjs-dist's legacy build, for Node), loaded on first use, so that a function bundle needs neither
 * pdf.js's worker file nor a canvas. Text is read from pdf.js directly because the layout needs each item's
 * position (pdf-parse, used before, flattened them away).
 * - The worker: a bundled function cannot find pdf.worker.mjs next to pdf.mjs ("Setting up fake worker failed").
 *   Importing pdf.js's worker module registers its message handler on globalThis.pdfjsWorker, which pdf.js then
 *   runs in-process without looking for a file. (pdf-parse/worker's getData() did the same with a data URL, but
 *   imported @napi-rs/canvas, a 31 MB native binary, 13.8 MB of every function zip.)
 * - The canvas: text extraction never renders, but pdf.js builds a DOMMatrix when its module loads (and otherwise
 *   polyfills DOMMatrix, Path2D and ImageData from @napi-rs/canvas, which the functions leave out: netlify.toml).
 *   Inert stand-ins for the three are defined first where Node has none; they are only used to render.
 * Dynamic imports: a bundler hoists static imports of packages above any code, stand-ins included.
 */
function loadPdfJs(): Promise<PdfJs> {
  loading ??= (async () => {
    for (const name of ["DOMMatrix", "Path2D", "ImageData"]) {
      if (!(name in globalThis)) {
        Object.defineProperty(globalThis, name, { value: class {}, configurable: true, writable: true });
      }
    }
    // @ts-expect-error pdfjs-dist ships no types for its worker module (it is imported for its side effect)
    await import("pdfjs-dist/legacy/build/pdf.worker.mjs");
    return import("pdfjs-dist/legacy/build/pdf.mjs");
  })();
  return loading;
}

/** pdf.js error class names (matched by name: they survive being re-wrapped). */
const PASSWORD_ERRORS = new Set(["PasswordException"]);
const CORRUPT_ERRORS = new Set(["InvalidPDFException", "FormatError", "UnknownErrorException"]);

/**
 * Maps pdf.js failures to stable codes. Anything else (a bug, a missing worker, out of memory) is not the
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

/** pdf.js's VerbosityLevel.ERRORS: no warnings on stdout for every odd font. */
const VERBOSITY_ERRORS = 0;

interface LinkAnnotation {
  subtype?: string;
  url?: string;
  unsafeUrl?: string;
  rect?: number[];
  overlaidText?: string;
}

function toLinks(annotations: readonly LinkAnnotation[], page: number): PdfLink[] {
  return annotations.flatMap((annotation) => {
    const url = annotation.url ?? annotation.unsafeUrl;
    if (annotation.subtype !== "Link" || !url) return [];
    return [{ url, page, rect: annotation.rect ?? [], anchor: annotation.overlaidText ?? "" }];
  });
}

async function readPage(doc: PdfDocument, number: number): Promise<PdfPageContent> {
  const page = await doc.getPage(number);
  const [content, annotations] = await Promise.all([
    page.getTextContent(),
    page.getAnnotations({ intent: "display" }) as Promise<LinkAnnotation[]>,
  ]);
  page.cleanup();
  const items: PdfTextItem[] = content.items.flatMap((item) => ("str" in item ? [item] : []));
  return { items, links: toLinks(annotations, number) };
}

/**
 * Text of a PDF in reading order (see pdf-assemble.ts): columns recovered from positions, letter-spacing and
 * end-of-line hyphenation joined, running headers and footers dropped, link targets beside their anchors (those
 * with no line to stand beside in a final "Links:" block).
 *
 * Throws FileError: encrypted_file (needs a password), corrupt_file (not parseable, or no pages), image_only_pdf
 * (pages but no text).
 */
export async function extractPdf(bytes: Uint8Array): Promise<string> {
  const pdfjs = await loadPdfJs();
  // pdf.js transfers the buffer it is given to its worker, leaving the caller's Uint8Array detached (length 0):
  // hand it a copy so the caller can still hash or store the bytes afterwards.
  const task = pdfjs.getDocument({ data: bytes.slice(), verbosity: VERBOSITY_ERRORS });
  try {
    const doc = await task.promise;
    if (doc.numPages === 0) throw new FileError("corrupt_file", "the PDF has no pages");
    const pages: PdfPageContent[] = [];
    for (let number = 1; number <= doc.numPages; number++) pages.push(await readPage(doc, number));
    const text = normalizeText(assemblePdfText(pages));
    if (text.length === 0) {
      throw new FileError(
        "image_only_pdf",
        "the PDF has no text layer (a scan or an image); it needs OCR, which this watcher does not do",
      );
    }
    return text;
  } catch (error) {
    throw classify(error);
  } finally {
    await task.destroy();
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
