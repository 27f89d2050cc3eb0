import type { Candidate } from "./candidate.ts";

export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

export interface ParseResult {
  candidate: Candidate;
  /** Null for parsers that use no model (the offline heuristic parser). */
  usage: TokenUsage | null;
  /** True when the parser cut the text before parsing it (e.g. a model's input cap); ORed with extraction's cut. */
  truncated?: boolean;
  /**
   * Who actually produced the result when it differs from the parser called (a fallback wrapper delegating);
   * stored instead of the called parser's name/version/model.
   */
  parser?: { name: string; version: string; model: string | null };
}

export interface ParseOptions {
  /** Fires at the tick's hard deadline. */
  signal: AbortSignal;
  /** The tick's hard deadline, epoch ms: a parser sizes its own timeouts and waits to fit before it. */
  deadlineAt?: number;
}

/**
 * Resume text in, candidate record out. Adapters: offline heuristic parser, OpenAI structured output.
 * `signal` aborts at the tick's hard deadline; a parser must stop promptly when it fires and reject with the
 * signal's reason. `deadlineAt` lets a parser that calls a service fit its timeout and retries into the budget.
 */
export interface ResumeParser {
  /** Stored with each result, e.g. "heuristic" or "openai". */
  readonly name: string;
  /** Bumped whenever the parser's output for the same text may change. */
  readonly version: string;
  /** Model id, or null when no model is involved. */
  readonly model: string | null;
  parse(text: string, options: ParseOptions): Promise<ParseResult>;
}
