import {
  Document,
  ExternalHyperlink,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  Textbox,
  TextRun,
  WidthType,
} from "docx";
import { listZip, readZipEntry } from "../../src/extract/zip.ts";
import { writeZip } from "./zip-writer.ts";

/**
 * Real DOCX files built in memory with the `docx` package, for tests and samples. Output is deterministic: the
 * package stamps the current time into docProps/core.xml and into every zip entry, so the result is repacked with
 * fixed dates (see zip-writer.ts).
 *
 * Paragraph syntax: "# Title" (Title style), "## Section" (Heading 1), "- item" (bullet), "" (empty paragraph),
 * anything else a plain paragraph; "\n" inside a line is a line break (Shift+Enter in Word) within the paragraph.
 */

export interface DocxLink {
  /** Visible text of the link. */
  text: string;
  url: string;
  /** Text before the link in the same paragraph, e.g. "Portfolio: ". */
  before?: string;
}

export interface DocxSpec {
  paragraphs: readonly string[];
  /** Lines of the page header (default header, shown on every page). */
  header?: readonly string[];
  footer?: readonly string[];
  /** Rows of cells, appended after the paragraphs (or after `tableAfter` when given). */
  table?: readonly (readonly string[])[];
  /** Paragraph text after which the table is inserted; default: at the end. */
  tableAfter?: string;
  /** Hyperlinks, each its own paragraph at the end of the body (or in the header with `inHeader`). */
  hyperlinks?: readonly (DocxLink & { inHeader?: boolean })[];
  /** Lines inside a floating text box at the end of the body. */
  textBox?: readonly string[];
  title?: string;
  creator?: string;
}

/** Fixed date written into docProps/core.xml. */
export const FIXED_DOCX_DATE = "2024-01-15T09:00:00Z";

function paragraphOf(line: string): Paragraph {
  if (line.startsWith("# ")) return new Paragraph({ text: line.slice(2), heading: HeadingLevel.TITLE });
  if (line.startsWith("## ")) return new Paragraph({ text: line.slice(3), heading: HeadingLevel.HEADING_1 });
  if (line.startsWith("- ")) return new Paragraph({ text: line.slice(2), bullet: { level: 0 } });
  return new Paragraph({ children: runsOf(line) });
}

/** Runs of a line, with a line break (not a new paragraph) wherever the line holds "\n". */
function runsOf(line: string): TextRun[] {
  return line.split("\n").map((text, index) => new TextRun({ text, ...(index > 0 ? { break: 1 } : {}) }));
}

function linkParagraph(link: DocxLink): Paragraph {
  const children = [
    ...(link.before ? [new TextRun(link.before)] : []),
    new ExternalHyperlink({
      link: link.url,
      children: [new TextRun({ text: link.text, style: "Hyperlink" })],
    }),
  ];
  return new Paragraph({ children });
}

function tableOf(rows: readonly (readonly string[])[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (cells) =>
        new TableRow({ children: cells.map((cell) => new TableCell({ children: [new Paragraph(cell)] })) }),
    ),
  });
}

function bodyOf(spec: DocxSpec): (Paragraph | Table | Textbox)[] {
  const body: (Paragraph | Table | Textbox)[] = [];
  for (const line of spec.paragraphs) {
    body.push(paragraphOf(line));
    if (spec.table && line === spec.tableAfter) body.push(tableOf(spec.table));
  }
  if (spec.table && spec.tableAfter === undefined) body.push(tableOf(spec.table));
  for (const link of spec.hyperlinks ?? []) if (!link.inHeader) body.push(linkParagraph(link));
  if (spec.textBox) {
    const children = spec.textBox.map((line) => new Paragraph(line));
    body.push(new Textbox({ style: { width: "200pt", height: "80pt" }, children }));
  }
  return body;
}

function headerOf(spec: DocxSpec): Header | undefined {
  const links = (spec.hyperlinks ?? []).filter((link) => link.inHeader).map(linkParagraph);
  if (!spec.header && links.length === 0) return undefined;
  return new Header({ children: [...(spec.header ?? []).map(paragraphOf), ...links] });
}

/** docx gives hyperlink relationships (and text box shapes) random ids ("rIdoyl5kdvpunioxzawic4gq"): renumbered. */
const RANDOM_RELATIONSHIP_ID = /rId[a-z0-9_-]{12,}/g;

/**
 * Rewrites the archive with fixed timestamps (zip entries and docProps/core.xml) and numbered relationship ids.
 * One id map for all parts keeps each hyperlink and its relationship pointing at each other.
 */
function repackDeterministically(bytes: Uint8Array): Uint8Array {
  const ids = new Map<string, string>();
  const stableId = (id: string) => ids.get(id) ?? ids.set(id, `rIdLink${ids.size + 1}`).get(id) ?? id;
  let shapes = 0;
  const entries = [...listZip(bytes).values()].map((entry) => {
    const data = readZipEntry(bytes, entry, 64 * 1024 * 1024);
    if (!/\.(xml|rels)$/.test(entry.name)) return { name: entry.name, data };
    const xml = Buffer.from(data)
      .toString("utf8")
      .replace(RANDOM_RELATIONSHIP_ID, stableId)
      .replace(/(<v:shape\b[^>]*?\sid=")[^"]*"/g, (_whole, start: string) => `${start}shape${++shapes}"`)
      .replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*/g, `$1${FIXED_DOCX_DATE}`);
    return { name: entry.name, data: xml };
  });
  return writeZip(entries);
}

export async function makeDocx(spec: DocxSpec): Promise<Uint8Array> {
  const footer = spec.footer ? new Footer({ children: spec.footer.map(paragraphOf) }) : undefined;
  const header = headerOf(spec);
  const doc = new Document({
    creator: spec.creator ?? "resume-watcher test fixtures",
    lastModifiedBy: spec.creator ?? "resume-watcher test fixtures",
    title: spec.title ?? "Resume",
    revision: 1,
    sections: [
      {
        ...(header ? { headers: { default: header } } : {}),
        ...(footer ? { footers: { default: footer } } : {}),
        children: bodyOf(spec),
      },
    ],
  });
  return repackDeterministically(new Uint8Array(await Packer.toBuffer(doc)));
}
