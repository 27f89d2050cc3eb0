/**
 * Date and date-range recognition. Output dates follow the contract: "YYYY-MM" when the month is known, else
 * "YYYY". Understands month names in English, Spanish, French, German, Portuguese, Italian, Dutch and Polish
 * (datewords.ts; full and abbreviated, with or without a dot), numeric "03/2017", "03.2017", "01.03.2017",
 * "2017-03", "2017.03", CJK "2019年3月", bare years, seasons and quarters (year only), "Present"-like words and
 * "since" words in those languages.
 */
import { DANGLING_WORDS, MONTHS, PRESENT, RANGE_WORDS, SINCE_WORDS, YEAR_ONLY_WORDS } from "./datewords.ts";
import { foldCase } from "./fold.ts";

export interface DateSpan {
  start: string | null;
  /** Null when the span is open (current) or when only one date was found. */
  end: string | null;
  current: boolean;
}

export interface DateMatch extends DateSpan {
  /** Where the dates sit in the text, so callers can remove them. */
  index: number;
  length: number;
  /** True when the text held a range (or "since X"), false for a lone date. */
  range: boolean;
}

const YEAR = "(?:19[5-9]\\d|20\\d\\d)";
/**
 * One date token. Alternatives: month word + year; quarter/half + year; DD.MM.YYYY; MM/YYYY; YYYY-MM;
 * "2019年3月"; YYYY; present word.
 * Every quantifier is bounded, so scanning a line is linear in its length.
 */
const TOKEN = new RegExp(
  [
    // "Jan 2019", "jan/2019" (Brazil). Not before "-03": in "to 2019-03" the token is the ISO date.
    `(?<!\\p{L})(?<word>\\p{L}{2,11})\\.?[,/]?\\s{0,2}(?:de\\s{1,2}|del\\s{1,2})?['’]?(?<wordYear>${YEAR})(?!\\d|\\s?[/.-]\\s?\\d{1,2}(?!\\d))`,
    `(?<![\\p{L}\\d])[QH][1-4]\\s{0,2}(?<quarterYear>${YEAR})(?!\\d)`,
    // European day-first dates "01.03.2017": the day is dropped, the month kept.
    `(?<![\\d/.-])\\d{1,2}\\.(?<dayMonth>\\d{1,2})\\.(?<dayYear>${YEAR})(?![\\d.]\\d)`,
    `(?<![\\d/.-])(?<month>\\d{1,2})\\s?[/.-]\\s?(?<monthYear>${YEAR})(?![\\d/.-])`,
    `(?<![\\d/.-])(?<isoYear>${YEAR})\\s?[/.-](?<isoMonth>\\d{1,2})(?![\\d/.-]?\\d)`,
    // Chinese, Japanese, Korean: "2019年3月", "2019년 3월".
    `(?<![\\d/.])(?<cjkYear>${YEAR})\\s?[年년]\\s?(?:(?<cjkMonth>\\d{1,2})\\s?[月월])?`,
    // "-" may precede a bare year: "2015-2017" is a range of two years.
    `(?<![\\d/.])(?<year>${YEAR})(?!\\d)`,
    `(?<!\\p{L})(?<present>${PRESENT})(?!\\p{L})`,
  ].join("|"),
  "giu",
);

/** What may stand between the two ends of a range: a dash, a word, or both ("– bis heute", "– à ce jour"). */
const RANGE_SEPARATOR = new RegExp(
  `^\\s{0,3}(?:[-–—−~〜]{1,2}|(?:[-–—−~〜]{1,2}\\s{0,3})?(?:${RANGE_WORDS}))\\s{0,3}$`,
  "iu",
);
/** The word that opens a range whose end follows: "From … to", "De … à", "Von … bis", "Od … do". */
const FROM = new RegExp(`(?<!\\p{L})(?:${SINCE_WORDS}|de|du|von|vom|van|entre)\\s{1,3}$`, "iu");
/** Open ranges without a present word; the word must not end another word ("Sabbatical from"). */
const SINCE = new RegExp(`(?<!\\p{L})(?:${SINCE_WORDS})\\s{1,3}$`, "iu");

interface Token {
  index: number;
  length: number;
  /** "YYYY" / "YYYY-MM", or null for a present word. */
  date: string | null;
}

function toDate(year: string, month: number | null): string {
  return month === null ? year : `${year}-${String(month).padStart(2, "0")}`;
}

