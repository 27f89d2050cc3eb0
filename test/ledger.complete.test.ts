import { expect, it } from "vitest";
import { sqlErrorCode } from "../src/ledger/sql-client.ts";
import { forEachBackend } from "./support/db.ts";
import {
  candidate,
  claimOne,
  complete,
  countWhere,
  fileRow,
  object,
  PARSER,
  seedPending,
  syncObjects,
} from "./support/ledger-fixtures.ts";

interface ResumeRow {
  content_hash: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  location: string | null;
  years_experience: string | number | null;
  skills: string[];
  candidate: unknown;
  parser_name: string;
  parser_version: string;
  parser_model: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  text_chars: number;
  truncated: boolean;
}

const RESUME_COLUMNS = `content_hash, name, email, phone, location, years_experience::float8 as years_experience,
  skills, candidate, parser_name, parser_version, parser_model, prompt_tokens, completion_tokens, text_chars, truncated`;

forEachBackend("complete: storing the parsed candidate", (ctx) => {
  it("stores the candidate with typed columns and marks the file done, lease and error cleared", async () => {
    await seedPending(ctx.ledger, ["ada.pdf"]);
    const file = await claimOne(ctx.ledger);
    const parsed = candidate({
      phone: "+44 1",
      location: "London",
      years_experience: 7.5,
      skills: ["a", "b"],
    });

    const result = await ctx.ledger.completeFile({
      id: file.id,
      leaseToken: file.leaseToken,
      contentHash: "abc123",
      candidate: parsed,
      parser: { name: "openai", version: "2", model: "gpt-x" },
      usage: { prompt_tokens: 100, completion_tokens: 20 },
      textChars: 5000,
      truncated: true,
    });

    expect(result).toEqual({ ok: true, status: "done" });
    expect(await fileRow(ctx.sql, "ada.pdf")).toMatchObject({
      status: "done",
      done: true,
      content_hash: "abc123",
      lease_token: null,
      lease_owner: null,
      lease_expires_at: null,
      last_error_code: null,
    });
    const [row] = await ctx.sql.query<ResumeRow>(
      `select ${RESUME_COLUMNS} from watcher.resumes where file_id = $1`,
      [file.id],
    );
    expect(row).toEqual({
      content_hash: "abc123",
      name: "Ada Lovelace",
      email: "ada@example.com",
      phone: "+44 1",
      location: "London",
      years_experience: 7.5,
      skills: ["a", "b"],
      candidate: parsed,
      parser_name: "openai",
      parser_version: "2",
      parser_model: "gpt-x",
      prompt_tokens: 100,
      completion_tokens: 20,
      text_chars: 5000,
      truncated: true,
    });
  });

  it("fences out a stale token after the lease expired and the file was claimed again", async () => {
    await seedPending(ctx.ledger, ["a.pdf"]);
    const stale = await claimOne(ctx.ledger, "slow-worker");
    await ctx.ledger.releaseExpiredLeases({ maxAttempts: 5, asOf: new Date(Date.now() + 3_600_000) });
    const fresh = await claimOne(ctx.ledger, "fast-worker");

    expect(await complete(ctx.ledger, stale)).toEqual({ ok: false, status: "processing" });
    expect(await fileRow(ctx.sql, "a.pdf")).toMatchObject({
      lease_token: fresh.leaseToken,
      content_hash: null,
    });
    expect(await countWhere(ctx.sql, "watcher.resumes")).toBe(0);

    expect(await complete(ctx.ledger, fresh)).toEqual({ ok: true, status: "done" });
  });

  it("changes nothing for a file that is not processing, and reports a missing id as status null", async () => {
    await seedPending(ctx.ledger, ["a.pdf"]);
    const file = await claimOne(ctx.ledger);
    await ctx.ledger.releaseFile({ id: file.id, leaseToken: file.leaseToken });

    expect(await complete(ctx.ledger, file)).toEqual({ ok: false, status: "pending" });
    expect(await complete(ctx.ledger, { ...file, id: 999_999 })).toEqual({ ok: false, status: null });
    expect(await countWhere(ctx.sql, "watcher.resumes")).toBe(0);
  });

  it("replaces the stored candidate when a changed file is parsed again (one row per file)", async () => {
    await seedPending(ctx.ledger, ["a.pdf"]);
    await complete(ctx.ledger, await claimOne(ctx.ledger), "v1");
    await syncObjects(ctx.ledger, [object("a.pdf", "v2-etag")]);
    const again = await claimOne(ctx.ledger);

    await ctx.ledger.completeFile({
      id: again.id,
      leaseToken: again.leaseToken,
      contentHash: "v2",
      candidate: candidate({ name: "Grace Hopper" }),
      parser: PARSER,
      usage: null,
      textChars: 10,
      truncated: false,
    });

    const rows = await ctx.sql.query<ResumeRow>(`select ${RESUME_COLUMNS} from watcher.resumes`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ content_hash: "v2", name: "Grace Hopper", prompt_tokens: null });
    expect(await fileRow(ctx.sql, "a.pdf")).toMatchObject({
      status: "done",
      attempts: 1,
      content_hash: "v2",
    });
  });

  it("rejects a candidate that is not a JSON object (22023) and leaves the file processing", async () => {
    await seedPending(ctx.ledger, ["a.pdf"]);
    const file = await claimOne(ctx.ledger);

    const error = await ctx.sql
      .query(
        `select complete_file(p_id => $1, p_lease_token => $2, p_content_hash => 'h', p_candidate => '[]'::jsonb,
           p_parser_name => 'x', p_parser_version => '1')`,
        [file.id, file.leaseToken],
      )
      .catch((e: unknown) => e);

    expect(sqlErrorCode(error)).toBe("22023");
    expect(await fileRow(ctx.sql, "a.pdf")).toMatchObject({
      status: "processing",
      lease_token: file.leaseToken,
    });
  });
});
