import { hyperlinkInstruction, type Relationship, targetBeside } from "./docx-links.ts";
import { decodeXmlEntities } from "./docx-markup.ts";

/**
 * Visible text of a header or footer part (mammoth reads neither), after the rewrites of docx-markup.ts: `w:t`
 * runs, tabs, line breaks, one line per paragraph (table cells too). Field instructions are never text: only a
 * field's result is. Hyperlinks (`w:hyperlink r:id` and HYPERLINK fields) get their target beside the anchor.
 */

interface OpenLink {
  target: string | null;
  /** Index in `parts` where the anchor text starts. */
  start: number;
}

interface OpenField {
  instruction: string;
  /** true once `separate` was seen: what follows is the result, shown to the reader. */
  showingResult: boolean;
  link: OpenLink | null;
}

const TOKEN =
  /<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:instrText(?:\s[^>]*)?>([^<]*)<\/w:instrText>|<w:fldChar\b[^>]*>|<w:hyperlink\b[^>]*>|<\/w:hyperlink>|<w:tab\s*\/>|<w:br\b[^>]*\/>|<\/w:p>/g;

class PartWalker {
  readonly parts: string[] = [];
  readonly links: string[] = [];
  private readonly fields: OpenField[] = [];
  private readonly hyperlinks: OpenLink[] = [];
  private readonly rels: Map<string, Relationship>;

  constructor(rels: Map<string, Relationship>) {
    this.rels = rels;
  }

  private get inInstruction(): boolean {
    return this.fields.some((field) => !field.showingResult);
  }

  emit(text: string): void {
    if (!this.inInstruction) this.parts.push(text);
  }

  instruction(text: string): void {
    const field = this.fields.at(-1);
    if (field && !field.showingResult) field.instruction += text;
  }

  fieldChar(tag: string): void {
    const type = /w:fldCharType="([^"]*)"/.exec(tag)?.[1];
    if (type === "begin") this.fields.push({ instruction: "", showingResult: false, link: null });
    else if (type === "separate") this.separate();
    else if (type === "end") {
      const field = this.fields.pop();
      if (field?.link) this.closeLink(field.link);
    }
  }

  private separate(): void {
    const field = this.fields.at(-1);
    if (!field || field.showingResult) return;
    field.showingResult = true;
    const target = hyperlinkInstruction(decodeXmlEntities(field.instruction));
    if (target !== null) field.link = { target, start: this.parts.length };
  }

  openHyperlink(tag: string): void {
    const id = /\sr:id="([^"]*)"/.exec(tag)?.[1];
    const relationship = id === undefined ? undefined : this.rels.get(id);
    const target = relationship?.external ? relationship.target : null;
    this.hyperlinks.push({ target, start: this.parts.length });
  }

  closeHyperlink(): void {
    const link = this.hyperlinks.pop();
    if (link) this.closeLink(link);
  }

  private closeLink(link: OpenLink): void {
    if (link.target === null) return;
    this.links.push(link.target);
    const anchor = this.parts.slice(link.start).join("");
    this.emit(targetBeside(anchor, link.target));
  }
}

export function partText(xml: string, rels: Map<string, Relationship>): { text: string; links: string[] } {
  const walker = new PartWalker(rels);
  for (const match of xml.matchAll(TOKEN)) {
    const [tag, text, instruction] = match;
    if (text !== undefined) walker.emit(decodeXmlEntities(text));
    else if (instruction !== undefined) walker.instruction(instruction);
    else if (tag.startsWith("<w:fldChar")) walker.fieldChar(tag);
    else if (tag.startsWith("<w:hyperlink")) walker.openHyperlink(tag);
    else if (tag === "</w:hyperlink>") walker.closeHyperlink();
    else if (tag.startsWith("<w:tab")) walker.emit("\t");
    else walker.emit("\n");
  }
  return { text: walker.parts.join("").trim(), links: walker.links };
}
