import { decodeXmlEntities } from "./docx-markup.ts";
import { isShownIn, usefulLinks } from "./links.ts";

/**
 * Link targets next to the words that carry them. A resume's "LinkedIn" or "Email me" is a link whose target is
 * the only place the profile URL or the address exists; written beside the anchor ("LinkedIn
 * <https://linkedin.com/in/jane>", "Email me <jane@example.com>") it keeps its label and its place (the contact
 * block), which a list at the end of the text loses. Angle brackets are how plain-text mail and RFC 3986 delimit
 * an address, and parsers already split tokens on them.
 */

/** What a reader needs of a target: the address of a `mailto:` (no "?subject="), the number of a `tel:`. */
export function displayTarget(url: string): string {
  const trimmed = url.trim();
  if (/^mailto:/i.test(trimmed)) return decodeURIComponentSafe(trimmed.slice(7).replace(/\?.*$/, ""));
  if (/^tel:/i.test(trimmed)) return decodeURIComponentSafe(trimmed.slice(4));
  return trimmed;
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The text to write after an anchor: " <target>" when the target is worth keeping (web, mail, phone) and the
 * anchor does not already show it; "" otherwise (an in-document anchor, "jane@example.com" linking to itself).
 */
export function targetBeside(anchor: string, url: string): string {
  if (usefulLinks([url]).length === 0 || isShownIn(anchor, url)) return "";
  const target = `<${displayTarget(url)}>`;
  return anchor.trim().length === 0 ? target : ` ${target}`;
}

/**
 * The target of a HYPERLINK field instruction: `HYPERLINK "url" \o "tip"`, `HYPERLINK url`; null for other
 * fields (PAGE, TOC…) and for `\l "bookmark"`, a jump inside the document (a `\l` after an address names a
 * fragment of that page: still a link). Word writes literal quotes in the URL as `\"`; the first unescaped quote
 * ends it.
 */
export function hyperlinkInstruction(instruction: string): string | null {
  const match =
    /^\s*HYPERLINK\b((?:\s+\\[a-z](?:\s+"(?:[^"\\]|\\.)*")?)*)\s+(?:"((?:[^"\\]|\\.)*)"|([^\s"\\]\S*))/i.exec(
      instruction,
    );
  if (!match) return null;
  if (/\\l\b/i.test(match[1] ?? "")) return null;
  const target = (match[2] ?? match[3] ?? "").replace(/\\(.)/g, "$1").trim();
  return target.length === 0 ? null : target;
}

export interface Relationship {
  type: string;
  target: string;
  external: boolean;
}

/** A `.rels` part as a map from relationship id to its type and target. */
export function relationships(relsXml: string): Map<string, Relationship> {
  const map = new Map<string, Relationship>();
  for (const [tag] of relsXml.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attributeOf(tag, "Id");
    const target = attributeOf(tag, "Target");
    if (id === null || target === null) continue;
    map.set(id, {
      type: attributeOf(tag, "Type") ?? "",
      target,
      external: attributeOf(tag, "TargetMode") === "External",
    });
  }
  return map;
}

function attributeOf(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match?.[1] === undefined ? null : decodeXmlEntities(match[1]);
}

const ANCHOR = /<a href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g;

/**
 * mammoth's `<a href>` elements with the target written after the anchor text (escaped, for the HTML-to-text
 * pass). Adjacent anchors with the same target (a field's result split over runs: "Linked" + "In") count as one.
 */
export function inlineAnchorTargets(html: string): string {
  let out = "";
  let copied = 0;
  let open: { href: string; text: string } | null = null;
  for (const match of html.matchAll(ANCHOR)) {
    const [whole, rawHref = "", inner = ""] = match;
    const href = decodeXmlEntities(rawHref);
    const text = decodeXmlEntities(inner.replace(/<[^>]+>/g, ""));
    if (open && (match.index !== copied || open.href !== href)) {
      out += besideEscaped(open);
      open = null;
    }
    out += html.slice(copied, match.index) + whole;
    copied = match.index + whole.length;
    open = open ? { href, text: open.text + text } : { href, text };
  }
  if (open) out += besideEscaped(open);
  return out + html.slice(copied);
}

function besideEscaped(link: { href: string; text: string }): string {
  return targetBeside(link.text, link.href)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}
