/**
 * Table header rows from DOCX tables flattened with tabs ("Company\tPosition\tLocation\tDates"). When a section
 * has one, the rows below it are read cell by cell instead of guessing what each piece is.
 */
import { foldCase } from "./fold.ts";

export type ColumnRole = "company" | "title" | "location" | "dates" | "institution" | "degree" | "field";

const COLUMN_NAMES: ReadonlyMap<string, ColumnRole> = new Map(
  Object.entries({
    company: "company",
    employer: "company",
    organization: "company",
    organisation: "company",
    firm: "company",
    empresa: "company",
    entreprise: "company",
    unternehmen: "company",
    arbeitgeber: "company",
    title: "title",
    "job title": "title",
    position: "title",
    role: "title",
    designation: "title",
    puesto: "title",
    client: "company",
    "company name": "company",
    tenure: "dates",
    "duration of employment": "dates",
    cargo: "title",
    poste: "title",
    rolle: "title",
    location: "location",
    city: "location",
    place: "location",
    ubicacion: "location",
    lieu: "location",
    ort: "location",
    dates: "dates",
    date: "dates",
    period: "dates",
    duration: "dates",
    years: "dates",
    year: "dates",
    "graduation year": "dates",
    graduation: "dates",
    from: "dates",
    to: "dates",
    fecha: "dates",
    periodo: "dates",
    zeitraum: "dates",
    annee: "dates",
    institution: "institution",
    school: "institution",
    university: "institution",
    college: "institution",
    "institution name": "institution",
    universidad: "institution",
    etablissement: "institution",
    hochschule: "institution",
    degree: "degree",
    qualification: "degree",
    program: "degree",
    programme: "degree",
    titulo: "degree",
    diplome: "degree",
    abschluss: "degree",
    field: "field",
    major: "field",
    subject: "field",
    "field of study": "field",
    specialization: "field",
    kierunek: "field",
    specjalnosc: "field",
    studiengang: "field",
    fachrichtung: "field",
    richting: "field",
    "corso di laurea": "field",
    tytuł: "degree",
    "tytuł zawodowy": "degree",
    titolo: "degree",
    "titolo di studio": "degree",
    diploma: "degree",
    uczelnia: "institution",
  }) as [string, ColumnRole][],
);

/** The role of each cell when every cell of a tab-separated row is a column name, else null. */
export function columnRoles(text: string): ColumnRole[] | null {
  const cells = text.split("\t");
  if (cells.length < 2) return null;
  const roles: ColumnRole[] = [];
  for (const cell of cells) {
    const role = COLUMN_NAMES.get(foldCase(cell.trim().replace(/:$/, "")));
    if (role === undefined) return null;
    roles.push(role);
  }
  return roles;
}

/** The cells of a table row under a header row, keyed by role; null when the row has another shape. */
export function cellsByRole(
  raw: string,
  roles: readonly ColumnRole[] | null,
): Map<ColumnRole, string> | null {
  if (roles === null) return null;
  const cells = raw.split("\t");
  if (cells.length !== roles.length) return null;
  const byRole = new Map<ColumnRole, string>();
  roles.forEach((role, index) => {
    const cell = cells[index]?.trim() ?? "";
    if (cell !== "" && !byRole.has(role)) byRole.set(role, cell);
  });
  return byRole;
}

/** "Company: Infosys", "Designation: Engineer", "Duration: 2015 – 2019": a labelled field of a position. */
const LABELLED = /^([^:\t]{2,30}?)\s*:\s*(\S.*)$/u;

export function labelledField(text: string): { role: ColumnRole; value: string } | null {
  const match = LABELLED.exec(text);
  const role = COLUMN_NAMES.get(foldCase((match?.[1] ?? "").trim()));
  return match !== null && role !== undefined ? { role, value: (match[2] ?? "").trim() } : null;
}

/** True for a bare column or field name ("Duration" once its dates were removed). */
export function isColumnName(text: string): boolean {
  return COLUMN_NAMES.has(foldCase(text.trim()));
}
