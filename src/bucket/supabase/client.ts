import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import type { SupabaseConnection } from "../../config-supabase.ts";

export type { SupabaseClient };

/**
 * One supabase-js client for a server process: Storage and the RPC ledger share it. No session to persist or
 * refresh — the secret key is the identity — and Node 22+ has the WebSocket realtime would want.
 */
export function openSupabaseClient(connection: SupabaseConnection): SupabaseClient {
  return createClient(connection.url, connection.key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}
