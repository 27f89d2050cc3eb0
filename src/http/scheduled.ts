import { readBodyBytes } from "./body.ts";
import {
  type Env,
  type HttpContext,
  type HttpDeps,
  loadFunctionConfig,
  serve,
  withRuntime,
} from "./context.ts";
import { fanOut } from "./fan-out.ts";
import { requireMethod } from "./respond.ts";
import { summaryResponse, tickWith } from "./run.ts";

/**
 * Budget cap of a scheduled tick, ms: Netlify stops a scheduled function at 30 s, and a cold start, opening the
 * database and fan-out (≤ 2 s) need the rest.
 */
export const SCHEDULED_BUDGET_CAP_MS = 25_000;

/**
 * scheduled-bucket-watcher: one tick every five minutes with budget min(WATCHER_BUDGET_MS, 25 s); when it runs
 * out of time with files left, it starts background runs for them. No bearer token: in production Netlify alone
 * can invoke a scheduled function (it has no URL), and a failed run is not retried — the next slot carries on.
 */
export function handleScheduled(req: Request, env: Env, deps: HttpDeps = {}): Promise<Response> {
  return serve(req, env, deps, async (ctx) => {
    requireMethod(req, ["POST"]);
    const nextRun = await readNextRun(req);
    const config = loadFunctionConfig(env);
    ctx.log.info("scheduled tick", { next_run: nextRun ?? undefined });
    const budgetMs = Math.min(config.budgetMs, SCHEDULED_BUDGET_CAP_MS);
    return withRuntime(ctx, config, async (runtime) => {
      const summary = await tickWith(ctx, config, runtime, { trigger: "schedule", budgetMs });
      const started = await fanOut(config, runtime.ledger, summary, fanOutDeps(ctx));
      return summaryResponse(summary, env, { background_runs: started });
    });
  });
}

/**
 * Netlify posts `{"next_run": "<ISO time>"}`; local dev servers may post nothing, or something else. Anything but
 * a JSON object with an ISO `next_run` is ignored: the tick runs regardless.
 */
async function readNextRun(req: Request): Promise<string | null> {
  try {
    const body: unknown = JSON.parse(Buffer.from(await readBodyBytes(req)).toString("utf8"));
    if (typeof body !== "object" || body === null || !("next_run" in body)) return null;
    const nextRun = body.next_run;
    return typeof nextRun === "string" && !Number.isNaN(Date.parse(nextRun)) ? nextRun.slice(0, 40) : null;
  } catch {
    return null;
  }
}

function fanOutDeps(ctx: HttpContext) {
  return { fetch: ctx.deps.fetch ?? fetch, log: ctx.log };
}
