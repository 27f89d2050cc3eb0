import { expect, it } from "vitest";
import type { CallLedger } from "../src/ledger/call-ledger.ts";
import { forEachBackend } from "./support/db.ts";
import { candidate, claimOne, seedPending } from "./support/ledger-fixtures.ts";

const OPENAI = { name: "openai", version: "3", model: "gpt-test" };

/** Claims the next file and stores a result with this token use. */
async function parseNext(ledger: CallLedger, prompt: number, completion: number, hash: string) {
  const file = await claimOne(ledger);
  await ledger.completeFile({
    id: file.id,
    leaseToken: file.leaseToken,
    contentHash: hash,
    candidate: candidate(),
    parser: OPENAI,
    usage: { prompt_tokens: prompt, completion_tokens: completion },
    textChars: 100,
    truncated: false,
  });
  return file;
}

forEachBackend("usage: parser tokens per run and over the last 24 h", (ctx) => {
  it("sums the tokens of results stored in the last 24 h, leaving out older ones and the offline parser", async () => {
    await seedPending(ctx.ledger, ["a.pdf", "b.pdf", "c.pdf", "old.pdf"]);
    await parseNext(ctx.ledger, 1000, 200, "h-a");
    await parseNext(ctx.ledger, 500, 50, "h-b");
    const offline = await claimOne(ctx.ledger);
    await ctx.ledger.completeFile({
      id: offline.id,
      leaseToken: offline.leaseToken,
      contentHash: "h-c",
      candidate: candidate(),
      parser: { name: "heuristic", version: "1", model: null },
      usage: null,
      textChars: 100,
      truncated: false,
    });
    const old = await parseNext(ctx.ledger, 9000, 900, "h-old");
    await ctx.sql.query(
      "update watcher.resumes set updated_at = now() - interval '25 hours' where file_id = $1",
      [old.id],
    );

    const { usage_24h } = await ctx.ledger.getStatus({ lastRuns: 0, topErrors: 0 });

    expect(usage_24h).toEqual({ prompt_tokens: 1500, completion_tokens: 250 });
  });

  it("records the tokens a tick passes on its run row", async () => {
    const { runId } = await ctx.ledger.startRun({ trigger: "test", worker: "w", budgetMs: 1000 });
    const counts = { listed: 2, new: 2, claimed: 2, done: 2, skipped: 0, failed: 0, released: 0 };
    await ctx.ledger.finishRun({
      runId,
      counts: { ...counts, prompt_tokens: 4321, completion_tokens: 123 },
      outcome: "completed",
      error: null,
    });

    const [run] = (await ctx.ledger.getStatus({ lastRuns: 1, topErrors: 0 })).last_runs;
    expect(run).toMatchObject({ prompt_tokens: 4321, completion_tokens: 123 });
  });
});
