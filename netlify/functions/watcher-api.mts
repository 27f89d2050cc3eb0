import type { Config } from "@netlify/functions";
import { handleApi } from "../../src/http/index.ts";

/** Status, health and the queue controls; every route but /api/health needs the bearer token. */
export default async (req: Request) => handleApi(req, process.env);

export const config: Config = {
  path: ["/api/status", "/api/health", "/api/retry", "/api/reprocess", "/api/pause", "/api/resume"],
};
