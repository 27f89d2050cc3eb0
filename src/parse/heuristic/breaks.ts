/**
 * Career breaks written like positions ("Career break — Parental leave", "Sabbatical", "Elternzeit", "Congé
 * parental", "Travel through South America"): time off, not a job, so they are neither an experience entry nor
 * part of years_experience.
 */
import { foldCase } from "./fold.ts";
import { hasTitleWord, looksLikeCompany } from "./roles.ts";

// biome-ignore format: word list, packed for reading
const BREAK_PHRASES = [
  // English
  "career break", "planned career break", "career gap", "career pause", "break", "sabbatical", "time off",
  "leave of absence", "parental leave", "maternity leave", "paternity leave",
  "family leave", "family care", "caregiving", "personal leave", "gap year", "travel", "travelling",
  "traveling", "world travel", "backpacking",
  // German
  "elternzeit", "mutterschutz", "auszeit", "sabbatjahr", "familienzeit", "weltreise", "reise", "reisen",
  "berufliche auszeit", "pflegezeit",
  // French
  "congé parental", "congé maternité", "congé de maternité", "congé paternité", "année sabbatique",
  "pause professionnelle", "voyage", "tour du monde",
  // Spanish
  "excedencia", "baja maternal", "baja por maternidad", "permiso parental", "año sabático", "viaje",
  "pausa profesional",
  // Portuguese
  "licença maternidade", "licença-maternidade", "licença parental", "ano sabático", "viagem",
  "pausa na carreira",
  // Italian
  "congedo parentale", "congedo di maternità", "maternità", "anno sabbatico", "viaggio", "pausa di carriera",
  // Dutch
  "ouderschapsverlof", "zwangerschapsverlof", "wereldreis", "reis", "loopbaanonderbreking",
  // Polish
  "urlop rodzicielski", "urlop macierzyński", "urlop wychowawczy", "przerwa w karierze", "podróż",
].map(foldCase);

/** The header starts with a break phrase, as a whole word ("Travel through …", not "Travelport"). */
function startsWithBreak(text: string): boolean {
  const folded = foldCase(text.trim());
  return BREAK_PHRASES.some(
    (phrase) => folded.startsWith(phrase) && !/^[\p{L}\p{N}]/u.test(folded.slice(phrase.length)),
  );
}

/**
 * True when a position's header pieces describe a break: one of them starts with a break phrase and none is a
 * job title or an employer ("Travel Consultant, Flight Centre" and "Reise GmbH" are jobs).
 */
export function isCareerBreak(pieces: readonly string[]): boolean {
  if (!pieces.some(startsWithBreak)) return false;
  return !pieces.some((piece) => hasTitleWord(piece) || looksLikeCompany(piece));
}
