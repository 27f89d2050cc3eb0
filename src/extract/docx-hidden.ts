import { elementEnd } from "./docx-markup.ts";

/**
 * Hidden text (`w:vanish`): Word does not show or print it, so it is not content. A run is hidden by its own
 * properties, else by its character style, else by its paragraph's style (styles inherit through `w:basedOn`).
 * `w:webHidden` is not hidden text (Word prints it; tables of contents use it for page numbers).
 */

/** true = hidden, false = explicitly shown (`w:val="0"`), null = not said. */
function vanishIn(properties: string): boolean | null {
  const match = /<w:vanish(?:\s+w:val="([^"]*)")?\s*\/>/.exec(properties);
  if (!match) return null;
  return match[1] === undefined || !/^(?:0|false|off)$/i.test(match[1]);
}

/** Formatting before a tracked change (`w:rPrChange`, `w:pPrChange`) is history, not what Word shows. */
function withoutFormatChanges(xml: string): string {
  return xml.replace(/<w:(rPrChange|pPrChange)\b[\s\S]*?<\/w:\1>/g, "");
}

function runPropertiesOf(xml: string): string {
  return /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(withoutFormatChanges(xml))?.[1] ?? "";
}

interface StyleEntry {
  basedOn: string | null;
  vanish: boolean | null;
}

/** Ids of the styles (character and paragraph) whose text is hidden, inheritance resolved. */
export function hiddenStyles(stylesXml: string): Set<string> {
  const styles = new Map<string, StyleEntry>();
  for (const [style] of stylesXml.matchAll(/<w:style\b[\s\S]*?<\/w:style>/g)) {
    const id = /\sw:styleId="([^"]*)"/.exec(style)?.[1];
    if (id === undefined) continue;
    const basedOn = /<w:basedOn\s+w:val="([^"]*)"/.exec(style)?.[1] ?? null;
    styles.set(id, { basedOn, vanish: vanishIn(runPropertiesOf(style)) });
  }
  const hidden = new Set<string>();
  for (const id of styles.keys()) if (inheritedVanish(styles, id)) hidden.add(id);
  return hidden;
}

/** Follows `w:basedOn` up to 16 levels (Word's own chains are 2–4 deep; the bound stops a cycle). */
function inheritedVanish(styles: Map<string, StyleEntry>, id: string): boolean {
  let current: string | null = id;
  for (let depth = 0; current !== null && depth < 16; depth++) {
    const style = styles.get(current);
    if (!style) return false;
    if (style.vanish !== null) return style.vanish;
    current = style.basedOn;
  }
  return false;
}

/**
 * The properties element (`w:rPr` of a run, `w:pPr` of a paragraph) right after a start tag ending at `at`, minus
 * tracked formatting changes; "" when there is none.
 */
function propertiesAt(xml: string, at: number, name: "w:rPr" | "w:pPr"): string {
  let start = at;
  while (start < xml.length && /\s/.test(xml[start] ?? "")) start++;
  if (!xml.startsWith(`<${name}>`, start)) return "";
  // Real property elements are a few hundred characters; the window bounds the scan when one is never closed.
  const window = xml.slice(start, start + PROPERTIES_WINDOW);
  return withoutFormatChanges(window.slice(0, elementEnd(window, 0, name)));
}

/** Longest run or paragraph properties element we look into, in characters (4 KB). */
const PROPERTIES_WINDOW = 4096;

function styleIdIn(properties: string, element: "w:rStyle" | "w:pStyle"): string | null {
  return new RegExp(`<${element}\\s+w:val="([^"]*)"`).exec(properties)?.[1] ?? null;
}

function isHiddenRun(properties: string, paragraphStyle: string | null, hidden: Set<string>): boolean {
  const own = vanishIn(properties);
  if (own !== null) return own;
  const runStyle = styleIdIn(properties, "w:rStyle");
  if (runStyle !== null) return hidden.has(runStyle);
  return paragraphStyle !== null && hidden.has(paragraphStyle);
}

/**
 * Removes hidden runs. One pass over paragraph and run start tags keeps a stack of paragraph styles, so a run in
 * a text box inside a paragraph sees the text box paragraph's style, not the outer one's.
 */
export function dropHiddenRuns(xml: string, hidden: Set<string>): string {
  if (!xml.includes("<w:vanish") && hidden.size === 0) return xml;
  const tokens = /<w:p(?=[\s>])[^>]*>|<w:p\s*\/>|<\/w:p>|<w:r(?=[\s>])[^>]*>/g;
  const paragraphStyles: (string | null)[] = [];
  let out = "";
  let copied = 0;
  for (let match = tokens.exec(xml); match !== null; match = tokens.exec(xml)) {
    const tag = match[0];
    if (tag === "</w:p>") paragraphStyles.pop();
    else if (tag.startsWith("<w:p") && !tag.endsWith("/>"))
      paragraphStyles.push(paragraphStyleAt(xml, tokens.lastIndex));
    else if (tag.startsWith("<w:r") && !tag.endsWith("/>")) {
      const style = paragraphStyles.at(-1) ?? null;
      if (!isHiddenRun(propertiesAt(xml, tokens.lastIndex, "w:rPr"), style, hidden)) continue;
      out += xml.slice(copied, match.index);
      copied = elementEnd(xml, match.index, "w:r");
      tokens.lastIndex = copied;
    }
  }
  return copied === 0 ? xml : out + xml.slice(copied);
}

function paragraphStyleAt(xml: string, afterStartTag: number): string | null {
  return styleIdIn(propertiesAt(xml, afterStartTag, "w:pPr"), "w:pStyle");
}
