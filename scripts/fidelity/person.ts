/**
 * A fictional person drawn from a locale's pools, with the dates of every position printed in one of the
 * locale's styles, and the truth (a Candidate) that person's resume must yield under the labelling
 * conventions of test/fixtures/resumes/README.md.
 */
import type { Candidate } from "../../src/parse/candidate.ts";
import type { DateStyle, Locale, MonthDate, PrintedDates } from "./locale.ts";
import { printDates } from "./locale.ts";
import type { Random } from "./random.ts";
import { yearsOfExperience } from "./years.ts";

export type Trap = "referees" | "old-email" | "career-break" | "overlap" | "expected-degree" | "no-headings";

export interface Job {
  title: string;
  company: string;
  location: string | null;
  dates: PrintedDates;
  highlights: string[];
}

export interface School {
  institution: string;
  degree: string;
  /** Linking word between degree and field ("in", "en"; "" prints "Degree, Field"). */
  link: string;
  field: string;
  /** As printed ("2014 – 2018", "expected 2027"). */
  dates: string;
  end: string | null;
}

export interface Referee {
  name: string;
  role: string;
  phone: string;
  email: string;
}

export interface ProfileLink {
  label: string;
  url: string;
}

export interface Person {
  locale: Locale;
  name: string;
  headline: string;
  email: string;
  phone: string;
  location: string;
  links: ProfileLink[];
  summary: string;
  skills: string[];
  certifications: string[];
  /** As printed, with a level: "Deutsch (Muttersprache)". */
  spoken: string[];
  jobs: Job[];
  schools: School[];
  careerBreak: { label: string; dates: string } | null;
  referees: Referee[];
  oldEmail: string | null;
}

export interface PersonOptions {
  jobs: number;
  highlights: number;
  traps: readonly Trap[];
  /** Date styles to draw from; default all of them. */
  dateStyles?: readonly DateStyle[];
  /** Full names already used (by the other set): never reused. */
  taken: Set<string>;
  /** A double-barrelled surname, whose hyphen is real and must survive extraction. */
  compoundSurname?: boolean;
}

