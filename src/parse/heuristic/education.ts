/**
 * Education entries: institution, degree, field, end date. Each line contributes pieces (a degree, an
 * institution, a date, unrecognized text); a new entry starts when a line brings a piece the current entry
 * already has, so "Institution / Degree / Year" blocks, one-line entries and dates-first layouts all work.
 */
import type { Education } from "../candidate.ts";
import { type ColumnRole, cellsByRole, columnRoles } from "./columns.ts";
import { findDateSpan, withoutDates } from "./dates.ts";
import { hasInstitutionWord, parseDegree } from "./degrees.ts";
import type { Line } from "./lines.ts";
import { isPlace } from "./places.ts";
import type { Section } from "./sections.ts";
import { type Segment, splitSegments } from "./segments.ts";

interface Draft {
  institution: string | null;
  degree: string | null;
  field: string | null;
  end: string | null;
  dated: boolean;
  /** The institution was unrecognized text taken as the institution, not a known institution word. */
  guessed: boolean;
}

/** Lines about grades, honours or coursework: they never start or change an entry. */
const DETAIL_LINE =
  /^(?:gpa|grade|cgpa|honou?rs|thesis|dissertation|relevant coursework|coursework|courses|minor|activities|awards|note|nota|mention|abschlussnote|schwerpunkt|specialization|focus|magna|summa|cum laude|dean's list)\b/iu;

export function parseEducation(sections: readonly Section[]): Education[] {
  const entries: Education[] = [];
  for (const section of sections) {
    if (section.kind === "education") entries.push(...parseSection(section.lines));
  }
  return entries;
}

function parseSection(lines: readonly Line[]): Education[] {
  const drafts: Draft[] = [];
  let columns: ColumnRole[] | null = null;
  let current: Draft | null = null;
  for (const line of lines) {
    const roles = line.bullet ? null : columnRoles(line.text);
    if (roles !== null) {
      columns = roles;
      continue;
    }
    if (DETAIL_LINE.test(line.text)) continue;
    const piece = readLine(line.text, columns);
    if (line.bullet && piece.institution === null && piece.degree === null) continue;
    if (current === null || conflicts(current, piece)) {
      current = emptyDraft();
      drafts.push(current);
    }
    merge(current, piece);
  }
  return drafts.filter(isEntry).map(toEducation);
}

/** A stray line of unrecognized text is not an entry; a dated one ("IAE Lyon, 2016") is. */
function isEntry(draft: Draft): boolean {
  return draft.degree !== null || (draft.institution !== null && (!draft.guessed || draft.dated));
}

function emptyDraft(): Draft {
  return { institution: null, degree: null, field: null, end: null, dated: false, guessed: false };
}

function conflicts(current: Draft, piece: Draft): boolean {
  if (piece.institution !== null && current.institution !== null && !piece.guessed) return true;
  if (piece.degree !== null && current.degree !== null) return true;
  return piece.dated && current.dated && piece.institution === null && piece.degree === null;
}

function merge(current: Draft, piece: Draft): void {
  if (current.institution === null && piece.institution !== null) {
    current.institution = piece.institution;
    current.guessed = piece.guessed;
  }
  if (current.degree === null && piece.degree !== null) {
    current.degree = piece.degree;
    current.field = piece.field;
  }
  if (piece.dated && !current.dated) {
    current.dated = true;
    current.end = piece.end;
  }
}

function readLine(text: string, columns: readonly ColumnRole[] | null): Draft {
  const draft = emptyDraft();
  const span = findDateSpan(text);
  if (span !== null) {
    draft.dated = true;
    // An ongoing degree has no end yet; a lone year is the graduation year.
    draft.end = span.current ? null : (span.end ?? span.start);
  }
  const cells = cellsByRole(text, columns);
  if (cells !== null) return readCells(draft, cells);
  const rest = span === null ? text : withoutDates(text, span);
  return readSegments(draft, rest);
}

function readCells(draft: Draft, cells: ReadonlyMap<ColumnRole, string>): Draft {
  draft.institution = cells.get("institution") ?? null;
  const degreeCell = cells.get("degree");
  if (degreeCell !== undefined) {
    const degree = parseDegree(degreeCell);
    draft.degree = degree?.degree ?? degreeCell;
    draft.field = cells.get("field") ?? degree?.field ?? null;
  }
  return draft;
}

/**
 * Unrecognized comma parts attach to their neighbour: "MSc, Computer Science" (the field), "University of
 * Nigeria, Nsukka" (the institution). Unrecognized text with no neighbour is the institution when none is known
 * ("IAE Lyon").
 */
function readSegments(draft: Draft, text: string): Draft {
  let previous: { kind: "degree" | "institution" | "other"; group: number } | null = null;
  let degreeGroup = -1;
  const unknown: Segment[] = [];
  for (const segment of splitSegments(text)) {
    const degree = draft.degree === null ? parseDegree(segment.text) : null;
    const sameGroup = previous !== null && previous.group === segment.group;
    if (degree !== null) {
      draft.degree = degree.degree;
      draft.field = degree.field;
      degreeGroup = segment.group;
      previous = { kind: "degree", group: segment.group };
    } else if (draft.institution === null && hasInstitutionWord(segment.text)) {
      draft.institution = segment.text;
      previous = { kind: "institution", group: segment.group };
    } else if (sameGroup && previous?.kind === "degree" && draft.field === null) {
      draft.field = segment.text;
    } else if (sameGroup && previous?.kind === "institution" && !isPlace(segment.text)) {
      draft.institution = `${draft.institution}, ${segment.text}`;
    } else {
      if (!isPlace(segment.text)) unknown.push(segment);
      previous = { kind: "other", group: segment.group };
    }
  }
  if (draft.institution === null) guessInstitution(draft, unknown, degreeGroup);
  return draft;
}

/**
 * Unrecognized capitalized text is the institution ("IUT de Lyon"), preferably from another piece than
 * the degree's: in "Licence, Network administration — IUT Lyon" the comma part next to the degree is its field.
 */
function guessInstitution(draft: Draft, unknown: readonly Segment[], degreeGroup: number): void {
  const capitalized = unknown.filter((segment) => /^\p{Lu}/u.test(segment.text));
  const guess = capitalized.find((segment) => segment.group !== degreeGroup) ?? capitalized[0];
  if (guess === undefined) return;
  draft.institution = guess.text;
  draft.guessed = true;
}

function toEducation(draft: Draft): Education {
  return { institution: draft.institution ?? "", degree: draft.degree, field: draft.field, end: draft.end };
}
