import path from "node:path";
import { z } from "zod";

/** Defaults, with units. WATCHER_BUDGET_MS 25 s leaves 5 s of Netlify's 30 s scheduled-function limit for start-up and the run record. */
export const DEFAULTS = {
  bucket: "msmm-resumes",
  prefix: "",
  localBucketDir: "./samples",
  localDbDir: "./.data/db",
  budgetMs: 25_000,
  concurrency: 4,
  maxAttempts: 5,
  maxFileBytes: 10 * 1024 * 1024,
} as const;

const intFrom = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);

const envSchema = z.object({
  RESUME_BUCKET: z.string().min(1).default(DEFAULTS.bucket),
  RESUME_PREFIX: z.string().default(DEFAULTS.prefix),
  LOCAL_BUCKET_DIR: z.string().min(1).default(DEFAULTS.localBucketDir),
  LOCAL_DB_DIR: z.string().min(1).default(DEFAULTS.localDbDir),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
    .optional(),
  WATCHER_BUDGET_MS: intFrom("WATCHER_BUDGET_MS", 1_000, 15 * 60_000).default(DEFAULTS.budgetMs),
  WATCHER_CONCURRENCY: intFrom("WATCHER_CONCURRENCY", 1, 64).default(DEFAULTS.concurrency),
  WATCHER_MAX_ATTEMPTS: intFrom("WATCHER_MAX_ATTEMPTS", 1, 100).default(DEFAULTS.maxAttempts),
  WATCHER_MAX_FILE_BYTES: intFrom("WATCHER_MAX_FILE_BYTES", 1, 1024 * 1024 * 1024).default(
    DEFAULTS.maxFileBytes,
  ),
  PARSER: z
    .enum(["heuristic"], { error: "PARSER must be heuristic (the OpenAI parser is not built yet)" })
    .optional(),
  LOG_FORMAT: z.enum(["text", "json"], { error: "LOG_FORMAT must be text or json" }).default("text"),
  SUPABASE_URL: z.string().optional(),
});

export interface Config {
  bucket: { kind: "local"; dir: string; prefix: string };
  ledger: { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };
  parser: { kind: "heuristic" };
  budgetMs: number;
  concurrency: number;
  maxAttempts: number;
  maxFileBytes: number;
  logFormat: "text" | "json";
  /** Things worth telling the user once at start-up (e.g. a variable that has no effect yet). */
  notices: string[];
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

/** Reads the environment into one validated Config; throws ConfigError naming every bad variable. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0] ?? "env")}: ${i.message}`));
  }
  const e = parsed.data;
  if (e.SUPABASE_URL) {
    throw new ConfigError([
      "SUPABASE_URL: the Supabase Storage bucket is not supported by this version yet; unset SUPABASE_URL to watch LOCAL_BUCKET_DIR",
    ]);
  }
  const notices: string[] = [];
  if (env.OPENAI_API_KEY) {
    notices.push("OPENAI_API_KEY is set, but this version parses with the offline heuristic parser only");
  }
  return {
    bucket: { kind: "local", dir: path.resolve(cwd, e.LOCAL_BUCKET_DIR), prefix: e.RESUME_PREFIX },
    ledger: e.DATABASE_URL
      ? { kind: "postgres", url: e.DATABASE_URL }
      : { kind: "pglite", dataDir: path.resolve(cwd, e.LOCAL_DB_DIR) },
    parser: { kind: "heuristic" },
    budgetMs: e.WATCHER_BUDGET_MS,
    concurrency: e.WATCHER_CONCURRENCY,
    maxAttempts: e.WATCHER_MAX_ATTEMPTS,
    maxFileBytes: e.WATCHER_MAX_FILE_BYTES,
    logFormat: e.LOG_FORMAT,
    notices,
  };
}
