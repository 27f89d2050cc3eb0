/**
 * What a resume in one language looks like: its section headings, month names, "present" words, phone format
 * and the pools fictional people are drawn from. Data lives in locales-*.ts; this file holds the shape and
 * the date printing every template shares.
 */
import type { Random } from "./random.ts";

export const LANGUAGES = ["en", "de", "fr", "es", "pt", "it", "nl", "pl"] as const;
export type Lang = (typeof LANGUAGES)[number];

export interface Headings {
  summary: string;
  experience: string;
  education: string;
  skills: string;
  languages: string;
  certifications: string;
  references: string;
  contact: string;
  other: string;
}

/** A degree as [degree, linking word, field]: "Master of Science" + "in" + "Data Science". */
export type DegreeParts = readonly [degree: string, link: string, field: string];

export interface Locale {
  code: Lang;
  headings: Headings;
  /** Full month names as printed, January first. */
  months: readonly string[];
  /** The word for an ongoing position's end: "Present", "heute", "la actualidad". */
  present: string;
  /**
   * Prefix of "since" dates ("seit", "depuis", "od"); a current position printed with it has no end at all.
   */
  since: string;
  /** Separator of numeric month dates: "/" gives 03/2017, "." gives 03.2017. */
  numericSeparator: string;
  firstNames: readonly string[];
  lastNames: readonly string[];
  /** "City, Country" as printed in a contact line. */
  cities: readonly string[];
  companies: readonly string[];
  titles: readonly string[];
  highlights: readonly string[];
  skills: readonly string[];
  degrees: readonly DegreeParts[];
  institutions: readonly string[];
  /** Spoken languages with a level in parentheses; the truth keeps the name only. */
  spoken: readonly string[];
  summaries: readonly string[];
  certifications: readonly string[];
  /** Label of a career break entry, e.g. "Career break (family)"; never a position. */
  careerBreak: string;
  /** "expected 2027" for a degree in progress. */
  expected: (year: number) => string;
  /** Label before an older e-mail address further down the page. */
  oldEmail: string;
  /** Visible labels that carry links: "Email", "LinkedIn". */
  emailLabel: string;
  pageOf: (page: number, total: number) => string;
  phone: (random: Random) => string;
}

export interface MonthDate {
  year: number;
  /** 1–12. */
  month: number;
}

export type DateStyle = "month-name" | "numeric" | "year" | "since";

export interface PrintedDates {
  printed: string;
  /** Truth dates: "YYYY-MM" when the printed form has the month, else "YYYY". */
  start: string;
  end: string | null;
  current: boolean;
}

const pad = (month: number) => String(month).padStart(2, "0");

function printOne(locale: Locale, date: MonthDate, style: DateStyle): string {
  if (style === "year") return String(date.year);
  if (style === "numeric") return `${pad(date.month)}${locale.numericSeparator}${date.year}`;
  return `${locale.months[date.month - 1]} ${date.year}`;
}

function truthOf(date: MonthDate, style: DateStyle): string {
  return style === "year" ? String(date.year) : `${date.year}-${pad(date.month)}`;
}

/**
 * Prints a range in one style. "since" only applies to a current position; `sinceForm` picks how its start is
 * printed ("seit 03/2021", "depuis août 2024", "od 2021").
 */
export function printDates(
  locale: Locale,
  style: DateStyle,
  start: MonthDate,
  end: MonthDate | null,
  sinceForm: Exclude<DateStyle, "since"> = "month-name",
): PrintedDates {
  if (style === "since" && end === null) {
    const from = printOne(locale, start, sinceForm);
    return { printed: `${locale.since} ${from}`, start: truthOf(start, sinceForm), end: null, current: true };
  }
  const form = style === "since" ? "month-name" : style;
  const to = end === null ? locale.present : printOne(locale, end, form);
  return {
    printed: `${printOne(locale, start, form)} – ${to}`,
    start: truthOf(start, form),
    end: end === null ? null : truthOf(end, form),
    current: end === null,
  };
}
