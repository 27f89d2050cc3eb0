/**
 * Recognizes place names: "Austin, TX", "London, United Kingdom", "Lyon, France", a known city or country alone,
 * "Remote". Used for the candidate's location and for each position's location. Lists are deliberately short:
 * a pattern ("City, XX") does most of the work, the lists catch bare names.
 */
import { foldCase } from "./fold.ts";

/** US states and Canadian provinces, as written after "City, ". */
const REGION_CODES = new Set(
  (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK " +
    "OR PA RI SC SD TN TX UT VT VA WA WV WI WY AB BC MB NB NL NS NT NU ON PE QC SK YT"
  ).split(" "),
);

// biome-ignore format: word list, packed for reading
const COUNTRIES = new Set(
  [
    "usa", "us", "u.s.", "u.s.a.", "united states", "united states of america", "uk", "u.k.", "united kingdom",
    "england", "scotland", "wales", "ireland", "canada", "mexico", "méxico", "brazil", "brasil", "argentina",
    "chile", "colombia", "peru", "perú", "uruguay", "spain", "españa", "portugal", "france", "germany",
    "deutschland", "austria", "österreich", "switzerland", "schweiz", "suisse", "italy", "italia",
    "netherlands", "nederland", "belgium", "belgique", "belgië", "luxembourg", "denmark", "sweden", "sverige",
    "norway", "norge", "finland", "poland", "polska", "czech republic", "czechia", "hungary", "romania",
    "bulgaria", "greece", "ελλάδα", "serbia", "croatia", "slovenia", "ukraine", "russia", "россия", "turkey",
    "türkiye", "israel", "egypt", "morocco", "nigeria", "kenya", "ghana", "south africa", "ethiopia", "uae",
    "united arab emirates", "saudi arabia", "qatar", "india", "pakistan", "bangladesh", "sri lanka", "china",
    "japan", "日本", "south korea", "korea", "taiwan", "hong kong", "singapore", "malaysia", "indonesia",
    "philippines", "vietnam", "thailand", "australia", "new zealand", "estonia", "latvia", "lithuania",
    "iceland", "the netherlands", "northern ireland", "slovakia", "cyprus", "malta", "monaco", "andorra",
    "liechtenstein", "belarus", "moldova", "albania", "bosnia and herzegovina", "north macedonia",
    "montenegro", "kosovo", "georgia", "armenia", "azerbaijan", "kazakhstan", "uzbekistan", "algeria", "tunisia",
    "libya", "sudan", "jordan", "lebanon", "syria", "iraq", "iran", "kuwait", "bahrain", "oman", "yemen",
    "afghanistan", "nepal", "myanmar", "cambodia", "laos", "mongolia", "brunei", "macau", "ecuador",
    "venezuela", "bolivia", "paraguay", "costa rica", "panama", "guatemala", "honduras", "el salvador",
    "nicaragua", "cuba", "dominican republic", "puerto rico", "jamaica", "trinidad and tobago", "tanzania",
    "uganda", "rwanda", "senegal", "ivory coast", "côte d'ivoire", "cameroon", "zimbabwe", "zambia", "botswana",
    "namibia", "mozambique", "angola", "mauritius", "madagascar", "fiji", "україна", "беларусь",
    "česko", "magyarország", "hrvatska", "srbija", "danmark", "éire", "中国", "大韩民国", "대한민국", "台灣",
  ].map(foldCase),
);

/** Cities common enough on resumes to be recognized without a region ("Stockholm", "Dublin"). */
// biome-ignore format: word list, packed for reading
const CITIES = new Set(
  [
    "new york", "san francisco", "los angeles", "seattle", "austin", "boston", "chicago", "denver", "portland",
    "miami", "atlanta", "toronto", "vancouver", "montreal", "montréal", "mexico city", "são paulo",
    "sao paulo", "rio de janeiro", "buenos aires", "bogotá", "santiago", "lima", "london", "manchester",
    "edinburgh", "dublin", "cork", "paris", "lyon", "marseille", "bordeaux", "toulouse", "lille", "nantes",
    "madrid", "barcelona", "valencia", "sevilla", "seville", "bilbao", "lisbon", "lisboa", "porto", "berlin",
    "munich", "münchen", "hamburg", "frankfurt", "cologne", "köln", "stuttgart", "vienna", "wien", "zurich",
    "zürich", "geneva", "genève", "milan", "milano", "rome", "roma", "amsterdam", "rotterdam", "brussels",
    "bruxelles", "copenhagen", "stockholm", "oslo", "helsinki", "warsaw", "kraków", "krakow", "prague",
    "budapest", "bucharest", "athens", "belgrade", "kyiv", "kiev", "moscow", "istanbul", "tel aviv", "cairo",
    "lagos", "nairobi", "accra", "cape town", "johannesburg", "dubai", "abu dhabi", "riyadh", "doha",
    "bangalore", "bengaluru", "mumbai", "delhi", "new delhi", "hyderabad", "pune", "chennai", "singapore",
    "hong kong", "shanghai", "beijing", "shenzhen", "tokyo", "osaka", "seoul", "taipei", "sydney", "melbourne",
    "auckland", "tallinn", "riga", "vilnius",
  ].map(foldCase),
);

