import type { Config } from "@netlify/functions";
import { handleProcess } from "../../src/http/index.ts";
import { warmUpPipeline } from "../../src/pipeline.ts";

// Loads the PDF/DOCX extractors while Netlify finishes starting the function, outside the run's budget.
void warmUpPipeline();

/** POST /api/process (bearer token): a manual run, optionally of chosen paths; answers the run summary. */
export default async (req: Request) => handleProcess(req, process.env);

export const config: Config = {
  path: "/api/process",
};
