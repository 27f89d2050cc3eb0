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
 * key there); other answers' own text is kept through providerText (masked, cut), so they are safe to store on the
 * file and the run and to log.
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
    const down = unreachableCause(error);
    if (down) {
      return new FileError(
        "parser_unreachable",
        `Could not reach the parser (${providerText(down)}): check OPENAI_BASE_URL`,
        { cause: error },
      );
    }
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
    const answered = `HTTP ${error.status ?? "error"}: ${providerText(apiMessage(error))}`;
    if (isRejectedRequest(error)) {
      return new FileError(
        "parser_rejected",
        `The parser rejected the request (${answered}): check OPENAI_MODEL and OPENAI_BASE_URL`,
        { cause: error },
      );
    }
    return new FileError("parser_error", `The parser answered ${answered}`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new FileError("parser_error", `Unexpected parser error: ${message.slice(0, 200)}`, { cause: error });
}

/**
 * Error codes of a connection that never started: nobody listens there, or the host name does not resolve. The SDK
 * has already retried OPENAI_MAX_RETRIES times, so this is the server being down or misnamed, not one dropped
 * request (a reset mid-answer stays a retryable parser_error).
 */
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** The system error ("connect ECONNREFUSED 127.0.0.1:8080") under fetch's "fetch failed", when it is one of those. */
function unreachableCause(error: Error): string | null {
  let cause: unknown = error.cause;
  for (let depth = 0; depth < 5 && cause instanceof Error; depth += 1) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code && UNREACHABLE_CODES.has(code))
      return cause.message.includes(code) ? cause.message : `${code}: ${cause.message}`;
    cause = cause instanceof AggregateError ? cause.errors[0] : cause.cause;
  }
  return null;
}

/** Answers that are about the input, not the request: one file's problem, never a reason to stop the tick. */
const INPUT_PROBLEM = /context.length|maximum context|too many tokens|too long/i;

/**
 * A 404 (no such model, or OPENAI_BASE_URL without /v1) or a 400 about the request itself (model_not_found, a
 * response_format the model does not support) would meet every file the same way. A 400 about the input (context
 * length, a message too long) is that file's problem and stays per file.
 */
function isRejectedRequest(error: APIError): boolean {
  if (error.status === 404) return true;
  if (error.status !== 400) return false;
  const code = typeof error.code === "string" ? error.code : "";
  const param = typeof error.param === "string" ? error.param : "";
  return !(
    code === "context_length_exceeded" ||
    code === "string_above_max_length" ||
    param.startsWith("messages") ||
    INPUT_PROBLEM.test(apiMessage(error))
  );
}

/** The provider's own message, without the "404 " the SDK puts in front. */
function apiMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  if (typeof body?.message === "string") return body.message;
  return error.message.replace(/^\d{3}\s+/, "");
}

/** Provider text is stored on the run and logged: one line, keys and bearer tokens masked, 200 characters at most. */
const MAX_PROVIDER_CHARS = 200;
function providerText(text: string): string {
  const clean = text
    .replace(/\s+/g, " ")
    .replace(/\b(sk|rk|pk)-[\w*.-]+/g, "$1-…")
    .replace(/\bBearer\s+\S+/gi, "Bearer …")
    .trim();
  return clean.length > MAX_PROVIDER_CHARS ? `${clean.slice(0, MAX_PROVIDER_CHARS)}…` : clean;
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
