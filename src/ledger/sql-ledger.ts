import { CallLedger, type Invoke } from "./call-ledger.ts";
import type { SqlClient } from "./sql-client.ts";

/** Function and argument names come from calls.ts, never from input; checked anyway before going into SQL. */
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** The SQL transport: one `select public.fn(p_a => $1, …) as result` per call, on PGlite or postgres.js. */
export function sqlInvoke(client: SqlClient): Invoke {
  return async (fn, args) => {
    const entries = Object.entries(args);
    for (const name of [fn, ...entries.map(([key]) => key)]) {
      if (!IDENTIFIER.test(name)) throw new Error(`Invalid SQL identifier in ledger call: ${name}`);
    }
    const named = entries.map(([key], i) => `${key} => $${i + 1}`).join(", ");
    const rows = await client.query<{ result: unknown }>(
      `select public.${fn}(${named}) as result`,
      entries.map(([, value]) => value),
    );
    const result = rows[0]?.result;
    // Drivers parse jsonb already; a string here would come from a driver configured to leave it raw.
    return typeof result === "string" ? JSON.parse(result) : result;
  };
}

/** The Ledger over a SQL connection (PGlite or postgres.js); closing it closes the connection. */
export class SqlLedger extends CallLedger {
  constructor(readonly client: SqlClient) {
    super(sqlInvoke(client), () => client.close());
  }
}
