/**
 * Link annotations whose target the text does not show ("LinkedIn", "Email", an icon): the target is written beside
 * its anchor ("Email <jane@example.com>", as the DOCX extractor does), so it keeps its label and its place — an
 * address in the header is the candidate's, one further down may not be. A target with no line to stand beside
 * (an icon on an empty row) goes to the final "Links:" block. Each appears once. A `mailto:` target is written as
 * the plain address, a `tel:` as the number.
 */

import { isShownIn, LINKS_HEADING, usefulLinks } from "./links.ts";
import type { PlacedLine } from "./pdf-lines.ts";

export interface PdfLink {
  url: string;
  page: number;
  /** [x0, y0, x1, y1] in points, y up. */
  rect: readonly number[];
  /** The text pdf.js found under the link, if any. */
  anchor: string;
}

/** The address of a `mailto:` (without "?subject="), the number of a `tel:`, any other URL as is. */
export function plainTarget(url: string): string {
  const trimmed = url.trim();
  const match = /^(?:mailto|tel):([^?]*)/i.exec(trimmed);
  if (!match) return trimmed;
  try {
    return decodeURIComponent(match[1] as string);
  } catch {
    return match[1] as string;
  }
}

/**
 * An icon beside a line ("✉" before the address, a logo after a label) carries a link whose rectangle covers no
 * text: the line on its row within this distance (points, about half an inch) is its anchor.
 */
const ICON_REACH_PT = 36;

/** How far (points) the line lies from the link's rectangle horizontally, or null when not on its row. */
function distance(line: PlacedLine, link: PdfLink): number | null {
  const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = link.rect;
  const low = Math.min(y0, y1) - 0.3 * line.size;
  const high = Math.max(y0, y1) + 0.3 * line.size;
  if (line.page !== link.page || line.y < low || line.y > high) return null;
  return Math.max(0, Math.min(x0, x1) - line.x1, line.x0 - Math.max(x0, x1));
}

function anchorLine(lines: readonly PlacedLine[], link: PdfLink): PlacedLine | undefined {
  const covered = lines.filter((line) => distance(line, link) === 0);
  if (covered.length > 0) return likeliestAnchor(covered, link);
  let best: PlacedLine | undefined;
  let bestDistance = ICON_REACH_PT;
  for (const line of lines) {
    const away = distance(line, link);
    if (away !== null && away <= bestDistance) [best, bestDistance] = [line, away];
  }
  return best;
}

/**
 * Of the lines a link's rectangle reaches (a large heading above can reach into it), the one showing the anchor
 * text, else the one whose baseline sits nearest the rectangle's bottom (a link box starts just below its text).
 */
function likeliestAnchor(lines: readonly PlacedLine[], link: PdfLink): PlacedLine | undefined {
  const anchor = link.anchor.trim();
  const showing = anchor.length > 0 ? lines.filter((line) => line.text.includes(anchor)) : [];
  const pool = showing.length > 0 ? showing : lines;
  const bottom = Math.min(link.rect[1] ?? 0, link.rect[3] ?? 0);
  return pool.reduce((best, line) => (Math.abs(line.y - bottom) < Math.abs(best.y - bottom) ? line : best));
}

/** Where in the line the anchor ends: after the anchor text nearest the link's right edge, else the line's end. */
function insertionPoint(line: PlacedLine, link: PdfLink): number {
  const anchor = link.anchor.trim();
  if (anchor.length === 0) return line.text.length;
  const width = Math.max(1, line.x1 - line.x0);
  const estimate = (((link.rect[2] ?? line.x1) - line.x0) / width) * line.text.length;
  let best = -1;
  for (let at = line.text.indexOf(anchor); at >= 0; at = line.text.indexOf(anchor, at + 1)) {
    const end = at + anchor.length;
    if (best < 0 || Math.abs(end - estimate) < Math.abs(best - estimate)) best = end;
  }
  return best < 0 ? line.text.length : best;
}

/**
 * Writes " <target>" after each link's anchor, in place, and returns the targets it placed. A link with no line on
 * its row (a row of icons, a running footer that was dropped) is left for the "Links:" block.
 */
function placeBesideAnchors(lines: readonly PlacedLine[], links: readonly PdfLink[]): Set<string> {
  const placed = new Set<string>();
  for (const link of links) {
    const line = anchorLine(lines, link);
    if (!line) continue;
    placed.add(link.url.trim());
    if (isShownIn(line.text, link.url)) continue;
    const at = insertionPoint(line, link);
    line.text = `${line.text.slice(0, at)} <${plainTarget(link.url)}>${line.text.slice(at)}`;
  }
  return placed;
}

/**
 * Pages' lines with link targets beside their anchors, and the "Links:" block of the targets that had no anchor
 * line (empty when there are none): each target appears once, as in DOCX. `lines` is modified in place.
 */
export function placeLinks(lines: readonly PlacedLine[], links: readonly PdfLink[]): string {
  const shownBefore = lines.map((line) => line.text).join("\n");
  const kept = new Set(usefulLinks(links.map((link) => link.url)));
  const missing = links.filter((link) => kept.has(link.url.trim()) && !isShownIn(shownBefore, link.url));
  const placed = placeBesideAnchors(lines, missing);
  const unplaced = missing.filter((link) => !placed.has(link.url.trim()));
  const listed = [...new Set(unplaced.map((link) => plainTarget(link.url)))];
  return listed.length === 0 ? "" : `${LINKS_HEADING}\n${listed.join("\n")}`;
}
