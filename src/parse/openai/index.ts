/**
 * The OpenAI parser: structured output (json_schema from the answer zod schema: document type + candidate) over
 * chat completions. Works with any OpenAI-compatible server through `baseURL`. The only module that imports the
 * vendor SDK.
 */
import OpenAI, { APIError } from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import { FileError } from "../../errors.ts";
import { MemorySchedule } from "../../pace/memory-schedule.ts";
import { Pacer, type Permit } from "../../pace/pacer.ts";
import type { RateSchedule } from "../../pace/port.ts";
import type { Candidate } from "../candidate.ts";
import type { ParseOptions, ParseResult, ResumeParser, TokenUsage } from "../port.ts";
import { answerSchema, candidateOf } from "./answer.ts";
import { isBadOutput, isLengthError, toParserError } from "./errors.ts";
import { answerLimits, noRetryOnRateLimit } from "./limits.ts";
import { buildMessages, capInput, PROMPT_VERSION } from "./prompt.ts";

export { PROMPT_VERSION } from "./prompt.ts";

export interface OpenAIParserOptions {
  apiKey: string;
  /** Any OpenAI-compatible server, e.g. http://localhost:11434/v1 (Ollama); unset = api.openai.com. */
  baseURL?: string | undefined;
  model: string;
  /** Per call, capped by what is left of the tick (OPENAI_TIMEOUT_MS, default 20,000). */
  timeoutMs: number;
  /** SDK retries of connection errors and 5xx (OPENAI_MAX_RETRIES, default 1). 429s wait at the shared gate. */
  maxRetries: number;
  /** Longer text keeps its head and tail (OPENAI_MAX_INPUT_CHARS, default 24,000). */
  maxInputChars: number;
  /**
   * Where calls reserve their turn at the provider's rate limits: the ledger's (LedgerSchedule: every process
   * sharing the database paces together), or this process's own (default).
   */
  schedule?: RateSchedule;
  /** Injected in tests. */
  now?: () => number;
}

const RESPONSE_FORMAT = zodResponseFormat(answerSchema, "resume_extraction");
/** Not JSON / wrong shape: one more try. `finish_reason: "length"`: one more try with half the input. */
const MAX_BAD_OUTPUTS = 2;
const MAX_LENGTH_RETRIES = 1;
/** A 429 despite pacing (someone else uses the key): take a new turn, at most this many times per file. */
const MAX_RATE_LIMIT_WAITS = 3;

export class OpenAIParser implements ResumeParser {
  readonly name = "openai";
  readonly version = PROMPT_VERSION;
  readonly model: string;
  readonly #client: OpenAI;
  readonly #options: OpenAIParserOptions;
  readonly #now: () => number;
  /** Every request this instance makes takes its turn here (limits per provider host and model). */
  readonly pace: Pacer;

