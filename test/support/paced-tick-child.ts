/**
 * One tick with the OpenAI parser pacing on the ledger's shared schedule, in its own process (the two-process
 * pacing test). Env: DB_URL, BUCKET_DIR, BASE_URL, BUDGET_MS. Prints the tick's summary as one JSON line.
 */
import { LocalFolderBucket } from "../../src/bucket/local.ts";
import { openLedger } from "../../src/ledger/open.ts";
import { LedgerSchedule } from "../../src/pace/ledger-schedule.ts";
import { OpenAIParser } from "../../src/parse/openai/index.ts";
import { runTick } from "../../src/tick.ts";

const ledger = await openLedger({ databaseUrl: process.env.DB_URL ?? "", migrate: false });
const parser = new OpenAIParser({
  apiKey: "sk-test-not-a-real-key",
  baseURL: process.env.BASE_URL ?? "",
  model: "paced-model",
  timeoutMs: 10_000,
  maxRetries: 0,
  maxInputChars: 24_000,
  schedule: new LedgerSchedule(ledger),
});
const summary = await runTick(
  { ledger, bucket: new LocalFolderBucket(process.env.BUCKET_DIR ?? "", { name: "test-bucket" }), parser },
  {
    trigger: "test",
    budgetMs: Number(process.env.BUDGET_MS ?? "8000"),
    concurrency: 16,
    maxAttempts: 3,
    maxFileBytes: 1024 * 1024,
  },
);
await ledger.close();
process.stdout.write(`${JSON.stringify(summary)}\n`);
