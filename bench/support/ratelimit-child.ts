/**
 * One worker process of the ratelimit benchmark: back-to-back ticks (a new parser per tick, as a new CLI process
 * or function invocation has) on a shared Postgres ledger, pacing on its shared schedule, until nothing is left
 * or the cap is reached. Prints its ticks as the RESULT line.
 */
import { LocalFolderBucket } from "../../src/bucket/local.ts";
import { openLedger } from "../../src/ledger/open.ts";
import { LedgerSchedule } from "../../src/pace/ledger-schedule.ts";
import { OpenAIParser } from "../../src/parse/openai/index.ts";
import { runTick } from "../../src/tick.ts";
import { childArgs, emitResult } from "./child.ts";

export interface RateLimitTick {
  /** ms since the benchmark's start (its clock, passed in) when the tick started. */
  startedAt: number;
  wallMs: number;
  done: number;
  released: number;
  calls: number;
  rateLimited: number;
  pacedMs: number;
  outcome: string;
  error: string | null;
  left: number;
}

const args = childArgs();
const required = (name: string): string => {
  const value = args.get(name);
  if (!value) throw new Error(`--${name} is required`);
  return value;
};
const origin = Number(required("origin"));
const capMs = Number(required("cap-ms"));
const ledger = await openLedger({ databaseUrl: required("database-url"), migrate: false });
const ticks: RateLimitTick[] = [];
try {
  for (;;) {
    const startedAt = Date.now() - origin;
    if (startedAt > capMs) break;
    const parser = new OpenAIParser({
      apiKey: "sk-bench-local",
      baseURL: required("base-url"),
      model: "bench-model",
      timeoutMs: 20_000,
      maxRetries: 1,
      maxInputChars: 24_000,
      schedule: new LedgerSchedule(ledger),
    });
    const summary = await runTick(
      { ledger, bucket: new LocalFolderBucket(required("dir"), { name: "bench" }), parser },
      {
        trigger: "bench",
        budgetMs: Number(required("budget-ms")),
        concurrency: Number(required("concurrency")),
        maxAttempts: 5,
        maxFileBytes: 10 * 1024 * 1024,
      },
    );
    const left = summary.backlog + summary.in_flight;
    ticks.push({
      startedAt,
      wallMs: Date.now() - origin - startedAt,
      done: summary.done,
      released: summary.released,
      calls: summary.calls,
      rateLimited: summary.rate_limited,
      pacedMs: summary.paced_ms,
      outcome: summary.outcome,
      error: summary.error,
      left,
    });
    if (summary.outcome === "error") throw new Error(`tick failed: ${summary.error}`);
    if (left === 0) break;
  }
} finally {
  await ledger.close();
}
emitResult(ticks);
