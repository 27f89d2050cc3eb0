import { inlineAnchorTargets } from "./docx-links.ts";
import { decodeXmlEntities } from "./docx-markup.ts";

/** The conversion of mammoth's HTML to plain text. */

/** Marks where a heading starts, so it keeps a blank line above it after newlines are collapsed. */
const HEADING_MARK = "\u0001";

/**
 * Plain text from mammoth's HTML. We convert to HTML rather than call `extractRawText` because raw text drops
 * line breaks: a contact block typed with Shift+Enter ("jane@example.com⏎+1 555…") comes out glued together as
 * "jane@example.com+1 555…". HTML keeps `<br />`, list items, table cells and link targets.
 *
 * Output: one line per paragraph, list item ("- " prefix) and table row (cells tab-separated), a blank line
 * before each heading, and each link's target beside its text when the text does not show it.
 */
export function mammothHtmlToText(html: string): string {
  const text = inlineAnchorTargets(html)
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
