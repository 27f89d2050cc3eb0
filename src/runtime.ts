import { LocalFolderBucket } from "./bucket/local.ts";
import type { Bucket } from "./bucket/port.ts";
import type { Config } from "./config.ts";
import { openLedger } from "./ledger/open.ts";
import type { Ledger } from "./ledger/port.ts";
import { FallbackParser } from "./parse/fallback.ts";
import { HeuristicParser } from "./parse/heuristic/index.ts";
import { OpenAIParser } from "./parse/openai/index.ts";
import type { ResumeParser } from "./parse/port.ts";

export interface Runtime {
  ledger: Ledger;
  bucket: Bucket;
  parser: ResumeParser;
  close(): Promise<void>;
}

/**
 * Builds the adapters a Config names. The embedded database (PGlite) applies pending migrations itself, since
 * nobody else will; a DATABASE_URL database is migrated on purpose (`resume-watcher migrate` or
 * `supabase db push`), never as a side effect of a tick.
 */
export async function openRuntime(config: Config, options: { migrate?: boolean } = {}): Promise<Runtime> {
  const ledger =
    config.ledger.kind === "postgres"
      ? await openLedger({ databaseUrl: config.ledger.url, migrate: options.migrate ?? false })
      : await openLedger({ dataDir: config.ledger.dataDir, migrate: options.migrate ?? true });
  const bucket = new LocalFolderBucket(config.bucket.dir, { prefix: config.bucket.prefix });
  const parser: ResumeParser =
    config.parser.kind !== "openai"
      ? new HeuristicParser()
      : config.parser.fallback === "heuristic"
        ? new FallbackParser(new OpenAIParser(config.parser), new HeuristicParser())
        : new OpenAIParser(config.parser);
  return { ledger, bucket, parser, close: () => ledger.close() };
}
