/**
 * The offline heuristic resume parser: the default when no OpenAI key is configured, and the fallback when the
 * model is unavailable. No network, no model, no token usage.
 */
import { FileError } from "../../errors.ts";
import type { ParseResult, ResumeParser } from "../port.ts";
import { parseResumeText } from "./resume.ts";
import { notResumeReason } from "./verdict.ts";

/**
 * Bump whenever the parser's output for the same text may change: stored results are compared by version.
 * 3: documents that are not resumes end `not_a_resume` instead of storing an empty or wrong candidate.
 * 4: Italian, Dutch and Polish (and more German, French, Spanish, Portuguese) headings, dates, degrees, places;
 *    referees, career breaks, degrees still expected and resumes without headings (issue 11).
 */
export const HEURISTIC_PARSER_VERSION = "4";

export interface HeuristicParserOptions {
  /** Clock for "Present" positions in years_experience; default: the system clock. Inject in tests. */
  now?: () => Date;
}

export class HeuristicParser implements ResumeParser {
  readonly name = "heuristic";
  readonly version = HEURISTIC_PARSER_VERSION;
  readonly model = null;
  readonly #now: () => Date;

  constructor(options: HeuristicParserOptions = {}) {
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Parsing is synchronous and takes milliseconds, so the signal is checked before and after, not during.
   * Rejects with FileError `not_a_resume` for a document that is not one (verdict.ts has the rule).
   */
  async parse(text: string, options: { signal: AbortSignal }): Promise<ParseResult> {
    options.signal.throwIfAborted();
    const candidate = parseResumeText(text, this.#now());
    options.signal.throwIfAborted();
    const notResume = notResumeReason(text, candidate);
    if (notResume !== null) throw new FileError("not_a_resume", notResume);
    return { candidate, usage: null };
  }
}

export { parseResumeText } from "./resume.ts";
