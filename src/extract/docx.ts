import mammoth from "mammoth";
import { FileError } from "../errors.ts";
import {
  decodeXmlEntities,
  externalHyperlinks,
  fieldHyperlinks,
  mammothHtmlToText,
  textBoxTexts,
  wordXmlText,
} from "./docx-xml.ts";
import { appendMissingLinks } from "./links.ts";
import { normalizeText } from "./text.ts";
import { listZip, readZipText, type ZipEntry, ZipEntryTooLargeError, ZipFormatError } from "./zip.ts";

/**
 * Largest XML part we inflate, in bytes (32 MB). The main document of a 300-page report is ~10 MB; a resume's is
 * well under 1 MB. The cap stops a crafted archive from inflating gigabytes in a 1 GB function.
 */
export const MAX_DOCX_PART_BYTES = 32 * 1024 * 1024;

const MAIN_DOCUMENT = "word/document.xml";
const HEADER_PART = /^word\/header(\d*)\.xml$/;
const FOOTER_PART = /^word\/footer(\d*)\.xml$/;

type Zip = { bytes: Uint8Array; entries: Map<string, ZipEntry> };

function openZip(bytes: Uint8Array): Zip {
  try {
    const entries = listZip(bytes);
    if (!entries.has(MAIN_DOCUMENT)) throw new ZipFormatError(`no ${MAIN_DOCUMENT} in the archive`);
    // mammoth inflates parts without a cap; refuse archives that declare an oversized part before it runs. (Our own
    // reads are capped for real, which also catches the main document lying about its size.)
    const oversized = [...entries.values()].find((entry) => entry.size > MAX_DOCX_PART_BYTES);
    if (oversized) throw new ZipEntryTooLargeError(oversized.name, MAX_DOCX_PART_BYTES);
    return { bytes, entries };
  } catch (error) {
    throw asFileError(error);
  }
}

function asFileError(error: unknown): unknown {
  if (error instanceof ZipEntryTooLargeError) {
    return new FileError("too_large", `the DOCX expands beyond a resume's size: ${error.message}`, {
      cause: error,
    });
  }
  if (error instanceof ZipFormatError) {
    return new FileError("corrupt_file", `the DOCX cannot be read (damaged or truncated): ${error.message}`, {
      cause: error,
    });
  }
  return error;
}

function readPart(zip: Zip, name: string): string | null {
  try {
    return readZipText(zip.bytes, zip.entries, name, MAX_DOCX_PART_BYTES);
  } catch (error) {
    throw asFileError(error);
  }
}

/** Part names matching `pattern`, ordered by their number (header2 before header10). */
function partsMatching(zip: Zip, pattern: RegExp): string[] {
  const numbered = [...zip.entries.keys()].flatMap((name) => {
    const match = pattern.exec(name);
    return match ? [{ name, index: Number(match[1] || 0) }] : [];
  });
  return numbered.sort((a, b) => a.index - b.index).map((part) => part.name);
}

/** The relationships part beside a part: word/header1.xml -> word/_rels/header1.xml.rels. */
function relsPathOf(partName: string): string {
  const slash = partName.lastIndexOf("/");
  return `${partName.slice(0, slash)}/_rels/${partName.slice(slash + 1)}.rels`;
}

/** Images become empty `<img>` tags instead of base64 data URIs (megabytes of text we would throw away). */
const dropImages = mammoth.images.imgElement(async () => ({ src: "" }));

/**
 * Body text by mammoth: paragraphs, line breaks, lists, tables, (VML) text boxes and footnotes, in document order,
 * plus the targets of the links it saw.
 */
async function bodyText(bytes: Uint8Array): Promise<{ text: string; links: string[] }> {
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    const { value: html } = await mammoth.convertToHtml({ buffer }, { convertImage: dropImages });
    const links = [...html.matchAll(/<a href="([^"#][^"]*)"/g)].map((match) =>
      decodeXmlEntities(match[1] ?? ""),
    );
    return { text: mammothHtmlToText(html), links };
  } catch (error) {
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

interface MarginPart {
  text: string;
  links: string[];
}

/** A header or footer: its visible text and link targets (relationships and field codes; mammoth reads neither). */
function readMarginPart(zip: Zip, name: string): MarginPart {
  const xml = readPart(zip, name) ?? "";
  const rels = readPart(zip, relsPathOf(name)) ?? "";
  return { text: wordXmlText(xml), links: [...externalHyperlinks(rels), ...fieldHyperlinks(xml)] };
}

/**
 * Text of a DOCX: headers first (contact details often live there), then the body (mammoth: paragraphs, lists,
 * tables, text boxes, footnotes), text boxes mammoth missed (those written without a VML fallback), footers, and
 * finally the external hyperlink targets the text does not show. Headers and footers repeated for first/even
 * pages, or already in the body, appear once.
 *
 * Throws FileError: corrupt_file (bad zip or XML), too_large (a part inflates beyond MAX_DOCX_PART_BYTES),
 * no_text (nothing but whitespace).
 */
export async function extractDocx(bytes: Uint8Array): Promise<string> {
  const zip = openZip(bytes);
  const documentXml = readPart(zip, MAIN_DOCUMENT) ?? "";
  const body = await bodyText(bytes);
  const headers = partsMatching(zip, HEADER_PART).map((name) => readMarginPart(zip, name));
  const footers = partsMatching(zip, FOOTER_PART).map((name) => readMarginPart(zip, name));

  const headerTexts = newBlocks(
    headers.map((part) => part.text),
    body.text,
  );
  const boxes = newBlocks(textBoxTexts(documentXml), body.text);
  const footerTexts = newBlocks(
    footers.map((part) => part.text),
    [body.text, ...headerTexts].join("\n"),
  );
  const text = normalizeText([...headerTexts, body.text, ...boxes, ...footerTexts].join("\n\n"));
  if (text.length === 0) throw new FileError("no_text", "the DOCX contains no text");

  // In reading order; the document's own relationships last, for links mammoth did not render (in skipped boxes).
  const links = [
    ...headers.flatMap((part) => part.links),
    ...body.links,
    ...footers.flatMap((part) => part.links),
    ...externalHyperlinks(readPart(zip, relsPathOf(MAIN_DOCUMENT)) ?? ""),
  ];
  return appendMissingLinks(text, links);
}
