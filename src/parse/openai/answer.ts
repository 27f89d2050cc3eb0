/**
 * The structured output asked of the model: what kind of document it read, then the candidate. Only a resume's
 * candidate is ever returned; the stored record keeps exactly candidate.schema.json (no document_type in it).
 */
import { z } from "zod";
import { FileError } from "../../errors.ts";
import { type Candidate, candidateSchema } from "../candidate.ts";

/** The kinds of document the model chooses from (the prompt defines each); only `resume` yields a candidate. */
export const DOCUMENT_TYPES = ["resume", "cover_letter", "job_description", "other"] as const;

/**
 * document_type comes first so the model commits to it before writing any candidate. Every key is required, as
 * strict structured output needs; a non-resume answer carries an empty candidate, which is discarded.
 */
export const answerSchema = z
  .object({ document_type: z.enum(DOCUMENT_TYPES), candidate: candidateSchema })
  .strict();

export type Answer = z.infer<typeof answerSchema>;

/** The candidate of a resume; FileError `not_a_resume`, naming the type the model gave, for anything else. */
export function candidateOf(answer: Answer): Candidate {
  if (answer.document_type !== "resume") {
    throw new FileError("not_a_resume", `Not a resume: the model classified it as ${answer.document_type}`);
  }
  return answer.candidate;
}
