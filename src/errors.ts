/**
 * Stable error codes. Each file that does not end `done` carries one of these in `resume_files.last_error_code`,
 * with a human message beside it. Scripts and dashboards match on the code, so codes are never renamed.
 *
 * `outcome` says where a file goes when the error is raised:
 * - skip:  not something we parse (status `skipped`, no retry): the wrong kind of file, or not a resume
 * - fail:  permanent problem with the file (status `failed`, no retry)
 * - retry: transient problem (status `pending` again with backoff, until attempts run out)
 * - release: not the file's fault and no attempt should be spent (the tick's deadline, a rate-limit wait that does
 *   not fit the budget); the tick stops claiming, since the next file would meet the same wall
 * - unavailable: the parser cannot work at all (quota exhausted, key rejected, server unreachable, request refused
 *   for the model): the file is released with no attempt spent, the tick stops claiming and records the reason on
 *   the run
 * - remove: the object is gone from the bucket (deleted between listing and download): the file becomes `removed`,
 *   exactly as the next full listing would decide
 */
export const ERROR_CODES = {
  too_large: "skip",
  unsupported_type: "skip",
  /**
   * The document is readable but is not a resume (a cover letter, a job posting, placeholder text, instructions
   * to a model): nothing is wrong with the file or the system, and parsing it again would decide the same.
   */
  not_a_resume: "skip",
  empty_file: "fail",
  corrupt_file: "fail",
  encrypted_file: "fail",
  image_only_pdf: "fail",
  no_text: "fail",
  invalid_candidate: "fail",
  /** The model declined to answer (a refusal or a content filter). */
  parser_refused: "fail",
  /** The model's answer hit the output limit even with the input shortened once. */
  parser_output_too_long: "fail",
  /** 5xx, a dropped connection, an unexpected parser crash. */
  parser_error: "retry",
  /** The parser call ran past OPENAI_TIMEOUT_MS (not the tick's deadline: that releases the file). */
  parser_timeout: "retry",
  /** An extractor crashed on something that is not the file's fault (a library bug, a missing worker). */
  extract_error: "retry",
  download_failed: "retry",
  /** The object was deleted after it was listed. */
  object_missing: "remove",
  lease_expired: "retry",
  deadline: "release",
  /** 429: the rate-limit window (retry-after) does not fit in what is left of the budget. */
  parser_rate_limited: "release",
  /** 429 insufficient_quota: the account has no credit left. */
  parser_quota: "unavailable",
  /** 401/403: the API key was rejected. */
  parser_auth: "unavailable",
  /** Connection refused or the host name not found, after the SDK's own retries (OPENAI_BASE_URL). */
  parser_unreachable: "unavailable",
  /** The parser refused the request itself, not the file: HTTP 404, or a 400 such as model_not_found. */
  parser_rejected: "unavailable",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export type ErrorOutcome = (typeof ERROR_CODES)[ErrorCode];

/** An error about one file, carrying a stable code and a message a recruiter or operator can act on. */
export class FileError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "FileError";
    this.code = code;
  }

  get outcome(): ErrorOutcome {
    return ERROR_CODES[this.code];
  }
}

export function isFileError(error: unknown): error is FileError {
  return error instanceof FileError;
}

/**
 * The bucket itself cannot be used — it does not exist, or the key may not read it. A configuration problem, not a
 * file's: the tick stops (CLI exit 2, HTTP 503) instead of reporting an empty bucket, which would mark every known
 * file removed. The message names the variable to fix.
 */
export class BucketConfigError extends Error {
  readonly code: "bucket_not_found" | "bucket_access_denied";

  constructor(code: BucketConfigError["code"], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BucketConfigError";
    this.code = code;
  }
}
