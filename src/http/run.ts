import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Config } from "../config.ts";
import type { RunTrigger } from "../ledger/port.ts";
import type { Runtime } from "../runtime.ts";
import { runTick, type TickSummary } from "../tick.ts";
import { parseWith, readJsonBody } from "./body.ts";
import { authorize, type Env, type HttpContext, type HttpDeps, serve, withRuntime } from "./context.ts";
import { redact } from "./errors.ts";
import { type ErrorCode, HttpError, jsonResponse } from "./respond.ts";
import { runBodySchema, watchedFolder } from "./schemas.ts";

/**
 * Budget cap of a synchronous run (POST /api/process), ms. Netlify allows 60 s in production but netlify-cli
 * stops a synchronous function at 30 s locally; 25 s works in both and leaves 5 s for a cold start, opening the
 * database and the answer. Bigger jobs belong to the background function.
 */
export const SYNC_BUDGET_CAP_MS = 25_000;

/** What one tick runs with; everything else comes from the config. */
export interface TickRequest {
  trigger: RunTrigger;
  budgetMs: number;
  paths?: string[] | undefined;
  limit?: number | undefined;
}

/** POST /api/process: a manual run of `{paths?, limit?, budgetMs?, dryRun?}`; answers the run summary. */
export function handleProcess(req: Request, env: Env, deps: HttpDeps = {}): Promise<Response> {
  return serve(req, env, deps, (ctx) =>
    runFromRequest(ctx, "http", (config) => ({ default: config.budgetMs, cap: SYNC_BUDGET_CAP_MS })),
  );
}

/**
 * process-resumes-background: the same run for a big backlog, up to WATCHER_BACKGROUND_BUDGET_MS (14 min). Netlify
 * has already answered the caller 202, so this Response goes nowhere: the request's log line says how it went. It
 * never throws: Netlify retries a failed background run twice, and retrying an expected failure (bad token, bad
 * body) would only repeat it. Retries would be safe anyway: each file is leased to one run at a time.
 */
export function handleBackground(req: Request, env: Env, deps: HttpDeps = {}): Promise<Response> {
  return serve(req, env, deps, (ctx) =>
    runFromRequest(ctx, "background", (config) => ({
      default: config.http.backgroundBudgetMs,
      cap: config.http.backgroundBudgetMs,
    })),
  );
}

async function runFromRequest(
  ctx: HttpContext,
  trigger: RunTrigger,
  budgetOf: (config: Config) => { default: number; cap: number },
): Promise<Response> {
  const config = authorize(ctx, ["POST"]);
  const body = parseWith(
    runBodySchema(watchedFolder(config.bucket.prefix)),
    (await readJsonBody(ctx.req)) ?? {},
  );
  const budget = budgetOf(config);
  const run: TickRequest = {
    trigger,
    budgetMs: Math.min(body.budgetMs ?? budget.default, budget.cap),
    paths: body.paths,
    limit: body.limit,
  };
  return withRuntime(ctx, config, async (runtime) => {
    if (body.dryRun) return jsonResponse(200, await dryRunAnswer(runtime, run));
    return summaryResponse(await tickWith(ctx, config, runtime, run), ctx.env);
  });
}

/** One tick over the request's runtime, logging to the request's logger. */
export function tickWith(
  ctx: HttpContext,
  config: Config,
  runtime: Runtime,
  run: TickRequest,
): Promise<TickSummary> {
  return runTick(
    { ledger: runtime.ledger, bucket: runtime.bucket, parser: runtime.parser, log: ctx.log },
    {
      trigger: run.trigger,
      budgetMs: run.budgetMs,
      concurrency: config.concurrency,
      maxAttempts: config.maxAttempts,
      maxFileBytes: config.maxFileBytes,
      worker: workerId(),
      ...(run.paths ? { paths: run.paths } : {}),
      ...(run.limit !== undefined ? { limit: run.limit } : {}),
    },
  );
}

/**
 * 200 with the summary (the keys of `run --json`), unless the run could not do its job: then 503 with what stopped
 * it — `bucket_not_found` / `bucket_access_denied` for the bucket, `unavailable` for the database or the parser.
 * Files finished before that are committed either way; GET /api/status shows the run.
 */
export function summaryResponse(
  summary: TickSummary,
  env: Env,
  extra: Record<string, unknown> = {},
): Response {
  if (summary.outcome !== "error") return jsonResponse(200, { ...summary, ...extra });
  const code: ErrorCode =
    summary.error_code === "bucket_not_found" || summary.error_code === "bucket_access_denied"
      ? summary.error_code
      : "unavailable";
  const run = summary.run_id ? ` (run ${summary.run_id})` : "";
  throw new HttpError(503, code, `${redact(summary.error ?? "the run failed", env)}${run}`);
}

/** What a run would do, changing nothing: the queue as it stands and the paths that would go first. */
async function dryRunAnswer(runtime: Runtime, run: TickRequest) {
  const status = await runtime.ledger.getStatus({ lastRuns: 0, topErrors: 0 });
  return {
    dry_run: true,
    trigger: run.trigger,
    budget_ms: run.budgetMs,
    limit: run.limit ?? null,
    paused: status.paused,
    backlog: status.counts.pending,
    ready: status.ready,
    deferred: status.deferred,
    in_flight: status.counts.processing,
    would_queue: run.paths ?? [],
  };
}

/** host:pid plus a few random characters: two requests served by one warm instance stay apart in the run history. */
function workerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}
