import { type Config, ConfigError, loadConfig } from "../config.ts";
import { LedgerRpcError } from "../ledger/rpc-errors.ts";
import { createLogger, type Logger, type LogSink } from "../log.ts";
import type { ResumeParser } from "../parse/port.ts";
import { openRuntime, type Runtime } from "../runtime.ts";
import { requireBearer, requireSecret } from "./auth.ts";
import { notConfigured, redact, toHttpError, unavailable } from "./errors.ts";
import { errorResponse, HttpError, requireMethod } from "./respond.ts";

export type Env = Record<string, string | undefined>;

/** The seams a handler's dependencies come through; every one has a production default. */
export interface HttpDeps {
  /** Opens the adapters the config names, once per request (default: openRuntime). */
  openRuntime?: (config: Config) => Promise<Runtime>;
  /** Replaces the configured parser (tests: a counting or hanging parser). */
  parser?: ResumeParser;
  /** Used to start background runs (default: the global fetch). */
  fetch?: typeof fetch;
  /** Where log lines go (default: stdout/stderr, which the Netlify function log shows). */
  logSink?: LogSink;
}

export interface HttpContext {
  req: Request;
  env: Env;
  deps: HttpDeps;
  log: Logger;
}

/**
 * Runs one request: whatever the handler throws becomes the error response it deserves, and every request ends
 * with one log line (method, path, status, ms; the error code and a 503's reason) — never headers or bodies.
 */
export async function serve(
  req: Request,
  env: Env,
  deps: HttpDeps,
  handler: (ctx: HttpContext) => Promise<Response>,
): Promise<Response> {
  const started = performance.now();
  // LOG_FORMAT read directly: the request line is written even when the rest of the config is invalid.
  const log = createLogger({
    format: env.LOG_FORMAT === "json" ? "json" : "text",
    ...(deps.logSink ? { sink: deps.logSink } : {}),
  });
  let response: Response;
  let failure: HttpError | null = null;
  try {
    response = await handler({ req, env, deps, log });
  } catch (error) {
    failure = toHttpError(error, env, log);
    response = errorResponse(failure);
  }
  const fields = {
    method: req.method,
    path: new URL(req.url).pathname,
    status: response.status,
    ms: Math.round(performance.now() - started),
    code: failure?.code,
    reason: failure?.status === 503 ? failure.message : undefined,
  };
  if (response.status >= 500) log.error("http request", fields);
  else if (response.status >= 400) log.warn("http request", fields);
  else log.info("http request", fields);
  return response;
}

/** The preamble of every authenticated route: secret configured (fail closed), bearer token, method, config. */
export function authorize(ctx: HttpContext, methods: readonly string[]): Config {
  requireBearer(ctx.req, requireSecret(ctx.env));
  requireMethod(ctx.req, methods);
  return loadFunctionConfig(ctx.env);
}

/** The validated config, refusing the embedded database: a function's disk is gone after every invocation. */
export function loadFunctionConfig(env: Env): Config {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    throw error instanceof ConfigError ? notConfigured(error) : error;
  }
  if (config.ledger.kind === "pglite") {
    throw new HttpError(
      503,
      "not_configured",
      "The functions need a shared database: set DATABASE_URL (the Supabase connection string) or SUPABASE_URL " +
        "with SUPABASE_SECRET_KEY. The embedded database (PGlite) cannot live inside a function",
    );
  }
  return config;
}

/** Opens the runtime for one request and always closes it; a database that cannot be opened is a 503. */
export async function withRuntime<T>(
  ctx: HttpContext,
  config: Config,
  fn: (runtime: Runtime) => Promise<T>,
): Promise<T> {
  let runtime: Runtime;
  try {
    runtime = await (ctx.deps.openRuntime ?? openRuntime)(config);
  } catch (error) {
    throw error instanceof ConfigError || error instanceof LedgerRpcError
      ? error
      : unavailable(error, ctx.env);
  }
  if (ctx.deps.parser) runtime = { ...runtime, parser: ctx.deps.parser };
  try {
    return await fn(runtime);
  } finally {
    await runtime.close().catch((error: unknown) => {
      ctx.log.warn("could not close the database connection", { error: redact(String(error), ctx.env) });
    });
  }
}