  constructor(options: OpenAIParserOptions) {
    this.#options = options;
    this.model = options.model;
    this.#now = options.now ?? Date.now;
    this.pace = new Pacer(
      limitKey(options.baseURL, options.model),
      options.schedule ?? new MemorySchedule(this.#now),
      this.#now,
    );
    this.#client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL ?? null,
      maxRetries: options.maxRetries,
      timeout: options.timeoutMs,
      fetch: noRetryOnRateLimit(),
    });
  }

  async parse(text: string, { signal, deadlineAt, turn }: ParseOptions): Promise<ParseResult> {
    const capped = capInput(text, this.#options.maxInputChars);
    let input = capped.text;
    let truncated = capped.truncated;
    const usage: TokenUsage = { prompt_tokens: 0, completion_tokens: 0 };
    let badOutputs = 0;
    let lengthRetries = 0;
    let rateLimitWaits = 0;

    for (;;) {
      signal.throwIfAborted();
      const permit = await this.pace.acquire(promptChars(input), { signal, deadlineAt, turn });
      let atDeadline = false;
      try {
        const timeout = this.#timeout(deadlineAt);
        atDeadline = timeout.atDeadline;
        const candidate = await this.#call(input, { signal, timeoutMs: timeout.timeoutMs, usage, permit });
        if (candidate !== null) return { candidate, usage, truncated };
        badOutputs += 1;
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (isBadOutput(error)) badOutputs += 1;
        else if (isLengthError(error)) {
          if (lengthRetries >= MAX_LENGTH_RETRIES) {
            throw new FileError(
              "parser_output_too_long",
              "The model's answer hit its output limit, even with the resume shortened",
              { cause: error },
            );
          }
          lengthRetries += 1;
          input = capInput(input, Math.floor(input.length / 2)).text;
          truncated = true;
          continue;
        } else {
          const fileError = toParserError(error, atDeadline);
          await this.#settleFailure(permit, error, fileError.code === "parser_rate_limited");
          // The schedule now holds the 429's cooldown: the next turn comes after it, if it fits the budget.
          if (fileError.code === "parser_rate_limited" && rateLimitWaits < MAX_RATE_LIMIT_WAITS) {
            rateLimitWaits += 1;
            continue;
          }
          throw fileError;
        }
      } finally {
        permit.done();
      }
      if (badOutputs >= MAX_BAD_OUTPUTS) {
        throw new FileError(
          "invalid_candidate",
          `The model's answer was not a valid candidate (${MAX_BAD_OUTPUTS} tries)`,
        );
      }
    }
  }

  /**
   * One request. Returns null for an answer that parsed but has the wrong shape; rejects with `not_a_resume` when
   * the model says the document is not a resume (no retry: asking again would get the same answer).
   */
  async #call(
    input: string,
    call: { signal: AbortSignal; timeoutMs: number; usage: TokenUsage; permit: Permit },
  ): Promise<Candidate | null> {
    const { signal, timeoutMs, usage, permit } = call;
    const { data: completion, response } = await this.#client.chat.completions
      .parse(
        { model: this.model, messages: buildMessages(input), response_format: RESPONSE_FORMAT },
        { signal, timeout: timeoutMs, maxRetries: this.#options.maxRetries },
      )
      .withResponse();
    const completionTokens = completion.usage?.completion_tokens ?? null;
    await this.pace.settle(
      permit,
      answerLimits(response.headers, { status: response.status, completionTokens }),
    );
    usage.prompt_tokens += completion.usage?.prompt_tokens ?? 0;
    usage.completion_tokens += completionTokens ?? 0;
    const message = completion.choices[0]?.message;
    if (message?.refusal) {
      throw new FileError("parser_refused", "The model refused to extract this resume");
    }
    const parsed = answerSchema.safeParse(message?.parsed);
    return parsed.success ? candidateOf(parsed.data) : null;
  }

  /**
   * Reports a failed call that got an HTTP answer to the pacer (a 429's headers and wait). A call that never got
   * one reports nothing; its permit is finished all the same (the loop's finally). Only a rate limit sets a
   * cooldown: waiting does not help a quota.
   */
  async #settleFailure(permit: Permit, error: unknown, rateLimited: boolean): Promise<void> {
    if (!(error instanceof APIError) || error.status === undefined) return;
    // A quota 429 is reported like any refusal, without its wait: no cooldown, not counted as rate limited.
    const status = rateLimited ? 429 : 0;
    const limits = answerLimits(error.headers, { status, completionTokens: null, now: this.#now });
    await this.pace.settle(permit, limits);
  }

  /** min(OPENAI_TIMEOUT_MS, time left in the tick); `atDeadline` when the tick's end is the tighter bound. */
  #timeout(deadlineAt: number | undefined): { timeoutMs: number; atDeadline: boolean } {
    const configured = this.#options.timeoutMs;
    if (deadlineAt === undefined) return { timeoutMs: configured, atDeadline: false };
    const left = deadlineAt - this.#now();
    if (left <= 0) throw new FileError("deadline", "No time left in this tick for a parser call");
    return left < configured
      ? { timeoutMs: left, atDeadline: true }
      : { timeoutMs: configured, atDeadline: false };
  }
}

/** Limits are per organisation and model: pace per provider host and model ("api.openai.com/gpt-4o-mini"). */
function limitKey(baseURL: string | undefined, model: string): string {
  const host = baseURL ? new URL(baseURL).host : "api.openai.com";
  return `${host}/${model}`;
}

/** Characters the provider counts towards the request's tokens: the messages' text. */
function promptChars(input: string): number {
  return buildMessages(input).reduce(
    (sum, m) => sum + (typeof m.content === "string" ? m.content.length : 0),
    0,
  );
}
