import { createHash } from "node:crypto";
import type { Bucket } from "./bucket/port.ts";
import { raceAbort } from "./deadline.ts";
import { type ErrorCode, FileError } from "./errors.ts";
import { extractText, warmUpExtractors } from "./extract/index.ts";
import type { ClaimedFile, FencedResult, Ledger } from "./ledger/port.ts";
import { candidateSchema, isEmptyCandidate } from "./parse/candidate.ts";
import type { CallTurn, ParseOptions, ResumeParser, TokenUsage } from "./parse/port.ts";

/** How one claimed file ended. `retrying` = failed this attempt, pending again after backoff. `lost` = our lease was taken over (it expired), so our result was fenced out. */
export type FileOutcome = "done" | "skipped" | "failed" | "retrying" | "released" | "removed" | "lost";

export interface FileReport {
  outcome: FileOutcome;
  code: ErrorCode | null;
  /** True when an identical file's result was reused instead of parsing. */
  reused: boolean;
  ms: number;
  /** Set when the parser is unavailable (outcome `unavailable`): the reason, safe to record and log. */
  unavailable?: string;
  /** Tokens the parser spent on this file (set when it was parsed and stored). */
  usage?: TokenUsage | null;
}

export interface PipelineDeps {
  ledger: Ledger;
  bucket: Bucket;
  parser: ResumeParser;
  maxFileBytes: number;
  maxAttempts: number;
  /** The paced parser's turn the tick booked for this file (handed to the parser's call). */
  turn?: CallTurn | undefined;
}

type Stage = "download" | "extract" | "parse";

/**
 * Stage-specific code for errors that carry none (a bug in a library, a dropped socket). All retryable: extractors
 * already turn every problem with the file itself into a FileError, so what is left is not the file's fault.
 */
const UNEXPECTED_ERROR_CODE: Record<Stage, ErrorCode> = {
  download: "download_failed",
  extract: "extract_error",
  parse: "parser_error",
};

/**
 * One file: download -> hash (reuse an identical file's result) -> extract -> parse -> validate -> store.
 * Every ending goes through a ledger call fenced by the lease token. Ledger errors propagate: without the
 * database nothing can be recorded, and the lease expiring is the recovery.
 */
export async function processFile(
  file: ClaimedFile,
  deps: PipelineDeps,
  signal: AbortSignal,
  deadlineAt?: number,
): Promise<FileReport> {
  const started = performance.now();
  const finish = (result: FencedResult, outcome: FileOutcome, code: ErrorCode | null, reused = false) => ({
    outcome: result.ok ? outcome : "lost",
    code,
    reused,
    ms: Math.round(performance.now() - started),
  });
  const fence = { id: file.id, leaseToken: file.leaseToken };

  if (file.size > deps.maxFileBytes) {
    const message = `File is ${file.size} bytes; the limit is ${deps.maxFileBytes} bytes (WATCHER_MAX_FILE_BYTES)`;
    return finish(
      await deps.ledger.skipFile({ ...fence, code: "too_large", message }),
      "skipped",
      "too_large",
    );
  }

  let stage: Stage = "download";
  try {
    const bytes = await raceAbort(
      deps.bucket.download(file.path, { maxBytes: deps.maxFileBytes, signal }),
      signal,
    );
    const contentHash = createHash("sha256").update(bytes).digest("hex");
    const identity = { name: deps.parser.name, version: deps.parser.version, model: deps.parser.model };
    const reuse = await deps.ledger.reuseParsedResult({ ...fence, contentHash, parser: identity });
    if (reuse.ok) return finish(reuse, "done", null, true);
    if (reuse.status !== "processing") return finish(reuse, "lost", null);

    stage = "extract";
    const extracted = await raceAbort(extractText(bytes), signal);

    stage = "parse";
    const parseOptions: ParseOptions = { signal };
    if (deadlineAt !== undefined) parseOptions.deadlineAt = deadlineAt;
    if (deps.turn) parseOptions.turn = deps.turn;
    const result = await raceAbort(deps.parser.parse(extracted.text, parseOptions), signal);
    const candidate = candidateSchema.safeParse(result.candidate);
    if (!candidate.success) {
      throw new FileError(
        "invalid_candidate",
        `Parser output does not match the candidate schema: ${candidate.error.issues[0]?.message}`,
      );
    }
    // Whatever the parser: a record with nothing in it is never stored as a candidate.
    if (isEmptyCandidate(candidate.data)) {
      throw new FileError("not_a_resume", "Not a resume: the parser found no candidate data in it");
    }
    const stored = await deps.ledger.completeFile({
      ...fence,
      contentHash,
      candidate: candidate.data,
      parser: result.parser ?? identity,
      usage: result.usage,
      textChars: extracted.chars,
      truncated: extracted.truncated || result.truncated === true,
    });
    return { ...finish(stored, "done", null), usage: result.usage };
  } catch (error) {
    if (signal.aborted) return finish(await deps.ledger.releaseFile(fence), "released", "deadline");
    const fileError = toFileError(error, stage);
    const report = finish(...(await recordFailure(file, fileError, deps)));
    return fileError.outcome === "unavailable" ? { ...report, unavailable: fileError.message } : report;
  }
}

let warmUp: Promise<void> | null = null;

/**
 * Loads the extractors' lazy parts (pdf.js's worker: 0.9–1.7 s cold, ~60 ms per PDF once loaded) so the first PDF
 * does not pay for it inside the budget. Call as early as possible (before opening the ledger) and again at the
 * tick's start; only the first call does any work. Never rejects.
 */
export function warmUpPipeline(): Promise<void> {
  warmUp ??= warmUpExtractors();
  return warmUp;
}

function toFileError(error: unknown, stage: Stage): FileError {
  if (error instanceof FileError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new FileError(UNEXPECTED_ERROR_CODE[stage], `Unexpected ${stage} error: ${message}`, {
    cause: error,
  });
}

async function recordFailure(
  file: ClaimedFile,
  error: FileError,
  deps: PipelineDeps,
): Promise<[FencedResult, FileOutcome, ErrorCode]> {
  const fence = { id: file.id, leaseToken: file.leaseToken };
  const { code, message } = error;
  switch (error.outcome) {
    case "skip":
      return [await deps.ledger.skipFile({ ...fence, code, message }), "skipped", code];
    case "remove":
      return [await deps.ledger.removeFile({ ...fence, code, message }), "removed", code];
    case "release":
    case "unavailable":
      return [await deps.ledger.releaseFile(fence), "released", code];
    case "fail":
    case "retry": {
      const retryable = error.outcome === "retry";
      const result = await deps.ledger.failFile({
        ...fence,
        code,
        message,
        retryable,
        maxAttempts: deps.maxAttempts,
      });
      return [result, result.status === "pending" ? "retrying" : "failed", code];
    }
  }
}
