import { LocalFolderBucket } from "../../src/bucket/local.ts";
import type { Ledger } from "../../src/ledger/port.ts";
import type { ResumeParser } from "../../src/parse/port.ts";
import { runTick, type TickOptions, type TickSummary } from "../../src/tick.ts";

/** Tick options for tests: generous budget, test trigger; override per test. */
export function tickOptions(overrides: Partial<TickOptions> = {}): TickOptions {
  return {
    trigger: "test",
    budgetMs: 20_000,
    concurrency: 4,
    maxAttempts: 3,
    maxFileBytes: 1024 * 1024,
    ...overrides,
  };
}

export function tickFolder(
  ledger: Ledger,
  dir: string,
  parser: ResumeParser,
  overrides: Partial<TickOptions> = {},
): Promise<TickSummary> {
  return runTick(
    { ledger, bucket: new LocalFolderBucket(dir, { name: "test-bucket" }), parser },
    tickOptions(overrides),
  );
}
