/**
 * Degree and institution recognition. A degree is read from the start of a piece of text: the degree as written
 * ("B.S.", "Bachelor of Science", "MSc", "Licenciatura", "Diplôme d'ingénieur", "M.Sc."), including a
 * parenthetical right after it ("(MBA)", "(Hons)"); the rest, minus a linking word ("in", "en", "em", ","),
 * is the field of study.
 */
import { foldedWords } from "./fold.ts";

export interface Degree {
  degree: string;
  field: string | null;
}

/**
 * Long forms; "of Science|Arts|…" is part of the degree, any other "of X"/"in X" is the field. Covers English,
 * Spanish, French, German, Portuguese, Italian ("Laurea"), Dutch ("Propedeuse") and Polish ("Magister inżynier").
 */
const LONG_DEGREE = new RegExp(
  "^(?:(?:Bachelor|Master|Doctor|Associate)(?:['’]s)?(?:\\s+of\\s+(?:Science|Arts|Engineering|Business Administration|" +
    "Fine Arts|Laws|Philosophy|Education|Technology|Applied Science|Commerce|Music|Architecture|Public Health|" +
    "Public Administration|Social Work|Nursing))?(?:\\s+degree)?|High School Diploma|Diploma di maturità|Diploma|" +
    "Licenciatura|" +
    "Licenciad[oa]|Grado|Máster|Master|Mastère|Maestría|Doctorado|Doctorat|Licence|Maîtrise|" +
    "Diplôme(?:\\s+d['’]ingénieur)?|Dipl\\.-Ing\\.|Diplom(?:-[A-Z][a-z]+)?|Staatsexamen|Abitur|" +
    "Bacharelado|Mestrado|Doutorado|Doutoramento|Pós-graduação|Tecnólogo|Ingeniería|Diplomatura|" +
    "Baccalauréat|BTS|DUT|Laurea|Dottorato(?:\\s+di\\s+ricerca)?|Propedeuse|Doctoraal|" +
    "Magister(?:\\s+inżynier)?|Inżynier|Licencjat|Doktor|mgr\\s+inż\\.|mgr|inż\\.|lic\\.|" +
    // German vocational training names its trade: "Ausbildung zur Fachinformatikerin".
    "(?:Berufs)?[Aa]usbildung\\s+zu[mr]\\s+[\\p{L}-]+)(?![\\p{L}])",
  "iu",
);

/**
 * Abbreviations, case-sensitive so "ms" or "ba" inside ordinary words never match. "HBO" / "WO" / "MBO" are the
 * Dutch levels written as the degree ("HBO Commerciële Economie").
 */
const SHORT_DEGREE =
  /^(?:B\.?\s?(?:S|A|Sc|Eng|Tech|Com|Ed|Arch|Des|BA|FA)\.?|M\.?\s?(?:S|A|Sc|Eng|Tech|Com|Ed|Arch|Des|BA|PH|FA|Phil|Res)\.?|Ph\.?\s?D\.?|D\.?Phil\.?|Ed\.?D\.?|J\.?D\.?|M\.?D\.?|LL\.?[BM]\.?|A\.?[AS]\.?|AAS|BBA|HND|HBO|WO|MBO)(?=[\s,(/–—-]|$)/u;

/**
 * What qualifies the degree itself rather than naming its field: a parenthetical ("(Hons)", "(MBA)") or a
 * qualifier word ("Licence professionnelle", "Mastère spécialisé", "BSc Honours", "Máster universitario", "Laurea Magistrale").
 */
const QUALIFIER =
  /^\s*\([^)]{1,40}\)|^\s+(?:professionnelle|professionnel|pro|spécialisée?|universitaire|universitari[oa]|oficial|honou?rs|hons|magistrale|triennale|specialistica|a ciclo unico)(?![\p{L}])/iu;
/**
 * What links a degree to its field: ", ", " in ", " en " (es/fr), " em " (pt), " im " (de), " di " (it),
 * " w zakresie " / " na kierunku " (pl), " of ".
 */
const FIELD_LINK = /^\s*[,:–—-]?\s*(?:(?:in|en|em|of|de|im|à|di|w zakresie|na kierunku)\s+)?/iu;

/** The degree at the start of the text and its field, or null when the text does not start with a degree. */
export function parseDegree(text: string): Degree | null {
  const trimmed = text.trim();
  const match = SHORT_DEGREE.exec(trimmed) ?? LONG_DEGREE.exec(trimmed);
  if (match === null) return null;
  let degree = match[0].trim();
  let rest = trimmed.slice(match[0].length);
  const qualifier = QUALIFIER.exec(rest);
  if (qualifier !== null) {
    degree = `${degree} ${qualifier[0].trim()}`;
    rest = rest.slice(qualifier[0].length);
  }
  const field = rest.replace(FIELD_LINK, "").trim();
  return { degree, field: field === "" ? null : field };
}

const INSTITUTION_WORDS = new Set([
  "university",
  "universidad",
  "universite",
  "universitat",
  "universidade",
  "universita",
  "universiteit",
  "uniwersytet",
  "college",
  "institute",
  "institut",
  "instituto",
  "istituto",
  "school",
  "escuela",
  "ecole",
  "hochschule",
  "fachhochschule",
  "academy",
  "akademie",
  "academia",
  "polytechnic",
  "politecnica",
  "politecnico",
  "polytechnique",
  "conservatory",
  "conservatoire",
  "gymnasium",
  "lycee",
  "liceo",
  "colegio",
  "faculdade",
  "facultad",
  "faculte",
  "bootcamp",
  "hogeschool",
  "academie",
  "politechnika",
  "akademia",
  "szkoła",
  "liceum",
  "technikum",
  "scuola",
  "ateneo",
  "escola",
  "berufsschule",
  "ihk",
  "hwk",
  "berufskolleg",
  "iut",
  "eth",
  "epfl",
  "mit",
  "ucla",
  "iit",
  "tu",
  "kth",
  "iae",
  "hec",
  "insead",
]);

/** "清华大学", "東京大学", "서울대학교", "北京理工学院": institution words inside CJK names. */
const CJK_INSTITUTION = /大学|大學|学院|學院|대학교|대학/u;

export function hasInstitutionWord(text: string): boolean {
  if (CJK_INSTITUTION.test(text)) return true;
  return foldedWords(text).some((word) => INSTITUTION_WORDS.has(word) || word.startsWith("universit"));
}
