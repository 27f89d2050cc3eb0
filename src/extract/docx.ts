import mammoth from "mammoth";
import { FileError } from "../errors.ts";
import { type ChunkText, fillAltChunks, markAltChunks, readAltChunks } from "./docx-altchunk.ts";
import { canonicalHyperlinkFields, simpleFieldsAsComplex } from "./docx-fields.ts";
import { dropHiddenRuns, hiddenStyles } from "./docx-hidden.ts";
import { relationships } from "./docx-links.ts";
import {
  decodeXmlEntities,
  drawingTextBoxesAsPict,
  dropMovedFrom,
  dropPlaceholderControls,
  resolveAlternateContent,
  specialCharactersAsText,
} from "./docx-markup.ts";
import {
  type DocxPackage,
  MAIN_DOCUMENT,
  mammothFile,
  openPackage,
  partsMatching,
  readPart,
  relsPathOf,
} from "./docx-package.ts";
import { partText } from "./docx-walk.ts";
import { mammothHtmlToText } from "./docx-xml.ts";
import { appendMissingLinks } from "./links.ts";
import { normalizeText } from "./text.ts";

export { MAX_DOCX_PART_BYTES } from "./docx-package.ts";

const HEADER_PART = /^word\/header(\d*)\.xml$/;
const FOOTER_PART = /^word\/footer(\d*)\.xml$/;
const NOTES_PART = /^word\/(?:footnotes|endnotes)\.xml$/;
/** A DOCX inside a DOCX (an `w:altChunk`) is read; one inside that is not (a crafted file could nest forever). */
const MAX_NESTED_DOCX = 1;

/** Images become empty `<img>` tags instead of base64 data URIs (megabytes of text we would throw away). */
const dropImages = mammoth.images.imgElement(async () => ({ src: "" }));

/** The rewrites every part gets before it is read (see docx-markup.ts, docx-hidden.ts and docx-fields.ts). */
function visibleMarkup(xml: string, hidden: Set<string>): string {
  const resolved = dropPlaceholderControls(dropMovedFrom(resolveAlternateContent(xml)));
  const fields = canonicalHyperlinkFields(simpleFieldsAsComplex(dropHiddenRuns(resolved, hidden)));
  return specialCharactersAsText(fields);
}

/**
 * Body text by mammoth (paragraphs, line breaks, lists, tables, text boxes and footnotes in document order, link
 * targets beside their text) from the rewritten main document, plus the targets of the links it saw.
 */
