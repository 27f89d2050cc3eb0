import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { HttpError } from "./respond.ts";

type Env = Record<string, string | undefined>;

/** WATCHER_SECRET shorter than this is refused: 32 random characters are far beyond guessing over HTTP. */
export const MIN_SECRET_CHARS = 32;

/** Per-process key: both tokens are HMAC'ed with it, so the comparison sees equal-length digests only. */
const compareKey = randomBytes(32);

export function isUsableSecret(secret: string | null | undefined): secret is string {
  return typeof secret === "string" && secret.length >= MIN_SECRET_CHARS;
}

/** The bearer secret; fails closed (503 not_configured) when WATCHER_SECRET is unset or too short. */
export function requireSecret(env: Env): string {
  const secret = env.WATCHER_SECRET;
  if (isUsableSecret(secret)) return secret;
  throw new HttpError(
    503,
    "not_configured",
    `WATCHER_SECRET is ${secret ? `shorter than ${MIN_SECRET_CHARS} characters` : "unset"}: set it to ` +
      `${MIN_SECRET_CHARS} characters or more (e.g. openssl rand -hex 32); every request is refused until then`,
  );
}

/** 401 unless the request carries `Authorization: Bearer <secret>` (scheme case-insensitive, RFC 7235). */
export function requireBearer(req: Request, secret: string): void {
  const match = /^bearer +(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  if (match?.[1] && sameSecret(match[1], secret)) return;
  throw new HttpError(401, "unauthorized", "Missing or wrong bearer token (Authorization: Bearer …)", {
    "www-authenticate": 'Bearer realm="resume-watcher"',
  });
}

/** Constant-time: neither the length nor the first differing byte of the secret shows in the timing. */
function sameSecret(given: string, secret: string): boolean {
  const digest = (value: string) => createHmac("sha256", compareKey).update(value, "utf8").digest();
  return timingSafeEqual(digest(given), digest(secret));
}
