import path from "node:path";
import { z } from "zod";
import { type SupabaseConnection, supabaseConnection } from "./config-supabase.ts";

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
  /** A small, cheap model with structured outputs (json_schema), supported since gpt-4o-mini-2024-07-18. */
  openaiModel: "gpt-4o-mini",
  openaiTimeoutMs: 20_000,
  openaiMaxRetries: 1,
  /** ~6,000 tokens: a dense four-page CV fits whole; longer ones keep their head and tail. */
  openaiMaxInputChars: 24_000,
  /**
   * Background runs a scheduled tick may start when it leaves a backlog. 2 doubles throughput (× concurrency 4
   * each) without opening many database connections on a small Supabase plan; 0 disables fan-out.
   */
  maxWorkers: 2,
  /** GET /api/health answers 503 when the oldest ready file has waited longer than this, seconds (1 h = 12 ticks). */
  healthMaxWaitS: 3600,
  /** One background run's budget, ms: 14 min leaves a minute of Netlify's 15-minute background limit. */
  backgroundBudgetMs: 14 * 60_000,
} as const;

/**
 * USD per million tokens for the default model, used when OPENAI_MODEL is gpt-4o-mini on api.openai.com and the
 * OPENAI_PRICE_* variables are unset. Source: https://openai.com/api/pricing (gpt-4o-mini, standard tier:
 * $0.15 input, $0.60 output per 1M tokens; unchanged since its launch on 2024-07-18, checked 2026-11-22).
 * Any other model or server: no default, the estimated cost is null until both prices are set.
 */
export const DEFAULT_MODEL_PRICES = { model: "gpt-4o-mini", inputPerMTok: 0.15, outputPerMTok: 0.6 } as const;

