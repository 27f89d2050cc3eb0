/**
 * The Netlify functions' logic: `Request` + environment in, `Response` out, no `@netlify/*` import. The entries in
 * netlify/functions/ only hand `req` and `process.env` to these.
 */
export { handleApi } from "./api.ts";
export type { HttpDeps } from "./context.ts";
export { handleBackground, handleProcess, SYNC_BUDGET_CAP_MS } from "./run.ts";
export { handleScheduled, SCHEDULED_BUDGET_CAP_MS } from "./scheduled.ts";
