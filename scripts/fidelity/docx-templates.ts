/**
 * DOCX resumes as builders and editors write them. Features combine per document: the body as one embedded
 * HTML chunk, hidden runs and tracked deletions (never content) beside tracked insertions (content), text
 * boxes with and without the VML fallback, content controls, no-break hyphens and spaces, links as
 * relationships or HYPERLINK fields, contact details in the page header.
 */
import type { Line, Section } from "./content.ts";
import { type Block, escapeXml, type Inline, type LinkVia, type Run, writeDocx } from "./docx-writer.ts";
import type { RenderedFile } from "./pdf-templates.ts";
import type { Person } from "./person.ts";

export type DocxFeature =
  | "alt-chunk"
  | "hidden"
  | "revisions"
  | "text-box"
  | "text-box-no-fallback"
  | "content-controls"
  | "no-break"
  | "field-links"
  | "header-contact";

/** Hidden keyword stuffing: never a skill in any locale pool, so never part of a truth. */
const HIDDEN_KEYWORDS = "COBOL Fortran Haskell Blockchain Mainframe";

/**
 * Text in the file a reader never sees (a hidden run, a tracked deletion), and the field it would corrupt.
 */
export interface HiddenText {
  field: "skills" | "phone" | "experience.title";
  text: string;
}

export interface DocxRendered extends RenderedFile {
  hidden: HiddenText[];
}

interface Recorder {
  visible: string[];
  hidden: HiddenText[];
  links: string[];
}

/**
 * Text runs; with no-break on, hyphens between letters become w:noBreakHyphen and spaces in numbers no-break
 * spaces.
 */
function runsOf(text: string, noBreak: boolean, bold = false): Run[] {
  if (!noBreak) return [{ text, bold }];
  const spaced = text.replace(/(\d) (?=\d)/g, "$1\u00a0");
  const parts = spaced.split(/(?<=\p{L})-(?=\p{L})/u);
  return parts.flatMap((part, i) =>
    i === 0 ? [{ text: part, bold }] : [{ noBreakHyphen: true as const }, { text: part, bold }],
  );
}

function viaFor(index: number, features: ReadonlySet<DocxFeature>): LinkVia {
  if (!features.has("field-links")) return "relationship";
  return (["field-simple", "field-complex", "relationship"] as const)[index % 3] ?? "relationship";
}

function lineInlines(line: Line, features: ReadonlySet<DocxFeature>, record: Recorder): Inline[] {
  const noBreak = features.has("no-break");
  const inlines: Inline[] = [];
  line.segments.forEach((segment, i) => {
    if (i > 0) inlines.push({ text: " | " });
    const runs = runsOf(segment.text, noBreak, line.style === "entry");
    if (segment.link) {
      record.links.push(segment.link);
      inlines.push({ link: segment.link, via: viaFor(inlines.length, features), runs });
    } else inlines.push(...runs);
  });
  record.visible.push(line.segments.map((s) => s.text).join(" | "));
  if (line.date) {
    inlines.push({ text: `\t${line.date}` });
    record.visible.push(line.date);
  }
  return inlines;
}

const STYLE_OF = { name: "Title", bullet: "ListBullet" } as const;

function sectionBlocks(
  section: Section,
  person: Person,
  features: ReadonlySet<DocxFeature>,
  record: Recorder,
): Block[] {
  const blocks: Block[] = [];
  if (section.heading) {
    blocks.push({ paragraph: [{ text: section.heading }], style: "Heading1" });
    record.visible.push(section.heading);
  }
  for (const line of section.lines) {
    const style = line.style === "name" || line.style === "bullet" ? STYLE_OF[line.style] : undefined;
    let inlines = lineInlines(line, features, record);
    if (line.style === "name" && features.has("content-controls"))
      inlines = [{ control: "Name", runs: inlines as Run[] }];
    blocks.push(style ? { paragraph: inlines, style } : { paragraph: inlines });
  }
  return addTricks(section, blocks, person, features, record);
}

