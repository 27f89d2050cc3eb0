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

  it("refuses a Supabase configuration this version cannot serve rather than silently watching a local folder", () => {
    expect(() => loadConfig({ SUPABASE_URL: "https://x.supabase.co" })).toThrow(/SUPABASE_URL/);
  });
});
