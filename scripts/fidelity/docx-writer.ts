/**
 * Writes WordprocessingML by hand, the way resume builders and Word itself write it: content controls, text
 * boxes with and without the VML fallback, hidden runs, tracked changes, no-break hyphens, HYPERLINK fields
 * (simple and complex) and relationship links, a body that is one embedded HTML chunk (w:altChunk), and a
 * page header. The docx package cannot write most of these. Entries carry fixed timestamps (zip-writer.ts):
 * re-running changes no bytes.
 */
import { writeZip } from "../lib/zip-writer.ts";

export type Run =
  | { text: string; bold?: boolean }
  | { hidden: string }
  | { deleted: string }
  | { inserted: string }
  | { noBreakHyphen: true };

export type LinkVia = "relationship" | "field-simple" | "field-complex";

export type Inline = Run | { link: string; via: LinkVia; runs: Run[] } | { control: string; runs: Run[] };

export type Block =
  | { paragraph: Inline[]; style?: "Title" | "Heading1" | "ListBullet" }
  | { control: string; blocks: Block[] }
  | { textBox: Block[]; fallback: boolean }
  | { altChunk: string };

export interface DocxParts {
  body: Block[];
  header?: Block[];
}

const NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ' +
  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ' +
  'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" ' +
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
  'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" ' +
  'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"';
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REVISION = 'w:author="Recruiter" w:date="2024-01-15T09:00:00Z"';

export const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** One part's XML writer; collects the relationships (links, chunks) the part needs. */
class PartWriter {
  readonly rels: { id: string; type: string; target: string; external: boolean }[] = [];
  #ids = 0;
  #shapes = 0;

  constructor(private readonly prefix: string) {}

  relationship(type: string, target: string, external: boolean): string {
    const id = `rId${this.prefix}${++this.#ids}`;
    this.rels.push({ id, type, target, external });
    return id;
  }

  run(run: Run): string {
    const t = (text: string, tag = "w:t") => `<${tag} xml:space="preserve">${escapeXml(text)}</${tag}>`;
    if ("hidden" in run) return `<w:r><w:rPr><w:vanish/></w:rPr>${t(run.hidden)}</w:r>`;
    if ("deleted" in run)
      return `<w:del w:id="${++this.#ids}" ${REVISION}><w:r>${t(run.deleted, "w:delText")}</w:r></w:del>`;
    if ("inserted" in run)
      return `<w:ins w:id="${++this.#ids}" ${REVISION}><w:r>${t(run.inserted)}</w:r></w:ins>`;
    if ("noBreakHyphen" in run) return "<w:r><w:noBreakHyphen/></w:r>";
    return `<w:r>${run.bold ? "<w:rPr><w:b/></w:rPr>" : ""}${t(run.text)}</w:r>`;
  }

  inline(inline: Inline): string {
    if ("control" in inline) {
      const runs = inline.runs.map((r) => this.run(r)).join("");
      return `<w:sdt><w:sdtPr><w:alias w:val="${escapeXml(inline.control)}"/><w:tag w:val="${escapeXml(inline.control)}"/></w:sdtPr><w:sdtContent>${runs}</w:sdtContent></w:sdt>`;
    }
    if (!("link" in inline)) return this.run(inline);
    const runs = inline.runs.map((r) => this.run(r)).join("");
    const instruction = ` HYPERLINK "${escapeXml(inline.link)}" `;
    if (inline.via === "field-simple")
      return `<w:fldSimple w:instr="${instruction.replace(/"/g, "&quot;")}">${runs}</w:fldSimple>`;
    if (inline.via === "field-complex") {
      const fld = (type: string) => `<w:r><w:fldChar w:fldCharType="${type}"/></w:r>`;
      return `${fld("begin")}<w:r><w:instrText xml:space="preserve">${instruction}</w:instrText></w:r>${fld("separate")}${runs}${fld("end")}`;
    }
    const id = this.relationship(`${REL}/hyperlink`, inline.link, true);
    return `<w:hyperlink r:id="${id}">${runs}</w:hyperlink>`;
  }

