import { hyperlinkInstruction } from "./docx-links.ts";
import { decodeXmlEntities } from "./docx-markup.ts";

/**
 * Fields in the one shape both readers handle: complex fields (`w:fldChar` begin / `w:instrText` / separate /
 * result / end) whose HYPERLINK instruction is plain `HYPERLINK "target"`. mammoth drops simple fields with their
 * text, and its instruction parser misses switches before the URL (`HYPERLINK \o "tip" "url"`).
 */

const FIELD_RUN = (type: string) => `<w:r><w:fldChar w:fldCharType="${type}"/></w:r>`;

/**
 * `w:fldSimple` (a field in one element; mammoth drops it and its text) becomes the equivalent complex field
 * (begin, instruction, separate, result runs, end). Start and end tags are rewritten independently, so nesting
 * needs no matching.
 */
export function simpleFieldsAsComplex(xml: string): string {
  if (!xml.includes("<w:fldSimple")) return xml;
  return xml
    .replace(/<w:fldSimple\b[^>]*\/>/g, "")
    .replace(/<w:fldSimple\b([^>]*)>/g, (_, attributes: string) => {
      const instruction = /\sw:instr="([^"]*)"/.exec(attributes)?.[1] ?? "";
      return (
        FIELD_RUN("begin") +
        `<w:r><w:instrText xml:space="preserve">${instruction}</w:instrText></w:r>` +
        FIELD_RUN("separate")
      );
    })
    .replace(/<\/w:fldSimple>/g, FIELD_RUN("end"));
}

const FIELD_TOKEN = /<w:fldChar\b[^>]*>|<w:instrText\b[^>]*>([^<]*)<\/w:instrText>/g;

interface FieldInstruction {
  /** Positions of the field's `w:instrText` contents in the XML, in order. */
  pieces: { start: number; end: number }[];
  done: boolean;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Rewrites each HYPERLINK field's instruction (however split over runs, whatever switches it carries) as
 * ` HYPERLINK "target" ` in its first `w:instrText`, emptying the others. Bookmark jumps (`\l` only) and other
 * fields stay as they are.
 */
export function canonicalHyperlinkFields(xml: string): string {
  if (!xml.includes("<w:instrText")) return xml;
  const rewrites: { start: number; end: number; text: string }[] = [];
  const open: FieldInstruction[] = [];
  for (const match of xml.matchAll(FIELD_TOKEN)) {
    const field = open.at(-1);
    if (match[1] !== undefined) {
      const start = match.index + match[0].indexOf(">") + 1;
      if (field && !field.done) field.pieces.push({ start, end: start + match[1].length });
      continue;
    }
    const type = /w:fldCharType="([^"]*)"/.exec(match[0])?.[1];
    if (type === "begin") open.push({ pieces: [], done: false });
    else if (type === "end") open.pop();
    else if (type === "separate" && field && !field.done) {
      field.done = true;
      rewrites.push(...hyperlinkRewrites(xml, field));
    }
  }
  let out = "";
  let copied = 0;
  for (const rewrite of rewrites.sort((a, b) => a.start - b.start)) {
    out += xml.slice(copied, rewrite.start) + rewrite.text;
    copied = rewrite.end;
  }
  return out + xml.slice(copied);
}

function hyperlinkRewrites(xml: string, field: FieldInstruction) {
  const instruction = decodeXmlEntities(
    field.pieces.map((piece) => xml.slice(piece.start, piece.end)).join(""),
  );
  const target = hyperlinkInstruction(instruction);
  if (target === null) return [];
  return field.pieces.map((piece, index) => ({
    ...piece,
    text: index === 0 ? escapeXml(` HYPERLINK "${target}" `) : "",
  }));
}
