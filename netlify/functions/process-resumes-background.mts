import { handleBackground } from "../../src/http/index.ts";
import { warmUpPipeline } from "../../src/pipeline.ts";

// Loads the PDF/DOCX extractors while Netlify finishes starting the function, outside the run's budget.
void warmUpPipeline();

/**
 * A long run (up to 14 min) for a big backlog, started by the scheduled function or by hand with the bearer token
 * at /.netlify/functions/process-resumes-background. The "-background" file-name suffix makes it a background
 * function (Netlify answers 202 at once). Not `config.background: true`: that has been seen to kill the function at
 * 60 s and run it three times (netlify/cli#8354).
 */
export default async (req: Request) => handleBackground(req, process.env);