  block(block: Block): string {
    if ("paragraph" in block) {
      const style = block.style ? `<w:pPr><w:pStyle w:val="${block.style}"/></w:pPr>` : "";
      return `<w:p>${style}${block.paragraph.map((i) => this.inline(i)).join("")}</w:p>`;
    }
    if ("control" in block) {
      const content = block.blocks.map((b) => this.block(b)).join("");
      return `<w:sdt><w:sdtPr><w:alias w:val="${escapeXml(block.control)}"/></w:sdtPr><w:sdtContent>${content}</w:sdtContent></w:sdt>`;
    }
    if ("altChunk" in block) {
      const id = this.relationship(`${REL}/aFChunk`, `afchunk${this.rels.length + 1}.htm`, false);
      return `<w:altChunk r:id="${id}"/>`;
    }
    return `<w:p>${this.textBox(block.textBox, block.fallback)}</w:p>`;
  }

  private textBox(blocks: Block[], fallback: boolean): string {
    const n = ++this.#shapes;
    const content = `<w:txbxContent>${blocks.map((b) => this.block(b)).join("")}</w:txbxContent>`;
    const extent = 'cx="2286000" cy="1828800"';
    const drawing =
      `<w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="${251659264 + n}" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">` +
      `<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="page"><wp:posOffset>457200</wp:posOffset></wp:positionH>` +
      `<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV><wp:extent ${extent}/>` +
      `<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapSquare wrapText="bothSides"/><wp:docPr id="${n}" name="Text Box ${n}"/><wp:cNvGraphicFramePr/>` +
      `<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/>` +
      `<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext ${extent}/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>` +
      `<wps:txbx>${content}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>`;
    const vml = `<w:pict><v:shape id="TextBox${n}" type="#_x0000_t202" style="position:absolute;width:180pt;height:144pt"><v:textbox>${content}</v:textbox></v:shape></w:pict>`;
    const alternate = `<mc:AlternateContent><mc:Choice Requires="wps">${drawing}</mc:Choice>${fallback ? `<mc:Fallback>${vml}</mc:Fallback>` : ""}</mc:AlternateContent>`;
    return `<w:r>${alternate}</w:r>`;
  }

  relsXml(): string {
    const rows = this.rels.map(
      (r) =>
        `<Relationship Id="${r.id}" Type="${r.type}" Target="${escapeXml(r.target)}"${r.external ? ' TargetMode="External"' : ""}/>`,
    );
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rows.join("")}</Relationships>`;
  }
}

const STYLES =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
  '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:rPr><w:b/><w:sz w:val="40"/></w:rPr></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style>' +
  '<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/></w:style>' +
  '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:u w:val="single"/></w:rPr></w:style></w:styles>';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** A DOCX package; `chunks` are the HTML documents the body's altChunk blocks embed, in order. */
export function writeDocx(parts: DocxParts, chunks: readonly string[] = []): Uint8Array {
  const main = new PartWriter("");
  const body = parts.body.map((b) => main.block(b)).join("");
  const chunkRels = main.rels.filter((r) => r.type.endsWith("/aFChunk"));
  const header = parts.header ? new PartWriter("H") : null;
  const headerXml =
    header && parts.header
      ? `${XML_HEAD}<w:hdr ${NS}>${parts.header.map((b) => header.block(b)).join("")}</w:hdr>`
      : null;
  const headerId = headerXml ? main.relationship(`${REL}/header`, "header1.xml", false) : null;
  main.relationship(`${REL}/styles`, "styles.xml", false);
  const sectPr = `<w:sectPr>${headerId ? `<w:headerReference w:type="default" r:id="${headerId}"/>` : ""}<w:pgSz w:w="11906" w:h="16838"/></w:sectPr>`;
  const documentXml = `${XML_HEAD}<w:document ${NS} mc:Ignorable="w14"><w:body>${body}${sectPr}</w:body></w:document>`;
  const overrides = [
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>',
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>',
    ...(headerXml
      ? [
          '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>',
        ]
      : []),
  ];
  const contentTypes =
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/><Default Extension="htm" ContentType="text/html"/>' +
    `${overrides.join("")}</Types>`;
  const packageRels = `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`;
  return writeZip([
    { name: "[Content_Types].xml", data: contentTypes },
    { name: "_rels/.rels", data: packageRels },
    { name: "word/document.xml", data: documentXml },
    { name: "word/_rels/document.xml.rels", data: main.relsXml() },
    { name: "word/styles.xml", data: STYLES },
    ...(headerXml && header
      ? [
          { name: "word/header1.xml", data: headerXml },
          { name: "word/_rels/header1.xml.rels", data: header.relsXml() },
        ]
      : []),
    ...chunkRels.map((rel, i) => ({ name: `word/${rel.target}`, data: chunks[i] ?? "" })),
  ]);
}
