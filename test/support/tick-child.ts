/**
 * A tick in its own process, for the crash-recovery test: the parent kills it with SIGKILL mid-run.
 * Env: DB_URL, BUCKET_DIR, ANSWERED (files parsed before the parser stalls, so leases are surely held).
 */
import { LocalFolderBucket } from "../../src/bucket/local.ts";
import { openLedger } from "../../src/ledger/open.ts";
import { runTick } from "../../src/tick.ts";
import { StallingParser } from "./parsers.ts";

const ledger = await openLedger({ databaseUrl: process.env.DB_URL ?? "", migrate: false });
const bucket = new LocalFolderBucket(process.env.BUCKET_DIR ?? "", { name: "test-bucket" });
await runTick(
  {
    ledger,
    bucket,
    parser: new StallingParser(Number(process.env.ANSWERED ?? "5")),
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