async function bodyText(pkg: DocxPackage, documentXml: string, hidden: Set<string>): Promise<ChunkText> {
  const rewrite = (name: string, stored: () => string) => {
    if (name === MAIN_DOCUMENT) return documentXml;
    return NOTES_PART.test(name) ? drawingTextBoxesAsPict(visibleMarkup(stored(), hidden)) : stored();
  };
  try {
    // `file` is mammoth's own zip interface (unzip.js), absent from its typings; `buffer` would make it inflate
    // every part again, without our cap and without our rewrites.
    const input = { file: mammothFile(pkg, rewrite) } as unknown as { buffer: Buffer };
    const { value: html } = await mammoth.convertToHtml(input, { convertImage: dropImages });
    const links = [...html.matchAll(/<a href="([^"#][^"]*)"/g)].map((match) =>
      decodeXmlEntities(match[1] ?? ""),
    );
    return { text: mammothHtmlToText(html), links };
  } catch (error) {
    if (error instanceof FileError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new FileError("corrupt_file", `the DOCX cannot be read: ${reason}`, { cause: error });
  }
}

function collapseSpace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Keeps blocks with text that neither an earlier block nor the body already contains. */
function newBlocks(blocks: string[], body: string): string[] {
  const seen = collapseSpace(body);
  const kept: string[] = [];
  for (const block of blocks) {
    const flat = collapseSpace(block);
    if (flat.length === 0 || seen.includes(flat) || kept.some((earlier) => collapseSpace(earlier) === flat))
      continue;
    kept.push(block);
  }
  return kept;
}

/** A header or footer: its visible text, link targets beside their anchors, and those targets. */
function readMarginPart(pkg: DocxPackage, name: string, hidden: Set<string>): ChunkText {
  const xml = visibleMarkup(readPart(pkg, name) ?? "", hidden);
  return partText(xml, relationships(readPart(pkg, relsPathOf(name)) ?? ""));
}

/**
 * What special spaces and hyphens look like on the page: plain spaces, "-", nothing for an optional hyphen or a
 * zero-width space / word joiner (which some templates put inside addresses to stop auto-linking).
 */
function visibleCharacters(text: string): string {
  return text
    .replace(/[\u00a0\u2007\u202f]/g, " ")
    .replace(/\u2011/g, "-")
    .replace(/[\u00ad\u200b\u2060]/g, "");
}

/** Nested DOCX chunks are read as documents of their own, and contribute nothing when they cannot be. */
function nestedReader(depth: number) {
  return async (bytes: Uint8Array): Promise<ChunkText | null> => {
    if (depth >= MAX_NESTED_DOCX) return null;
    try {
      return await docxContent(bytes, depth + 1);
    } catch (error) {
      if (error instanceof FileError) return null;
      throw error;
    }
  };
}

async function docxContent(bytes: Uint8Array, depth: number): Promise<ChunkText> {
  const pkg = openPackage(bytes);
  const hidden = hiddenStyles(readPart(pkg, "word/styles.xml") ?? "");
  const documentRels = relationships(readPart(pkg, relsPathOf(MAIN_DOCUMENT)) ?? "");
  const marked = markAltChunks(visibleMarkup(readPart(pkg, MAIN_DOCUMENT) ?? "", hidden));
  const chunks = await readAltChunks(pkg, MAIN_DOCUMENT, documentRels, marked.ids, nestedReader(depth));
  const body = await bodyText(pkg, drawingTextBoxesAsPict(marked.xml), hidden);
  const bodyWithChunks = fillAltChunks(body.text, chunks);
  const headers = partsMatching(pkg, HEADER_PART).map((name) => readMarginPart(pkg, name, hidden));
  const footers = partsMatching(pkg, FOOTER_PART).map((name) => readMarginPart(pkg, name, hidden));

  const headerTexts = newBlocks(
    headers.map((part) => part.text),
    bodyWithChunks,
  );
  const footerTexts = newBlocks(
    footers.map((part) => part.text),
    [bodyWithChunks, ...headerTexts].join("\n"),
  );
  const text = visibleCharacters([...headerTexts, bodyWithChunks, ...footerTexts].join("\n\n"));
  // In reading order; the document's own relationships last, for links no reader rendered.
  const externalTargets = [...documentRels.values()]
    .filter((rel) => rel.external && rel.type.endsWith("/hyperlink"))
    .map((rel) => rel.target);
  const links = [
    ...headers.flatMap((part) => part.links),
    ...body.links,
    ...chunks.flatMap((chunk) => chunk.links),
    ...footers.flatMap((part) => part.links),
    ...externalTargets,
  ];
  return { text, links };
}

/**
 * Text of a DOCX: headers first (contact details often live there), then the body (mammoth: paragraphs, lists,
 * tables, text boxes, footnotes; `w:altChunk` imports in place), footers, and finally the external hyperlink
 * targets the text does not show. Hidden text, tracked deletions and moved-away text are left out; field
 * instructions never appear, link targets appear beside their anchor text. Headers and footers repeated for
 * first/even pages, or already in the body, appear once.
 *
 * Throws FileError: corrupt_file (bad zip or XML), too_large (a part inflates beyond MAX_DOCX_PART_BYTES),
 * no_text (nothing but whitespace).
 */
export async function extractDocx(bytes: Uint8Array): Promise<string> {
  const { text, links } = await docxContent(bytes, 0);
  const normalized = normalizeText(text);
  if (normalized.length === 0) throw new FileError("no_text", "the DOCX contains no text");
  return appendMissingLinks(normalized, links);
}
