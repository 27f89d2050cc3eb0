import { decodeHtmlEntities } from "./docx-html-entities.ts";
import { targetBeside } from "./docx-links.ts";

/**
 * Text of an HTML (or XHTML) page, as a browser would lay it out in lines: one line per block element (paragraph,
 * heading, list item with a "- " prefix, table row with its cells tab-separated), `<br>` breaks the line, a blank
 * line before each heading. Whitespace collapses as in HTML (a `<pre>` keeps its line breaks only), entities
 * are decoded; scripts, styles, `<title>`, Word's `<xml>` islands and elements hidden with `display:none` /
 * `mso-hide:all` are dropped. A link's target is written beside its text when the text does not show it (see
 * docx-links.ts).
 *
 * Written for the HTML that resume builders and Word ("Web Page" / MHT) emit into a DOCX `w:altChunk`; a
 * tokenizer over tags rather than a full HTML parser, which is enough for text and needs no dependency.
 */

const BLOCK = new Set(
  (
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset figcaption " +
    "figure footer form header hr html legend main nav ol p pre section summary table tbody tfoot thead ul"
  ).split(" "),
);
const VOID = new Set("area base br col embed hr img input link meta param source track wbr".split(" "));

/** Line-structure markers, turned into newlines once cell separators have been tidied. */
const ROW_END = "\u0002";
const HEADING = "\u0001";

/**
 * Starts of markup. Comments, CDATA sections and raw-text elements are skipped to their end by a plain search, so
 * an unclosed one costs one scan, not one per token; tag and attribute lengths are bounded for the same reason.
 */
const TOKEN =
  /<!--|<!\[CDATA\[|<[!?][^>]{0,1000}>|<(\/?)([a-zA-Z][\w:.-]{0,64})((?:[^>"']|"[^"]{0,1000}"|'[^']{0,1000}'){0,500})>|[^<]+|</g;

/** Elements whose content is not text: skipped whole, like Word's `<xml>` data islands. */
const RAW_TEXT = new Set(["script", "style", "title", "xml", "noscript", "template"]);

interface OpenLink {
  href: string;
  start: number;
}

class HtmlText {
  readonly parts: string[] = [];
  readonly links: string[] = [];
  private link: OpenLink | null = null;
  private hiddenTag: string | null = null;
  private hiddenDepth = 0;
  private preDepth = 0;

  text(raw: string): void {
    if (this.hiddenTag !== null) return;
    const spaced = this.preDepth > 0 ? raw : raw.replace(/[ \t\r\n\f]+/g, " ");
    this.parts.push(decodeHtmlEntities(spaced));
  }

  tag(closing: boolean, name: string, attributes: string): void {
    if (this.hiddenTag !== null) this.insideHidden(closing, name, attributes);
    else if (!closing && !VOID.has(name) && isHidden(attributes)) {
      this.hiddenTag = name;
      this.hiddenDepth = 1;
    } else if (name === "a") {
      if (closing) this.closeLink();
      else this.openLink(attributes);
    } else this.layout(closing, name);
  }

  private layout(closing: boolean, name: string): void {
    if (name === "br") this.parts.push("\n");
    else if (name === "li") this.parts.push(closing ? "\n" : "\n- ");
    else if (name === "td" || name === "th") this.parts.push(closing ? "\t" : "");
    else if (name === "tr") this.parts.push(ROW_END);
    else if (/^h[1-6]$/.test(name)) this.parts.push(closing ? "\n" : HEADING);
    else if (BLOCK.has(name)) this.parts.push("\n");
    if (name === "pre") this.preDepth = Math.max(0, this.preDepth + (closing ? -1 : 1));
  }

  private insideHidden(closing: boolean, name: string, attributes: string): void {
    if (name !== this.hiddenTag || (!closing && attributes.trimEnd().endsWith("/"))) return;
    this.hiddenDepth += closing ? -1 : 1;
    if (this.hiddenDepth === 0) this.hiddenTag = null;
  }

  private openLink(attributes: string): void {
    this.closeLink();
    const href = attributeValue(attributes, "href");
    if (href !== null) this.link = { href: decodeHtmlEntities(href).trim(), start: this.parts.length };
  }

  closeLink(): void {
    if (this.link === null) return;
    const { href, start } = this.link;
    this.link = null;
    const beside = targetBeside(this.parts.slice(start).join(""), href);
    if (beside.length > 0 || !href.startsWith("#")) this.links.push(href);
    this.parts.push(beside);
  }
}

function attributeValue(attributes: string, name: string): string | null {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(
    attributes,
  );
  return match ? (match[1] ?? match[2] ?? match[3] ?? "") : null;
}

/** Hidden by CSS (`display:none`; Word's `mso-hide:all`) or by the `hidden` attribute. */
function isHidden(attributes: string): boolean {
  const names = attributes.replace(/"[^"]*"|'[^']*'/g, "");
  if (/(?:^|\s)hidden(?:\s|=|$)/i.test(names)) return true;
  const style = attributeValue(attributes, "style");
  return style !== null && /display\s*:\s*none|mso-hide\s*:\s*all/i.test(style);
}

export function htmlToText(html: string): { text: string; links: string[] } {
  const out = new HtmlText();
  const token = new RegExp(TOKEN);
  for (let match = token.exec(html); match !== null; match = token.exec(html)) {
    const [whole, slash, rawName, attributes = ""] = match;
    if (whole === "<!--") token.lastIndex = indexPast(html, "-->", token.lastIndex);
    else if (whole === "<![CDATA[") {
      const end = indexPast(html, "]]>", token.lastIndex);
      out.text(html.slice(token.lastIndex, Math.max(token.lastIndex, end - 3)));
      token.lastIndex = end;
    } else if (rawName !== undefined) {
      const name = rawName.toLowerCase();
      const opensRawText = slash !== "/" && RAW_TEXT.has(name) && !attributes.trimEnd().endsWith("/");
      if (opensRawText) token.lastIndex = endOfElement(html, name, token.lastIndex);
      else out.tag(slash === "/", name, attributes);
    } else if (!whole.startsWith("<")) out.text(whole);
    else if (whole === "<") out.text("<");
  }
  out.closeLink();
  return { text: layOut(out.parts.join("")), links: out.links };
}

/** Index just past the next `needle` from `from`, or the end of the text. */
function indexPast(text: string, needle: string, from: number): number {
  const at = text.indexOf(needle, from);
  return at < 0 ? text.length : at + needle.length;
}

/** Index just past the end tag of a raw-text element (`</style >`, any case), or the end of the text. */
function endOfElement(html: string, name: string, from: number): number {
  const close = new RegExp(`</${name}\\s*>`, "gi");
  close.lastIndex = from;
  return close.exec(html) ? close.lastIndex : html.length;
}

/** Trims lines, keeps cells of a row on one line, one newline between blocks, a blank line before headings. */
function layOut(text: string): string {
  return text
    .replace(/[ \u00a0]*\n[ \u00a0]*/g, "\n")
    .replace(/[ \n]*\t[ \n]*/g, "\t")
    .replace(new RegExp(`\\t*${ROW_END}`, "g"), "\n")
    .replace(/\n+/g, "\n")
    .replace(new RegExp(`\\n*${HEADING}\\n*`, "g"), "\n\n")
    .replace(/[ ]{2,}/g, " ")
    .trim();
}
