import { makeDocx } from "../../scripts/lib/docx-builder.ts";
import { writeZip } from "../../scripts/lib/zip-writer.ts";

/**
 * In-memory test files. Real documents come from the builders shared with scripts/generate-samples.ts; the bad
 * inputs here are the few bytes that identify each class of file (a detector only sniffs headers), not complete
 * files of that kind.
 */

export { type DocxSpec, makeDocx } from "../../scripts/lib/docx-builder.ts";
export { makeImageOnlyPdf, makePdf, type PdfLayout, type PdfLink } from "../../scripts/lib/pdf-builder.ts";
export { makePng } from "../../scripts/lib/png.ts";
export { writeZip } from "../../scripts/lib/zip-writer.ts";
export {
  buildRawPdf,
  makeEncryptedPdf,
  makeGarbagePdf,
  makeHandwrittenPdf,
  makeTruncatedPdf,
} from "./pdf-fixtures.ts";

function bytes(...parts: (string | readonly number[] | Uint8Array)[]): Uint8Array {
  const buffers = parts.map((part) =>
    typeof part === "string" ? Buffer.from(part, "latin1") : Buffer.from(part as Uint8Array),
  );
  return new Uint8Array(Buffer.concat(buffers));
}

const zeros = (count: number) => new Uint8Array(count);

// --- images (headers only) -------------------------------------------------------------------------------------

export const jpegHeader = () => bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], "JFIF", zeros(64));
export const gifHeader = () => bytes("GIF89a", [0x10, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00], zeros(32));
export const tiffHeader = () => bytes([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00], zeros(64));
export const webpHeader = () => bytes("RIFF", [0x24, 0x00, 0x00, 0x00], "WEBPVP8 ", zeros(32));
export const heicHeader = () => bytes([0x00, 0x00, 0x00, 0x18], "ftypheic", zeros(4), "mif1heic", zeros(32));

// --- executables and Office containers ---------------------------------------------------------------------------

/** The 16-byte ELF identification followed by a zeroed 64-bit header. */
export const elfHeader = () => bytes([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00], zeros(56));
/** DOS stub of a Windows PE file. */
export const windowsExe = () => bytes("MZ", [0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00], zeros(120));

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** An OLE compound file header and one directory sector naming the given streams (UTF-16LE, as in the format). */
function compoundFile(streamNames: readonly string[]): Uint8Array {
  const header = bytes(
    OLE_SIGNATURE,
    zeros(16),
    [0x3e, 0x00, 0x03, 0x00, 0xfe, 0xff, 0x09, 0x00],
    zeros(488),
  );
  const entries = ["Root Entry", ...streamNames].map((name) => {
    const entry = Buffer.alloc(128);
    entry.write(name, 0, "utf16le");
    entry.writeUInt16LE((name.length + 1) * 2, 64);
    return entry;
  });
  return bytes(header, Buffer.concat(entries));
}

/** Legacy Word 97-2003 (.doc). */
export const legacyDoc = () => compoundFile(["WordDocument", "1Table", "\u0005SummaryInformation"]);
/** A password-protected DOCX: Office wraps the encrypted package in an OLE compound file. */
export const encryptedDocx = () => compoundFile(["EncryptionInfo", "EncryptedPackage", "\u0006DataSpaces"]);
/** Legacy Excel (.xls). */
export const legacyXls = () => compoundFile(["Workbook"]);

// --- zips that are not DOCX -------------------------------------------------------------------------------------

const CONTENT_TYPES =
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

export const xlsxLikeZip = () =>
  writeZip([
    { name: "[Content_Types].xml", data: CONTENT_TYPES },
    { name: "xl/workbook.xml", data: "<workbook/>" },
  ]);

export const odtLikeZip = () =>
  writeZip([
    { name: "mimetype", data: "application/vnd.oasis.opendocument.text", store: true },
    { name: "content.xml", data: "<office:document-content/>" },
  ]);

export const plainZip = () => writeZip([{ name: "notes.txt", data: "hello" }]);

/** A real DOCX cut short, as by an interrupted upload: the central directory at the end is gone. */
export async function makeTruncatedDocx(fraction = 0.6): Promise<Uint8Array> {
  const full = await makeDocx({ paragraphs: ["# Truncated Resume", "Experience", "Some text"] });
  return full.slice(0, Math.floor(full.length * fraction));
}

