/**
 * The functions' one response format: JSON bodies, never cached, and one error shape `{ error: { code, message } }`
 * whose codes scripts match on (never renamed).
 */
export type ErrorCode =
  | "unauthorized"
  | "not_configured"
  | "not_found"
  | "method_not_allowed"
  | "unsupported_media_type"
  | "bad_request"
  | "payload_too_large"
  | "unavailable"
  | "bucket_not_found"
  | "bucket_access_denied"
  | "internal";

/** An answer decided before the work is done (bad token, bad body…): thrown, then turned into its Response. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly headers: Record<string, string>;

  constructor(status: number, code: ErrorCode, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

export function errorResponse(error: HttpError): Response {
  return jsonResponse(error.status, { error: { code: error.code, message: error.message } }, error.headers);
}

/** 405 naming the methods the route takes. */
export function requireMethod(req: Request, allowed: readonly string[]): void {
  if (allowed.includes(req.method)) return;
  throw new HttpError(405, "method_not_allowed", `Use ${allowed.join(" or ")} for this endpoint`, {
    allow: allowed.join(", "),
  });
}
