/**
 * The words dates are written with, in English, Spanish, French, German, Portuguese, Italian, Dutch and Polish:
 * month names (full, abbreviated, and Polish in the nominative "styczeń" and genitive "stycznia"), "Present"
 * words, range separators and "since" words. Month keys are folded (lower case, no accents), as dates.ts looks
 * them up; the regex sources match the text as written, case-insensitively.
 */
import { foldCase } from "./fold.ts";

// biome-ignore format: word list, packed for reading
const MONTH_WORDS: Record<number, string> = {
  1: "january jan enero ene janvier janv janeiro januar janner jaenner gennaio gen januari styczeń stycznia sty",
  2: "february feb febrero fevrier fevr fev februar fevereiro febbraio februari luty lutego lut",
  3: "march mar marzo mars marz maerz mrz marco maart mrt marzec marca",
  4: "april apr abril abr avril avr aprile kwiecień kwietnia kwi",
  5: "may mayo mai maio maggio mag mei maj maja",
  6: "june jun junio juin juni junho giugno giu czerwiec czerwca cze",
  7: "july jul julio juillet juil juli julho luglio lug lipiec lipca lip",
  8: "august aug agosto ago aout augustus sierpień sierpnia sie",
  9: "september sep sept septiembre setiembre set septembre setembro settembre wrzesień września wrz",
  10: "october oct octubre octobre oktober okt outubro out ottobre ott październik października paź",
  11: "november nov noviembre novembre novembro listopad listopada lis",
  12: "december dec diciembre dic decembre dezember dez dezembro dicembre grudzień grudnia gru",
};

export const MONTHS: ReadonlyMap<string, number> = new Map(
  Object.entries(MONTH_WORDS).flatMap(([month, words]) =>
    words.split(" ").map((word) => [foldCase(word), Number(month)] as const),
  ),
);

/** Words that carry only a year: "Summer 2014", "Q3 2019", "H1 2020". */
export const YEAR_ONLY_WORDS: ReadonlySet<string> = new Set(
  (
    "spring summer fall autumn winter primavera verano otono invierno printemps ete automne hiver fruhling " +
    "sommer herbst verao inverno outono estate autunno inverno voorjaar zomer najaar winter wiosna lato jesien zima"
  ).split(" "),
);

/**
 * "Present"-like words that end an open range. "date" covers "to date" / "till date" (the "to" is the
 * separator); "la actualidad", "o momento", "à ce jour", "chwili obecnej" come whole so the article or
 * preposition in front of them does not break the range. Longer phrases first: the alternation is ordered.
 */
export const PRESENT = [
  "present|presently|current|currently|now|today|ongoing|date",
  "la actualidad|actualidad|actualmente|actual|presente|hoy|en curso",
  "aujourd['’]hui|ce jour|présent|maintenant|en cours",
  "heute|jetzt|aktuell|derzeit|zurzeit|dato|laufend|lfd\\.",
  "atual|atualmente|actualmente|o momento|momento|hoje|agora|em curso",
  "oggi|in corso|attuale|attualmente",
  "heden|huidig|nu",
  "obecnie|dziś|dzisiaj|chwili obecnej|teraz|nadal",
  "至今|现在|現在|今|현재",
].join("|");

/** Between the two ends of a range: "2019 – 2021", "2019 bis heute", "2016 do 2020", "2020 ad oggi". */
export const RANGE_WORDS =
  "to|until|till|through|thru|a|al|ad|à|au|jusqu['’](?:à|au|en)|bis|hasta|até|ate|fino a|fino ad|fino|tot|t/m|do|至|到";

/** "since 2019", "seit 2019", "depuis août 2024", "sinds 2022", "od stycznia 2021": open ranges. */
export const SINCE_WORDS = "since|from|desde|seit|depuis|dès|sinds|vanaf|dal|da|od|a partir de|à partir de";

/** Range separators that end a line whose end date wrapped to the next line ("Jan 2019 to"). */
export const DANGLING_WORDS = "to|until|till|through|bis|hasta|até|au|tot|do";
