import { FileError } from "../errors.ts";
import type { CallPace, ParseOptions, ParseResult, ResumeParser } from "./port.ts";

/**
 * PARSER_FALLBACK: parses with `primary`; when it is unavailable altogether (a FileError with outcome
 * `unavailable`: quota exhausted, key rejected, server unreachable, request refused for the model) the `fallback`
 * parser fills the record instead, and the result names the fallback as its parser, so `reprocess --outdated`
 * re-parses it with the primary once that works again.
 * Every other error (rate limits, timeouts, bad answers, the deadline) passes through unchanged. No vendor knowledge:
 * the adapter decides what "unavailable" means.
 */
export class FallbackParser implements ResumeParser {
  readonly name: string;
  readonly version: string;
  readonly model: string | null;
  /** The primary's pacing: the fallback parser calls no provider. */
  readonly pace?: CallPace;

  constructor(
    private readonly primary: ResumeParser,
    private readonly fallback: ResumeParser,
  ) {
    this.name = primary.name;
    this.version = primary.version;
    this.model = primary.model;
    if (primary.pace) this.pace = primary.pace;
  }

  async parse(text: string, options: ParseOptions): Promise<ParseResult> {
    try {
      return await this.primary.parse(text, options);
    } catch (error) {
      if (!(error instanceof FileError) || error.outcome !== "unavailable" || options.signal.aborted)
        throw error;
      const result = await this.fallback.parse(text, options);
      const { name, version, model } = this.fallback;
      return { ...result, parser: result.parser ?? { name, version, model } };
    }
  }
}
