import type { z } from "zod";
import { HttpError } from "./respond.ts";

/** Largest request body, bytes. 100 paths of 1,024 characters fit with room; anything bigger is not ours. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Issues listed in one 400 message (a body with 100 bad paths gets the first few, not a wall of text). */
const MAX_ISSUES = 5;

/**
 * The request's JSON body, or undefined when it is empty (every POST here may be sent without one unless its
 * schema says otherwise). 413 over MAX_BODY_BYTES (declared or streamed), 415 for a non-JSON type, 400 for bad JSON.
 */
export async function readJsonBody(req: Request): Promise<unknown> {
  const bytes = await readBodyBytes(req);
  if (bytes.length === 0) return undefined;
  if (!isJsonType(req.headers.get("content-type"))) {
    throw new HttpError(
      415,
      "unsupported_media_type",
      "Send the body as JSON (Content-Type: application/json)",
    );
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, "bad_request", "body: not valid UTF-8");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "bad_request", "body: not valid JSON");
  }
}

/** Validates with zod; a failure is a 400 naming each field ("paths[3]: …", "foo: unknown field"). */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const messages = result.error.issues.flatMap(describeIssue);
  const shown = messages.slice(0, MAX_ISSUES);
  if (messages.length > shown.length) shown.push(`…and ${messages.length - shown.length} more`);
  throw new HttpError(400, "bad_request", shown.join("; "));
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  const where = fieldName(issue.path);
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => `${where ? `${where}.` : ""}${key}: unknown field`);
  }
  return [`${where || "body"}: ${issue.message}`];
}

function fieldName(path: readonly PropertyKey[]): string {
  let name = "";
  for (const segment of path) {
    if (typeof segment === "number") name += `[${segment}]`;
    else name += name ? `.${String(segment)}` : String(segment);
  }
  return name;
}

/** The raw body, refused (413) past MAX_BODY_BYTES whether Content-Length says so or the stream runs long. */
export async function readBodyBytes(req: Request): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw tooLarge();
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    total += chunk.value.byteLength;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks);
}

function isJsonType(contentType: string | null): boolean {
  const mediaType = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  return mediaType === "application/json" || /^application\/[\w.+-]+\+json$/.test(mediaType);
}

function tooLarge(): HttpError {
  return new HttpError(413, "payload_too_large", `The body may be at most ${MAX_BODY_BYTES} bytes`);
}
