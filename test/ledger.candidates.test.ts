import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../src/ledger/migrate.ts";
import { createPostgresClient } from "../src/ledger/postgres-client.ts";
import type { SqlClient } from "../src/ledger/sql-client.ts";
import { SqlLedger } from "../src/ledger/sql-ledger.ts";
import { createPostgresDatabase, type TestDatabase } from "./support/db.ts";
import { claimOne, complete, seedPending } from "./support/ledger-fixtures.ts";
import { prepareSupabaseDatabase } from "./support/supabase-roles.ts";

/** What a role may read of public.candidates, in its own transaction (rolled back). */
async function readAs(sql: SqlClient, role: string): Promise<string[] | string> {
  try {
    return await sql.transaction(async (tx) => {
      await tx.query(`set local role ${role}`);
      const rows = await tx.query<{ path: string }>("select path from public.candidates order by path");
      return rows.map((r) => r.path);
    });
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe("public.candidates: the read path for the team's apps (real Postgres, Supabase roles)", () => {
  let database: TestDatabase;
  let sql: SqlClient;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    sql = createPostgresClient(database.url, { max: 2 });
    await prepareSupabaseDatabase(sql);
    await migrate(sql);
    const ledger = new SqlLedger(sql);
    await seedPending(ledger, ["a.pdf", "b.pdf"]);
    await complete(ledger, await claimOne(ledger));
  });
  afterAll(async () => {
    await sql?.close();
    await database?.drop();
  });

  it("lists done files with the typed columns and the whole record", async () => {
    const rows = await sql.query(
      "select path, name, email, skills, candidate->>'name' as record_name from public.candidates",
    );
    expect(rows).toEqual([
      {
        path: "a.pdf",
        name: "Ada Lovelace",
        email: "ada@example.com",
        skills: ["math"],
        record_name: "Ada Lovelace",
      },
    ]);
  });

  it("is readable with the service key only, until recruiters_read.sql opens it to signed-in users", async () => {
    expect(await readAs(sql, "service_role")).toEqual(["a.pdf"]);
    expect(await readAs(sql, "anon")).toBe("42501");
    expect(await readAs(sql, "authenticated")).toBe("42501");

    await sql.exec(await readFile(path.resolve("supabase/optional/recruiters_read.sql"), "utf8"));
    await sql.exec(await readFile(path.resolve("supabase/optional/recruiters_read.sql"), "utf8")); // re-runnable

    expect(await readAs(sql, "authenticated")).toEqual(["a.pdf"]);
    expect(await readAs(sql, "anon")).toBe("42501");
    const [rights] = await sql.query<Record<string, boolean>>(
      `select has_table_privilege('authenticated', 'watcher.resume_files', 'update') as update_files,
              has_function_privilege('authenticated', 'public.claim_files(text, integer, integer)', 'execute') as claim,
              has_table_privilege('authenticated', 'watcher.watcher_runs', 'select') as read_runs`,
    );
    expect(rights).toEqual({ update_files: false, claim: false, read_runs: false });
  });
});
