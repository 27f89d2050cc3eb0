import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  AuthenticationError,
  ContentFilterFinishReasonError,
  LengthFinishReasonError,
  PermissionDeniedError,
  RateLimitError,
} from "openai/error";
import { FileError } from "../../errors.ts";

/**
 * SDK errors -> FileError codes. Messages are written here, never copied from a 401 body (OpenAI echoes part of the
 * key there), so they are safe to store on the file and the run and to log.
 */
export function toParserError(error: unknown, timedOutAtDeadline: boolean): FileError {
  if (error instanceof FileError) return error;
  if (error instanceof APIConnectionTimeoutError) {
    if (timedOutAtDeadline) {
      return new FileError("deadline", "The parser did not answer before the tick's deadline", {
        cause: error,
      });
    }
    return new FileError("parser_timeout", "The parser did not answer within OPENAI_TIMEOUT_MS", {
      cause: error,
    });
  }
  if (error instanceof APIConnectionError) {
    return new FileError("parser_error", "Could not reach the parser server (connection error)", {
      cause: error,
    });
  }
  if (error instanceof RateLimitError) {
    if (isQuotaError(error)) {
      return new FileError(
        "parser_quota",
        "OpenAI quota exhausted (429 insufficient_quota): add credit or raise the limit, then retry",
        { cause: error },
      );
    }
    return new FileError("parser_rate_limited", "Rate limited by the parser (429)", { cause: error });
  }
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return new FileError(
      "parser_auth",
      `The parser rejected the API key (${error.status}): check OPENAI_API_KEY (and OPENAI_BASE_URL)`,
      { cause: error },
    );
  }
  if (error instanceof ContentFilterFinishReasonError) {
    return new FileError("parser_refused", "The model's content filter stopped the answer", { cause: error });
  }
  if (error instanceof APIError) {
    return new FileError("parser_error", `The parser answered HTTP ${error.status ?? "error"}`, {
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new FileError("parser_error", `Unexpected parser error: ${message.slice(0, 200)}`, { cause: error });
}

export function isQuotaError(error: RateLimitError): boolean {
  return error.code === "insufficient_quota" || error.type === "insufficient_quota";
}

/** Content that is not JSON (SyntaxError) or JSON of the wrong shape (ZodError) — worth exactly one more try. */
export function isBadOutput(error: unknown): boolean {
  return error instanceof SyntaxError || (error instanceof Error && error.name === "ZodError");
}

export function isLengthError(error: unknown): boolean {
  return error instanceof LengthFinishReasonError;
}
