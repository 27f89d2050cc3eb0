import { ConfigError } from "../config.ts";
import { BucketConfigError } from "../errors.ts";
import { LedgerRpcError } from "../ledger/rpc-errors.ts";
import type { Logger } from "../log.ts";
import { HttpError } from "./respond.ts";

type Env = Record<string, string | undefined>;

/** Variables whose values must never reach a response or a log line, even inside a driver's error message. */
const SECRET_VARIABLES = [
  "WATCHER_SECRET",
  "SUPABASE_SECRET_KEY",
  "SUPABASE_SERVICE_ROLE_KEY",
  "OPENAI_API_KEY",
  "DATABASE_URL",
] as const;

/** Longest reason quoted in a response: an error message, never a dump. */
const MAX_REASON_CHARS = 300;

/** Network and driver codes (Node, postgres.js) and SQLSTATE classes that mean "the database is not there now". */
const OUTAGE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
]);
const OUTAGE_SQLSTATE = /^(08|53|57P0)/;

/** ConfigError -> 503 not_configured naming the variables (their problems never quote values, nor does this). */
export function notConfigured(error: ConfigError): HttpError {
  const names = [...new Set(error.problems.map((problem) => problem.split(":")[0]?.trim() ?? "env"))];
  return new HttpError(
    503,
    "not_configured",
    `Invalid configuration: ${names.join(", ")}. Fix these variables (netlify env:set) and redeploy; the ` +
      "README's configuration table says what each one takes",
  );
}

/** Any failure -> the response it deserves: configuration and outages 503 with a reason, the rest 500 (logged). */
export function toHttpError(error: unknown, env: Env, log: Logger): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof ConfigError) return notConfigured(error);
  if (error instanceof BucketConfigError) return new HttpError(503, error.code, redact(error.message, env));
  if (error instanceof LedgerRpcError) {
    return new HttpError(
      503,
      error.configuration ? "not_configured" : "unavailable",
      redact(error.message, env),
    );
  }
  if (isOutage(error)) return unavailable(error, env);
  log.error("request failed", { error: redact(describe(error), env) });
  return new HttpError(500, "internal", "Internal error; the function log has the details");
}

/** 503 unavailable: the database (or Storage) could not be reached or used right now; retrying later may help. */
export function unavailable(error: unknown, env: Env): HttpError {
  return new HttpError(
    503,
    "unavailable",
    `Database or bucket unavailable: ${redact(messageOf(error), env)}`,
  );
}

export function isOutage(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  if (error instanceof AggregateError) return error.errors.some(isOutage);
  const code = "code" in error && typeof error.code === "string" ? error.code : "";
  return OUTAGE_CODES.has(code) || OUTAGE_SQLSTATE.test(code) || "syscall" in error;
}

/** Removes every configured secret (and any URL password) from `text`, and keeps it short. */
export function redact(text: string, env: Env): string {
  let clean = text.replace(/(\w+:\/\/[^:/@\s]+:)[^@\s]+@/g, "$1[redacted]@");
  for (const secret of secretValues(env)) clean = clean.split(secret).join("[redacted]");
  return clean.length > MAX_REASON_CHARS ? `${clean.slice(0, MAX_REASON_CHARS)}…` : clean;
}

function secretValues(env: Env): string[] {
  const values: string[] = [];
  for (const name of SECRET_VARIABLES) {
    const value = env[name];
    if (value && value.length >= 4) values.push(value);
  }
  const password = databasePassword(env.DATABASE_URL);
  if (password) values.push(password, encodeURIComponent(password));
  // Longest first, so a URL is replaced whole before the password inside it.
  return values.sort((a, b) => b.length - a.length);
}

function databasePassword(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password.length >= 4 ? password : null;
  } catch {
    return null;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${messageOf(error)}` : String(error);
}

/** An AggregateError (a host with several addresses, all refused) has an empty message: its parts say it. */
function messageOf(error: unknown): string {
  if (error instanceof AggregateError && !error.message) return error.errors.map(messageOf).join("; ");
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
