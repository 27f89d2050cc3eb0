import { setTimeout as sleep } from "node:timers/promises";
import { type Candidate, emptyCandidate } from "../../src/parse/candidate.ts";
import type { ParseResult, ResumeParser } from "../../src/parse/port.ts";

/**
 * Parser doubles for the ResumeParser port. They implement the port's contract (honour the signal) and record
 * what they were asked, so tests can count calls per text.
 */
export class CountingParser implements ResumeParser {
  readonly name = "counting";
  readonly version = "1";
  readonly model = null;
  calls = 0;
  readonly texts: string[] = [];

  constructor(private readonly latencyMs = 0) {}

  async parse(text: string, options: { signal: AbortSignal }): Promise<ParseResult> {
    this.calls += 1;
    this.texts.push(text);
    if (this.latencyMs > 0) await sleep(this.latencyMs, undefined, { signal: options.signal });
    return { candidate: candidateFromFirstLine(text), usage: null };
  }
}

/** Never answers and ignores the signal: the tick itself must enforce the deadline. */
export class HangingParser implements ResumeParser {
  readonly name = "hanging";
  readonly version = "1";
  readonly model = null;
  calls = 0;

  parse(): Promise<ParseResult> {
    this.calls += 1;
    return new Promise(() => {});
  }
}

/** Returns an object that breaks the candidate schema, as a misbehaving model would. */
export class InvalidOutputParser implements ResumeParser {
  readonly name = "invalid";
  readonly version = "1";
  readonly model = null;

  async parse(): Promise<ParseResult> {
    return {
      candidate: { ...emptyCandidate(), years_experience: "ten" } as unknown as Candidate,
      usage: null,
    };
  }
}

/** Throws a plain error on every call (a network failure, say): retryable `parser_error`. */
export class ThrowingParser implements ResumeParser {
  readonly name = "throwing";
  readonly version = "1";
  readonly model = null;
  calls = 0;

  async parse(): Promise<ParseResult> {
    this.calls += 1;
    throw new Error("connection reset");
  }
}

function candidateFromFirstLine(text: string): Candidate {
  const firstLine = text.split("\n").find((line) => line.trim().length > 0) ?? null;
  return { ...emptyCandidate(), name: firstLine?.trim() ?? null };
}

/**
 * Answers its first `answered` calls, then never answers again (until aborted): a worker that is certainly
 * holding leases when a test kills it.
 */
export class StallingParser extends CountingParser {
  constructor(private readonly answered: number) {
    super();
  }

  override async parse(text: string, options: { signal: AbortSignal }): Promise<ParseResult> {
    if (this.calls >= this.answered) {
      this.calls += 1;
      return new Promise((_resolve, reject) => {
        options.signal.addEventListener("abort", () => reject(options.signal.reason), { once: true });
      });
    }
    return super.parse(text, options);
  }
}
