/**
 * Rewrites of WordprocessingML that put a part into the shape both of our readers understand (mammoth for the
 * body, docx-walk.ts for headers and footers): one branch of each `mc:AlternateContent`, no moved-away text, no
 * placeholder text of empty content controls, simple fields spelled as complex ones, and special characters as
 * plain runs. String rewrites rather than a DOM: Word's XML is machine-written and the parts are small, and a
 * DOM of a whole document costs more than the conversion itself.
 */

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric character references. */
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

const TAG_PATTERNS = new Map<string, RegExp>();

/** Start and end tags of `name` (cached: one pattern per element name, reused by every scan). */
function tagPattern(name: string): RegExp {
  let pattern = TAG_PATTERNS.get(name);
  if (!pattern) {
    pattern = new RegExp(`<${name}(?=[\\s>/])[^>]*>|</${name}>`, "g");
    TAG_PATTERNS.set(name, pattern);
  }
  return pattern;
}

/** Where an element that opens at `start` ends (index just past its end tag), counting nested same-name elements. */
export function elementEnd(xml: string, start: number, name: string): number {
  const tags = tagPattern(name);
  tags.lastIndex = start;
  let depth = 0;
  for (let match = tags.exec(xml); match !== null; match = tags.exec(xml)) {
    if (match[0].startsWith("</")) depth--;
    else if (!match[0].endsWith("/>")) depth++;
    if (depth <= 0) return tags.lastIndex;
  }
  return xml.length;
}

/**
 * Replaces every `name` element (outermost first; nested ones go with their parent) by `replace(element)`.
 * Elements the callback returns unchanged are kept as they are.
 */
export function replaceElements(xml: string, name: string, replace: (element: string) => string): string {
  const opening = new RegExp(`<${name}(?=[\\s>/])`, "g");
  let out = "";
  let copied = 0;
  for (let match = opening.exec(xml); match !== null; match = opening.exec(xml)) {
    const end = elementEnd(xml, match.index, name);
    out += xml.slice(copied, match.index) + replace(xml.slice(match.index, end));
    copied = end;
    opening.lastIndex = end;
  }
  return copied === 0 ? xml : out + xml.slice(copied);
}

/** Every `name` element, outermost only, in document order. */
export function elementsNamed(xml: string, name: string): string[] {
  const found: string[] = [];
  replaceElements(xml, name, (element) => {
    found.push(element);
    return element;
  });
  return found;
}

/** The content between an element's start tag and its end tag ("" for an empty element). */
export function innerXml(element: string): string {
  if (element.endsWith("/>") && element.indexOf(">") === element.length - 1) return "";
  const open = element.indexOf(">") + 1;
  return element.slice(open, element.lastIndexOf("</"));
}

function firstElement(xml: string, name: string): string | null {
  const at = xml.search(new RegExp(`<${name}(?=[\\s>/])`));
  return at < 0 ? null : xml.slice(at, elementEnd(xml, at, name));
}

const MAX_ALTERNATE_DEPTH = 8;

/**
 * Keeps one branch of each `mc:AlternateContent`, so a text box written twice (DrawingML in `mc:Choice`, VML in
 * `mc:Fallback`) is read once: the Choice when it holds a text box or there is no Fallback, else the Fallback
 * (which is what Word 2007 and mammoth show). Nested alternates are resolved too.
 */
export function resolveAlternateContent(xml: string, depth = 0): string {
  return replaceElements(xml, "mc:AlternateContent", (element) => {
    // Word nests two or three levels (a group holding shapes); a crafted file could nest until the stack ends.
    if (depth >= MAX_ALTERNATE_DEPTH) return "";
    const choice = firstElement(element, "mc:Choice");
    const fallback = firstElement(element, "mc:Fallback");
    const useChoice =
      choice !== null && (fallback === null || (choice.includes("<w:txbxContent") && !hasText(fallback)));
    const chosen = useChoice ? choice : fallback;
    return chosen === null ? "" : resolveAlternateContent(innerXml(chosen), depth + 1);
  });
}

function hasText(xml: string): boolean {
  return /<w:t(?:\s[^>]*)?>[^<]/.test(xml);
}

/**
 * Text boxes that exist only as DrawingML (`w:drawing` … `wps:txbx`) become VML-style `w:pict` boxes, the only
 * kind mammoth reads; it then places their text after the paragraph that anchors them.
 */
export function drawingTextBoxesAsPict(xml: string): string {
  return replaceElements(xml, "w:drawing", (drawing) => {
    const boxes = elementsNamed(drawing, "w:txbxContent");
    return boxes.length > 0 ? `<w:pict>${boxes.join("")}</w:pict>` : drawing;
  });
}

/** Text moved elsewhere by a tracked move (`w:moveFrom`): it is shown struck through, and again at its target. */
export function dropMovedFrom(xml: string): string {
  return replaceElements(xml, "w:moveFrom", () => "");
}

/**
 * Content controls showing their placeholder ("Click or tap here to enter text.", `w:showingPlcHdr`) hold no
 * content of the author's.
 */
export function dropPlaceholderControls(xml: string): string {
  if (!xml.includes("w:showingPlcHdr")) return xml;
  return replaceElements(xml, "w:sdt", (control) => {
    const properties = firstElement(control, "w:sdtPr") ?? "";
    return /<w:showingPlcHdr(?:\s*\/>|\s+w:val="(?:true|1|on)")/.test(properties) ? "" : control;
  });
}

/**
 * Special characters as what they show: a no-break hyphen is "-", a soft (optional) hyphen shows nothing unless
 * the line breaks there, `w:cr` and page or column breaks end the line, a positional tab (header layouts:
 * "Name ⇥ e-mail") is a tab.
 */
export function specialCharactersAsText(xml: string): string {
  return (
    xml
      .replace(/<w:noBreakHyphen\s*\/>/g, '<w:t xml:space="preserve">-</w:t>')
      .replace(/<w:softHyphen\s*\/>/g, "")
      .replace(/<w:cr\s*\/>/g, "<w:br/>")
      // mammoth writes nothing for a page or column break, gluing "…end" to "Start…" when both share a paragraph.
      .replace(/<w:br\s+w:type="(?:page|column)"[^>]*\/>/g, "<w:br/>")
      .replace(/<w:ptab\b[^>]*\/>/g, "<w:tab/>")
  );
}
