import { LocalFolderBucket } from "../src/bucket/local.ts";
import { runTick } from "../src/tick.ts";
import { BACKEND_LABEL, type Backend, withLedger, withTempDir } from "./support/database.ts";
import { textResume, writeFiles } from "./support/documents.ts";
import { HangingParser } from "./support/parsers.ts";
import type { Benchmark, BenchOutput } from "./support/report.ts";
import { fmt, median, percentile } from "./support/stats.ts";

/**
 * The budget is a hard limit: ticks whose parser never answers (and ignores the abort signal) must still return
 * soon after the budget. Wall time of each `runTick` call minus the budget = overshoot.
 */

const BUDGET_MS = 2_000;
const CONCURRENCY = 4;
const PENDING_FILES = 6;
const TARGET_WORST_MS = 1_000;
/** Ticks per backend (full size): 20 on real Postgres; fewer on the embedded default to keep the suite short. */
const TICKS: [Backend, number][] = [
  ["postgres", 20],
  ["pglite-disk", 10],
];

interface Tick {
  ms: number;
  claimed: number;
  released: number;
  outcome: string;
}

async function ticks(backend: Backend, dir: string, count: number): Promise<Tick[]> {
  return withLedger(backend, async (ledger) => {
    const bucket = new LocalFolderBucket(dir, { name: "bench" });
    const parser = new HangingParser();
    const out: Tick[] = [];
    for (let i = 0; i < count; i += 1) {
      const started = performance.now();
      const summary = await runTick(
        { ledger, bucket, parser },
        {
          trigger: "bench",
          budgetMs: BUDGET_MS,
          concurrency: CONCURRENCY,
          maxAttempts: 5,
          maxFileBytes: 1 << 20,
        },
      );
      out.push({
        ms: performance.now() - started,
        claimed: summary.claimed,
        released: summary.released,
        outcome: summary.outcome,
      });
    }
    return out;
  });
}

export const deadlineBench: Benchmark = {
  name: "deadline",
  async run(ctx): Promise<BenchOutput> {
    const results = await withTempDir("rw-bench-deadline-", async (dir) => {
      await writeFiles(dir, PENDING_FILES, async (i) => ({ name: `cv-${i}.txt`, bytes: textResume(i) }));
      const out = new Map<Backend, Tick[]>();
      for (const [backend, full] of TICKS) {
        const count = ctx.quick ? 5 : full;
        ctx.log(
          `deadline: ${BACKEND_LABEL[backend]}, ${count} ticks of ${BUDGET_MS} ms with a hanging parser`,
        );
        out.set(backend, await ticks(backend, dir, count));
      }
      return out;
    });

    const notes: string[] = [];
    const rows = [...results].map(([backend, list]) => {
      const overshoot = list.map((t) => t.ms - BUDGET_MS);
      const odd = list.filter((t) => t.outcome !== "deadline" || t.released !== t.claimed || t.claimed === 0);
      if (odd.length > 0) {
        notes.push(
          `${BACKEND_LABEL[backend]}: ${odd.length} tick(s) did not end as expected (outcome deadline, every claimed ` +
            `file released): ${odd.map((t) => `${t.outcome} claimed ${t.claimed} released ${t.released}`).join("; ")}.`,
        );
      }
      return [
        BACKEND_LABEL[backend],
        String(list.length),
        fmt(median(overshoot), 0),
        fmt(percentile(overshoot, 95), 0),
        fmt(Math.max(...overshoot), 0),
        fmt(Math.min(...overshoot), 0),
        `${fmt(median(list.map((t) => t.claimed)))} / ${fmt(median(list.map((t) => t.released)))}`,
        overshoot.map((o) => fmt(o, 0)).join(" "),
      ];
    });
    const targets = [...results].map(([backend, list]) => {
      const worst = Math.max(...list.map((t) => t.ms - BUDGET_MS));
      return {
        metric: `worst overshoot past a ${fmt(BUDGET_MS)} ms budget, ${BACKEND_LABEL[backend]}`,
        target: `≤ ${fmt(TARGET_WORST_MS)} ms`,
        measured: `${fmt(worst, 0)} ms (median ${fmt(median(list.map((t) => t.ms - BUDGET_MS)), 0)} ms)`,
        met: worst <= TARGET_WORST_MS,
      };
    });
    return {
      title: `Deadline overshoot (budget ${fmt(BUDGET_MS)} ms, parser never answers)`,
      method: [
        `${PENDING_FILES} pending text files, a parser whose promise never settles and ignores the abort signal, ` +
          `budget ${fmt(BUDGET_MS)} ms, concurrency ${CONCURRENCY}: consecutive \`runTick\` calls on one ledger per ` +
          "backend (released files are pending again, so every tick has the same work). Overshoot = " +
          "wall time of the `runTick` call − budget; it covers aborting the in-flight files, releasing them, " +
          "counting the backlog and recording the run.",
      ],
      tables: [
        {
          headers: [
            "backend",
            "ticks",
            "median ms",
            "p95 ms",
            "worst ms",
            "best ms",
            "claimed / released",
            "every tick's overshoot, ms",
          ],
          rows,
        },
      ],
      targets,
      notes,
    };
  },
};
