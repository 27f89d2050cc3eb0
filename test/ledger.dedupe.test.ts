import { expect, it } from "vitest";
import { forEachBackend } from "./support/db.ts";
import { BUCKET, candidate, claimOne, countWhere, fileRow, seedPending } from "./support/ledger-fixtures.ts";

const HASH = "f".repeat(64);

forEachBackend("dedupe: reusing a result by content hash", (ctx) => {
  /** Parses "first.pdf" with token usage, then claims "second.pdf". */
  async function firstDoneSecondClaimed() {
    await seedPending(ctx.ledger, ["first.pdf", "second.pdf"]);
    const first = await claimOne(ctx.ledger);
    await ctx.ledger.completeFile({
      id: first.id,
      leaseToken: first.leaseToken,
      contentHash: HASH,
      candidate: candidate({ name: "Same Person" }),
      parser: { name: "openai", version: "3", model: "gpt-test" },
      usage: { prompt_tokens: 900, completion_tokens: 100 },
      textChars: 321,
      truncated: false,
    });
    return { first, second: await claimOne(ctx.ledger) };
  }

  it("copies the stored result to a file with the same bytes and marks it done, spending no tokens", async () => {
    const { second } = await firstDoneSecondClaimed();

    const result = await ctx.ledger.reuseParsedResult({
      id: second.id,
      leaseToken: second.leaseToken,
      contentHash: HASH,
    });

    expect(result).toEqual({ ok: true, status: "done", reused: true, leaseLost: false });
    expect(await fileRow(ctx.sql, "second.pdf")).toMatchObject({
      status: "done",
      content_hash: HASH,
      lease_token: null,
    });
    const [copy] = await ctx.sql.query(
      `select name, candidate ->> 'name' as candidate_name, parser_name, parser_model, prompt_tokens,
              completion_tokens, text_chars from watcher.resumes where file_id = $1`,
      [second.id],
    );
    expect(copy).toEqual({
      name: "Same Person",
      candidate_name: "Same Person",
      parser_name: "openai",
      parser_model: "gpt-test",
      prompt_tokens: 0,
      completion_tokens: 0,
      text_chars: 321,
    });
    const exported = await ctx.ledger.exportFiles({ bucket: BUCKET });
    expect(exported.map((r) => r.candidate?.name)).toEqual(["Same Person", "Same Person"]);
  });

  it("reports no match as ok false / processing and changes nothing: the lease is still good", async () => {
    const { second } = await firstDoneSecondClaimed();

    const result = await ctx.ledger.reuseParsedResult({
      id: second.id,
      leaseToken: second.leaseToken,
      contentHash: "0".repeat(64),
    });

    expect(result).toEqual({ ok: false, status: "processing", reused: false, leaseLost: false });
    expect(await fileRow(ctx.sql, "second.pdf")).toMatchObject({
      status: "processing",
      lease_token: second.leaseToken,
      content_hash: null,
    });
    expect(await countWhere(ctx.sql, "watcher.resumes")).toBe(1);
  });

  it("reports a lost lease distinctly and copies nothing", async () => {
    const { second } = await firstDoneSecondClaimed();
    await ctx.ledger.releaseFile({ id: second.id, leaseToken: second.leaseToken });

    const result = await ctx.ledger.reuseParsedResult({
      id: second.id,
      leaseToken: second.leaseToken,
      contentHash: HASH,
    });

    expect(result).toEqual({ ok: false, status: "pending", reused: false, leaseLost: true });
    expect(await countWhere(ctx.sql, "watcher.resumes")).toBe(1);
  });

  it("reuses the file's own earlier result when it was touched without a content change", async () => {
    const { first } = await firstDoneSecondClaimed();
    await ctx.sql.query(
      "update watcher.resume_files set status = 'pending', lease_token = null where id = $1",
      [first.id],
    );
    await ctx.sql.query("update watcher.resume_files set priority = 1 where id = $1", [first.id]);
    const again = await claimOne(ctx.ledger);
    expect(again.id).toBe(first.id);

    const result = await ctx.ledger.reuseParsedResult({
      id: again.id,
      leaseToken: again.leaseToken,
      contentHash: HASH,
    });

    expect(result.ok).toBe(true);
    expect(
      await countWhere(ctx.sql, "watcher.resumes", `file_id = ${first.id} and name = 'Same Person'`),
    ).toBe(1);
  });
});
