import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULTS, loadConfig } from "../src/config.ts";
import { openRuntime } from "../src/runtime.ts";

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env, "/x");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}

describe("config: the OpenAI parser", () => {
  it("uses the offline parser without a key", () => {
    expect(loadConfig({}, "/x").parser).toEqual({ kind: "heuristic" });
  });

  it("chooses openai when OPENAI_API_KEY is set, with documented defaults and no notice", () => {
    const config = loadConfig({ OPENAI_API_KEY: "sk-abc" }, "/x");
    expect(config.parser).toEqual({
      kind: "openai",
      apiKey: "sk-abc",
      baseURL: undefined,
      model: DEFAULTS.openaiModel,
      timeoutMs: 20_000,
      maxRetries: 1,
      maxInputChars: 24_000,
      fallback: null,
    });
    expect(config.notices).toEqual([]);
  });

  it("reads every OPENAI_ variable (an Ollama-style compatible server)", () => {
    const config = loadConfig(
      {
        OPENAI_API_KEY: "ollama",
        OPENAI_BASE_URL: "http://localhost:11434/v1",
        OPENAI_MODEL: "llama3.1",
        OPENAI_TIMEOUT_MS: "5000",
        OPENAI_MAX_RETRIES: "0",
        OPENAI_MAX_INPUT_CHARS: "8000",
      },
      "/x",
    );
    expect(config.parser).toMatchObject({
      kind: "openai",
      baseURL: "http://localhost:11434/v1",
      model: "llama3.1",
      timeoutMs: 5000,
      maxRetries: 0,
      maxInputChars: 8000,
    });
  });

  it("PARSER=heuristic wins over a key; PARSER=openai without a key names OPENAI_API_KEY", () => {
    expect(loadConfig({ PARSER: "heuristic", OPENAI_API_KEY: "sk-abc" }, "/x").parser.kind).toBe("heuristic");
    expect(problems({ PARSER: "openai" }).join("\n")).toMatch(/^OPENAI_API_KEY:/);
    expect(problems({ PARSER: "llm" }).join("\n")).toMatch(/PARSER must be openai or heuristic/);
  });

  it("names bad OPENAI_ variables without echoing the key", () => {
    const found = problems({
      OPENAI_API_KEY: "sk-secret-value",
      OPENAI_BASE_URL: "not a url",
      OPENAI_TIMEOUT_MS: "soon",
      OPENAI_MAX_RETRIES: "9",
    });
    expect(found.map((p) => p.split(":")[0])).toEqual(
      expect.arrayContaining(["OPENAI_BASE_URL", "OPENAI_TIMEOUT_MS", "OPENAI_MAX_RETRIES"]),
    );
    expect(found.join("\n")).not.toContain("sk-secret-value");
  });

  it("the runtime builds the OpenAI parser the config names", async () => {
    const config = loadConfig({ OPENAI_API_KEY: "sk-abc", OPENAI_MODEL: "gpt-4.1-mini" }, "/x");
    const runtime = await openRuntime({ ...config, ledger: { kind: "pglite", dataDir: "memory://" } });
    try {
      expect(runtime.parser).toMatchObject({ name: "openai", model: "gpt-4.1-mini" });
    } finally {
      await runtime.close();
    }
  });
});
