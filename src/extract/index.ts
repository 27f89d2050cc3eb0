import { FileError } from "../errors.ts";
import { type DocumentKind, detectType, isRejected } from "./detect.ts";
import { extractDocx } from "./docx.ts";
import { extractPdf, warmUpPdf } from "./pdf.ts";
import { decodeText, normalizeText, truncateText } from "./text.ts";

export { type DocumentKind, detectType, isRejected, type RejectedType } from "./detect.ts";

/**
 * Default cap on the text handed to the parser, in characters (UTF-16 code units): 50,000.
 * A dense two-page resume is 6–10k characters and a ten-page academic CV about 30k, so real resumes are never cut.
 * 50k characters are ~12.5k tokens, which bounds the cost and latency of one OpenAI call; anything longer is
 * almost certainly not a resume (a thesis, a book), and its first 50k characters still hold the candidate's details.
 */
export const MAX_TEXT_CHARS = 50_000;

export interface ExtractedText {
  kind: DocumentKind;
  /** Normalized text (see normalizeText), at most `maxChars` long. */
  text: string;
  /** True when the text was cut at `maxChars`. */
  truncated: boolean;
  /** Length of the full text before any cut, in UTF-16 code units (so `truncated` = `chars > text.length`). */
  chars: number;
}

export interface ExtractOptions {
  /** Cap on the returned text; default MAX_TEXT_CHARS. */
  maxChars?: number;
}

function extractPlainText(bytes: Uint8Array): string {
  const text = normalizeText(decodeText(bytes));
  if (text.length === 0) throw new FileError("no_text", "the text file contains only whitespace");
  return text;
}

async function fullText(kind: DocumentKind, bytes: Uint8Array): Promise<string> {
  switch (kind) {
    case "pdf":
      return extractPdf(bytes);
    case "docx":
      return extractDocx(bytes);
    case "text":
      return extractPlainText(bytes);
  }
}

/**
 * Text of a resume file, typed by its magic bytes (the file name is never consulted).
 *
 * Throws FileError with code empty_file, unsupported_type, encrypted_file, corrupt_file, image_only_pdf, no_text
 * or too_large. Other errors (a library bug, a missing pdf.js worker) are rethrown unchanged: they are not the
 * file's fault and must not be recorded as a permanent verdict on it.
 */
export async function extractText(bytes: Uint8Array, options: ExtractOptions = {}): Promise<ExtractedText> {
  const detected = detectType(bytes);
  if (isRejected(detected)) throw new FileError(detected.code, detected.message);
  const text = await fullText(detected, bytes);
  const cut = truncateText(text, options.maxChars ?? MAX_TEXT_CHARS);
  return { kind: detected, text: cut.text, truncated: cut.truncated, chars: text.length };
}

/**
 * Loads what the first extraction of a process would otherwise load on the clock (pdf.js's worker, 1–2 s cold).
 * Optional; call it early and let it run beside I/O. Never rejects.
 */
export async function warmUpExtractors(): Promise<void> {
  await warmUpPdf();
}
