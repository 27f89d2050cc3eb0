/**
 * A person's resume as format-neutral content: sections of lines with a style, optional links and dates. The
 * PDF and DOCX templates lay this out; what they draw is recorded from here, so the generator knows every
 * visible string and every link target of each file.
 */
import type { Person } from "./person.ts";

export type Style = "name" | "headline" | "heading" | "entry" | "body" | "bullet" | "meta";

export interface Segment {
  text: string;
  /** Link target behind this text (mailto:, https:). */
  link?: string;
}

export interface Line {
  style: Style;
  /** One or more pieces drawn on one line; only contact lines have several. */
  segments: Segment[];
  /** Dates of the entry this line starts, for templates that draw dates in a column of their own. */
  date?: string;
  /** Draw this line's longest word split across a line end ("Kennzahlensys-" + "teme"). */
  hyphenate?: boolean;
}

export type SectionKey =
  | "banner"
  | "contact"
  | "summary"
  | "experience"
  | "education"
  | "skills"
  | "languages"
  | "certifications"
  | "references"
  | "other";

export interface Section {
  key: SectionKey;
  heading: string | null;
  lines: Line[];
}

export interface ContentOptions {
  /** E-mail and profiles only as link targets behind "Email" / "LinkedIn" labels. */
  labelsOnly: boolean;
  /** Dates move out of the text into `date` of each entry line (a date column). */
  dateColumn: boolean;
  /** No section headings at all (a one-page resume written as plain paragraphs). */
  noHeadings: boolean;
  /** Skills and languages one per line (a sidebar) rather than one comma-separated line. */
  listPerLine: boolean;
  /** Lines of these sections get `hyphenate`. */
  hyphenate: readonly SectionKey[];
}

const line = (style: Style, text: string, extra: Partial<Line> = {}): Line => ({
  style,
  segments: [{ text }],
  ...extra,
});

export function contactSegments(person: Person, labelsOnly: boolean): Segment[] {
  const email = labelsOnly
    ? { text: person.locale.emailLabel, link: `mailto:${person.email}` }
    : { text: person.email, link: `mailto:${person.email}` };
  const links = person.links.map((link) =>
    labelsOnly
      ? { text: link.label, link: link.url }
      : { text: link.url.replace(/^https:\/\/(www\.)?/, ""), link: link.url },
  );
  return [{ text: person.location }, email, { text: person.phone }, ...links];
}

function degreeLine(school: Person["schools"][number]): string {
  return school.link
    ? `${school.degree} ${school.link} ${school.field}`
    : `${school.degree}, ${school.field}`;
}

function experienceLines(person: Person, options: ContentOptions, hyphenate: boolean): Line[] {
  const lines: Line[] = [];
  for (const job of person.jobs) {
    const where = job.location ? `, ${job.location}` : "";
    const heading = `${job.title} — ${job.company}${where}`;
    if (options.dateColumn) lines.push(line("entry", heading, { date: job.dates.printed }));
    else lines.push(line("entry", heading), line("meta", job.dates.printed));
    lines.push(...job.highlights.map((text) => line("bullet", text, { hyphenate })));
  }
  if (person.careerBreak) {
    const { label, dates } = person.careerBreak;
    const at = Math.min(1, lines.length);
    const entryIndex = lines.findIndex((l, i) => i >= at && l.style === "entry");
    const position = entryIndex < 0 ? lines.length : entryIndex;
    const breakLines = options.dateColumn
      ? [line("entry", label, { date: dates })]
      : [line("entry", label), line("meta", dates)];
    lines.splice(position, 0, ...breakLines);
  }
  return lines;
}

function educationLines(person: Person, options: ContentOptions): Line[] {
  return person.schools.flatMap((school) =>
    options.dateColumn
      ? [line("entry", degreeLine(school), { date: school.dates }), line("body", school.institution)]
      : [line("entry", degreeLine(school)), line("body", `${school.institution}, ${school.dates}`)],
  );
}

function listLines(items: readonly string[], options: ContentOptions, hyphenate: boolean): Line[] {
  return options.listPerLine
    ? items.map((item) => line("body", item))
    : [line("body", items.join(", "), { hyphenate })];
}

export function resumeSections(person: Person, options: ContentOptions): Section[] {
  const h = person.locale.headings;
  const heading = (text: string) => (options.noHeadings ? null : text);
  const hyphen = (key: SectionKey) => options.hyphenate.includes(key);
  const sections: Section[] = [
    { key: "banner", heading: null, lines: [line("name", person.name), line("headline", person.headline)] },
    {
      key: "contact",
      heading: null,
      lines: [{ style: "body", segments: contactSegments(person, options.labelsOnly) }],
    },
    {
      key: "summary",
      heading: heading(h.summary),
      lines: [line("body", person.summary, { hyphenate: hyphen("summary") })],
    },
    {
      key: "experience",
      heading: heading(h.experience),
      lines: experienceLines(person, options, hyphen("experience")),
    },
    { key: "education", heading: heading(h.education), lines: educationLines(person, options) },
  ];
  if (options.noHeadings) return sections;
  sections.push(
    { key: "skills", heading: h.skills, lines: listLines(person.skills, options, hyphen("skills")) },
    { key: "languages", heading: h.languages, lines: listLines(person.spoken, options, false) },
    {
      key: "certifications",
      heading: h.certifications,
      lines: person.certifications.map((c) => line("body", c)),
    },
  );
  if (person.oldEmail)
    sections.push({
      key: "other",
      heading: h.other,
      lines: [line("body", `${person.locale.oldEmail} ${person.oldEmail}`)],
    });
  if (person.referees.length > 0) {
    const lines = person.referees.flatMap((r) => [
      line("entry", r.name),
      line("body", r.role),
      line("body", `${r.phone} · ${r.email}`),
    ]);
    sections.push({ key: "references", heading: h.references, lines });
  }
  return sections;
}

/** Every string a template draws from these sections, and every link target, in content order. */
export function recordOf(sections: readonly Section[]): { visible: string[]; links: string[] } {
  const visible: string[] = [];
  const links: string[] = [];
  for (const section of sections) {
    if (section.heading) visible.push(section.heading);
    for (const l of section.lines) {
      visible.push(l.segments.map((s) => s.text).join(" · "));
      if (l.date) visible.push(l.date);
      for (const s of l.segments) if (s.link) links.push(s.link);
    }
  }
  return { visible, links };
}
