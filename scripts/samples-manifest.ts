import type { ErrorCode } from "../src/errors.ts";
import { SAMPLE_RESUMES } from "./samples-data.ts";

export { SAMPLE_RESUMES };

/**
 * Ground truth for the files in samples/: the fictional people scripts/generate-samples.ts renders, and the outcome
 * the watcher should reach for every file. End-to-end tests import this to check parsed candidates. Names, e-mail
 * addresses (example.com/.org/.net), phone numbers (555 and Ofcom drama ranges) and companies are invented.
 */

export interface SampleLink {
  /** Text shown in PDF/DOCX; the URL itself is only behind the link there. Text formats print the URL. */
  label: string;
  url: string;
}

export interface SampleJob {
  title: string;
  company: string;
  location: string | null;
  /** As printed: the date styles vary on purpose. */
  dates: string;
  /** "YYYY-MM" or "YYYY", as candidate.schema.json wants them parsed. */
  start: string | null;
  end: string | null;
  current: boolean;
  highlights: string[];
}

export interface SampleEducation {
  degree: string;
  field: string | null;
  institution: string;
  dates: string;
  end: string | null;
}

export type SampleFormat =
  | "pdf"
  | "pdf-two-column"
  | "docx"
  | "docx-contact-in-header"
  | "markdown"
  | "text-windows-1252"
  | "text-utf-16";

export interface SampleResume {
  file: string;
  format: SampleFormat;
  name: string;
  headline: string;
  email: string;
  phone: string;
  location: string;
  links: SampleLink[];
  summary: string;
  experience: SampleJob[];
  education: SampleEducation[];
  skills: string[];
  certifications: string[];
  languages: string[];
}

export interface SampleOutcome {
  file: string;
  status: "done" | "failed" | "skipped";
  error_code: ErrorCode | null;
  /** One line for docs/samples.md. */
  description: string;
}

const FORMAT_DESCRIPTIONS: Record<SampleFormat, string> = {
  pdf: "single-column PDF, two pages; LinkedIn URL only behind a link",
  "pdf-two-column": "two-column PDF (sidebar with contact, skills, languages); GitHub URL only behind a link",
  docx: "DOCX with contact details in the body, a footer and a certifications list",
  "docx-contact-in-header":
    "DOCX whose name, e-mail and phone exist only in the page header; portfolio behind a link",
  markdown: "Markdown text (UTF-8)",
  "text-windows-1252": "plain text in Windows-1252 (accented name, curly quotes, en dashes)",
  "text-utf-16": 'plain text in UTF-16 LE with BOM, as Windows Notepad saves "Unicode"',
};

/** Files that are in samples/ on purpose and must not end `done`. */
export const SAMPLE_BAD_FILES: SampleOutcome[] = [
  {
    file: "scan.pdf",
    status: "failed",
    error_code: "image_only_pdf",
    description: "a scanned resume: a PDF page holding only an image, no text layer (needs OCR)",
  },
  {
    file: "logo.png",
    status: "skipped",
    error_code: "unsupported_type",
    description: "a company logo that landed in the bucket: a PNG image, not a resume",
  },
];

/** Every file in samples/ with the outcome a tick should reach (README.md itself is documentation, not input). */
export const SAMPLE_OUTCOMES: SampleOutcome[] = [
  ...SAMPLE_RESUMES.map(
    (resume): SampleOutcome => ({
      file: resume.file,
      status: "done",
      error_code: null,
      description: `${resume.name}: ${FORMAT_DESCRIPTIONS[resume.format]}`,
    }),
  ),
  ...SAMPLE_BAD_FILES,
];

/**
 * The fields a parser should recover from a sample, in candidate.schema.json's shape (a subset of it: no
 * years_experience, which depends on the clock). The ground truth above is written as printed; the expectation
 * follows the labelling conventions of test/fixtures/resumes/README.md, so every parser is held to one standard:
 *
 * - certifications: a trailing year is dropped ("Certified Kubernetes Application Developer (CKAD), 2021" →
 *   "… (CKAD)"); the year is when it was earned, not part of its name.
 * - languages: the level is dropped ("German (native)" → "German"); a language written in two scripts
 *   ("Ελληνικά / Greek") is one language, its first spelling.
 * - education: the degree is the degree alone and its subject is the field, as with "Bachelor of Science in
 *   Physics" → degree "Bachelor of Science", field "Physics": "Grado en Ingeniería Informática" → degree
 *   "Grado", field "Ingeniería Informática" (the English gloss printed after it is not a second field).
 */
export function expectedCandidate(resume: SampleResume) {
  return {
    name: resume.name,
    email: resume.email,
    phone: resume.phone,
    location: resume.location,
    links: resume.links.map((link) => link.url),
    summary: resume.summary,
    skills: resume.skills,
    certifications: resume.certifications.map(withoutTrailingYear),
    languages: resume.languages.map(languageName),
    experience: resume.experience.map(({ company, title, start, end, current, location, highlights }) => ({
      company,
      title,
      start,
      end,
      current,
      location,
      highlights,
    })),
    education: resume.education.map(({ institution, degree, field, end }) => ({
      institution,
      ...splitDegree(degree, field),
      end,
    })),
  };
}

function withoutTrailingYear(certification: string): string {
  return certification.replace(/,?\s*\(?(?:19|20)\d{2}\)?$/, "");
}

function languageName(language: string): string {
  return language.replace(/\s*\(.*\)$/, "").split(" / ")[0] ?? language;
}

/** "Grado en Ingeniería Informática" → "Grado" + "Ingeniería Informática"; "Master of Engineering" stays whole. */
function splitDegree(degree: string, field: string | null): { degree: string; field: string | null } {
  const linked = /^(.+?)\s+(?:in|en|em|im)\s+(\S.*)$/u.exec(degree);
  return linked === null ? { degree, field } : { degree: linked[1] ?? degree, field: linked[2] ?? field };
}
