/**
 * Email, phone and location. Contact details are searched in the contact area first (lines before the first
 * heading and Contact sections, wherever a two-column layout put them), then in the whole text for the email,
 * and in labelled lines ("Phone: …") or lines holding nothing but a number for the phone, so numbers inside
 * experience bullets are never taken.
 */
import type { Line } from "./lines.ts";
import { isLoosePlace, isPlace, placeInAddress } from "./places.ts";
import { hasTitleWord } from "./roles.ts";
import { strongPieces } from "./segments.ts";

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
  /\b(?:phone|tel|tél|telefon|telephone|téléphone|teléfono|telefone|mobile|mobil|móvil|cell|handy|celular|portable|whatsapp)\b/iu;
/** "2015 - 2019", "2019-03 to 2021-04": date ranges look like phone numbers and are not. */
const DATE_LIKE = /^(?:19|20)\d{2}\s*[-–./]\s*(?:(?:19|20)\d{2}|\d{1,2})$|^\d{1,2}[./-](?:19|20)\d{2}/;

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

/** "Jane Doe, PhD" has the shape of a place. */
const CREDENTIAL_TAIL = /,\s*(?:PhD|MD|MBA|CPA|CFA|PMP|PE|RN|Esq|MSc|MPH|Jr|Sr|II|III)\.?$/i;

const LOCATION_LABEL =
  /^(?:location|address|city|based in|residence|ubicación|localización|dirección|domicilio|ciudad|adresse|ville|lieu|anschrift|adresse|wohnort|ort|localização|endereço|morada|cidade)\s*[:\t]\s*(\S.{1,120})$/iu;

/**
 * The candidate's location: a labelled value as written ("Address: Hauptstraße 12, 10115 Berlin"), else the
 * first contact-area piece that is a place ("Austin, TX"), or the "City, Country" tail of an address piece
 * ("12 rue des Lilas, 69003 Lyon, France" → "Lyon, France").
 */
export function findLocation(contactLines: readonly Line[], name: string | null): string | null {
  for (const line of contactLines) {
    const label = LOCATION_LABEL.exec(line.text);
    if (label !== null) return label[1]?.trim() ?? null;
  }
  for (const line of contactLines) {
    for (const piece of strongPieces(line.text)) {
      if (/@|https?:/i.test(piece)) continue;
      if (isPlace(piece)) return piece.trim();
      const place = placeInAddress(piece);
      if (place !== null) return place;
    }
  }
  return loosePlace(contactLines, name);
}

/** Last resort: a whole contact line shaped like "Town, County" that is neither the name nor a job title. */
function loosePlace(contactLines: readonly Line[], name: string | null): string | null {
  for (const line of contactLines) {
    const text = line.text.trim();
    if (text !== name && isLoosePlace(text) && !hasTitleWord(text) && !CREDENTIAL_TAIL.test(text))
      return text;
  }
  return null;
}