/** Lower-case ASCII for e-mail local parts and URL slugs. */
export function slug(text: string): string {
  return text
    .replace(/ł/g, "l")
    .replace(/Ł/g, "L")
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** A name no one in either set has; `compound` asks for a double-barrelled surname ("Schulze-Wendt"). */
function uniqueName(locale: Locale, random: Random, taken: Set<string>, compound = false): string {
  const surnames = compound ? locale.lastNames.filter((name) => name.includes("-")) : locale.lastNames;
  for (;;) {
    const name = `${random.pick(locale.firstNames)} ${random.pick(surnames)}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

const addMonths = (date: MonthDate, months: number): MonthDate => {
  const index = date.year * 12 + date.month - 1 + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
};

/** Consecutive positions, most recent first, ending at the clock (2025-07) or shortly before it. */
function timeline(
  count: number,
  random: Random,
  withBreak: boolean,
): { start: MonthDate; end: MonthDate | null }[] {
  const spans: { start: MonthDate; end: MonthDate | null }[] = [];
  let end: MonthDate | null = random.chance(0.65) ? null : { year: 2025, month: random.int(1, 5) };
  let cursor: MonthDate = end ?? { year: 2025, month: 6 };
  for (let i = 0; i < count; i += 1) {
    const start = addMonths(cursor, -random.int(14, 40));
    spans.push({ start, end });
    const gap = withBreak && i === 0 ? random.int(12, 18) : random.int(0, 3);
    end = addMonths(start, -gap - 1);
    cursor = end;
  }
  return spans;
}

function jobOf(
  locale: Locale,
  random: Random,
  span: { start: MonthDate; end: MonthDate | null },
  style: DateStyle,
  highlights: number,
): Job {
  const sinceForm = random.pick(["month-name", "numeric", "year"] as const);
  return {
    title: random.pick(locale.titles),
    company: "",
    location: random.chance(0.6) ? (random.pick(locale.cities).split(",")[0] ?? null) : null,
    dates: printDates(
      locale,
      span.end === null ? style : style === "since" ? "numeric" : style,
      span.start,
      span.end,
      sinceForm,
    ),
    highlights: random.sample(locale.highlights, highlights),
  };
}

function schoolsOf(locale: Locale, random: Random, expected: boolean, firstJob: MonthDate): School[] {
  const count = expected ? 2 : random.int(1, 2);
  const degrees = random.sample(locale.degrees, count);
  const institutions = random.sample(locale.institutions, count);
  return degrees.map(([degree, link, field], i) => {
    const institution = institutions[i] ?? locale.institutions[0] ?? "";
    if (expected && i === 0)
      return { institution, degree, link, field, dates: `2024 – ${locale.expected(2027)}`, end: null };
    const endYear = firstJob.year - (expected ? i - 1 : i) * 2;
    return { institution, degree, link, field, dates: `${endYear - 3} – ${endYear}`, end: String(endYear) };
  });
}

function refereesOf(locale: Locale, random: Random, taken: Set<string>): Referee[] {
  return [0, 1].map(() => {
    const name = uniqueName(locale, random, taken);
    return {
      name,
      role: `${random.pick(locale.titles)}, ${random.pick(locale.companies)}`,
      phone: locale.phone(random),
      email: `${slug(name).replace(/-/g, ".")}@example.org`,
    };
  });
}

export function makePerson(locale: Locale, random: Random, options: PersonOptions): Person {
  const name = uniqueName(locale, random, options.taken, options.compoundSurname);
  const traps = new Set(options.traps);
  // "since" twice: the forms parsers miss most ("seit 03/2021", "od 2021") deserve more than a quarter.
  const styles = options.dateStyles ?? (["month-name", "numeric", "year", "since", "since"] as const);
  const style = random.pick(styles);
  const spans = timeline(options.jobs, random, traps.has("career-break"));
  const companies = random.sample(locale.companies, options.jobs + 1);
  const jobs = spans.map((span, i) => ({
    ...jobOf(locale, random, span, style, options.highlights),
    company: companies[i] ?? "",
  }));
  if (traps.has("overlap") && jobs.length >= 2)
    jobs.splice(1, 0, overlappingJob(locale, random, spans[1], style, companies.at(-1) ?? ""));
  const first = spans.at(-1)?.start ?? { year: 2015, month: 1 };
  const local = slug(name).replace(/-/g, ".");
  const person: Person = {
    locale,
    name,
    headline: jobs[0]?.title ?? "",
    email: `${local}@${random.pick(["example.com", "example.net", "example.org"])}`,
    phone: locale.phone(random),
    location: random.pick(locale.cities),
    links: [
      { label: "LinkedIn", url: `https://www.linkedin.com/in/${slug(name)}-${random.int(10, 99)}` },
      ...(random.chance(0.5)
        ? [{ label: "GitHub", url: `https://github.com/${slug(name).replace(/-/g, "")}` }]
        : []),
    ],
    summary: random.pick(locale.summaries),
    skills: random.sample(locale.skills, random.int(6, 9)),
    certifications: random.sample(locale.certifications, random.int(1, 2)),
    spoken: random.sample(locale.spoken, random.int(2, 3)),
    jobs,
    schools: schoolsOf(locale, random, traps.has("expected-degree"), first),
    careerBreak: null,
    referees: traps.has("referees") ? refereesOf(locale, random, options.taken) : [],
    oldEmail: traps.has("old-email") ? `${local}.${random.int(80, 99)}@example.net` : null,
  };
  if (traps.has("career-break") && spans[0] && spans[1])
    person.careerBreak = breakOf(locale, spans[1].end, spans[0].start);
  return person;
}

function overlappingJob(
  locale: Locale,
  random: Random,
  span: { start: MonthDate; end: MonthDate | null } | undefined,
  style: DateStyle,
  company: string,
): Job {
  const base = span ?? { start: { year: 2018, month: 1 }, end: { year: 2020, month: 1 } };
  const start = addMonths(base.start, random.int(3, 8));
  const end = addMonths(start, random.int(10, 20));
  const job = jobOf(locale, random, { start, end }, style === "since" ? "numeric" : style, 1);
  return { ...job, company };
}

function breakOf(
  locale: Locale,
  before: MonthDate | null,
  after: MonthDate,
): { label: string; dates: string } {
  const from = addMonths(before ?? after, 1);
  const to = addMonths(after, -1);
  return { label: locale.careerBreak, dates: printDates(locale, "numeric", from, to).printed };
}

/** Language name without its level: "Deutsch (Muttersprache)" -> "Deutsch". */
export const languageName = (printed: string) => printed.replace(/\s*\(.*\)$/, "");

/** The candidate this person's resume must yield. */
export function truthOf(person: Person): Candidate {
  const experience = [...person.jobs]
    .sort((a, b) => (a.dates.start < b.dates.start ? 1 : -1))
    .map((job) => ({
      company: job.company,
      title: job.title,
      start: job.dates.start,
      end: job.dates.end,
      current: job.dates.current,
      location: job.location,
      highlights: job.highlights,
    }));
  return {
    name: person.name,
    email: person.email.toLowerCase(),
    phone: person.phone,
    location: person.location,
    links: person.links.map((link) => link.url),
    summary: person.summary,
    skills: person.skills,
    experience,
    education: person.schools.map((school) => ({
      institution: school.institution,
      degree: school.degree,
      field: school.field,
      end: school.end,
    })),
    certifications: person.certifications,
    languages: person.spoken.map(languageName),
    years_experience: yearsOfExperience(experience),
  };
}
