import { BucketConfigError, FileError } from "../../errors.ts";

/**
 * Every Storage error -> this project's errors, in one place. supabase/storage answers errors with HTTP 400 (500
 * for internal errors) and the real status as a string in the body: `{statusCode: "404", code: "NoSuchKey",
 * error, message}`. storage-js (2.112+) turns that into a StorageApiError with `status` (HTTP, a number),
 * `statusCode` (the body's, a string; the HTTP status when the body has none) and `code` (undefined on servers
 * older than error codes). A network failure is a StorageUnknownError wrapping the fetch error. Shapes are read
 * structurally, so a second copy of storage-js in the tree cannot defeat an `instanceof`.
 */

interface StorageFailure {
  /** "network": storage-js's StorageUnknownError (fetch failed); "other": not a Storage error at all. */
  kind: "api" | "network" | "other";
  /** HTTP status; undefined for network errors. */
  status: number | undefined;
  /** The body's statusCode as a string ("404"), or undefined. */
  statusCode: string | undefined;
  code: string | undefined;
  message: string;
}

export function describeStorageError(error: unknown): StorageFailure {
  const shape = (typeof error === "object" && error !== null ? error : {}) as Record<string, unknown>;
  const isApiError = typeof shape.status === "number";
  const message = error instanceof Error ? error.message : String(error);
  const isNetworkError = !isApiError && shape.name === "StorageUnknownError";
  return {
    kind: isApiError ? "api" : isNetworkError ? "network" : "other",
    status: isApiError ? (shape.status as number) : undefined,
    statusCode: isApiError && shape.statusCode !== undefined ? String(shape.statusCode) : undefined,
    code: typeof shape.code === "string" && isApiError ? shape.code : undefined,
    message: isApiError ? message : networkMessage(shape, message),
  };
}

/** "fetch failed (ECONNREFUSED)": the fetch error's own message says nothing about why. */
function networkMessage(shape: Record<string, unknown>, message: string): string {
  const original = shape.originalError as { cause?: { code?: unknown } } | undefined;
  const code = original?.cause?.code;
  return typeof code === "string" ? `${message} (${code})` : message;
}

/**
 * list-v2 is missing or switched off: `FeatureNotEnabled`/`NotSupported`, the 400 "not available for your tenant"
 * that hosted projects not yet migrated answer, or, on a listing's first call only, an HTTP 404 with no Storage
 * code (a server older than list-v2 has no such route). A saved list-v2 cursor proves the route exists, so a bare
 * 404 while continuing one is a passing fault (a proxy), not a reason to restart the listing as a walk.
 */
export function isListV2Unsupported(error: unknown, firstCall: boolean): boolean {
  const failure = describeStorageError(error);
  if (failure.code === "FeatureNotEnabled" || failure.code === "NotSupported") return true;
  if (failure.status === 400 && /not available for your tenant/i.test(failure.message)) return true;
  return firstCall && failure.status === 404 && failure.code === undefined;
}

function isBucketMissing(failure: StorageFailure): boolean {
  if (failure.code === "NoSuchBucket") return true;
  return failure.code === undefined && /bucket not found/i.test(failure.message);
}

function isAccessDenied(failure: StorageFailure): boolean {
  if (failure.code === "AccessDenied" || failure.code === "InvalidJWT") return true;
  if (failure.status === 401 || failure.status === 403) return true;
  if (failure.statusCode === "401" || failure.statusCode === "403") return true;
  // Storage's answer to a request without a key at all.
  return failure.code === "InvalidRequest" && /authorization/i.test(failure.message);
}

function isObjectMissing(failure: StorageFailure): boolean {
  if (failure.code === "NoSuchKey") return true;
  // Servers older than error codes: `{statusCode: "404", error: "not_found", message: "Object not found"}`.
  return failure.code === undefined && failure.status === 400 && failure.statusCode === "404";
}

function summary(failure: StorageFailure): string {
  if (failure.status === undefined) return failure.message.slice(0, 200);
  // "HTTP 400 status 404 NoSuchKey": Storage's HTTP status is 400 for most errors; the body's says what happened.
  const parts = [`HTTP ${failure.status}`];
  if (failure.statusCode && failure.statusCode !== String(failure.status))
    parts.push(`status ${failure.statusCode}`);
  if (failure.code) parts.push(failure.code);
  return `${parts.join(" ")}: ${failure.message.slice(0, 200)}`;
}

function bucketMissing(bucket: string, failure: StorageFailure, error: unknown): BucketConfigError {
  return new BucketConfigError(
    "bucket_not_found",
    `Supabase Storage bucket "${bucket}" does not exist (or the key cannot see it): check RESUME_BUCKET, ` +
      `SUPABASE_URL and SUPABASE_SECRET_KEY (${summary(failure)})`,
    { cause: error },
  );
}

function accessDenied(bucket: string, failure: StorageFailure, error: unknown): BucketConfigError {
  return new BucketConfigError(
    "bucket_access_denied",
    `Supabase Storage refused the key for bucket "${bucket}": set SUPABASE_SECRET_KEY (or the legacy ` +
      `SUPABASE_SERVICE_ROLE_KEY) to the project's secret key (${summary(failure)})`,
    { cause: error },
  );
}

function unreachable(failure: StorageFailure): string {
  if (failure.kind === "network") return "could not reach Supabase Storage";
  return failure.kind === "api" ? "Supabase Storage answered" : "unexpected answer";
}

/**
 * A listing (or bucket check) failed: the bucket is missing or the key refused -> BucketConfigError (the tick
 * stops: an empty listing would mark every known file removed); anything else (5xx, 429, network) -> a plain
 * Error, which the tick records before going on with files already known.
 */
export function toListingError(error: unknown, bucket: string): Error {
  const failure = describeStorageError(error);
  if (isBucketMissing(failure)) return bucketMissing(bucket, failure, error);
  if (isAccessDenied(failure)) return accessDenied(bucket, failure, error);
  return new Error(`Listing bucket "${bucket}" failed, ${unreachable(failure)} (${summary(failure)})`, {
    cause: error,
  });
}

/**
 * A download failed: the object is gone -> FileError `object_missing` (the file becomes removed); the bucket is
 * missing or the key refused -> BucketConfigError; anything else -> FileError `download_failed` (retried).
 * Storage's plain download route treats an invalid key as anonymous, so a wrong key shows up here as a missing
 * bucket: that message names the key too.
 */
export function toDownloadError(error: unknown, bucket: string, path: string): Error {
  const failure = describeStorageError(error);
  if (isBucketMissing(failure)) return bucketMissing(bucket, failure, error);
  if (isAccessDenied(failure)) return accessDenied(bucket, failure, error);
  if (isObjectMissing(failure)) {
    return new FileError("object_missing", `${path} is no longer in bucket "${bucket}"`, { cause: error });
  }
  return new FileError(
    "download_failed",
    `Could not download ${path}, ${unreachable(failure)} (${summary(failure)})`,
    { cause: error },
  );
}
