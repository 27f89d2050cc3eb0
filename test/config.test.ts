import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULTS, loadConfig } from "../src/config.ts";

describe("config", () => {
  it("defaults to the embedded local mode", () => {
    const config = loadConfig({}, "/srv/app");
    expect(config.bucket).toEqual({ kind: "local", dir: path.resolve("/srv/app/samples"), prefix: "" });
    expect(config.ledger).toEqual({ kind: "pglite", dataDir: path.resolve("/srv/app/.data/db") });
    expect(config).toMatchObject({
      budgetMs: DEFAULTS.budgetMs,
      concurrency: 4,
      maxAttempts: 5,
      maxFileBytes: 10 * 1024 * 1024,
      logFormat: "text",
    });
  });

  it("DATABASE_URL selects real Postgres and tuning variables are parsed", () => {
    const config = loadConfig(
      { DATABASE_URL: "postgres://u@h:6543/db", WATCHER_BUDGET_MS: "5000", WATCHER_CONCURRENCY: "8" },
      "/x",
    );
    expect(config.ledger).toEqual({ kind: "postgres", url: "postgres://u@h:6543/db" });
    expect(config.budgetMs).toBe(5000);
    expect(config.concurrency).toBe(8);
  });

  it("names every bad variable at once", () => {
    try {
      loadConfig({ WATCHER_BUDGET_MS: "soon", WATCHER_CONCURRENCY: "0", DATABASE_URL: "mysql://x" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join("\n");
      expect(problems).toMatch(/WATCHER_BUDGET_MS/);
      expect(problems).toMatch(/WATCHER_CONCURRENCY: WATCHER_CONCURRENCY must be at least 1/);
      expect(problems).toMatch(/DATABASE_URL/);
    }
  });

  it("SUPABASE_URL + the secret key select the Storage bucket and the ledger over the REST API", () => {
    const config = loadConfig({
      SUPABASE_URL: "https://abcd.supabase.co/",
      SUPABASE_SECRET_KEY: "sb_secret_xyz",
      RESUME_PREFIX: "inbox",
    });
    const supabase = {
      url: "https://abcd.supabase.co",
      key: "sb_secret_xyz",
      keyVariable: "SUPABASE_SECRET_KEY",
    };
    expect(config.bucket).toEqual({ kind: "supabase", supabase, bucket: "msmm-resumes", prefix: "inbox" });
    expect(config.ledger).toEqual({ kind: "supabase-rpc", supabase });
  });

  it("DATABASE_URL wins for the ledger while Storage stays the bucket", () => {
    const config = loadConfig({
      SUPABASE_URL: "https://abcd.supabase.co",
      SUPABASE_SERVICE_ROLE_KEY: jwt({ role: "service_role" }),
      DATABASE_URL: "postgres://u@pooler:6543/postgres",
    });
    expect(config.ledger).toEqual({ kind: "postgres", url: "postgres://u@pooler:6543/postgres" });
    expect(config.bucket).toMatchObject({
      kind: "supabase",
      supabase: { keyVariable: "SUPABASE_SERVICE_ROLE_KEY" },
    });
  });

  it.each([
    [{}, /SUPABASE_SECRET_KEY: SUPABASE_URL is set/],
    [{ SUPABASE_SECRET_KEY: "sb_publishable_abc" }, /publishable key/],
    [
      { SUPABASE_SERVICE_ROLE_KEY: jwt({ role: "anon" }) },
      /SUPABASE_SERVICE_ROLE_KEY: this is the legacy anon key/,
    ],
    [{ SUPABASE_SECRET_KEY: "hunter2" }, /not a Supabase secret key/],
    [
      { SUPABASE_URL: "abcd.supabase.co", SUPABASE_SECRET_KEY: "sb_secret_x" },
      /SUPABASE_URL: must be the project URL/,
    ],
  ])("refuses a key or URL that cannot run the watcher (%o)", (env, message) => {
    expect(() => loadConfig({ SUPABASE_URL: "https://abcd.supabase.co", ...env })).toThrow(message);
  });
});

/** An unsigned JWT with these claims: enough for the role check, which never verifies (the server does). */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "HS256", typ: "JWT" })}.${part(claims)}.signature`;
}
