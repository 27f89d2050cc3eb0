import { describe, expect, it } from "vitest";
import { estimateCostUsd, withCost } from "../src/cli/report.ts";
import { ConfigError, DEFAULT_MODEL_PRICES, loadConfig } from "../src/config.ts";
import type { LedgerStatus } from "../src/ledger/port.ts";
import { openRuntime } from "../src/runtime.ts";

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env, "/x");
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("config: token prices and the parser fallback", () => {
  it("prices the default model on api.openai.com at its list price, nothing else without OPENAI_PRICE_*", () => {
    expect(loadConfig({}, "/x").prices).toEqual({ inputPerMTok: 0.15, outputPerMTok: 0.6 });
    expect(DEFAULT_MODEL_PRICES.model).toBe("gpt-4o-mini");
    expect(loadConfig({ OPENAI_MODEL: "gpt-4.1" }, "/x").prices).toBeNull();
    expect(loadConfig({ OPENAI_BASE_URL: "http://localhost:11434/v1" }, "/x").prices).toBeNull();
  });

  it("reads both OPENAI_PRICE_* variables, and refuses one without the other or a bad number", () => {
    const env = {
      OPENAI_MODEL: "llama3.1",
      OPENAI_PRICE_INPUT_PER_MTOK: "2",
      OPENAI_PRICE_OUTPUT_PER_MTOK: "8",
    };
    expect(loadConfig(env, "/x").prices).toEqual({ inputPerMTok: 2, outputPerMTok: 8 });
    expect(problems({ OPENAI_PRICE_INPUT_PER_MTOK: "2" }).join("\n")).toMatch(/set both prices/);
    expect(problems({ OPENAI_PRICE_INPUT_PER_MTOK: "cheap", OPENAI_PRICE_OUTPUT_PER_MTOK: "1" })[0]).toMatch(
      /^OPENAI_PRICE_INPUT_PER_MTOK:/,
    );
  });

  it("estimates the cost per million tokens, null when prices are unknown", () => {
    const usage = { prompt_tokens: 2_000_000, completion_tokens: 500_000 };
    expect(estimateCostUsd(usage, { inputPerMTok: 0.15, outputPerMTok: 0.6 })).toBeCloseTo(0.6, 9);
    expect(
      estimateCostUsd({ prompt_tokens: 1234, completion_tokens: 56 }, { inputPerMTok: 1, outputPerMTok: 2 }),
    ).toBe(0.001346);
    expect(estimateCostUsd(usage, null)).toBeNull();
    const status = {
      usage_24h: { prompt_tokens: 1_000_000, completion_tokens: 0 },
      rate_limits: [],
    } as unknown as LedgerStatus;
    expect(withCost(status, { inputPerMTok: 3, outputPerMTok: 0 }).usage_24h).toEqual({
      prompt_tokens: 1_000_000,
      completion_tokens: 0,
      estimated_cost_usd: 3,
    });
  });

  it("PARSER_FALLBACK=heuristic wraps the OpenAI parser, keeping its identity", async () => {
    expect(problems({ PARSER_FALLBACK: "gpt" }).join("\n")).toMatch(/PARSER_FALLBACK must be heuristic/);
    expect(loadConfig({ PARSER_FALLBACK: "heuristic" }, "/x").notices.join("\n")).toMatch(
      /PARSER_FALLBACK has no effect/,
    );
    const config = loadConfig({ OPENAI_API_KEY: "sk-abc", PARSER_FALLBACK: "heuristic" }, "/x");
    const runtime = await openRuntime({ ...config, ledger: { kind: "pglite", dataDir: "memory://" } });
    try {
      expect(runtime.parser.constructor.name).toBe("FallbackParser");
      expect(runtime.parser).toMatchObject({ name: "openai", model: "gpt-4o-mini" });
    } finally {
      await runtime.close();
    }
  });
});
