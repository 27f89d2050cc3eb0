import type { Config } from "@netlify/functions";
import { handleScheduled } from "../../src/http/index.ts";
import { warmUpPipeline } from "../../src/pipeline.ts";

// Loads the PDF/DOCX extractors while Netlify finishes starting the function, outside the tick's budget.
void warmUpPipeline();

/** One watcher tick every five minutes (UTC); fans out to background runs when the backlog outgrows it. */
export default async (req: Request) => handleScheduled(req, process.env);

export const config: Config = {
  schedule: "*/5 * * * *",
};
