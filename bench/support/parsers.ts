import { setTimeout as sleep } from "node:timers/promises";
import { type Candidate, emptyCandidate } from "../../src/parse/candidate.ts";
import type { ParseResult, ResumeParser } from "../../src/parse/port.ts";

/** A valid candidate named after the first non-empty line, as a real parser would find it. */
function candidateFrom(text: string): Candidate {
  const first = text.split("\n").find((line) => line.trim().length > 0);
  return { ...emptyCandidate(), name: first?.trim().slice(0, 200) ?? null };
}

/** Simulates a model call: answers after `latencyMs`, and stops at once (rejecting) when the signal fires. */
export class SleepingParser implements ResumeParser {
  readonly name = "bench-sleeping";
  readonly version = "1";
  readonly model = "simulated";

  constructor(private readonly latencyMs: number) {}

  async parse(text: string, options: { signal: AbortSignal }): Promise<ParseResult> {
    await sleep(this.latencyMs, undefined, { signal: options.signal });
    return { candidate: candidateFrom(text), usage: { prompt_tokens: 1_000, completion_tokens: 300 } };
  }
}

/** Answers immediately: what is left of a file's time is the watcher's own overhead. */
export class InstantParser implements ResumeParser {
  readonly name = "bench-instant";
  readonly version = "1";
  readonly model = null;

  async parse(text: string): Promise<ParseResult> {
    return { candidate: candidateFrom(text), usage: null };
  }
}

/** Never answers and ignores the signal: only the tick's own deadline can end the file. */
export class HangingParser implements ResumeParser {
  readonly name = "bench-hanging";
  readonly version = "1";
  readonly model = null;

  parse(): Promise<ParseResult> {
    return new Promise<ParseResult>(() => {});
  }
}
