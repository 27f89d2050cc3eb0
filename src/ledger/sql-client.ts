/**
 * The few things the ledger needs from a SQL connection, so the same code runs on embedded PGlite and on a real
 * Postgres (postgres.js). Vendor imports live only in the adapters: pglite-client.ts and postgres-client.ts.
 */
export interface SqlExecutor {
  /** One statement with `$1…$n` parameters; rows as objects keyed by column name. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Several statements separated by `;`, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface SqlClient extends SqlExecutor {
  readonly kind: "pglite" | "postgres";
  /** Runs `fn` in a transaction: committed when it resolves, rolled back when it throws (the error is rethrown). */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Postgres SQLSTATE of a driver error (both drivers put it on `code`), or undefined. */
export function sqlErrorCode(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "code" in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}
