import type { SupabaseClient } from "@supabase/supabase-js";
import { CallLedger, type Invoke } from "./call-ledger.ts";
import { rpcError } from "./rpc-errors.ts";

/**
 * The PostgREST transport: `supabase.rpc(fn, args)` = `POST /rest/v1/rpc/<fn>` with the named arguments as the JSON
 * body; the function's jsonb result comes back as the answer. Needs no database password — only SUPABASE_URL and
 * the secret key — at one HTTP round trip per call (DATABASE_URL through the pooler is faster; README).
 */
export function rpcInvoke(supabase: SupabaseClient): Invoke {
  return async (fn, args) => {
    const { data, error, status } = await supabase.rpc(fn, args);
    if (error) throw rpcError(fn, error, status);
    return data;
  };
}

/** The Ledger over Supabase's REST API. Nothing to close: each call is one stateless HTTP request. */
export class RpcLedger extends CallLedger {
  constructor(supabase: SupabaseClient) {
    super(rpcInvoke(supabase));
  }
}
