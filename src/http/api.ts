import type { Config } from "../config.ts";
import type { Runtime } from "../runtime.ts";
import { readStatusReport, STATUS_DEFAULTS } from "../status-report.ts";
import { requireBearer, requireSecret } from "./auth.ts";
import { parseWith, readJsonBody } from "./body.ts";
import { authorize, type Env, type HttpContext, type HttpDeps, serve, withRuntime } from "./context.ts";
import { healthRoute } from "./health.ts";
import { HttpError, jsonResponse } from "./respond.ts";
import { emptyBodySchema, reprocessBodySchema, retryBodySchema, watchedFolder } from "./schemas.ts";

/** Most runs `GET /api/status?runs=N` lists. */
const MAX_STATUS_RUNS = 50;

/** A route's work once its inputs are validated; it runs with the database open. */
type Work = (runtime: Runtime) => Promise<unknown>;

interface Route {
  methods: readonly string[];
  /** Reads and validates the request before anything is opened: a bad request costs no connection. */
  prepare: (ctx: HttpContext, config: Config) => Promise<Work>;
}

/** The authenticated routes of watcher-api; GET /api/health is public and handled apart. */
const ROUTES: Record<string, Route> = {
  "/api/status": { methods: ["GET"], prepare: status },
  "/api/retry": { methods: ["POST"], prepare: retry },
  "/api/reprocess": { methods: ["POST"], prepare: reprocess },
  "/api/pause": { methods: ["POST"], prepare: pausing(true) },
  "/api/resume": { methods: ["POST"], prepare: pausing(false) },
};

/** watcher-api: GET /api/status, GET /api/health, POST /api/retry, /api/reprocess, /api/pause, /api/resume. */
export function handleApi(req: Request, env: Env, deps: HttpDeps = {}): Promise<Response> {
  return serve(req, env, deps, async (ctx) => {
    const path = new URL(req.url).pathname.replace(/\/+$/, "");
    if (path === "/api/health") return healthRoute(ctx);
    const route = ROUTES[path];
    if (!route) {
      requireBearer(req, requireSecret(env));
      throw new HttpError(404, "not_found", "No such endpoint");
    }
    const config = authorize(ctx, route.methods);
    const work = await route.prepare(ctx, config);
    return jsonResponse(200, await withRuntime(ctx, config, work));
  });
}

/** GET /api/status?runs=N: the object `resume-watcher status --json` prints. */
async function status(ctx: HttpContext, config: Config): Promise<Work> {
  const runs = lastRuns(ctx.req);
  return (runtime) => readStatusReport(runtime.ledger, config.prices, runs);
}

/** POST /api/retry `{paths?}`: failed files (the named ones, or all) back in the queue. Answers `{retried}`. */
async function retry(ctx: HttpContext, config: Config): Promise<Work> {
  const body = parseWith(retryBodySchema(folderOf(config)), (await readJsonBody(ctx.req)) ?? {});
  return ({ ledger, bucket }) => ledger.retryFiles({ bucket: bucket.name, paths: body.paths ?? [] });
}

/**
 * POST /api/reprocess `{paths}`: the named files parsed afresh; `{outdated: true}`: every file parsed by another
 * parser (name, version, model) than the current one. Answers `{requeued}`.
 */
async function reprocess(ctx: HttpContext, config: Config): Promise<Work> {
  const body = parseWith(reprocessBodySchema(folderOf(config)), (await readJsonBody(ctx.req)) ?? {});
  return ({ ledger, bucket, parser }) =>
    body.paths
      ? ledger.requeueFiles({ bucket: bucket.name, paths: body.paths })
      : ledger.requeueOutdated({
          bucket: bucket.name,
          parser: { name: parser.name, version: parser.version, model: parser.model },
        });
}

/** POST /api/pause and /api/resume: no parameters; answers `{paused}`. Runs while paused record outcome "paused". */
function pausing(paused: boolean): Route["prepare"] {
  return async (ctx) => {
    parseWith(emptyBodySchema, (await readJsonBody(ctx.req)) ?? {});
    return async ({ ledger }) => {
      await ledger.setPaused(paused);
      return { paused };
    };
  };
}

function folderOf(config: Config): string {
  return watchedFolder(config.bucket.prefix);
}

function lastRuns(req: Request): number {
  const value = new URL(req.url).searchParams.get("runs");
  if (value === null) return STATUS_DEFAULTS.lastRuns;
  const runs = Number(value);
  if (!Number.isInteger(runs) || runs < 1 || runs > MAX_STATUS_RUNS) {
    throw new HttpError(400, "bad_request", `runs: must be a whole number from 1 to ${MAX_STATUS_RUNS}`);
  }
  return runs;
}