/** Hidden text, tracked changes and content controls where builders and recruiters put them. */
function addTricks(
  section: Section,
  blocks: Block[],
  person: Person,
  features: ReadonlySet<DocxFeature>,
  record: Recorder,
): Block[] {
  const first = blocks.find((b) => "paragraph" in b && b.style !== "Heading1");
  if (features.has("hidden") && section.key === "skills" && first && "paragraph" in first) {
    first.paragraph.push({ hidden: ` ${HIDDEN_KEYWORDS}` });
    record.hidden.push({ field: "skills", text: HIDDEN_KEYWORDS });
  }
  if (features.has("revisions") && section.key === "contact" && first && "paragraph" in first) {
    const old = `${person.phone.slice(0, -3)}000`;
    first.paragraph.push({ deleted: ` | ${old}` });
    record.hidden.push({ field: "phone", text: old });
  }
  if (features.has("revisions") && section.key === "experience") {
    const entry = blocks.find((b) => "paragraph" in b && b.style !== "Heading1");
    if (entry && "paragraph" in entry) entry.paragraph.unshift({ deleted: "Junior " });
    record.hidden.push({ field: "experience.title", text: "Junior " });
  }
  if (features.has("content-controls") && section.key === "contact") return [{ control: "Contact", blocks }];
  return blocks;
}

/** Tracked insertion of the last skill: accepted content a reader sees. */
function insertLastSkill(sections: Section[], person: Person): void {
  const skills = sections.find((s) => s.key === "skills");
  const last = person.skills.at(-1);
  const line = skills?.lines[0];
  if (!line || !last || skills.lines.length !== 1) return;
  const text = line.segments[0]?.text ?? "";
  line.segments = [{ text: text.slice(0, text.length - last.length - 2) }];
  (line as Line & { inserted?: string }).inserted = `, ${last}`;
}

function htmlOf(sections: readonly Section[], record: Recorder): string {
  const out: string[] = [];
  for (const section of sections) {
    if (section.heading) out.push(`<h2>${escapeXml(section.heading)}</h2>`);
    for (const line of section.lines) {
      const body = line.segments
        .map((s) => (s.link ? `<a href="${escapeXml(s.link)}">${escapeXml(s.text)}</a>` : escapeXml(s.text)))
        .join(" | ");
      const dated = line.date ? `${body} <span class="date">${escapeXml(line.date)}</span>` : body;
      out.push(
        line.style === "name"
          ? `<h1>${dated}</h1>`
          : line.style === "bullet"
            ? `<ul><li>${dated}</li></ul>`
            : `<p>${dated}</p>`,
      );
    }
  }
  const recorded = sections.flatMap((s) => [
    ...(s.heading ? [s.heading] : []),
    ...s.lines.flatMap((l) => [l.segments.map((x) => x.text).join(" | "), ...(l.date ? [l.date] : [])]),
  ]);
  record.visible.push(...recorded);
  record.links.push(
    ...sections.flatMap((s) => s.lines.flatMap((l) => l.segments.flatMap((x) => (x.link ? [x.link] : [])))),
  );
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>CV</title></head><body>${out.join("\n")}</body></html>`;
}

export function renderDocx(
  person: Person,
  input: readonly Section[],
  features: ReadonlySet<DocxFeature>,
): DocxRendered {
  const sections = input.map((s) => ({
    ...s,
    lines: s.lines.map((l) => ({ ...l, segments: [...l.segments] })),
  }));
  const record: Recorder = { visible: [], hidden: [], links: [] };
  const inHeader = features.has("header-contact") ? sections.filter((s) => s.key === "contact") : [];
  const bodySections = sections.filter((s) => !inHeader.includes(s));
  const header =
    inHeader.length > 0 ? inHeader.flatMap((s) => sectionBlocks(s, person, features, record)) : undefined;
  if (features.has("alt-chunk")) {
    const html = htmlOf(bodySections, record);
    return {
      bytes: writeDocx({ body: [{ altChunk: "body" }], ...(header ? { header } : {}) }, [html]),
      pages: 1,
      ...record,
    };
  }
  if (features.has("revisions")) insertLastSkill(bodySections, person);
  const boxed = features.has("text-box") || features.has("text-box-no-fallback");
  const body: Block[] = [];
  const box: Block[] = [];
  for (const section of bodySections) {
    const blocks = sectionBlocks(section, person, features, record);
    const inserted = (section.lines[0] as (Line & { inserted?: string }) | undefined)?.inserted;
    const firstParagraph = blocks.find((b) => "paragraph" in b && b.style !== "Heading1");
    if (inserted && firstParagraph && "paragraph" in firstParagraph) {
      firstParagraph.paragraph.push({ inserted });
      record.visible.push(inserted);
    }
    const intoBox = boxed && ["contact", "languages", "certifications"].includes(section.key);
    (intoBox ? box : body).push(...blocks);
  }
  if (box.length > 0) body.splice(2, 0, { textBox: box, fallback: features.has("text-box") });
  return { bytes: writeDocx({ body, ...(header ? { header } : {}) }), pages: 1, ...record };
}
