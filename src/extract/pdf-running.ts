/**
 * Running headers and footers: a name, "Page 1 of 2" or "Seite 1 von 2" line repeated on most pages is page
 * furniture, not content (read as content it turned into a bogus job). Such lines are dropped.
 *
 * - Candidates are the three highest and three lowest lines of each page.
 * - Running: the same text at the same height (± 3 pt) on at least 60 % of the pages, and on two pages at least.
 *   Numbers may differ only in a line with a page counter ("Page 1 of 2" = "Page 2 of 2", "Seite 2"): body lines
 *   differing only in a figure are content. Single-page documents have none.
 * - A bare page number at the top or bottom ("2", "- 2 -", "Page 2", "2/3", "Strona 2 z 3") is dropped on any page.
 * - One copy is kept, where it first occurs, when the line holds contact details (e-mail, phone, URL): contact
 *   details often live only there. One copy is also kept when it is the first line of the document and the top of
 *   page 1 does not repeat it (a name set only as a running header).
 */

import type { PlacedLine } from "./pdf-lines.ts";

const EDGE_LINES = 3;
const SAME_HEIGHT_PT = 3;
const MIN_PAGE_SHARE = 0.6;

const PAGE_NUMBER =
  /^[-–—\s]*(?:(?:page|seite|p\.|pg\.?|página|pagina|strona|blz\.?|side|sida|sivu)\s*)?\d{1,3}(?:\s*(?:\/|of|von|de|di|sur|z|van|av|af)\s*\d{1,3})?[-–—\s]*$/i;
const PAGE_COUNTER =
  /\b(?:page|seite|página|pagina|strona|pag|blz|side|sida|sivu|p\.)\s*\d|\d\s*(?:\/|of|von|de|di|sur|z|van|av|af)\s*\d/i;
const CONTACT =
  /[\w.+-]+@[\w-]+\.[\w.-]+|\+?\d[\d\s()./-]{7,}\d|https?:\/\/|www\.|\b[\w-]+\.(?:com|org|net|io|dev|de)\b/i;

function key(line: PlacedLine): string {
  const text = line.text.toLowerCase().replace(/\s+/g, " ").trim();
  return PAGE_COUNTER.test(text) ? text.replace(/\d+/g, "#") : text;
}

function edgeLines(lines: readonly PlacedLine[]): PlacedLine[] {
  const byHeight = [...lines].sort((a, b) => b.y - a.y);
  if (byHeight.length <= 2 * EDGE_LINES) return byHeight;
  return [...byHeight.slice(0, EDGE_LINES), ...byHeight.slice(-EDGE_LINES)];
}

/** Lines repeated at one height on most pages (each copy). */
function runningLines(pages: readonly PlacedLine[][]): Set<PlacedLine> {
  const groups = new Map<string, PlacedLine[]>();
  for (const line of pages.flatMap(edgeLines)) {
    const group = groups.get(key(line));
    if (group) group.push(line);
    else groups.set(key(line), [line]);
  }
  const needed = Math.max(2, Math.ceil(MIN_PAGE_SHARE * pages.length));
  const running = new Set<PlacedLine>();
  for (const group of groups.values()) {
    for (const anchor of group) {
      const copies = group.filter((line) => Math.abs(line.y - anchor.y) <= SAME_HEIGHT_PT);
      if (new Set(copies.map((line) => line.page)).size < needed) continue;
      for (const copy of copies) running.add(copy);
    }
  }
  return running;
}

/** Lines of page 1's top that the header could repeat (the name set large in the body). */
const TOP_LINES = 5;

/**
 * The document's first line, when it is running (a name header) and the top of page 1 does not repeat it in the
 * body ("Harper Fairbanks" under a "Harper Fairbanks — Resume" header): then it is the only copy of the name.
 */
function onlyNameCopy(
  pages: readonly PlacedLine[][],
  running: ReadonlySet<PlacedLine>,
): PlacedLine | undefined {
  const first = pages[0]?.[0];
  if (!first || !running.has(first)) return undefined;
  const header = first.text.toLowerCase();
  const repeated = (pages[0] ?? [])
    .filter((line) => !running.has(line))
    .slice(0, TOP_LINES)
    .some((line) => {
      const text = line.text.toLowerCase().trim();
      return text.length > 0 && (header.includes(text) || text.includes(header));
    });
  return repeated ? undefined : first;
}

/** Pages without their running headers, footers and page numbers (multi-page documents only). */
export function dropRunningLines(pages: readonly PlacedLine[][]): PlacedLine[][] {
  if (pages.length < 2) return pages.map((lines) => [...lines]);
  const running = runningLines(pages);
  const edges = new Set(pages.flatMap(edgeLines));
  const nameCopy = onlyNameCopy(pages, running);
  const kept = new Set<string>();
  return pages.map((lines) =>
    lines.filter((line) => {
      if (edges.has(line) && PAGE_NUMBER.test(line.text)) return false;
      if (!running.has(line)) return true;
      if (kept.has(key(line)) || !(CONTACT.test(line.text) || line === nameCopy)) return false;
      kept.add(key(line));
      return true;
    }),
  );
}
