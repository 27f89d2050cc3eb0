/**
 * A tick in its own process, for the crash-recovery test: the parent kills it with SIGKILL mid-run.
 * Env: DB_URL, BUCKET_DIR. Prints "done <path>" per finished file so the parent knows when to strike.
 */
import { LocalFolderBucket } from "../../src/bucket/local.ts";
import { openLedger } from "../../src/ledger/open.ts";
import { runTick } from "../../src/tick.ts";
import { CountingParser } from "./parsers.ts";

const ledger = await openLedger({ databaseUrl: process.env.DB_URL ?? "", migrate: false });
const bucket = new LocalFolderBucket(process.env.BUCKET_DIR ?? "", { name: "test-bucket" });
await runTick(
  {
    ledger,
    bucket,
    parser: new CountingParser(100),
    onProgress: (event) => {
      if (event.report?.outcome === "done") process.stdout.write(`done ${event.path}\n`);
    },
  },
  {
    trigger: "test",
    budgetMs: 60_000,
    concurrency: 2,
    maxAttempts: 3,
    maxFileBytes: 1024 * 1024,
    worker: "doomed",
  },
);
await ledger.close();
