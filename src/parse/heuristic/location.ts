/**
 * The candidate's location, from the contact area: a labelled value ("Wohnort: Köln", "Domicile : …"), a phrase
 * ("Residente en Sevilla"), a place piece ("Austin, TX", "Lyon, France"), the town of an address, a town name
 * beside the e-mail or phone ("Gdańsk | zofia@… | +48 …"), or a "Town, County" line.
 */
import { CONTACT_DETAIL } from "./contact.ts";
import type { Line } from "./lines.ts";
import { looksLikeName } from "./names.ts";
import { isKnownCity, isLoosePlace, isPlace, isPlaceName, placeInAddress } from "./places.ts";
import { hasTitleWord } from "./roles.ts";
import { headingKind } from "./sections.ts";
import { strongPieces } from "./segments.ts";

/** "Jane Doe, PhD" has the shape of a place. */
const CREDENTIAL_TAIL = /,\s*(?:PhD|MD|MBA|CPA|CFA|PMP|PE|RN|Esq|MSc|MPH|Jr|Sr|II|III)\.?$/i;

/** A labelled location in any of the eight languages ("Wohnort:", "Domicile :", "Woonplaats:", "Miasto:"). */
const LOCATION_LABEL =
  /^(?:location|address|city|based in|residence|ubicación|localización|dirección|domicilio|residencia|ciudad|adresse|ville|lieu|domicile|anschrift|wohnort|ort|localização|endereço|morada|residência|cidade|indirizzo|residenza|città|woonplaats|adres|plaats|woonadres|adres zamieszkania|miejsce zamieszkania|miejscowość|miasto|lokalizacja)\s*[:\t]\s*(\S.{1,120})$/iu;
/** "Wohnhaft in Köln", "Residente en Sevilla", "Domiciliée à Nantes", "Woonachtig in Delft": the place follows. */
const LOCATION_PHRASE =
  /^(?:based in|living in|wohnhaft in|residente en|residente em|residente a|domiciliée? à|habite à|woonachtig (?:in|te)|wonend te|zamieszkał[ay]? w|mieszkam w)\s+(\p{Lu}.{1,80})$/iu;

/**
 * The candidate's location: a labelled value as written ("Address: Hauptstraße 12, 10115 Berlin"), else the
 * first contact-area piece that is a place ("Austin, TX"), or the town of an address piece ("12 rue des Lilas,
 * 69003 Lyon, France" → "Lyon, France"; "C/ Mayor 12, 28013 Madrid" → "Madrid").
 */
export function findLocation(contactLines: readonly Line[], name: string | null): string | null {
  for (const line of contactLines) {
    const label = LOCATION_LABEL.exec(line.text) ?? LOCATION_PHRASE.exec(line.text);
    if (label !== null) return label[1]?.trim() ?? null;
  }
  for (const line of contactLines) {
    for (const piece of placePieces(line.text)) {
      if (/@|https?:/i.test(piece)) continue;
      if (isPlace(piece)) return piece.trim();
      const place = placeInAddress(piece);
      if (place !== null) return place;
    }
  }
  return townBesideContacts(contactLines, name) ?? loosePlace(contactLines, name);
}

/** The pieces of a contact line, first without splitting on " - " ("Belo Horizonte - MG" is one place). */
function placePieces(text: string): string[] {
  const coarse = text.split(/\t+|\s*\|\s*|\s+[•·–—]\s+/u).map((piece) => piece.trim());
  return [...coarse.filter((piece) => / - /.test(piece)), ...strongPieces(text)];
}

/**
 * A town no list knows, written where only a town fits: a piece of a line that also holds the e-mail, phone or
 * a link ("Gdańsk | zofia@… | +48 …"), or a one-word line right above such a line (a sidebar: "Leipzig" then the
 * e-mail). Never the name, a job title or a heading.
 */
function townBesideContacts(contactLines: readonly Line[], name: string | null): string | null {
  for (const [at, line] of contactLines.entries()) {
    const pieces = strongPieces(line.text);
    if (pieces.length >= 2 && pieces.some((piece) => CONTACT_DETAIL.test(piece))) {
      const town = pieces.find((piece) => isTown(piece, name));
      if (town !== undefined) return town;
    }
    const next = contactLines[at + 1];
    const single = pieces.length === 1 && !line.text.includes(" ");
    if (single && next !== undefined && CONTACT_DETAIL.test(next.text) && isTown(line.text, name))
      return line.text;
  }
  return null;
}

function isTown(text: string, name: string | null): boolean {
  if (text === name || (looksLikeName(text) && !isKnownCity(text))) return false;
  return isPlaceName(text) && !hasTitleWord(text) && headingKind(text) === null;
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
