/**
 * Email and phone (location.ts has the location). Contact details are searched in the contact area first (lines
 * before the first heading and Contact sections, wherever a two-column layout put them), then in the whole text
 * for the email, and in labelled lines ("Phone: …") or lines holding nothing but a number for the phone, so
 * numbers inside experience bullets are never taken. Referees' lines never reach these functions (resume.ts).
 */
import type { Line } from "./lines.ts";

/** Tested per whitespace-separated token, so a long line without "@" costs nothing. */
const EMAIL = /^[\p{L}\p{N}._%+'-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){0,5}\.\p{L}{2,24}$/u;

/** The first email address, lower-cased (the contract stores emails lower-case). */
export function findEmail(lines: readonly Line[]): string | null {
  for (const line of lines) {
    if (!line.text.includes("@")) continue;
    for (const token of line.text.split(/[\s,;|<>()[\]"]+/)) {
      const candidate = token.replace(/^(?:mailto:|e-?mail:)/i, "").replace(/[.:]+$/, "");
      if (candidate.length <= 254 && EMAIL.test(candidate)) return candidate.toLowerCase();
    }
  }
  return null;
}

/**
 * A phone number as printed: optional "+country", groups of digits separated by spaces, dots, dashes or
 * parentheses. Bounded repetition keeps the scan linear. 7–15 digits (E.164 allows at most 15).
 */
const PHONE = /(?<![\p{L}\d])(?:\+\s?)?\(?\d[\d\s().-]{5,22}\d(?![\p{L}\d])/gu;
const PHONE_LABEL =
  /(?<!\p{L})(?:phone|tel|tél|telefon|telephone|téléphone|teléfono|telefone|telemóvel|telefono|cellulare|cell|mobile|mobil|móvil|mobiel|handy|celular|portable|whatsapp|telefoon|gsm|komórka)(?!\p{L})/iu;
/**
 * "2015 - 2019", "2019-03 to 2021-04" and birth dates ("Geburtsdatum: 14.02.1991", "1991-02-14") look like phone
 * numbers and are not.
 */
const DATE_LIKE =
  /^(?:19|20)\d{2}\s*[-–./]\s*(?:(?:19|20)\d{2}|\d{1,2})(?:[-./]\d{1,2})?$|^(?:\d{1,2}[./-]){1,2}(?:19|20)\d{2}/;

function phoneIn(text: string): string | null {
  PHONE.lastIndex = 0;
  for (let match = PHONE.exec(text); match !== null; match = PHONE.exec(text)) {
    const candidate = trimUnbalanced(match[0].trim());
    const digits = candidate.replace(/\D/g, "").length;
    if (digits >= 7 && digits <= 15 && !DATE_LIKE.test(candidate)) return candidate;
  }
  return null;
}

/** "(555) 123-4567" keeps its parentheses; a stray ")" or "(" at either end is dropped. */
function trimUnbalanced(text: string): string {
  let out = text;
  if (out.endsWith(")") && !out.includes("(")) out = out.slice(0, -1);
  if (out.startsWith("(") && !out.includes(")")) out = out.slice(1);
  return out.replace(/[\s.-]+$/, "");
}

export function findPhone(contactLines: readonly Line[], allLines: readonly Line[]): string | null {
  for (const line of contactLines) {
    const phone = phoneIn(line.text);
    if (phone !== null) return phone;
  }
  for (const line of allLines) {
    if (!PHONE_LABEL.test(line.text)) continue;
    const phone = phoneIn(line.text);
    if (phone !== null) return phone;
  }
  // A line that is nothing but a number: contact details of a sidebar that had no Contact heading.
  for (const line of allLines) {
    const phone = line.bullet ? null : phoneIn(line.text);
    if (phone !== null && phone === line.text.trim()) return phone;
  }
  return null;
}

/** An e-mail address, a phone number or a link: what a contact line holds. */
export const CONTACT_DETAIL = /@|https?:|www\.|\.[a-z]{2,}\/|(?:\d[\s().-]?){7}/i;

/** Lines either side of the e-mail that may hold the rest of the contact block. */
const BLOCK_REACH = 2;
/** A contact line is short; a longer one is a sentence that happens to mention an address. */
const MAX_BLOCK_LINE_WORDS = 12;

/**
 * The contact block around the first e-mail address when it sits outside the contact area (a sidebar drawn
 * after the main column, with no Contact heading): the e-mail's line and its short unbulleted neighbours.
 */
export function emailBlock(lines: readonly Line[]): Line[] {
  const at = lines.findIndex((line) => findEmail([line]) !== null);
  if (at < 0) return [];
  return lines
    .slice(Math.max(0, at - BLOCK_REACH), at + BLOCK_REACH + 1)
    .filter((line) => !line.bullet && line.text.split(/\s+/).length <= MAX_BLOCK_LINE_WORDS);
}
