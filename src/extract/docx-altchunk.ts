import { htmlToText } from "./docx-html.ts";
import type { Relationship } from "./docx-links.ts";
import { replaceElements } from "./docx-markup.ts";
import { decodeHtmlBytes, looksLikeMime, mhtHtml } from "./docx-mht.ts";
import { type DocxPackage, readPartBytes, resolveTarget } from "./docx-package.ts";
import { rtfToText } from "./docx-rtf.ts";
import { decodeText } from "./text.ts";

/**
 * `w:altChunk`: content imported from another format, which Word converts when it opens the file. Resume builders
 * and HTML-to-DOCX libraries put the whole resume in one HTML chunk, leaving the body otherwise empty.
 *
 * Each chunk is replaced by a placeholder paragraph before mammoth runs, and the placeholder's line by the
 * chunk's text afterwards, so the text keeps its place in the document. Formats, sniffed from the bytes (the
 * part name's extension is often wrong): HTML/XHTML, MHT (MIME, quoted-printable or base64), RTF, plain text,
 * and a nested DOCX (read by the caller, one level deep). Anything else, and external chunks, contribute nothing.
 */

export interface ChunkText {
  text: string;
  links: string[];
}

/** Reads a nested DOCX's text (docx.ts passes its own extraction; null = nesting too deep). */
export type NestedDocxReader = (bytes: Uint8Array) => Promise<ChunkText | null>;

/** Placeholder text: private-use delimiters around the chunk's index. */
const PLACEHOLDER = /\uE000altChunk(\d+)\uE001/g;
const placeholderOf = (index: number) => `\uE000altChunk${index}\uE001`;

/** Replaces each `w:altChunk` by a placeholder paragraph; returns the rewritten XML and the chunks' r:ids. */
export function markAltChunks(xml: string): { xml: string; ids: string[] } {
  const ids: string[] = [];
  if (!xml.includes("<w:altChunk")) return { xml, ids };
  const marked = replaceElements(xml, "w:altChunk", (element) => {
    ids.push(/\sr:id="([^"]*)"/.exec(element)?.[1] ?? "");
    return `<w:p><w:r><w:t>${placeholderOf(ids.length - 1)}</w:t></w:r></w:p>`;
  });
  return { xml: marked, ids };
}

/** Reads the chunks the relationships point at, in the order of `ids`. */
export async function readAltChunks(
  pkg: DocxPackage,
  sourcePart: string,
  rels: Map<string, Relationship>,
  ids: string[],
  readNested: NestedDocxReader,
): Promise<ChunkText[]> {
  const chunks: ChunkText[] = [];
  for (const id of ids) {
    const relationship = rels.get(id);
    const bytes =
      relationship && !relationship.external
        ? readPartBytes(pkg, resolveTarget(sourcePart, relationship.target))
        : null;
    chunks.push(bytes === null ? { text: "", links: [] } : await chunkText(bytes, readNested));
  }
  return chunks;
}

/** Markup that starts HTML pages and fragments; "<jane@example.com>" in plain text is not one of them. */
const HTML_START =
  /<(?:!doctype|\?xml|html|head|body|meta|p|div|span|table|ul|ol|h[1-6]|br|b|i|a|font|style)\b/i;

async function chunkText(bytes: Uint8Array, readNested: NestedDocxReader): Promise<ChunkText> {
  const empty = { text: "", links: [] };
  const head = Buffer.from(bytes.subarray(0, 512)).toString("latin1");
  if (head.startsWith("PK\u0003\u0004")) return (await readNested(bytes)) ?? empty;
  if (/^\s*\{\\rtf/.test(head)) return { text: rtfToText(bytes), links: [] };
  if (looksLikeMime(bytes)) {
    const html = mhtHtml(bytes);
    return html === null ? empty : htmlToText(html);
  }
  // Decoded for the test, so UTF-16 pages (BOM, a zero byte between letters) are recognised too.
  if (HTML_START.test(decodeText(bytes.subarray(0, 1024)))) return htmlToText(decodeHtmlBytes(bytes));
  return { text: decodeText(bytes).trim(), links: [] };
}

/** Puts each chunk's text where its placeholder line is (an unknown placeholder becomes nothing). */
export function fillAltChunks(text: string, chunks: ChunkText[]): string {
  if (chunks.length === 0) return text;
  return text.replace(PLACEHOLDER, (_, index: string) => chunks[Number(index)]?.text ?? "");
}
