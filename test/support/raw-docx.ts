import { writeZip } from "../../scripts/lib/zip-writer.ts";

/**
 * Hand-written DOCX packages for the markup resume builders and converters emit and the docx package never
 * writes (alternate-content text boxes, hidden runs, tracked changes, simple fields, `w:altChunk` imports):
 * the XML goes into the parts as given, so a test states exactly what the file holds.
 */

const NAMESPACES =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ' +
  'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" ' +
  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ' +
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
  'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" ' +
  'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" mc:Ignorable="w14 wps"';

export const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships";
const MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml";

export interface RawDocxSpec {
  /** Children of `w:body`. */
  body: string;
  /** Children of `w:hdr` / `w:ftr` (default header and footer). */
  header?: string;
  footer?: string;
  /** Children of `w:styles`. */
  styles?: string;
  /** Extra `<Relationship>` elements of the main document, and of the header. */
  documentRels?: string;
  headerRels?: string;
  /** Extra parts, e.g. an altChunk's `word/chunk.htm`. */
  parts?: { name: string; data: string | Uint8Array }[];
}

const relsPart = (name: string, rels: string) => ({
  name,
  data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PACKAGE_RELS}">${rels}</Relationships>`,
});

const xmlPart = (name: string, root: string, children: string) => ({
  name,
  data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><${root} ${NAMESPACES}>${children}</${root}>`,
});

export const relationship = (id: string, type: string, target: string, external = false) =>
  `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"${external ? ' TargetMode="External"' : ""}/>`;

export function rawDocx(spec: RawDocxSpec): Uint8Array {
  const margins =
    (spec.header === undefined ? "" : relationship("rIdHeader", "header", "header1.xml")) +
    (spec.footer === undefined ? "" : relationship("rIdFooter", "footer", "footer1.xml"));
  const section =
    (spec.header === undefined ? "" : '<w:headerReference w:type="default" r:id="rIdHeader"/>') +
    (spec.footer === undefined ? "" : '<w:footerReference w:type="default" r:id="rIdFooter"/>');
  const parts = [
    {
      name: "[Content_Types].xml",
      data:
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Default Extension="htm" ContentType="text/html"/><Default Extension="mht" ContentType="message/rfc822"/>' +
        `<Override PartName="/word/document.xml" ContentType="${MAIN}.document.main+xml"/></Types>`,
    },
    relsPart("_rels/.rels", relationship("rId1", "officeDocument", "word/document.xml")),
    relsPart("word/_rels/document.xml.rels", margins + (spec.documentRels ?? "")),
    xmlPart(
      "word/document.xml",
      "w:document",
      `<w:body>${spec.body}<w:sectPr>${section}</w:sectPr></w:body>`,
    ),
  ];
  if (spec.styles !== undefined) parts.push(xmlPart("word/styles.xml", "w:styles", spec.styles));
  if (spec.header !== undefined) parts.push(xmlPart("word/header1.xml", "w:hdr", spec.header));
  if (spec.headerRels !== undefined) parts.push(relsPart("word/_rels/header1.xml.rels", spec.headerRels));
  if (spec.footer !== undefined) parts.push(xmlPart("word/footer1.xml", "w:ftr", spec.footer));
  return writeZip([...parts, ...(spec.parts ?? [])]);
}

/** `<w:p>` of plain runs, one per argument. */
export const para = (...runs: string[]) => `<w:p>${runs.map((text) => run(text)).join("")}</w:p>`;

/** A run with text (`xml:space="preserve"` so edge spaces count), and optional run properties. */
export const run = (text: string, properties = "") =>
  `<w:r>${properties ? `<w:rPr>${properties}</w:rPr>` : ""}<w:t xml:space="preserve">${text}</w:t></w:r>`;

/** A complex field: begin, the instruction split into the given pieces (one run each), separate, result, end. */
export function complexField(instructionPieces: string[], resultRuns: string): string {
  const fieldChar = (type: string) => `<w:r><w:fldChar w:fldCharType="${type}"/></w:r>`;
  const instruction = instructionPieces
    .map((piece) => `<w:r><w:instrText xml:space="preserve">${piece}</w:instrText></w:r>`)
    .join("");
  return `${fieldChar("begin")}${instruction}${fieldChar("separate")}${resultRuns}${fieldChar("end")}`;
}
