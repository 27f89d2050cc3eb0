import type { HttpDeps } from "../../src/http/index.ts";
import type { LogLevel } from "../../src/log.ts";
import type { TickWorld } from "./tick-world.ts";

/** A valid bearer secret (≥ 32 characters). */
export const SECRET = "test-secret-0123456789abcdef0123456789";
export const SITE = "https://watcher.example";

type Env = Record<string, string | undefined>;

/** The environment of a deployed function over a TickWorld: its database, its folder as the bucket. */
export function worldEnv(world: TickWorld, extra: Env = {}): Env {
  return {
    WATCHER_SECRET: SECRET,
    DATABASE_URL: world.db.url,
    LOCAL_BUCKET_DIR: world.folder.dir,
    ...extra,
  };
}

interface RequestOptions {
  method?: string;
  /** Sent with Content-Type application/json (unless headers say otherwise): a string as is, anything else encoded. */
  body?: unknown;
  /** Bearer token; null sends no Authorization header. Default SECRET. */
  token?: string | null;
  headers?: Record<string, string>;
}

export function request(path: string, options: RequestOptions = {}): Request {
  const headers = new Headers(options.headers);
  const token = options.token === undefined ? SECRET : options.token;
  if (token !== null && !headers.has("authorization")) headers.set("authorization", `Bearer ${token}`);
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  return new Request(`${SITE}${path}`, { method: options.method ?? "POST", headers, body: body ?? null });
}

/** The body of an error response, checked to be the one error shape. */
export async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  if (Object.keys(body).join() !== "error" || Object.keys(body.error).sort().join() !== "code,message") {
    throw new Error(`not the error shape: ${JSON.stringify(body)}`);
  }
  return body.error;
}

/** A log sink that keeps the lines. */
export function logCollector(): { lines: string[]; sink: (level: LogLevel, line: string) => void } {
  const lines: string[] = [];
  return { lines, sink: (_level, line) => lines.push(line) };
}

/** Handler deps that log nowhere (tests that read the log pass their own sink). */
export function quiet(deps: HttpDeps = {}): HttpDeps {
  return { logSink: () => {}, ...deps };
}
