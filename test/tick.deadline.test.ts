import { describe, expect, it } from "vitest";
import { textResume } from "./support/folders.ts";
import { CountingParser, HangingParser } from "./support/parsers.ts";
import { tickFolder } from "./support/tick.ts";
import { useTickWorld } from "./support/tick-world.ts";

describe("tick deadline", () => {
  const world = useTickWorld();

  it("returns within budget + 1 s when the parser never answers, releasing the file with no attempt spent", async () => {
    await world.folder.write("hang.txt", textResume(1));
    const budgetMs = 2_000;
    const started = performance.now();
    const summary = await tickFolder(world.ledger, world.folder.dir, new HangingParser(), {
      budgetMs,
      concurrency: 1,
      initialEstimateMs: 10,
    });
    const elapsed = performance.now() - started;

    expect(elapsed).toBeLessThan(budgetMs + 1_000);
    expect(summary).toMatchObject({
      claimed: 1,
      released: 1,
      done: 0,
      failed: 0,
      backlog: 1,
      outcome: "deadline",
    });
    const [row] = await world.ledger.exportFiles({ bucket: "test-bucket" });
    expect(row).toMatchObject({ path: "hang.txt", status: "pending", error_code: null });
    const status = await world.ledger.getStatus({ lastRuns: 1, topErrors: 5 });
    expect(status.counts.pending).toBe(1);
    expect(status.ready).toBe(1); // released files are due at once: no backoff, no attempt spent
  });

  it("stops claiming when the next file would not fit, leaving the rest pending and untouched", async () => {
    for (let i = 0; i < 10; i += 1) await world.folder.write(`r${i}.txt`, textResume(i));
    const parser = new CountingParser(400);
    const summary = await tickFolder(world.ledger, world.folder.dir, parser, {
      budgetMs: 1_500,
      concurrency: 1,
      initialEstimateMs: 400,
    });

    // 1.5 s budget / 0.4 s per file: it must stop before the deadline instead of starting a file it cannot finish.
    expect(summary.released).toBe(0);
    expect(summary.done).toBe(parser.calls);
    expect(summary.done).toBeGreaterThan(0);
    expect(summary.done).toBeLessThan(10);
    expect(summary.backlog).toBe(10 - summary.done);
    expect(summary.outcome).toBe("deadline");
  });
});
