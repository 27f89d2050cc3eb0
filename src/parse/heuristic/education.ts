/**
 * Education entries: institution, degree, field, end date. Each line contributes pieces (a degree, an
 * institution, a date, unrecognized text); a new entry starts when a line brings a piece the current entry
 * already has, so "Institution / Degree / Year" blocks, one-line entries and dates-first layouts all work.
 */
import type { Education } from "../candidate.ts";
import { type ColumnRole, cellsByRole, columnRoles, labelledField } from "./columns.ts";
import { findDateSpan, startsWithDate, withoutDates } from "./dates.ts";
import { type Degree, hasInstitutionWord, parseDegree } from "./degrees.ts";
import { joinWrapped, type Line } from "./lines.ts";
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

/** `now` decides whether an expected graduation is still ahead; default: the system clock. */
export function parseEducation(sections: readonly Section[], now: Date = new Date()): Education[] {
  const entries: Education[] = [];
  for (const section of sections) {
    if (section.kind === "education") entries.push(...parseSection(section.lines, now));
  }
  return entries;
}

function parseSection(lines: readonly Line[], now: Date): Education[] {
  const drafts: Draft[] = [];
  let columns: ColumnRole[] | null = null;
  let current: Draft | null = null;
  for (const line of unwrapLines(lines)) {
    const roles = line.bullet ? null : columnRoles(line.text);
    if (roles !== null) {
      columns = roles;
      continue;
    }
    if (DETAIL_LINE.test(line.text)) continue;
    const piece = readLine(line.text, columns, now);
    if (line.bullet && piece.institution === null && piece.degree === null) continue;
    if (current === null || conflicts(current, piece)) {
      current = emptyDraft();
      drafts.push(current);
    }
    merge(current, piece);
  }
  return drafts.filter(isEntry).map(toEducation);
}

/**
 * "Master en Ressources" / "humaines": in a narrow column a line that starts in lower case continues the one
 * above, unless it starts a degree of its own ("magister, Finanse i rachunkowość") or a date.
 */
function unwrapLines(lines: readonly Line[]): Line[] {
  const out: Line[] = [];
  for (const line of lines) {
    const last = out.at(-1);
    const continues = !line.bullet && /^\p{Ll}/u.test(line.text) && parseDegree(line.text) === null;
    if (last !== undefined && continues && !startsWithDate(line.text)) {
      out[out.length - 1] = { ...last, text: joinWrapped(last.text, line.text) };
    } else {
      out.push(line);
    }
  }
  return out;
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

/**
 * A degree not finished yet: "expected 2027", "voraussichtlich 2027", "prévu 2027", "(in progress)". The schema's
 * end is the graduation; while the expected date is still ahead it has not happened, so, like an ongoing degree
 * ("2023 – Present"), its end is null. Once the expected month (or year) is over, it is the graduation date.
 */
const IN_PROGRESS = new RegExp(
  "(?<!\\p{L})(?:(?:graduation|abschluss|obtention|finalización|graduación|conclusão|conclusione|afstuderen|" +
    "ukończenie)\\s+)?" +
    "(?:expected(?:\\s+graduation)?|anticipated(?:\\s+graduation)?|exp\\.|in progress|currently enrolled|" +
    "voraussichtlich(?:er\\s+abschluss)?|voraussichtl\\.|vsl\\.|prévue?|attendue?|previst[oa]|esperad[oa]|" +
    "em andamento|verwacht|planowan[ey]|przewidywan[ey]|w trakcie|w toku|ongoing|in corso|en cours|en curso|" +
    "em curso|laufend|cursando|previsão(?:\\s+de\\s+conclusão)?)(?!\\p{L})\\s*:?" +
    // The preposition before the date goes too: "prévu en 2027", "previsto nel 2026", "verwacht in 2026".
    "(?:\\s*(?:en|in|im|em|para|pour|für|nel|a|à|w|na|for)(?=\\s))?",
  "giu",
);

function readLine(line: string, columns: readonly ColumnRole[] | null, now: Date): Draft {
  const draft = emptyDraft();
  // "2023 – en cours" is ongoing as written; without its in-progress words it would read as a lone 2023.
  const ongoing = findDateSpan(line)?.current === true;
  const text = line
    .replace(IN_PROGRESS, " ")
    .replace(/\s{2,}/g, " ")
    .trim();
  const expected = text !== line.trim();
  const span = findDateSpan(text);
  if (span !== null) {
    draft.dated = true;
    // An ongoing degree has no end yet; a lone year is the graduation year.
    const end = span.current || ongoing ? null : (span.end ?? span.start);
    draft.end = end !== null && expected && !isOver(end, now) ? null : end;
  }
  const cells = cellsByRole(text, columns);
  if (cells !== null) return readCells(draft, cells);
  const rest = span === null ? text : withoutDates(text, span);
  return readSegments(draft, rest);
}

/** True once the whole month ("YYYY-MM") or year ("YYYY") lies before `now`. */
function isOver(date: string, now: Date): boolean {
  const [year, month] = date.split("-").map(Number);
  const after = month === undefined ? Date.UTC(Number(year) + 1, 0, 1) : Date.UTC(Number(year), month, 1);
  return after <= now.getTime();
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

/** "LMU München", "ETH Zürich", "HEC Paris", "PUC Minas": a school's acronym and its town, not a field of study. */
const ACRONYM_AND_TOWN = /^\p{Lu}{2,6}\s+\p{Lu}[\p{L}-]+$/u;

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
    if (readLabelled(draft, segment.text)) continue;
    const degree =
      draft.degree === null ? (parseDegree(segment.text) ?? degreeInParentheses(segment.text)) : null;
    const sameGroup = previous !== null && previous.group === segment.group;
    if (degree !== null) {
      draft.degree = degree.degree;
      draft.field = degree.field;
      degreeGroup = segment.group;
      previous = { kind: "degree", group: segment.group };
    } else if (draft.institution === null && hasInstitutionWord(segment.text)) {
      draft.institution = segment.text;
      previous = { kind: "institution", group: segment.group };
    } else if (
      sameGroup &&
      previous?.kind === "degree" &&
      draft.field === null &&
      !ACRONYM_AND_TOWN.test(segment.text)
    ) {
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

/** "kierunek: Informatyka", "tytuł: inżynier", "Abschluss: Master of Science": a labelled part of the entry. */
function readLabelled(draft: Draft, text: string): boolean {
  const field = labelledField(text);
  if (field === null) return false;
  if (field.role === "degree" && draft.degree === null) draft.degree = field.value;
  else if (field.role === "field" && draft.field === null) draft.field = field.value;
  else if (field.role === "institution" && draft.institution === null) draft.institution = field.value;
  else return field.role === "dates";
  return true;
}

/** "Studium der Betriebswirtschaftslehre (M.Sc.)": the degree in parentheses after its field. */
function degreeInParentheses(text: string): Degree | null {
  const match = /^(.{2,80}?)\s*\(([^()]{2,40})\)$/u.exec(text.trim());
  const degree = match === null ? null : parseDegree(match[2] ?? "");
  if (match === null || degree === null || degree.field !== null) return null;
  const field = (match[1] ?? "").replace(/^(?:studium|studiengang)\s+(?:der|des|in)\s+/iu, "");
  return { degree: degree.degree, field };
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
