import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { textResume } from "./support/folders.ts";
import { parserFor } from "./support/openai.ts";
import { type FakeOpenAI, startFakeOpenAI } from "./support/openai-server.ts";
import { fileRows, storedResume } from "./support/openai-tick.ts";
import { tickFolder } from "./support/tick.ts";
import { useTickWorld } from "./support/tick-world.ts";

describe("tick with the OpenAI parser: per-file failures", () => {
  const world = useTickWorld();
  let fake: FakeOpenAI;

  beforeEach(async () => {
    fake = await startFakeOpenAI();
    await world.folder.write("one.txt", textResume(1));
  });
  afterEach(async () => {
    await fake.close();
  });

  const tick = (overrides = {}) =>
    tickFolder(world.ledger, world.folder.dir, parserFor(fake), {
      concurrency: 1,
      initialEstimateMs: 10,
      ...overrides,
    });

  it("stores the candidate with parser identity and token usage", async () => {
    fake.script({ kind: "success", usage: { prompt_tokens: 700, completion_tokens: 90 } });
    const summary = await tick();
    expect(summary).toMatchObject({ done: 1, failed: 0 });
    expect(await storedResume(world.ledger, "one.txt")).toEqual({
      parser_name: "openai",
      parser_model: "fake-model",
      prompt_tokens: 700,
      truncated: false,
    });
  });

  it("returns within a 3 s budget when the server never answers; the file is pending with no attempt spent", async () => {
    fake.fallback = { kind: "hang" };
    const started = performance.now();
    const summary = await tick({ budgetMs: 3_000 });
    expect(performance.now() - started).toBeLessThan(4_000);
    expect(summary).toMatchObject({ claimed: 1, released: 1, done: 0, failed: 0, retrying: 0 });
    expect(await fileRows(world.ledger)).toMatchObject([{ path: "one.txt", status: "pending", attempts: 0 }]);
  });

  it("5xx: the file goes back to pending with backoff, one attempt spent (parser_error)", async () => {
    fake.fallback = { kind: "server_error" };
    const summary = await tick();
    expect(summary).toMatchObject({ retrying: 1, failed: 0, done: 0 });
    expect(await fileRows(world.ledger)).toMatchObject([
      { status: "pending", attempts: 1, last_error_code: "parser_error", deferred: true },
    ]);
  });

  it("non-JSON content twice: failed with invalid_candidate", async () => {
    fake.fallback = { kind: "not_json" };
    const summary = await tick();
    expect(summary).toMatchObject({ failed: 1, done: 0 });
    expect(fake.requests).toHaveLength(2);
    expect(await fileRows(world.ledger)).toMatchObject([
      { status: "failed", last_error_code: "invalid_candidate" },
    ]);
  });

  it("one bad answer then a good one: done", async () => {
    fake.script({ kind: "wrong_shape" }, { kind: "success" });
    const summary = await tick();
    expect(summary).toMatchObject({ done: 1, failed: 0 });
    expect(await fileRows(world.ledger)).toMatchObject([{ status: "done", attempts: 1 }]);
  });

  it("refusal: failed with parser_refused, not retried", async () => {
    fake.fallback = { kind: "refusal" };
    const summary = await tick();
    expect(summary).toMatchObject({ failed: 1 });
    expect(fake.requests).toHaveLength(1);
    expect(await fileRows(world.ledger)).toMatchObject([
      { status: "failed", last_error_code: "parser_refused" },
    ]);
  });

  it('finish_reason "length" then success: done, with the shorter input recorded as truncated', async () => {
    fake.script({ kind: "length" }, { kind: "success" });
    const summary = await tick();
    expect(summary).toMatchObject({ done: 1 });
    const [first, second] = fake.requests.map((r) => r.body.messages[1]?.content.length ?? 0);
    expect(second).toBeLessThan(first ?? 0);
    expect((await storedResume(world.ledger, "one.txt")).truncated).toBe(true);
  });
});
