/**
 * What a failed PostgREST RPC call means for the watcher: every Supabase-specific error shape is mapped here and
 * nowhere else. PostgREST answers `{code, message, details, hint}`; `code` is a SQLSTATE for errors raised by
 * Postgres and `PGRSTxxx` for its own (https://postgrest.org/en/stable/references/errors.html).
 */
export class LedgerRpcError extends Error {
  /** SQLSTATE or PostgREST code (`sqlErrorCode()` reads it like a driver's). */
  readonly code: string;
  /** HTTP status of the answer (0 when no answer came: network). */
  readonly status: number;
  /** True when retrying the same call later cannot help until someone changes configuration. */
  readonly configuration: boolean;

  constructor(message: string, code: string, status: number, configuration: boolean) {
    super(message);
    this.name = "LedgerRpcError";
    this.code = code;
    this.status = status;
    this.configuration = configuration;
  }
}

export interface RpcFailure {
  code?: string | null;
  message?: string | null;
  details?: string | null;
  hint?: string | null;
}

/** Maps one failed `.rpc(fn)` answer (its error and HTTP status) to a LedgerRpcError with a next step. */
export function rpcError(fn: string, error: RpcFailure, status: number): LedgerRpcError {
  const code = error.code ?? "";
  const detail = error.message ?? "no message";
  if (code === "PGRST202" || code === "42883") {
    return new LedgerRpcError(
      `The Supabase database has no resume-watcher function ${fn}: apply the migrations ('supabase db push' or ` +
        "'resume-watcher migrate' with DATABASE_URL)",
      code,
      status,
      true,
    );
  }
  if (status === 401 || status === 403 || code === "42501" || code.startsWith("PGRST30")) {
    return new LedgerRpcError(
      `Supabase refused ${fn} (${code || status}: ${detail}): SUPABASE_SECRET_KEY (or SUPABASE_SERVICE_ROLE_KEY) ` +
        "must be the project's secret / service_role key",
      code,
      status,
      true,
    );
  }
  if (status === 0) {
    return new LedgerRpcError(`Supabase could not be reached for ${fn}: ${detail}`, code, status, false);
  }
  return new LedgerRpcError(`Supabase RPC ${fn} failed (${code || status}): ${detail}`, code, status, false);
}
