import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { COMMAND_HELP, MAIN_HELP } from "./cli/help.ts";
import { describeStatus, toCsv } from "./cli/report.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import type { ExportRow } from "./ledger/port.ts";
import { openRuntime } from "./runtime.ts";
import { readStatusReport, STATUS_DEFAULTS } from "./status-report.ts";

/** Exit codes scripts can rely on. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

class UsageError extends Error {}

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  json: { type: "boolean" },
  budget: { type: "string" },
  concurrency: { type: "string" },
  schedule: { type: "string" },
  now: { type: "boolean" },
  runs: { type: "string" },
  format: { type: "string" },
  out: { type: "string" },
  outdated: { type: "boolean" },
} as const;

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  } catch (error) {
    return usage(`${(error as Error).message}\nRun 'resume-watcher --help' for usage.`);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (!command) {
    process.stdout.write(`${MAIN_HELP}\n`);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const help = COMMAND_HELP[command];
  if (!help) return usage(`Unknown command "${command}".\n\n${MAIN_HELP}`);
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return EXIT.ok;
  }
  try {
    const config = loadConfig();
    for (const notice of config.notices) process.stderr.write(`note: ${notice}\n`);
    return await dispatch(command, rest, values, config);
  } catch (error) {
    if (error instanceof ConfigError)
      return usage(`${error.message}\nSee the configuration table in README.md.`);
    if (error instanceof UsageError) return usage(`${error.message}\n\n${help}`);
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
}

type Values = Partial<Record<keyof typeof OPTIONS, string | boolean>>;

async function dispatch(command: string, paths: string[], values: Values, config: Config): Promise<number> {
  const runFlags = () => ({
    json: values.json === true,
    budgetMs: positiveInt(values.budget, "--budget", config.budgetMs),
    concurrency: positiveInt(values.concurrency, "--concurrency", config.concurrency),
  });
  switch (command) {
    // Loaded on demand: the tick pulls in the extractors (pdf.js), ~1 s of start-up that status and export skip.
    case "run":
      return (await import("./cli/run.ts")).runCommand(config, runFlags());
    case "watch":
      return (await import("./cli/run.ts")).watchCommand(config, {
        ...runFlags(),
        schedule: typeof values.schedule === "string" ? values.schedule : "*/5 * * * *",
        now: values.now === true,
      });
    default:
      return withRuntime(config, command, async (runtime) => {
        const { ledger, bucket } = runtime;
        switch (command) {
          case "status": {
            const lastRuns = positiveInt(values.runs, "--runs", STATUS_DEFAULTS.lastRuns);
            const status = await readStatusReport(ledger, config.prices, lastRuns);
            process.stdout.write(
              values.json ? `${JSON.stringify(status, null, 2)}\n` : describeStatus(status),
            );
            return EXIT.ok;
          }
          case "retry": {
            const { retried } = await ledger.retryFiles({ bucket: bucket.name, paths });
            process.stdout.write(
              `${retried} file(s) back in the queue; they are processed on the next run.\n`,
            );
            return EXIT.ok;
          }
          case "reprocess":
            return reprocess(runtime, paths, values.outdated === true);
          case "export":
            return exportFiles(await ledger.exportFiles({ bucket: bucket.name }), values);
          case "pause":
          case "resume":
            await ledger.setPaused(command === "pause");
            process.stdout.write(
              command === "pause"
                ? "Paused: ticks claim nothing until 'resume-watcher resume'.\n"
                : "Resumed.\n",
            );
            return EXIT.ok;
          case "migrate":
            process.stdout.write("Migrations applied; the database is up to date.\n");
            return EXIT.ok;
          default:
            throw new UsageError(`Unknown command "${command}"`);
        }
      });
  }
}

async function withRuntime(
  config: Config,
  command: string,
  fn: (runtime: Awaited<ReturnType<typeof openRuntime>>) => Promise<number>,
): Promise<number> {
  const runtime = await openRuntime(config, command === "migrate" ? { migrate: true } : {});
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

async function reprocess(
  runtime: Awaited<ReturnType<typeof openRuntime>>,
  paths: string[],
  outdated: boolean,
): Promise<number> {
  const { ledger, bucket, parser } = runtime;
  if (outdated === paths.length > 0)
    throw new UsageError("reprocess takes either --outdated or one or more paths");
  const identity = { name: parser.name, version: parser.version, model: parser.model };
  const { requeued } = outdated
    ? await ledger.requeueOutdated({ bucket: bucket.name, parser: identity })
    : await ledger.requeueFiles({ bucket: bucket.name, paths });
  const against = `${identity.name} ${identity.version}${identity.model ? ` (${identity.model})` : ""}`;
  process.stdout.write(
    outdated
      ? `${requeued} file(s) parsed by another parser than ${against} back in the queue; the next runs re-parse them.\n`
      : `${requeued} file(s) back in the queue; the next run parses them afresh.\n`,
  );
  return EXIT.ok;
}

async function exportFiles(rows: ExportRow[], values: Values): Promise<number> {
  const format = values.format ?? "json";
  if (format !== "json" && format !== "csv")
    throw new UsageError(`--format must be json or csv, not "${String(format)}"`);
  const text = format === "csv" ? toCsv(rows) : `${JSON.stringify(rows, null, 2)}\n`;
  if (typeof values.out === "string") {
    await writeFile(values.out, text);
    process.stderr.write(`Wrote ${rows.length} record(s) to ${values.out}\n`);
  } else {
    process.stdout.write(text);
  }
  return EXIT.ok;
}

function positiveInt(value: string | boolean | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${flag} must be a positive whole number, not "${String(value)}"`);
  return n;
}

function usage(message: string): number {
  process.stderr.write(`${message}\n`);
  return EXIT.usage;
}
