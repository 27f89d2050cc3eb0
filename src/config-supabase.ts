/**
 * SUPABASE_URL + the server-side key, checked before anything is opened. Only a secret key can run the watcher:
 * the ledger functions are granted to service_role alone and Storage needs it to read a private bucket. A
 * publishable / anon key would fail later with a confusing 401 or an "empty" bucket, so it is refused here.
 */
export interface SupabaseConnection {
  url: string;
  /** `sb_secret_…` or a legacy service_role JWT. Never logged. */
  key: string;
  /** Which variable held the key, for messages. */
  keyVariable: "SUPABASE_SECRET_KEY" | "SUPABASE_SERVICE_ROLE_KEY";
}

interface SupabaseEnv {
  SUPABASE_URL?: string | undefined;
  SUPABASE_SECRET_KEY?: string | undefined;
  SUPABASE_SERVICE_ROLE_KEY?: string | undefined;
}

/** Null when SUPABASE_URL is unset (local mode); else the connection, or the problems (one per bad variable). */
export function supabaseConnection(env: SupabaseEnv): SupabaseConnection | { problems: string[] } | null {
  const url = env.SUPABASE_URL;
  if (!url) return null;
  const problems: string[] = [];
  if (!isHttpUrl(url))
    problems.push("SUPABASE_URL: must be the project URL, e.g. https://abcd1234.supabase.co");
  const keyVariable = env.SUPABASE_SECRET_KEY ? "SUPABASE_SECRET_KEY" : "SUPABASE_SERVICE_ROLE_KEY";
  const key = env[keyVariable];
  if (!key) {
    problems.push(
      "SUPABASE_SECRET_KEY: SUPABASE_URL is set, so the project's secret key is needed (Project Settings → API " +
        "Keys → Secret keys, sb_secret_…; or the legacy service_role key in SUPABASE_SERVICE_ROLE_KEY)",
    );
  } else {
    const keyProblem = secretKeyProblem(key);
    if (keyProblem) problems.push(`${keyVariable}: ${keyProblem}`);
  }
  if (problems.length > 0 || !key) return { problems };
  return { url: url.replace(/\/+$/, ""), key, keyVariable };
}

/** Why a key cannot be the server-side key, or null when it can. */
export function secretKeyProblem(key: string): string | null {
  if (key.startsWith("sb_publishable_")) {
    return "this is the publishable key, meant for browsers; use a secret key (sb_secret_…)";
  }
  if (key.startsWith("sb_secret_")) return null;
  const role = jwtRole(key);
  if (role === "service_role") return null;
  if (role !== null) {
    return `this is the legacy ${role} key (a JWT with role "${role}"); use the secret key (sb_secret_…) or the legacy service_role key`;
  }
  return "not a Supabase secret key: expected sb_secret_… or the legacy service_role JWT";
}

/** The `role` claim of a JWT, without verifying it (the server does that); null when `key` is not a JWT. */
function jwtRole(key: string): string | null {
  const parts = key.split(".");
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as { role?: unknown };
    return typeof claims.role === "string" ? claims.role : null;
  } catch {
    return null;
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === "https:" || protocol === "http:";
  } catch {
    return false;
  }
}
