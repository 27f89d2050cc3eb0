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
  /** The place in line the tick booked for this file (CallPace.book); the parser's call takes it over. */
  turn?: CallTurn;
}

/** A booked place in a paced parser's line. Release it when no call will use it (no file to claim, file ended early). */
export interface CallTurn {
  /** When the call should be able to start, epoch ms (a projection: the parser reserves for real when it calls). */
  readonly startsAt: number;
  /** Time the call waited for its turn, ms (set by the parser; excluded from the tick's per-file estimate). */
  waitedMs: number;
  release(): void;
}

/** Pacing counters since the parser was made; a tick reports the difference between its start and end. */
export interface PaceCounters {
  /** Requests sent. */
  calls: number;
  /** 429s received. */
  rate_limited: number;
  /** Time calls waited for their turn, ms. */
  paced_ms: number;
}

/**
 * A parser that calls a rate-limited provider paces its calls and lets the tick see its line: the tick books a
 * turn before claiming a file, waits while that turn is far off, and stops claiming when the turn plus a call would
 * end after the deadline (outcome `rate_limited`).
 */
export interface CallPace {
  /** Learns the schedule as it stands (other processes may have reserved turns); call before booking. */
  refresh(): Promise<void>;
  book(): CallTurn;
  /** How long a call takes once sent (running average), ms. */
  expectedCallMs(): number;
  counters(): PaceCounters;
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
  /** Present when the parser paces its calls to a provider's rate limits. */
  readonly pace?: CallPace;
}
