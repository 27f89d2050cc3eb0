import path from "node:path";
import {
  describeObject,
  listFlat,
  listFolder,
  mimeTypeOf,
  readObjects,
  type StoredObject,
} from "./storage-server-store.ts";

/**
 * The answers of the test Storage server's routes, as supabase/storage renders them: errors are HTTP 400 (500 for
 * internal errors) with `{statusCode: "<real status>", code, error, message}`.
 */

/** A JSON (or text) answer, or an object's content. */
export type Reply =
  | { status: number; body: unknown }
  | { status: 200; file: StoredObject; headers: Record<string, string> };

/** The body supabase/storage renders for its errors: HTTP 400 unless the status is 500. */
export function storageError(statusCode: string, code: string, message: string, error = code): Reply {
  return { status: statusCode === "500" ? 500 : 400, body: { statusCode, code, error, message } };
}

export const ANSWERS = {
  internalError: storageError("500", "InternalError", "Internal server error", "internal"),
  noSuchBucket: storageError("404", "NoSuchBucket", "Bucket not found", "Bucket not found"),
  noSuchKey: storageError("404", "NoSuchKey", "Object not found", "not_found"),
  /** supabase/storage's jwt plugin: AccessDenied with the JWT library's message ("Invalid Compact JWS" for a non-JWT). */
  accessDenied: storageError("403", "AccessDenied", "Invalid Compact JWS", "Unauthorized"),
  missingAuthorization: storageError(
    "400",
    "InvalidRequest",
    "headers must have required property 'authorization'",
  ),
  /** What a proxy in front of Storage answers when Storage is down (not JSON). */
  badGateway: { status: 502, body: "<html><body>502 Bad Gateway</body></html>" },
} satisfies Record<string, Reply>;

/** Fastify's answer for a route it does not have (HTTP 404, numeric statusCode, no Storage code). */
export function routeNotFound(method: string, pathname: string): Reply {
  return {
    status: 404,
    body: { message: `Route ${method}:${pathname} not found`, error: "Not Found", statusCode: 404 },
  };
}

export type ListV2Mode = "enabled" | "feature-not-enabled" | "tenant-not-migrated" | "missing-route";

export interface BucketContext {
  root: string;
  bucket: string;
  exists: boolean;
}

export function getBucketReply(context: BucketContext): Reply {
  if (!context.exists) return ANSWERS.noSuchBucket;
  const created = new Date(0).toISOString();
  const { bucket } = context;
  const info = { id: bucket, name: bucket, owner: "", public: false, file_size_limit: null };
  return {
    status: 200,
    body: { ...info, allowed_mime_types: null, created_at: created, updated_at: created },
  };
}

/** A missing bucket lists as empty (200 []), exactly as on a real server. */
function objectsOf(context: BucketContext): Promise<StoredObject[]> {
  return context.exists ? readObjects(path.join(context.root, context.bucket)) : Promise.resolve([]);
}

/** storage.search takes at most this many entries per call; the test server refuses more to catch over-asking. */
const LIST_MAX_LIMIT = 1500;

export async function listReply(context: BucketContext, body: unknown): Promise<Reply> {
  const request = (body ?? {}) as { prefix?: unknown; limit?: number; offset?: number; search?: string };
  if (typeof request.prefix !== "string") {
    return storageError("400", "InvalidRequest", "body must have required property 'prefix'");
  }
  const limit = request.limit ?? 100;
  if (limit > LIST_MAX_LIMIT)
    return storageError("400", "InvalidRequest", `limit must be <= ${LIST_MAX_LIMIT}`);
  const entries = await listFolder(await objectsOf(context), {
    prefix: request.prefix,
    limit,
    offset: request.offset ?? 0,
    ...(request.search ? { search: request.search } : {}),
  });
  return { status: 200, body: entries };
}

export async function listV2Reply(
  context: BucketContext,
  body: unknown,
  mode: ListV2Mode,
  pathname: string,
): Promise<Reply> {
  if (mode === "missing-route") return routeNotFound("POST", pathname);
  if (mode === "tenant-not-migrated") {
    return { status: 400, body: { message: "This feature is not available for your tenant" } };
  }
  if (mode === "feature-not-enabled") {
    return storageError("400", "FeatureNotEnabled", "The feature list-v2 is not enabled for this resource");
  }
  const request = (body ?? {}) as {
    prefix?: string;
    limit?: number;
    cursor?: string;
    with_delimiter?: boolean;
  };
  if (request.with_delimiter) {
    return storageError("400", "InvalidRequest", "with_delimiter is not supported by the test server");
  }
  try {
    const answer = await listFlat(await objectsOf(context), {
      prefix: request.prefix ?? "",
      limit: request.limit ?? 1000,
      ...(request.cursor ? { cursor: request.cursor } : {}),
    });
    return { status: 200, body: answer };
  } catch (error) {
    return storageError("500", "InternalError", (error as Error).message, "Error");
  }
}

/**
 * GET /object/<bucket>/<key> treats a missing or invalid JWT as anonymous (supabase/storage's `allowInvalidJwt`),
 * and an anonymous caller sees a private bucket as missing; /object/authenticated/... refuses it instead.
 */
export async function downloadReply(
  context: BucketContext,
  key: string,
  access: { authenticated: boolean; anonymousAllowed: boolean },
): Promise<Reply> {
  if (!access.authenticated && !access.anonymousAllowed) return ANSWERS.accessDenied;
  if (!access.authenticated || !context.exists) return ANSWERS.noSuchBucket;
  const object = (await objectsOf(context)).find((o) => o.key === key);
  if (!object) return ANSWERS.noSuchKey;
  const metadata = await describeObject(object);
  const headers = {
    "content-type": mimeTypeOf(object.key),
    "content-length": String(object.size),
    etag: metadata.eTag,
    "last-modified": object.mtime.toUTCString(),
    "cache-control": metadata.cacheControl,
  };
  return { status: 200, file: object, headers };
}
