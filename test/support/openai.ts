import { setMaxListeners } from "node:events";
import { OpenAIParser, type OpenAIParserOptions } from "../../src/parse/openai/index.ts";
import type { FakeOpenAI } from "./openai-server.ts";

/** The real OpenAI adapter pointed at a fake server; fast defaults for tests. */
export function parserFor(fake: FakeOpenAI, overrides: Partial<OpenAIParserOptions> = {}): OpenAIParser {
  return new OpenAIParser({
    apiKey: "sk-test-not-a-real-key",
    baseURL: fake.baseURL,
    model: "fake-model",
    timeoutMs: 5_000,
    maxRetries: 0,
    maxInputChars: 24_000,
    ...overrides,
  });
}

/** A signal that never fires, shared by many calls (the SDK adds a listener per request). */
export const never = new AbortController().signal;
setMaxListeners(0, never);
