import { z } from "zod";
import type { Reservation } from "../pace/port.ts";
import { call, reservation } from "./call-results.ts";
import type { Ledger } from "./port.ts";

type Args<M extends keyof Ledger> = Ledger[M] extends (args: infer A) => unknown ? A : never;

/** The pacing calls of ledgerCalls (calls.ts): the shared rate-limit schedule (migration 20261201000300). */
export const pacingCalls = {
  reserveRateLimit: (a: Args<"reserveRateLimit">) =>
    call(
      "reserve_rate_limit",
      { p_key: a.key, p_prompt_tokens: Math.max(0, Math.round(a.promptTokens)), p_max_wait_ms: a.maxWaitMs },
      reservation,
      (r): Reservation => ({
        reserved: r.reserved,
        waitMs: Math.max(0, r.wait_ms),
        limitRequests: r.limit_requests,
        limitTokens: r.limit_tokens,
        requestsFullInMs: r.requests_full_in_ms,
        tokensFullInMs: r.tokens_full_in_ms,
        cooldownMs: r.cooldown_ms,
        completionTokens: r.completion_tokens,
        promptTokens: r.prompt_tokens,
        headerless: r.headerless,
        expect: r.expect,
      }),
    ),

  observeRateLimit: ({ key, observation: o }: Args<"observeRateLimit">) =>
    call(
      "observe_rate_limit",
      {
        p_key: key,
        p_limits: o.limits,
        p_reset_ms: o.resetMs,
        p_sent_ms_ago: Math.max(0, o.sentMsAgo),
        p_expect: o.expect ?? undefined,
        p_retry_after_ms: o.retryAfterMs ?? undefined,
        p_completion_tokens: o.completionTokens ?? undefined,
        p_ok: o.ok,
      },
      z.object({ changed: z.boolean() }),
      (r) => ({ changed: r.changed }),
    ),
};
