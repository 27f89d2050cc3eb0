import { stat } from "node:fs/promises";
import type { Bucket } from "./bucket/port.ts";
import type { SupabaseClient } from "./bucket/supabase/client.ts";
import { type Config, ConfigError } from "./config.ts";
import type { SupabaseConnection } from "./config-supabase.ts";
import type { Ledger } from "./ledger/port.ts";
import { LedgerSchedule } from "./pace/ledger-schedule.ts";
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
 * Builds the adapters a Config names, loading each adapter module only when it is used (a function bundle or a
 * local run never loads supabase-js or PGlite it does not need). The embedded database (PGlite) applies pending
 * migrations itself, since nobody else will; a DATABASE_URL or Supabase database is migrated on purpose
 * (`resume-watcher migrate` or `supabase db push`), never as a side effect of a tick.
 */
export async function openRuntime(config: Config, options: { migrate?: boolean } = {}): Promise<Runtime> {
  await assertFolders(config);
  const ledger = await openConfiguredLedger(config, options.migrate);
  try {
    const bucket = await openConfiguredBucket(config);
    return { ledger, bucket, parser: configuredParser(config, ledger), close: () => ledger.close() };
  } catch (error) {
    await ledger.close();
    throw error;
  }
}

/**
 * LOCAL_DB_DIR and LOCAL_BUCKET_DIR must be folders: a file there otherwise surfaces as a database that cannot
 * start or a bucket folder said not to exist. Missing folders are not checked here (the database creates its own;
 * a missing bucket folder stops the tick with its own message).
 */
async function assertFolders(config: Config): Promise<void> {
  const problems = await Promise.all([
    config.ledger.kind === "pglite"
      ? notAFolder("LOCAL_DB_DIR", config.ledger.dataDir, "a folder for the embedded database")
      : null,
    config.bucket.kind === "local"
      ? notAFolder("LOCAL_BUCKET_DIR", config.bucket.dir, "the folder of resumes to watch")
      : null,
  ]);
  const found = problems.filter((p): p is string => p !== null);
  if (found.length > 0) throw new ConfigError(found);
}

async function notAFolder(variable: string, dir: string, want: string): Promise<string | null> {
  const info = await stat(dir).catch(() => null);
  if (!info || info.isDirectory()) return null;
  return `${variable}: ${dir} is ${info.isFile() ? "a file" : "something else"}, not a folder; point ${variable} at ${want}`;
}

async function openConfiguredLedger(config: Config, migrate: boolean | undefined): Promise<Ledger> {
  const target = config.ledger;
  if (target.kind === "supabase-rpc") {
    if (migrate) {
      throw new ConfigError([
        "DATABASE_URL: migrations cannot be applied over Supabase's REST API. Set DATABASE_URL to the project's " +
          "connection string (Project Settings → Database → Connection string) for this command, or run " +
          "'supabase db push' from a clone",
      ]);
    }
    const { RpcLedger } = await import("./ledger/rpc-transport.ts");
    return new RpcLedger(await supabaseClient(target.supabase));
  }
  const { openLedger } = await import("./ledger/open.ts");
  return target.kind === "postgres"
    ? openLedger({ databaseUrl: target.url, migrate: migrate ?? false })
    : openLedger({ dataDir: target.dataDir, migrate: migrate ?? true });
}

async function openConfiguredBucket(config: Config): Promise<Bucket> {
  const source = config.bucket;
  if (source.kind === "supabase") {
    const { SupabaseStorageBucket } = await import("./bucket/supabase/index.ts");
    return new SupabaseStorageBucket(await supabaseClient(source.supabase), {
      bucket: source.bucket,
      prefix: source.prefix,
    });
  }
  const { LocalFolderBucket } = await import("./bucket/local.ts");
  return new LocalFolderBucket(source.dir, { prefix: source.prefix });
}

/** One client per process and connection: Storage and the RPC ledger share it. */
const clients = new Map<string, Promise<SupabaseClient>>();
function supabaseClient(connection: SupabaseConnection): Promise<SupabaseClient> {
  const id = `${connection.url}\n${connection.key}`;
  let client = clients.get(id);
  if (!client) {
    client = import("./bucket/supabase/client.ts").then((m) => m.openSupabaseClient(connection));
    clients.set(id, client);
  }
  return client;
}

/** The OpenAI parser paces its calls on the ledger's schedule: every process sharing the database paces together. */
function configuredParser(config: Config, ledger: Ledger): ResumeParser {
  if (config.parser.kind !== "openai") return new HeuristicParser();
  const openai = new OpenAIParser({ ...config.parser, schedule: new LedgerSchedule(ledger) });
  return config.parser.fallback === "heuristic" ? new FallbackParser(openai, new HeuristicParser()) : openai;
}
