/**
 * Which piece of a position header is the title, the employer and the place, once every piece has a role guess
 * from roles.ts. Unrecognized pieces fill the gaps by position: the document's title/employer order, the strong
 * separator groups ("Title, Qualifier — Employer, City": comma parts of one group belong together), and what
 * is left after the employer (its town).
 */
import { isKnownCity, isPlace, isPlaceName } from "./places.ts";
import type { SegmentRole } from "./roles.ts";
import type { Segment } from "./segments.ts";

export interface Piece extends Segment {
  role: SegmentRole;
}

export interface Roles {
  title: string | null;
  company: string | null;
  location: string | null;
}

type Chosen = Record<keyof Roles, Piece | undefined>;

/** How the document lays out its position headers; every position follows the same template. */
export interface Layout {
  /** The title comes before the employer (the default). */
  titleFirst: boolean;
  /** The employer sits in a separator group of its own ("Title — Employer"), not in the title's ("Title, Employer"). */
  employerApart: boolean;
}

/**
 * The convention of the positions where both title and employer were recognized. An employer found in the
 * title's group is no evidence when another group could hold the employer too: that is the case to decide.
 */
export function documentLayout(positions: readonly Piece[][]): Layout {
  let [titleFirst, companyFirst, apart, together] = [0, 0, 0, 0];
  for (const header of positions) {
    const pieces = peelEmployer(header);
    const title = pieces.find((piece) => piece.role === "title");
    const company = pieces.find((piece) => piece.role === "company");
    if (title === undefined || company === undefined) continue;
    if (pieces.indexOf(title) < pieces.indexOf(company)) titleFirst++;
    else companyFirst++;
    if (title.group !== company.group) apart++;
    else if (!employerElsewhere(header, title.group)) together++;
  }
  return { titleFirst: titleFirst >= companyFirst, employerApart: apart > together };
}

function employerElsewhere(header: readonly Piece[], group: number): boolean {
  return peelEmployer(qualifiersOfTitle(header)).some(
    (piece) => piece.group !== group && (piece.role === "company" || piece.role === "unknown"),
  );
}

export function assignRoles(header: readonly Piece[], layout: Layout): Roles {
  const pieces = peelEmployer(layout.employerApart ? qualifiersOfTitle(header) : header);
  const unknown = pieces.filter((piece) => piece.role === "unknown");
  let title = pieces.find((piece) => piece.role === "title");
  let company = pieces.find((piece) => piece.role === "company");
  const location = pieces.find((piece) => piece.role === "location");
  if (title === undefined && company === undefined && unknown.length >= 2) {
    const first = unknown[0];
    const other = apart(unknown, first) ?? unknown[1];
    [title, company] = layout.titleFirst ? [first, other] : [other, first];
  } else if (company === undefined) {
    company = apart(unknown, title) ?? unknown[0];
  } else if (title === undefined) {
    title = apart(unknown, company) ?? unknown[0];
  }
  return attachLeftovers(pieces, { title, company, location });
}

/**
 * In a document whose employers stand apart from the title, an employer-looking comma part after the title
 * qualifies it: "Working Student, Software Development — Acme Research".
 */
function qualifiersOfTitle(pieces: readonly Piece[]): readonly Piece[] {
  const title = pieces.findIndex((piece) => piece.role === "title");
  const group = pieces[title]?.group;
  return pieces.map((piece, index) =>
    index > title && title >= 0 && piece.group === group && piece.role === "company"
      ? { ...piece, role: "unknown" }
      : piece,
  );
}

/** The first unknown piece outside `piece`'s separator group: "Title, Qualifier — Employer" keeps pairs apart. */
function apart(unknown: readonly Piece[], piece: Piece | undefined): Piece | undefined {
  if (piece === undefined) return undefined;
  return unknown.find((other) => other !== piece && other.group !== piece.group);
}

/**
 * "Title — Acme Research, Springfield, Germany": an employer followed by "City, Country" has the shape of one
 * long place. When nothing outside the leading group can be the employer, the first comma part of that place
 * is the employer and the rest its place.
 */
function peelEmployer(pieces: readonly Piece[]): readonly Piece[] {
  if (pieces.some((piece) => piece.role === "company")) return pieces;
  const leading = pieces[0]?.group;
  if (pieces.some((piece) => piece.role === "unknown" && piece.group !== leading)) return pieces;
  const index = pieces.findIndex((piece) => piece.role === "location" && piece.text.includes(","));
  const piece = pieces[index];
  if (piece === undefined) return pieces;
  const [head = "", ...rest] = piece.text.split(/\s*,\s*/);
  const place = rest.join(", ");
  if (isKnownCity(head) || isPlace(head) || !isPlace(place)) return pieces;
  const employer: Piece = { text: head, group: piece.group, role: "company" };
  const town: Piece = { text: place, group: piece.group, role: "location" };
  return [...pieces.slice(0, index), employer, town, ...pieces.slice(index + 1)];
}

/**
 * Unrecognized comma parts belong to their neighbour: "Registered Nurse, Medical-Surgical Unit" is one title,
 * "SAP SE, Walldorf" is an employer and its place. A lone place name after the employer ("Studio X · Leiden")
 * is the place even though no list knows it.
 */
function attachLeftovers(pieces: readonly Piece[], chosen: Chosen): Roles {
  const roles: Roles = {
    title: chosen.title?.text ?? null,
    company: chosen.company?.text ?? null,
    location: chosen.location?.text ?? null,
  };
  const used = new Set(Object.values(chosen));
  pieces.forEach((piece, index) => {
    const before = pieces[index - 1];
    if (used.has(piece) || piece.role !== "unknown") return;
    const sameGroup = before?.group === piece.group;
    if (sameGroup && before === chosen.title) {
      roles.title = `${roles.title}, ${piece.text}`;
    } else if (
      roles.location === null &&
      isPlaceAfter(piece, sameGroup ? before : undefined, chosen.company)
    ) {
      roles.location = piece.text;
    }
  });
  return roles;
}

/**
 * A capitalized comma part right after the employer is its place ("SAP SE, Walldorf"); a piece of its own after
 * the employer is the place when it reads as a place name ("Studio X · Leiden").
 */
function isPlaceAfter(piece: Piece, groupBefore: Piece | undefined, employer: Piece | undefined): boolean {
  if (employer === undefined) return false;
  if (groupBefore !== undefined) return groupBefore === employer && /^\p{Lu}/u.test(piece.text);
  return piece.group > employer.group && isPlaceName(piece.text);
}