function readToken(match: RegExpExecArray): Token | null {
  const groups = match.groups ?? {};
  let index = match.index;
  let length = match[0].length;
  let date: string | null = null;
  if (groups.wordYear !== undefined) {
    const word = foldCase(groups.word ?? "");
    const month = MONTHS.get(word) ?? null;
    if (month === null && !YEAR_ONLY_WORDS.has(word)) {
      // "Corp 2019", "Since 2019": only the year is a date; the word stays in the text.
      const yearAt = match[0].lastIndexOf(groups.wordYear);
      index += yearAt;
      length -= yearAt;
    }
    date = toDate(groups.wordYear, month);
  } else if (groups.quarterYear !== undefined) {
    date = groups.quarterYear;
  } else if (groups.dayYear !== undefined) {
    date = validMonth(groups.dayYear, groups.dayMonth);
  } else if (groups.monthYear !== undefined) {
    date = validMonth(groups.monthYear, groups.month);
  } else if (groups.isoYear !== undefined) {
    date = validMonth(groups.isoYear, groups.isoMonth);
  } else if (groups.cjkYear !== undefined) {
    date = groups.cjkMonth === undefined ? groups.cjkYear : validMonth(groups.cjkYear, groups.cjkMonth);
  } else if (groups.year !== undefined) {
    date = groups.year;
  } else if (groups.present === undefined) {
    return null;
  }
  if (date === "") return null;
  return { index, length, date };
}

/** "13/2019" is not a month; such a token is dropped rather than guessed. */
function validMonth(year: string, month: string | undefined): string {
  const value = Number(month);
  return value >= 1 && value <= 12 ? toDate(year, value) : "";
}

function scanTokens(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match !== null; match = TOKEN.exec(text)) {
    const token = readToken(match);
    if (token !== null) tokens.push(token);
    if (tokens.length > 20) break;
  }
  return tokens;
}

/**
 * The first date range in the text ("Jan 2019 – Present", "2015-2017", "since 2020"), else the first lone date,
 * else null. An open range ("– Present", "since") has end null and current true.
 */
export function findDateSpan(text: string): DateMatch | null {
  const tokens = scanTokens(text);
  for (let i = 0; i < tokens.length; i++) {
    const from = tokens[i];
    if (from === undefined || from.date === null) continue;
    const to = tokens[i + 1];
    if (to !== undefined && RANGE_SEPARATOR.test(text.slice(from.index + from.length, to.index))) {
      // "From 2018 to 2021", "De 2018 à 2021", "Desde marzo de 2019 hasta…": the opening word goes with it.
      const opening = FROM.exec(text.slice(Math.max(0, from.index - 12), from.index))?.[0].length ?? 0;
      return {
        start: from.date,
        end: to.date,
        current: to.date === null,
        index: from.index - opening,
        length: to.index + to.length - from.index + opening,
        range: true,
      };
    }
    const since = SINCE.exec(text.slice(Math.max(0, from.index - 12), from.index));
    if (since !== null) {
      const index = from.index - since[0].length;
      return {
        start: from.date,
        end: null,
        current: true,
        index,
        length: from.length + since[0].length,
        range: true,
      };
    }
  }
  const first = tokens.find((token) => token.date !== null);
  if (first === undefined) return null;
  return {
    start: first.date,
    end: null,
    current: false,
    index: first.index,
    length: first.length,
    range: false,
  };
}

/** The text with the matched dates removed and the separators left dangling around them trimmed. */
export function withoutDates(text: string, match: DateMatch): string {
  const joined = `${text.slice(0, match.index)}\t${text.slice(match.index + match.length)}`;
  return joined
    .replace(/\([\s,;]*\)|\[[\s,;]*\]/g, "")
    .replace(/[ ]*\t[ ]*/g, "\t")
    .replace(/^[\s|,;:·•–—-]+|[\s|,;:·•–—-]+$/g, "");
}

/** A date ending the text, then a dangling range separator: "2011 -", "Jan 2019 to". */
const DANGLING_SEPARATOR = new RegExp(`(?:[-–—−~〜]|(?<!\\p{L})(?:${DANGLING_WORDS}))\\s{0,3}$`, "iu");

/** True when the text ends in "date + range separator", its end date wrapped to the next line. */
export function endsWithOpenRange(text: string): boolean {
  if (!DANGLING_SEPARATOR.test(text.slice(-12))) return false;
  const last = scanTokens(text).at(-1);
  if (last === undefined || last.date === null) return false;
  const tail = text.slice(last.index + last.length);
  return tail.trim() !== "" && RANGE_SEPARATOR.test(tail);
}

/** True when the text starts with a date or a "Present"-like word. */
export function startsWithDate(text: string): boolean {
  return scanTokens(text)[0]?.index === 0;
}
