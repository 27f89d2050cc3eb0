import { expect, it } from "vitest";
import type { RunCounts } from "../src/ledger/port.ts";
import { forEachBackend } from "./support/db.ts";
import { countWhere } from "./support/ledger-fixtures.ts";

const COUNTS: RunCounts = {
  listed: 10,
  new: 4,
  claimed: 4,
  done: 2,
  skipped: 1,
  failed: 1,
  released: 0,
  prompt_tokens: 1_800,
  completion_tokens: 240,
};

forEachBackend("runs: the run history", (ctx) => {
  it("opens a run row with its trigger, worker and budget", async () => {
    const { runId } = await ctx.ledger.startRun({
      trigger: "schedule",
      worker: "netlify-1",
      budgetMs: 25_000,
    });

    expect(runId).toMatch(/^[0-9a-f-]{36}$/);
    const [row] = await ctx.sql.query(
      "select trigger, worker, budget_ms, finished_at, outcome, listed from watcher.watcher_runs where run_id = $1",
      [runId],
    );
    expect(row).toEqual({
      trigger: "schedule",
      worker: "netlify-1",
      budget_ms: 25_000,
      finished_at: null,
      outcome: null,
      listed: 0,
    });
  });

  it("closes a run with counts, outcome, error and its duration", async () => {
    const { runId } = await ctx.ledger.startRun({ trigger: "cli", worker: "me", budgetMs: 1000 });
    await ctx.sql.query("update watcher.watcher_runs set started_at = now() - interval '1500 milliseconds'");

    await ctx.ledger.finishRun({
      runId,
      counts: COUNTS,
      outcome: "deadline",
      error: "ran out of time",
      sync: "storage_sql",
    });

    const [run] = (await ctx.ledger.getStatus({ lastRuns: 1, topErrors: 0 })).last_runs;
    expect(run).toMatchObject({ ...COUNTS, run_id: runId, trigger: "cli", worker: "me", budget_ms: 1000 });
    expect(run).toMatchObject({ outcome: "deadline", error: "ran out of time", sync: "storage_sql" });
    expect(run?.duration_ms).toBeGreaterThanOrEqual(1500);
    expect(run?.duration_ms).toBeLessThan(10_000);
    expect(Date.parse(run?.finished_at ?? "")).toBeGreaterThan(Date.parse(run?.started_at ?? ""));
  });

  it("lists the last runs newest first, limited", async () => {
    for (const worker of ["w1", "w2", "w3"]) {
      await ctx.ledger.startRun({ trigger: "test", worker, budgetMs: 1 });
      // Distinct start times: runs inside one test would otherwise share now().
      await ctx.sql.query(
        "update watcher.watcher_runs set started_at = started_at - interval '1 minute' where worker <> $1",
        [worker],
      );
    }

    const { last_runs } = await ctx.ledger.getStatus({ lastRuns: 2, topErrors: 0 });

    expect(last_runs.map((r) => r.worker)).toEqual(["w3", "w2"]);
    expect(Object.keys(last_runs[0] ?? {}).sort()).toEqual(
      [
        "run_id",
        "trigger",
        "worker",
        "budget_ms",
        "started_at",
        "finished_at",
        "duration_ms",
        "listed",
        "new",
        "claimed",
        "done",
        "skipped",
        "failed",
        "released",
        "prompt_tokens",
        "calls",
        "rate_limited",
        "paced_ms",
        "completion_tokens",
        "outcome",
        "error",
        "sync",
      ].sort(),
    );
  });

  it("closes runs past their budget plus the 60 s grace as abandoned; live and finished runs are untouched", async () => {
    const started = async (worker: string, agoS: number) => {
      const { runId } = await ctx.ledger.startRun({ trigger: "schedule", worker, budgetMs: 1_000 });
      await ctx.sql.query(
        `update watcher.watcher_runs set started_at = now() - $2::integer * interval '1 second' where run_id = $1`,
        [runId, agoS],
      );
      return runId;
    };
    const killed = await started("killed", 62); // 1 s budget + 60 s grace = 61 s
    const live = await started("live", 50);
    const finished = await started("finished", 600);
    await ctx.ledger.finishRun({ runId: finished, counts: COUNTS, outcome: "completed", error: null });

    expect(await ctx.ledger.closeAbandonedRuns({})).toEqual({ abandoned: 1 });
    expect(await ctx.ledger.closeAbandonedRuns({})).toEqual({ abandoned: 0 });

    const runs = (await ctx.ledger.getStatus({ lastRuns: 3, topErrors: 0 })).last_runs;
    const byId = (id: string) => runs.find((r) => r.run_id === id);
    expect(byId(killed)).toMatchObject({ outcome: "abandoned", duration_ms: null, done: 0 });
    expect(byId(killed)?.error).toMatch(/did not finish within its budget of 1000 ms plus 60000 ms/);
    expect(Date.parse(byId(killed)?.finished_at ?? "")).toBeGreaterThan(Date.now() - 60_000);
    expect(byId(live)).toMatchObject({ outcome: null, finished_at: null, error: null });
    expect(byId(finished)).toMatchObject({ outcome: "completed", error: null, done: COUNTS.done });
  });

  it("counts the run's own budget, and the grace is a parameter", async () => {
    const { runId } = await ctx.ledger.startRun({ trigger: "background", worker: "bg", budgetMs: 840_000 });
    await ctx.sql.query("update watcher.watcher_runs set started_at = now() - interval '870 seconds'");

    // 14.5 min < 14 min budget + 60 s grace: it may still be running. Without the grace it is past its budget.
    expect(await ctx.ledger.closeAbandonedRuns({})).toEqual({ abandoned: 0 });
    expect(await ctx.ledger.closeAbandonedRuns({ graceMs: 0 })).toEqual({ abandoned: 1 });
    const [run] = (await ctx.ledger.getStatus({ lastRuns: 1, topErrors: 0 })).last_runs;
    expect(run).toMatchObject({ run_id: runId, outcome: "abandoned" });
  });

  it("rejects finishing a run that does not exist", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";

    await expect(
      ctx.ledger.finishRun({ runId: missing, counts: COUNTS, outcome: "completed", error: null }),
    ).rejects.toThrow(missing);
    expect(await countWhere(ctx.sql, "watcher.watcher_runs")).toBe(0);
  });
});
