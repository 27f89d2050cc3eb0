import { z } from "zod";
import { FILE_STATUSES } from "./port.ts";

/**
 * What a ledger call travels as, and the shapes its jsonb results are checked against. Every transport runs the
 * same LedgerCall; a result that does not match its schema is an error, never silently coerced.
 */
export interface LedgerCall<R> {
  /** Function name in schema public. */
  fn: string;
  /** Named arguments; undefined values are left out so the function's SQL default applies. */
  args: Record<string, unknown>;
  /** Validates the jsonb result and maps it to the port's type. Throws on an unexpected shape. */
  parse(result: unknown): R;
}

export const count = z.number().int().nonnegative();
export const status = z.enum(FILE_STATUSES);
export const fenced = z.object({ ok: z.boolean(), status: status.nullable() });

export const claimed = z.array(
  z.object({
    id: z.number(),
    bucket: z.string(),
    path: z.string(),
    size: z.number(),
    etag: z.string().nullable(),
    attempts: z.number(),
    lease_token: z.string(),
    lease_expires_at: z.string(),
  }),
);

export const storageSync = z.object({
  available: z.boolean(),
  bucket_exists: z.boolean().optional(),
  mode: z.enum(["full", "trigger"]).optional(),
  listed: count.optional(),
  new: count.optional(),
  changed: count.optional(),
  removed: count.optional(),
});

export const runRow = z.looseObject({ run_id: z.string(), started_at: z.string() });
export const ledgerStatus = z.object({
  counts: z.record(z.string(), count),
  ready: count,
  deferred: count,
  oldest_pending_age_s: z.number().nullable(),
  last_runs: z.array(runRow),
  top_errors: z.array(z.object({ code: z.string(), count })),
  paused: z.boolean(),
  usage_24h: z.object({ prompt_tokens: count, completion_tokens: count }),
  rate_limits: z.array(
    z.object({
      key: z.string(),
      limit_requests: z.number().int().positive().nullable(),
      limit_tokens: z.number().int().positive().nullable(),
      observed_at: z.string().nullable(),
      cooldown_until: z.string().nullable(),
      refused_total: count,
      last_refused_at: z.string().nullable(),
    }),
  ),
});

export const reservation = z.object({
  reserved: z.boolean(),
  wait_ms: z.number(),
  limit_requests: z.number().int().positive().nullable(),
  limit_tokens: z.number().int().positive().nullable(),
  requests_full_in_ms: z.number(),
  tokens_full_in_ms: z.number(),
  cooldown_ms: z.number(),
  completion_tokens: z.number().nonnegative(),
  prompt_tokens: z.number().nonnegative(),
  headerless: z.boolean(),
  expect: z.record(z.string(), z.unknown()),
});

export const exportRow = z.object({
  bucket: z.string(),
  path: z.string(),
  status,
  error_code: z.string().nullable(),
  error_message: z.string().nullable(),
  candidate: z.unknown(),
});

function parseWith<S extends z.ZodType>(fn: string, schema: S): (result: unknown) => z.output<S> {
  return (result) => {
    const parsed = schema.safeParse(result);
    if (!parsed.success)
      throw new Error(`Unexpected result from SQL function ${fn}: ${parsed.error.message}`);
    return parsed.data;
  };
}

export function call<S extends z.ZodType, R>(
  fn: string,
  args: Record<string, unknown>,
  schema: S,
  map: (value: z.output<S>) => R,
): LedgerCall<R> {
  const validate = parseWith(fn, schema);
  return { fn, args, parse: (result) => map(validate(result)) };
}

export const same = <T>(value: T): T => value;
