import { z } from "zod";

/** "YYYY-MM" when the month is known, else "YYYY" (candidate.schema.json). */
export const PARTIAL_DATE = /^[0-9]{4}(-[0-9]{2})?$/;
const partialDate = z.string().regex(PARTIAL_DATE);

export const experienceSchema = z
  .object({
    company: z.string(),
    title: z.string(),
    start: partialDate.nullable(),
    end: partialDate.nullable(),
    current: z.boolean(),
    location: z.string().nullable(),
    highlights: z.array(z.string()),
  })
  .strict();

export const educationSchema = z
  .object({
    institution: z.string(),
    degree: z.string().nullable(),
    field: z.string().nullable(),
    end: partialDate.nullable(),
  })
  .strict();

/**
 * The structured record every parser produces. Every key is always present; unknown values are null or empty
 * arrays, never invented. Every field is required (nullable instead of optional) so the same schema works as an
 * OpenAI structured-output format.
 */
export const candidateSchema = z
  .object({
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    location: z.string().nullable(),
    links: z.array(z.string()),
    summary: z.string().nullable(),
    skills: z.array(z.string()),
    experience: z.array(experienceSchema),
    education: z.array(educationSchema),
    certifications: z.array(z.string()),
    languages: z.array(z.string()),
    years_experience: z.number().nullable(),
  })
  .strict();

export type Candidate = z.infer<typeof candidateSchema>;
export type Experience = z.infer<typeof experienceSchema>;
export type Education = z.infer<typeof educationSchema>;

export function emptyCandidate(): Candidate {
  return {
    name: null,
    email: null,
    phone: null,
    location: null,
    links: [],
    summary: null,
    skills: [],
    experience: [],
    education: [],
    certifications: [],
    languages: [],
    years_experience: null,
  };
}

/** True when a record holds nothing at all (every value null or empty): no candidate was found. */
export function isEmptyCandidate(candidate: Candidate): boolean {
  return Object.values(candidate).every(
    (value) => value === null || (Array.isArray(value) && value.length === 0),
  );
}