const WORK_MODES = new Set(
  ["remote", "hybrid", "on-site", "onsite", "remoto", "télétravail", "teletrabajo"].map(foldCase),
);

/**
 * One capitalized place word or phrase: "Fort Lauderdale", "São Paulo", "Rio de Janeiro", "Frankfurt am Main",
 * optionally glossed in another script: "Αθήνα (Athens)", "Київ (Kyiv)".
 */
const PLACE_WORDS =
  /^\p{Lu}[\p{L}\p{M}'’.-]*(?:\s(?:\p{Lu}[\p{L}\p{M}'’.-]*|de|do|da|del|am|an|der|sur|upon|on|la|le))*(?:\s\(\p{Lu}[\p{L}\p{M}'’. -]{1,30}\))?$/u;
const POSTAL_CODE = /^(?:\d{4,5}(?:-\d{4})?|[A-Z]\d[A-Z] ?\d[A-Z]\d)$/;

function isRegionOrCountry(part: string): boolean {
  const withoutPostal = part.replace(/\s+(?:\d{4,5}(?:-\d{4})?|[A-Z]\d[A-Z] ?\d[A-Z]\d)$/, "");
  return REGION_CODES.has(withoutPostal) || COUNTRIES.has(foldCase(withoutPostal));
}

export function isKnownCity(text: string): boolean {
  return CITIES.has(foldCase(text.trim()));
}

export function isCountry(text: string): boolean {
  return COUNTRIES.has(foldCase(text.trim()));
}

/**
 * True when the whole text is a place: a known city or country, "Remote", or "City, Region[, Country]" where
 * the last part is a US/Canadian region code or a country ("Portland, OR", "Lyon, France", "Miami, FL 33101").
 */
export function isPlace(text: string): boolean {
  if (PROVINCE_PLACE.test(text.trim())) return true;
  // "(Remote)" and a stray bracket left by splitting go; the gloss in "Αθήνα (Athens)" stays.
  const opened = text.trim().replace(/^\(/, "");
  const trimmed = opened.includes("(") ? opened : opened.replace(/\)$/, "");
  if (trimmed.length < 2 || trimmed.length > 60) return false;
  const folded = foldCase(trimmed);
  if (CITIES.has(folded) || COUNTRIES.has(folded) || WORK_MODES.has(folded)) return true;
  const parts = trimmed.split(/\s*,\s*/);
  if (parts.length < 2 || parts.length > 3) return false;
  const last = parts.at(-1) ?? "";
  const leading = parts.slice(0, -1);
  if (!leading.every((part) => PLACE_WORDS.test(part) || REGION_CODES.has(part))) return false;
  // Three parts only end in a country ("Portland, Oregon, USA"): "Providence Health, Portland, OR" is a company
  // followed by a place, which segment splitting separates.
  if (parts.length === 3) return isCountry(last);
  return isRegionOrCountry(last) || (isKnownCity(parts[0] ?? "") && PLACE_WORDS.test(last));
}

/**
 * The "City, Region/Country" tail of an address-like text ("12 rue des Lilas, 69003 Lyon, France" → "Lyon,
 * France"), or null. Postal codes in front of the city are dropped; the rest is kept as written.
 */
export function placeInAddress(text: string): string | null {
  const parts = text.split(/\s*,\s*/);
  for (let end = parts.length - 1; end >= 1; end--) {
    const region = parts[end] ?? "";
    if (!isRegionOrCountry(region)) continue;
    const city = (parts[end - 1] ?? "").replace(/^\d{4,5}\s+/, "");
    if (PLACE_WORDS.test(city) && !POSTAL_CODE.test(city)) return `${city}, ${region}`;
  }
  return cityAfterPostalCode(parts.at(-1) ?? "");
}

/**
 * European postal codes before a town: "10115" (de, fr, es, it), "1015 CV" (nl), "31-147" (pl), "1000-001" (pt),
 * "1010" (at, ch, be), "D-10115".
 */
const EUROPEAN_POSTAL_CODE = /^(?:[A-Z]{1,2}-)?(?:\d{5}|\d{4}\s?[A-Z]{2}|\d{2}-\d{3}|\d{4}-\d{3}|\d{4})\s+/u;

/** "C/ Mayor 12, 28013 Madrid" → "Madrid": the town of an address without a country, its postal code dropped. */
function cityAfterPostalCode(part: string): string | null {
  const postal = EUROPEAN_POSTAL_CODE.exec(part);
  if (postal === null) return null;
  const city = part.slice(postal[0].length).trim();
  return PLACE_WORDS.test(city) ? city : null;
}

/**
 * A bare place name of one to three words ("Leiden", "Fort Collins"): only a hint, for text already known to
 * be neither a title nor an employer.
 */
export function isPlaceName(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.length > 40 || trimmed.split(/\s+/).length > 3 || NOT_PLACE_WORDS.test(trimmed)) return false;
  return PLACE_WORDS.test(trimmed);
}

/** Brazilian states, written after the city: "Belo Horizonte - MG", "Curitiba/PR". */
const BRAZILIAN_STATES = "AC|AL|AP|AM|BA|CE|DF|ES|GO|MA|MT|MS|MG|PA|PB|PR|PE|PI|RJ|RN|RS|RO|RR|SC|SP|SE|TO";
/**
 * Italian provinces, written in parentheses after the town: "Milano (MI)". A list, not any two capitals:
 * "Product Manager (UX)" is a title.
 */
const ITALIAN_PROVINCES =
  "AG|AL|AN|AO|AP|AQ|AR|AT|AV|BA|BG|BI|BL|BN|BO|BR|BS|BT|BZ|CA|CB|CE|CH|CL|CN|CO|CR|CS|CT|CZ|EN|FC|FE|FG|FI|FM|" +
  "FR|GE|GO|GR|IM|IS|KR|LC|LE|LI|LO|LT|LU|MB|MC|ME|MI|MN|MO|MS|MT|NA|NO|NU|OR|PA|PC|PD|PE|PG|PI|PN|PO|PR|PT|PU|" +
  "PV|PZ|RA|RC|RE|RG|RI|RM|RN|RO|SA|SI|SO|SP|SR|SS|SU|SV|TA|TE|TN|TO|TP|TR|TS|TV|UD|VA|VB|VC|VE|VI|VR|VT|VV";
/**
 * A town with its province or department: "Milano (MI)", "Nantes (44)" (French département), "Belo Horizonte -
 * MG", "Curitiba/PR".
 */
const PROVINCE_PLACE = new RegExp(
  "^\\p{Lu}[\\p{L}'’.-]*(?:\\s\\p{Lu}[\\p{L}'’.-]*){0,2}\\s?" +
    `(?:\\((?:${ITALIAN_PROVINCES}|\\d{2,3})\\)|[-/]\\s?(?:${BRAZILIAN_STATES}))$`,
  "u",
);

/** Parts of an organization, which are capitalized like places: "Platform Team", "Payments", "Research Lab". */
const NOT_PLACE_WORDS =
  /\b(?:team|department|division|unit|group|office|lab|practice|squad|program|project|payments|platform|engineering|operations|sales|marketing|finance|research)\b/i;

/** Up to three capitalized words, no digits: one part of a "Leeds, West Yorkshire"-style place. */
const LOOSE_PART = /^\p{Lu}[\p{L}'’.-]*(?:\s\p{Lu}[\p{L}'’.-]*){0,2}$/u;

/**
 * "Leeds, West Yorkshire": two or three capitalized parts with no recognizable region. Only trusted in the
 * contact area, after the stricter checks, because "Acme, Platform Team" has the same shape.
 */
export function isLoosePlace(text: string): boolean {
  const parts = text.trim().split(/\s*,\s*/);
  return parts.length >= 2 && parts.length <= 3 && parts.every((part) => LOOSE_PART.test(part));
}