/** A DOCX whose entries are all present but whose main document is not well-formed XML. */
export function makeDocxWithBrokenXml(): Uint8Array {
  return writeZip([
    { name: "[Content_Types].xml", data: CONTENT_TYPES },
    { name: "word/document.xml", data: "<w:document><w:body><w:p>broken" },
  ]);
}

// --- text encodings ---------------------------------------------------------------------------------------------

export function utf16Text(text: string, order: "le" | "be", withBom = true): Uint8Array {
  const little = Buffer.from(`${withBom ? "\ufeff" : ""}${text}`, "utf16le");
  return new Uint8Array(order === "le" ? little : little.swap16());
}

export const utf8WithBom = (text: string) => bytes([0xef, 0xbb, 0xbf], Buffer.from(text, "utf8"));

/** Windows-1252 bytes 0x80..0x9F, typed from the code page chart (independent of the decoder under test). */
const WINDOWS_1252_PUNCTUATION: Record<string, number> = {
  "€": 0x80,
  "‚": 0x82,
  "„": 0x84,
  "…": 0x85,
  "‘": 0x91,
  "’": 0x92,
  "“": 0x93,
  "”": 0x94,
  "•": 0x95,
  "–": 0x96,
  "—": 0x97,
  "™": 0x99,
  Š: 0x8a,
  š: 0x9a,
  Ž: 0x8e,
  ž: 0x9e,
  Œ: 0x8c,
  œ: 0x9c,
  Ÿ: 0x9f,
};

/** Windows-1252 bytes for text made of Latin-1 characters and the punctuation above (throws on others). */
export function windows1252Text(text: string): Uint8Array {
  return new Uint8Array(
    [...text].map((char) => {
      const code = WINDOWS_1252_PUNCTUATION[char] ?? char.charCodeAt(0);
      if (code > 0xff || (code >= 0x80 && code <= 0x9f && !(char in WINDOWS_1252_PUNCTUATION))) {
        throw new Error(`${char} is not in Windows-1252`);
      }
      return code;
    }),
  );
}

// --- hand-written DOCX, for markup the docx package does not write ----------------------------------------------

const W_NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ' +
  'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

const RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships";
const MAIN_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/**
 * A minimal valid DOCX whose body is the given WordprocessingML (the children of `w:body`), with an optional
 * default page header (the children of `w:hdr`). For markup the docx package never writes but other tools do:
 * field-code hyperlinks, text boxes without a VML fallback.
 */
export function makeRawDocx(bodyXml: string, headerXml?: string): Uint8Array {
  const headerRel = headerXml
    ? `<Relationship Id="rId9" Type="${RELATIONSHIPS}/header" Target="header1.xml"/>`
    : "";
  const section = headerXml ? '<w:sectPr><w:headerReference w:type="default" r:id="rId9"/></w:sectPr>' : "";
  const parts = [
    {
      name: "[Content_Types].xml",
      data:
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        `<Override PartName="/word/document.xml" ContentType="${MAIN_CONTENT_TYPE}.document.main+xml"/>` +
        `<Override PartName="/word/header1.xml" ContentType="${MAIN_CONTENT_TYPE}.header+xml"/></Types>`,
    },
    {
      name: "_rels/.rels",
      data:
        `<?xml version="1.0"?><Relationships xmlns="${PACKAGE_RELATIONSHIPS}">` +
        `<Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="word/document.xml"/></Relationships>`,
    },
    {
      name: "word/_rels/document.xml.rels",
      data: `<?xml version="1.0"?><Relationships xmlns="${PACKAGE_RELATIONSHIPS}">${headerRel}</Relationships>`,
    },
    {
      name: "word/document.xml",
      data: `<?xml version="1.0"?><w:document ${W_NS}><w:body>${bodyXml}${section}</w:body></w:document>`,
    },
  ];
  if (headerXml)
    parts.push({
      name: "word/header1.xml",
      data: `<?xml version="1.0"?><w:hdr ${W_NS}>${headerXml}</w:hdr>`,
    });
  return writeZip(parts);
}

/** A paragraph of plain runs, for makeRawDocx bodies. */
export const rawParagraph = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
