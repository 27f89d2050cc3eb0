import { z } from "zod";

/** Paths one request may name: a manual run or a re-queue of a few files, not a bulk import. */
export const MAX_PATHS = 100;
/** Longest path, characters (Supabase Storage object names are limited to 1,024 bytes). */
export const MAX_PATH_CHARS = 1024;
/** Largest `limit` of a manual run: more files than any budget can parse. */
const MAX_LIMIT = 10_000;

/** RESUME_PREFIX the way keys carry it: "" (whole bucket) or "folder/sub/". */
export function watchedFolder(prefix: string): string {
  const folder = prefix.split("/").filter(Boolean).join("/");
  return folder ? `${folder}/` : "";
}

/** Why `path` cannot name a watched object (null when it can). Keys are full bucket keys, prefix included. */
export function pathProblem(path: string, folder: string): string | null {
  if (path.length === 0) return "must not be empty";
  if (path.length > MAX_PATH_CHARS) return `must be at most ${MAX_PATH_CHARS} characters`;
  if (hasControlCharacter(path)) return "must not contain control characters";
  if (path.includes("\\")) return "must use / between folders, not \\";
  if (path.startsWith("/")) return "must be a key inside the bucket, not an absolute path";
  if (path.split("/").includes("..")) return "must not contain a .. segment";
  if (folder && !path.startsWith(folder))
    return `must be inside the watched folder ${folder} (RESUME_PREFIX)`;
  return null;
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

export function pathsSchema(folder: string) {
  const path = z.string({ error: "must be a string" }).superRefine((value, ctx) => {
    const problem = pathProblem(value, folder);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
  return z
    .array(path, { error: "must be an array of bucket keys" })
    .max(MAX_PATHS, `at most ${MAX_PATHS} paths per request`);
}

const wholeNumber = (min: number, max: number, unit: string) =>
  z
    .int({ error: `must be a whole number${unit}` })
    .min(min, `must be at least ${min}${unit}`)
    .max(max, `must be at most ${max}${unit}`);

/** POST /api/process and the background function: `{ paths?, limit?, budgetMs?, dryRun? }`. */
export function runBodySchema(folder: string) {
  return z.strictObject(
    {
      paths: pathsSchema(folder).optional(),
      limit: wholeNumber(1, MAX_LIMIT, "").optional(),
      // Capped to the function's limit afterwards; the bounds only refuse nonsense (1 s .. 15 min).
      budgetMs: wholeNumber(1_000, 15 * 60_000, " (ms)").optional(),
      dryRun: z.boolean({ error: "must be true or false" }).optional(),
    },
    { error: "must be a JSON object" },
  );
}
export type RunBody = z.output<ReturnType<typeof runBodySchema>>;

/** POST /api/retry: `{ paths? }`; no paths = every failed file. */
export function retryBodySchema(folder: string) {
  const paths = pathsSchema(folder).min(
    1,
    "name at least one path, or leave paths out to retry every failed file",
  );
  return z.strictObject({ paths: paths.optional() }, { error: "must be a JSON object" });
}

/** POST /api/reprocess: `{ paths }` (at least one) or `{ outdated: true }`, not both. */
export function reprocessBodySchema(folder: string) {
  return z
    .strictObject(
      {
        paths: pathsSchema(folder).min(1, "name at least one path").optional(),
        outdated: z.literal(true, { error: "must be true" }).optional(),
      },
      { error: "must be a JSON object" },
    )
    .refine((body) => (body.paths !== undefined) !== (body.outdated === true), {
      message: 'send either {"paths": [...]} or {"outdated": true}',
    });
}

/** POST /api/pause and /api/resume take no parameters: an empty body or `{}`. */
export const emptyBodySchema = z.strictObject({}, { error: "must be a JSON object" });
