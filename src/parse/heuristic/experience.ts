/**
 * Experience entries from the experience sections. positions.ts finds which lines belong to which position;
 * this module decides which piece of the header is the title, the employer and the place, in any order:
 * "Title — Company", "Company | Title", "Title at Company", "Title, Company", title line then company line or
 * the reverse, or table columns.
 */
import type { Experience } from "../candidate.ts";
import { type ColumnRole, cellsByRole, isColumnName, labelledField } from "./columns.ts";
import { groupPositions, type HeaderLine, type RawPosition } from "./positions.ts";
import { classifySegment, hasTitleWord, type SegmentRole } from "./roles.ts";
import type { Section } from "./sections.ts";
import { type Segment, splitSegments } from "./segments.ts";

interface Piece extends Segment {
  role: SegmentRole;
}

interface Roles {
  title: string | null;
  company: string | null;
  location: string | null;
}

/** "Senior Engineer at Acme", "Cheffe de projet chez SEB", "Entwicklerin bei SAP", "Engineer @ Acme". */
const TITLE_AT_COMPANY = /^(.{2,80}?)\s+(?:at|@|chez|bei)\s+(\S.{0,80})$/iu;

export function parseExperience(sections: readonly Section[]): Experience[] {
  const entries: Experience[] = [];
  for (const section of sections) {
    if (section.kind !== "experience") continue;
    const { positions, columns } = groupPositions(section.lines);
    const pieces = positions.map((position) => headerPieces(position.headers));
    const titleFirst = titleComesFirst(pieces);
    positions.forEach((position, index) => {
      const roles =
        rolesFromColumns(position.headers, columns) ?? assignRoles(pieces[index] ?? [], titleFirst);
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
    const atCompany = TITLE_AT_COMPANY.exec(header.text);
    if (atCompany !== null && hasTitleWord(atCompany[1] ?? "")) {
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

/** Document convention from the positions where both title and employer were recognized; default title first. */
function titleComesFirst(positions: readonly Piece[][]): boolean {
  let titleFirst = 0;
  let companyFirst = 0;
  for (const pieces of positions) {
    const title = pieces.findIndex((piece) => piece.role === "title");
    const company = pieces.findIndex((piece) => piece.role === "company");
    if (title < 0 || company < 0) continue;
    if (title < company) titleFirst++;
    else companyFirst++;
  }
  return titleFirst >= companyFirst;
}

function assignRoles(pieces: readonly Piece[], titleFirst: boolean): Roles {
  const unknown = pieces.filter((piece) => piece.role === "unknown");
  let title = pieces.find((piece) => piece.role === "title");
  let company = pieces.find((piece) => piece.role === "company");
  const location = pieces.find((piece) => piece.role === "location");
  if (title === undefined && company === undefined && unknown.length >= 2) {
    [title, company] = titleFirst ? [unknown[0], unknown[1]] : [unknown[1], unknown[0]];
  } else if (company === undefined) {
    company = unknown[0];
  } else if (title === undefined) {
    title = unknown[0];
  }
  return attachLeftovers(pieces, { title, company, location });
}

/**
 * Unrecognized comma parts belong to their neighbour: "Registered Nurse, Medical-Surgical Unit" is one title,
 * "SAP SE, Walldorf" is an employer and its place.
 */
function attachLeftovers(pieces: readonly Piece[], chosen: Record<keyof Roles, Piece | undefined>): Roles {
  const roles: Roles = {
    title: chosen.title?.text ?? null,
    company: chosen.company?.text ?? null,
    location: chosen.location?.text ?? null,
  };
  const used = new Set(Object.values(chosen));
  pieces.forEach((piece, index) => {
    const before = pieces[index - 1];
    if (used.has(piece) || piece.role !== "unknown" || before?.group !== piece.group) return;
    if (before === chosen.title) {
      roles.title = `${roles.title}, ${piece.text}`;
    } else if (before === chosen.company && roles.location === null && /^\p{Lu}/u.test(piece.text)) {
      roles.location = piece.text;
    }
  });
  return roles;
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
