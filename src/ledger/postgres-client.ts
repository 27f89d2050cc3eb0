import postgres from "postgres";
import type { SqlClient, SqlExecutor } from "./sql-client.ts";

export interface PostgresClientOptions {
  /** Pool size (connections). Default 4: a tick's concurrency plus one. */
  max?: number;
}

/**
 * A real Postgres over postgres.js. `prepare: false` because the Supabase pooler (transaction mode, port 6543)
 * cannot keep prepared statements; notices (e.g. "relation already exists, skipping") are not printed.
 */
export function createPostgresClient(url: string, options: PostgresClientOptions = {}): SqlClient {
  const sql = postgres(url, {
    prepare: false,
    max: options.max ?? 4,
    onnotice: () => {},
    // Close idle connections after 20 s so a finished tick does not keep pooler slots.
    idle_timeout: 20,
    connect_timeout: 10,
  });
  return {
    kind: "postgres",
    ...executor(sql),
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      // begin() resolves to the callback's value; its declared type unwraps arrays of promises, hence the cast.
      return (await sql.begin((tx) => fn(executor(tx)))) as T;
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

function executor(sql: postgres.Sql | postgres.TransactionSql): SqlExecutor {
  return {
    async query<T>(text: string, params: unknown[] = []): Promise<T[]> {
      // Parameters go to the server as typed by its own inference (the driver describes the statement first).
      const rows = await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: false });
      return rows as unknown as T[];
    },
    async exec(text: string): Promise<void> {
      // Without parameters postgres.js uses the simple query protocol, which accepts several statements at once.
      await sql.unsafe(text);
    },
  };
}
