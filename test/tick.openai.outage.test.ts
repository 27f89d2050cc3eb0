import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalFolderBucket } from "../src/bucket/local.ts";
import { FallbackParser } from "../src/parse/fallback.ts";
import { HeuristicParser } from "../src/parse/heuristic/index.ts";
import type { ResumeParser } from "../src/parse/port.ts";
import { runTick } from "../src/tick.ts";
import { textResume } from "./support/folders.ts";
import { parserFor } from "./support/openai.ts";
import { type FakeOpenAI, startFakeOpenAI } from "./support/openai-server.ts";
import { fileRows } from "./support/openai-tick.ts";
import { closedPort } from "./support/ports.ts";
import { tickOptions } from "./support/tick.ts";
import { useTickWorld } from "./support/tick-world.ts";

describe("tick with the OpenAI parser: a server that is down or refuses the request itself", () => {
  const world = useTickWorld();
  let fake: FakeOpenAI;

  beforeEach(async () => {
    fake = await startFakeOpenAI();
    for (let i = 0; i < 8; i += 1) await world.folder.write(`r${i}.txt`, textResume(i));
  });
  afterEach(() => fake.close());

  const MODEL_NOT_FOUND = "The model `gpt-9` does not exist or you do not have access to it.";

  it.each([
    ["a closed port (after the SDK's retry)", "parser_unreachable", "ECONNREFUSED"],
    ["HTTP 400 model_not_found", "parser_rejected", MODEL_NOT_FOUND],
    ["HTTP 404 (OPENAI_BASE_URL without /v1)", "parser_rejected", "no route POST /chat/completions"],
  ])(
    "%s: files released with no attempt spent, the run ends error with the provider's message",
    async (kind, code, says) => {
      const parser = await parserForCase(kind);
      const summary = await tick(parser);

      expect(summary.claimed).toBeGreaterThan(0);
      expect(summary.claimed).toBeLessThanOrEqual(2); // only what the two slots had in flight
      expect(summary).toMatchObject({ released: summary.claimed, failed: 0, retrying: 0, outcome: "error" });
      expect(summary.error).toContain(code);
      expect(summary.error).toContain(says);
      expect(summary.error).not.toMatch(/sk-test/);
      const rows = await fileRows(world.ledger);
      expect(rows.every((r) => r.status === "pending" && r.attempts === 0 && !r.deferred)).toBe(true);
      const status = await world.ledger.getStatus({ lastRuns: 1, topErrors: 5 });
      expect(status.last_runs[0]).toMatchObject({ outcome: "error" });
      expect(status.last_runs[0]?.error).toContain(says);
    },
  );

  it("a 400 about one file's input (context length) stays that file's retryable parser_error", async () => {
    fake.script({
      kind: "http_error",
      status: 400,
      code: "context_length_exceeded",
      param: "messages",
      message: "This model's maximum context length is 8192 tokens.",
    });
    const summary = await tick(parserFor(fake));

    expect(summary).toMatchObject({ done: 7, retrying: 1, released: 0, outcome: "completed" });
    const retried = (await fileRows(world.ledger)).find((r) => r.status === "pending");
    expect(retried).toMatchObject({ attempts: 1, last_error_code: "parser_error", deferred: true });
  });

  it("PARSER_FALLBACK=heuristic fills the records while the server is unreachable", async () => {
    const port = await closedPort();
    const primary = parserFor(fake, { baseURL: `http://127.0.0.1:${port}/v1` });
    const summary = await tick(new FallbackParser(primary, new HeuristicParser()));
    expect(summary).toMatchObject({ done: 8, released: 0, outcome: "completed" });
  });

  async function parserForCase(kind: string): Promise<ResumeParser> {
    if (kind.startsWith("a closed port"))
      return parserFor(fake, { baseURL: `http://127.0.0.1:${await closedPort()}/v1`, maxRetries: 1 });
    if (kind.includes("404")) return parserFor(fake, { baseURL: fake.baseURL.replace(/\/v1$/, "") });
    fake.fallback = { kind: "http_error", status: 400, code: "model_not_found", message: MODEL_NOT_FOUND };
    return parserFor(fake);
  }

  function tick(parser: ResumeParser) {
    const bucket = new LocalFolderBucket(world.folder.dir, { name: "test-bucket" });
    return runTick(
      { ledger: world.ledger, bucket, parser },
      tickOptions({ concurrency: 2, initialEstimateMs: 10, budgetMs: 10_000 }),
    );
  }
});
