/**
 * Experience entries from the experience sections. positions.ts finds which lines belong to which position;
 * this module cuts each position's header into pieces and, with assign.ts, decides which piece is the title,
 * the employer and the place, in any order: "Title — Company, City, Country", "Company | Title", "Title at
 * Company", "Title, Company", title line then company line or the reverse, or table columns. Career breaks
 * written like positions are left out (breaks.ts).
 */
import type { Experience } from "../candidate.ts";
import { assignRoles, documentLayout, type Piece, type Roles } from "./assign.ts";
import { isCareerBreak } from "./breaks.ts";
import { type ColumnRole, cellsByRole, isColumnName, labelledField } from "./columns.ts";
import { groupPositions, type HeaderLine, type RawPosition } from "./positions.ts";
import { classifySegment, hasTitleWord, looksLikeCompany, type SegmentRole } from "./roles.ts";
import type { Section } from "./sections.ts";
import { splitSegments } from "./segments.ts";

/**
 * "Senior Engineer at Acme", "Cheffe de projet chez SEB", "Entwicklerin bei SAP", "Sviluppatore presso Reply",
 * "Ontwikkelaar bij Bol.com", "Engineer @ Acme".
 */
const TITLE_AT_COMPANY = /^(.{2,80}?)\s+(?:at|@|chez|bei|presso|bij)\s+(\S.{0,80})$/iu;
/**
 * "Responsable de RR. HH. en Grupo Eulen", "Analista em Itaú S.A.", "Programista w Asseco Poland": the word also
 * means "in" ("Especialista en Ciberseguridad"), so what follows must read as an employer.
 */
const TITLE_IN_COMPANY = /^(.{2,80}?)\s+(?:en|em|na|w)\s+(\p{Lu}.{0,80})$/u;

export function parseExperience(sections: readonly Section[]): Experience[] {
  const entries: Experience[] = [];
  for (const section of sections) {
    if (section.kind !== "experience") continue;
    const grouped = groupPositions(section.lines);
    const columns = grouped.columns;
    const positions = grouped.positions.filter(
      (position) => !isCareerBreak(position.headers.map((h) => h.text)),
    );
    const pieces = positions.map((position) => headerPieces(position.headers));
    const layout = documentLayout(pieces);
    positions.forEach((position, index) => {
      const roles = rolesFromColumns(position.headers, columns) ?? assignRoles(pieces[index] ?? [], layout);
      entries.push(toExperience(position, roles, entries.at(-1)));
    });
  }
  return mostRecentFirst(entries);
}

function toExperience(position: RawPosition, roles: Roles, previous: Experience | undefined): Experience {
  const span = position.span;
  // A second role at the same employer often sits under the first without repeating the employer's name.
  const inherits =
    roles.company === null && position.leading === 0 && roles.title !== null && previous !== undefined;
  // A lone date ("Summer 2014") dates a short, finished position: it started and ended then.
  const lone = span !== null && !span.range;
  return {
    company: roles.company ?? (inherits ? previous.company : ""),
    title: roles.title ?? "",
    start: span?.start ?? null,
    end: span?.current ? null : lone ? span.start : (span?.end ?? null),
    current: span?.current ?? false,
    location: roles.location ?? (inherits ? previous.location : null),
    highlights: position.highlights,
  };
}

/** Labels map to roles ("Designation" → title); dates were already taken from the line. */
const LABEL_ROLES: Partial<Record<ColumnRole, SegmentRole>> = {
  company: "company",
  title: "title",
  location: "location",
};

function headerPieces(headers: readonly HeaderLine[]): Piece[] {
  const pieces: Piece[] = [];
  for (const header of headers) {
    const group = pieces.length === 0 ? 0 : (pieces.at(-1)?.group ?? 0) + 1;
    if (isColumnName(header.text)) continue;
    const field = labelledField(header.text);
    if (field !== null) {
      const role = LABEL_ROLES[field.role];
      if (role !== undefined) pieces.push({ text: field.value, group, role });
      continue;
    }
    const atCompany = titleAtCompany(header.text);
    if (atCompany !== null) {
      // What follows "at" starts with the employer; anything after it ("…, Austin, TX") is classified.
      pieces.push({ text: (atCompany[1] ?? "").trim(), group, role: "title" });
      splitSegments(atCompany[2] ?? "").forEach((segment, index) => {
        const role = index === 0 ? "company" : classifySegment(segment.text);
        pieces.push({ text: segment.text, group: group + 1 + segment.group, role });
      });
      continue;
    }
    for (const segment of splitSegments(header.text)) {
      pieces.push({ ...segment, group: group + segment.group, role: classifySegment(segment.text) });
    }
  }
  return pieces;
}

/** The title and the rest after "at"-like words, when the part before is a title. */
function titleAtCompany(text: string): RegExpExecArray | null {
  const at = TITLE_AT_COMPANY.exec(text);
  if (at !== null && hasTitleWord(at[1] ?? "")) return at;
  const inside = TITLE_IN_COMPANY.exec(text);
  const employer = splitSegments(inside?.[2] ?? "")[0]?.text ?? "";
  return inside !== null && hasTitleWord(inside[1] ?? "") && looksLikeCompany(employer) ? inside : null;
}

function rolesFromColumns(
  headers: readonly HeaderLine[],
  columns: readonly ColumnRole[] | null,
): Roles | null {
  for (const header of headers) {
    const cells = cellsByRole(header.raw, columns);
    if (cells === null) continue;
    return {
      title: cells.get("title") ?? null,
      company: cells.get("company") ?? null,
      location: cells.get("location") ?? null,
    };
  }
  return null;
}

/** Month index of an entry's most recent point, for ordering; current positions sort first. */
function recency(entry: Experience): number {
  if (entry.current) return Number.POSITIVE_INFINITY;
  const date = entry.end ?? entry.start;
  if (date === null) return Number.NEGATIVE_INFINITY;
  const [year, month] = date.split("-");
  return Number(year) * 12 + (month === undefined ? 6 : Number(month) - 1);
}

/** Resumes are usually newest first already; a chronological one is reversed. Undated lists keep their order. */
function mostRecentFirst(entries: Experience[]): Experience[] {
  if (entries.some((entry) => entry.start === null && entry.end === null)) return entries;
  return entries
    .map((entry, order) => ({ entry, order }))
    .sort((a, b) => recency(b.entry) - recency(a.entry) || a.order - b.order)
    .map(({ entry }) => entry);
}
