/**
 * Just enough WordprocessingML reading for the parts mammoth ignores (headers, footers, notes, relationships).
 * Regular expressions over the XML are sufficient here: we only need text runs, breaks and a few attributes, and
 * Word's XML is machine-written (no comments or CDATA in these parts).
 */

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

export function decodeXmlEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code =
        name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name] ?? whole;
  });
}

/**
 * Visible text of a part: `w:t` runs, tabs, line breaks, one line per paragraph (table cells too, as mammoth does).
 * `mc:Fallback` is dropped because it repeats the `mc:Choice` content (text boxes are written twice); deleted
 * revisions (`w:delText`) are not matched and so stay hidden, as Word shows them.
 */
export function wordXmlText(xml: string): string {
  const withoutFallback = xml.replace(/<mc:Fallback\b[\s\S]*?<\/mc:Fallback>/g, "");
  const token = /<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:(?:br|cr)\b[^>]*\/>|<\/w:p>/g;
  const parts: string[] = [];
  for (const match of withoutFallback.matchAll(token)) {
    const [whole, text] = match;
    if (text !== undefined) parts.push(decodeXmlEntities(text));
    else if (whole === "<w:tab/>") parts.push("\t");
    else parts.push("\n");
  }
  return parts.join("").trim();
}

/** Text of every text box in the part (`w:txbxContent`), from both `mc:Choice` and plain VML shapes. */
export function textBoxTexts(xml: string): string[] {
  const withoutFallback = xml.replace(/<mc:Fallback\b[\s\S]*?<\/mc:Fallback>/g, "");
  const boxes = withoutFallback.match(/<w:txbxContent\b[\s\S]*?<\/w:txbxContent>/g) ?? [];
  return boxes.map(wordXmlText).filter((text) => text.length > 0);
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match?.[1] === undefined ? null : decodeXmlEntities(match[1]);
}

/** Targets of external hyperlink relationships in a `.rels` part (`TargetMode="External"`). */
export function externalHyperlinks(relsXml: string): string[] {
  const targets: string[] = [];
  for (const [tag] of relsXml.matchAll(/<Relationship\b[^>]*>/g)) {
    const type = attribute(tag, "Type") ?? "";
    const target = attribute(tag, "Target");
    if (attribute(tag, "TargetMode") === "External" && type.endsWith("/hyperlink") && target)
      targets.push(target);
  }
  return targets;
}

/** Targets of `HYPERLINK "…"` field codes, the other way Word stores a link (common in converted documents). */
export function fieldHyperlinks(xml: string): string[] {
  const instructions = [...xml.matchAll(/<w:instrText\b[^>]*>([^<]*)<\/w:instrText>/g)]
    .map((match) => decodeXmlEntities(match[1] ?? ""))
    .join("");
  return [...instructions.matchAll(/HYPERLINK\s+"([^"]+)"/g)].map((match) => match[1] ?? "").filter(Boolean);
}

/** Marks where a heading starts, so it keeps a blank line above it after newlines are collapsed. */
const HEADING_MARK = "\u0001";

/**
 * Plain text from mammoth's HTML. We convert to HTML rather than call `extractRawText` because raw text drops
 * line breaks: a contact block typed with Shift+Enter ("jane@example.com⏎+1 555…") comes out glued together as
 * "jane@example.com+1 555…". HTML keeps `<br />`, list items, table cells and link targets.
 *
 * Output: one line per paragraph, list item ("- " prefix) and table row (cells tab-separated), and a blank line
 * before each heading.
 */
export function mammothHtmlToText(html: string): string {
  const text = html
    // Footnote back-links ("↑") point into the document, not at anything the reader needs.
    .replace(/<a href="#[^"]*"[^>]*>↑<\/a>/g, "")
    .replace(/<br \/>/g, "\n")
    // A cell's last paragraph ends the cell, not the line: cells of a row stay on one line, tab-separated.
    .replace(/<\/p><\/t[dh]>|<\/t[dh]>/g, "\t")
    .replace(/<li>/g, "\n- ")
    .replace(/<h[1-6][^>]*>/g, HEADING_MARK)
    .replace(/<\/(?:p|h[1-6]|tr|table|ul|ol)>/g, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/\n+/g, "\n")
    .replace(new RegExp(`\\n*${HEADING_MARK}\\n*`, "g"), "\n\n");
  return decodeXmlEntities(text);
}