const priceFrom = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number (USD per million tokens)` })
    .min(0, `${name} must be at least 0`)
    .max(10_000, `${name} must be at most 10000`);

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
  PARSER: z.enum(["openai", "heuristic"], { error: "PARSER must be openai or heuristic" }).optional(),
  PARSER_FALLBACK: z
    .enum(["heuristic"], { error: "PARSER_FALLBACK must be heuristic (or unset)" })
    .optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z
    .url({ error: "OPENAI_BASE_URL must be a URL such as http://localhost:11434/v1" })
    .optional(),
  OPENAI_MODEL: z.string().min(1).default(DEFAULTS.openaiModel),
  OPENAI_TIMEOUT_MS: intFrom("OPENAI_TIMEOUT_MS", 100, 15 * 60_000).default(DEFAULTS.openaiTimeoutMs),
  OPENAI_MAX_RETRIES: intFrom("OPENAI_MAX_RETRIES", 0, 5).default(DEFAULTS.openaiMaxRetries),
  OPENAI_MAX_INPUT_CHARS: intFrom("OPENAI_MAX_INPUT_CHARS", 1_000, 1_000_000).default(
    DEFAULTS.openaiMaxInputChars,
  ),
  OPENAI_PRICE_INPUT_PER_MTOK: priceFrom("OPENAI_PRICE_INPUT_PER_MTOK").optional(),
  OPENAI_PRICE_OUTPUT_PER_MTOK: priceFrom("OPENAI_PRICE_OUTPUT_PER_MTOK").optional(),
  LOG_FORMAT: z.enum(["text", "json"], { error: "LOG_FORMAT must be text or json" }).default("text"),
  WATCHER_SECRET: z.string().optional(),
  WATCHER_MAX_WORKERS: intFrom("WATCHER_MAX_WORKERS", 0, 20).default(DEFAULTS.maxWorkers),
  WATCHER_HEALTH_MAX_WAIT_S: intFrom("WATCHER_HEALTH_MAX_WAIT_S", 60, 7 * 24 * 3600).default(
    DEFAULTS.healthMaxWaitS,
  ),
  WATCHER_BACKGROUND_BUDGET_MS: intFrom(
    "WATCHER_BACKGROUND_BUDGET_MS",
    1_000,
    DEFAULTS.backgroundBudgetMs,
  ).default(DEFAULTS.backgroundBudgetMs),
  URL: z.url({ error: "URL must be the site's URL (Netlify sets it)" }).optional(),
  SUPABASE_URL: z.string().optional(),
  SUPABASE_SECRET_KEY: z.string().optional(),
  SUPABASE_SERVICE_ROLE_KEY: z.string().optional(),
});

export interface Config {
  bucket:
    | { kind: "local"; dir: string; prefix: string }
    | { kind: "supabase"; supabase: SupabaseConnection; bucket: string; prefix: string };
  /**
   * Where the ledger lives. DATABASE_URL wins; else SUPABASE_URL means the Supabase database over its REST API
   * (no database password needed); else the embedded PGlite folder.
   */
  ledger:
    | { kind: "postgres"; url: string }
    | { kind: "supabase-rpc"; supabase: SupabaseConnection }
    | { kind: "pglite"; dataDir: string };
  parser: { kind: "heuristic" } | OpenAIParserConfig;
  budgetMs: number;
  concurrency: number;
  maxAttempts: number;
  maxFileBytes: number;
  logFormat: "text" | "json";
  /** USD per million tokens for the cost estimate in `status`; null = unknown (cost shown as null). */
  prices: TokenPrices | null;
  /** Things worth telling the user once at start-up (e.g. a variable that has no effect yet). */
  notices: string[];
  /** The HTTP functions (src/http): checked there, so the CLI runs without them. */
  http: {
    /** WATCHER_SECRET: bearer token; unset or shorter than 32 characters = every request refused (503). */
    secret: string | null;
    maxWorkers: number;
    healthMaxWaitS: number;
    /** WATCHER_BACKGROUND_BUDGET_MS: budget of one background run, ms (default and maximum 14 min). */
    backgroundBudgetMs: number;
    /** URL (set by Netlify): the site's own URL, where fan-out POSTs its background runs. */
    siteUrl: string | null;
  };
}

export interface OpenAIParserConfig {
  kind: "openai";
  apiKey: string;
  /** Any OpenAI-compatible server (Ollama, vLLM, LiteLLM…); unset = api.openai.com. */
  baseURL: string | undefined;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  maxInputChars: number;
  /** PARSER_FALLBACK: parser that fills the record while this one is unavailable (quota, rejected key). */
  fallback: "heuristic" | null;
}

export interface TokenPrices {
  inputPerMTok: number;
  outputPerMTok: number;
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
  const supabase = supabaseConnection(e);
  if (supabase && "problems" in supabase) throw new ConfigError(supabase.problems);
  const notices: string[] = [];
  const parserKind = e.PARSER ?? (e.OPENAI_API_KEY ? "openai" : "heuristic");
  if (parserKind === "openai" && !e.OPENAI_API_KEY) {
    throw new ConfigError([
      "OPENAI_API_KEY: PARSER=openai needs an API key (any non-empty value for a local server such as Ollama)",
    ]);
  }
  if (e.PARSER_FALLBACK && parserKind !== "openai")
    notices.push("PARSER_FALLBACK has no effect: the offline parser is already in use");
  const parser: Config["parser"] =
    parserKind === "openai" && e.OPENAI_API_KEY
      ? {
          kind: "openai",
          apiKey: e.OPENAI_API_KEY,
          baseURL: e.OPENAI_BASE_URL,
          model: e.OPENAI_MODEL,
          timeoutMs: e.OPENAI_TIMEOUT_MS,
          maxRetries: e.OPENAI_MAX_RETRIES,
          maxInputChars: e.OPENAI_MAX_INPUT_CHARS,
          fallback: e.PARSER_FALLBACK ?? null,
        }
      : { kind: "heuristic" };
  return {
    bucket: supabase
      ? { kind: "supabase", supabase, bucket: e.RESUME_BUCKET, prefix: e.RESUME_PREFIX }
      : { kind: "local", dir: path.resolve(cwd, e.LOCAL_BUCKET_DIR), prefix: e.RESUME_PREFIX },
    ledger: e.DATABASE_URL
      ? { kind: "postgres", url: e.DATABASE_URL }
      : supabase
        ? { kind: "supabase-rpc", supabase }
        : { kind: "pglite", dataDir: path.resolve(cwd, e.LOCAL_DB_DIR) },
    parser,
    budgetMs: e.WATCHER_BUDGET_MS,
    concurrency: e.WATCHER_CONCURRENCY,
    maxAttempts: e.WATCHER_MAX_ATTEMPTS,
    maxFileBytes: e.WATCHER_MAX_FILE_BYTES,
    logFormat: e.LOG_FORMAT,
    prices: tokenPrices(e),
    notices,
    http: {
      secret: e.WATCHER_SECRET ?? null,
      maxWorkers: e.WATCHER_MAX_WORKERS,
      healthMaxWaitS: e.WATCHER_HEALTH_MAX_WAIT_S,
      backgroundBudgetMs: e.WATCHER_BACKGROUND_BUDGET_MS,
      siteUrl: e.URL ?? null,
    },
  };
}

/** Both prices set: those. Neither set, default model on api.openai.com: its list price. Otherwise unknown. */
function tokenPrices(e: z.output<typeof envSchema>): TokenPrices | null {
  const input = e.OPENAI_PRICE_INPUT_PER_MTOK;
  const output = e.OPENAI_PRICE_OUTPUT_PER_MTOK;
  if (input !== undefined && output !== undefined) return { inputPerMTok: input, outputPerMTok: output };
  if (input !== undefined || output !== undefined) {
    throw new ConfigError([
      "OPENAI_PRICE_INPUT_PER_MTOK, OPENAI_PRICE_OUTPUT_PER_MTOK: set both prices (USD per million tokens) or neither",
    ]);
  }
  if (e.OPENAI_MODEL !== DEFAULT_MODEL_PRICES.model || e.OPENAI_BASE_URL !== undefined) return null;
  return {
    inputPerMTok: DEFAULT_MODEL_PRICES.inputPerMTok,
    outputPerMTok: DEFAULT_MODEL_PRICES.outputPerMTok,
  };
}
