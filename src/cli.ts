import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
// Inlined by esbuild into dist/cli.mjs at build time, read directly under tsx: one version, from package.json.
import packageJson from "../package.json" with { type: "json" };
import { COMMAND_HELP, COMMAND_OPTIONS, MAIN_HELP } from "./cli/help.ts";
import { type Output, outputFromEnv, UsageError } from "./cli/output.ts";
import { describeStatus, toCsv } from "./cli/report.ts";
import { reprocessCommand, retryCommand } from "./cli/requeue.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { DatabaseLockedError } from "./ledger/folder-lock.ts";
import type { ExportRow } from "./ledger/port.ts";
import { openRuntime } from "./runtime.ts";
import { readStatusReport, STATUS_DEFAULTS } from "./status-report.ts";

/** Exit codes scripts can rely on. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
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

/** As the Netlify scheduled function: every 5 minutes. */
const DEFAULT_SCHEDULE = "*/5 * * * *";

export async function main(argv: string[]): Promise<number> {
  const out = outputFromEnv();
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  } catch (error) {
    return usage(`${(error as Error).message}\nRun 'resume-watcher --help' for usage.`);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    out.human(`${packageJson.version}\n`);
    return EXIT.ok;
  }
  const [command, ...rest] = positionals;
  if (!command) {
    if (!values.help) return usage(MAIN_HELP);
    out.human(`${MAIN_HELP}\n`);
    return EXIT.ok;
  }
  const help = COMMAND_HELP[command];
  if (!help) return usage(`Unknown command "${command}".\n\n${MAIN_HELP}`);
  if (values.help) {
    out.human(`${help}\n`);
    return EXIT.ok;
  }
  const refused = Object.keys(values).find((o) => o !== "help" && !COMMAND_OPTIONS[command]?.includes(o));
  if (refused) return usage(`${command} does not take --${refused}.\n\n${help}`);
  if (command === "help") return helpCommand(rest, out);
  try {
    const config = loadConfig();
    for (const notice of config.notices) process.stderr.write(`note: ${notice}\n`);
    return await dispatch(command, rest, values, config, out);
  } catch (error) {
    if (error instanceof ConfigError)
      return usage(`${error.message}\nSee the configuration table in README.md.`);
    if (error instanceof UsageError) return usage(`${error.message}\n\n${help}`);
    // Not a failed run: this command was not run at all, and the message says what to do.
    if (error instanceof DatabaseLockedError) return usage(error.message);
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
}

/** `help` is the overview; `help <command>` is that command's --help. */
function helpCommand(args: string[], out: Output): number {
  if (args.length > 1) return usage(`help takes one command, not ${args.length}.\n\n${COMMAND_HELP.help}`);
  const [topic] = args;
  const text = topic === undefined ? MAIN_HELP : COMMAND_HELP[topic];
  if (text === undefined) return usage(`Unknown command "${topic}".\n\n${MAIN_HELP}`);
  out.human(`${text}\n`);
  return EXIT.ok;
}

type Values = Partial<Record<keyof typeof OPTIONS, string | boolean>>;

async function dispatch(
  command: string,
  paths: string[],
  values: Values,
  config: Config,
  out: Output,
): Promise<number> {
  const runFlags = () => ({
    json: values.json === true,
    budgetMs: positiveInt(values.budget, "--budget", config.budgetMs),
    concurrency: positiveInt(values.concurrency, "--concurrency", config.concurrency),
  });
  switch (command) {
    // Loaded on demand: the tick pulls in the extractors (pdf.js), ~1 s of start-up that status and export skip.
    case "run":
      return (await import("./cli/run.ts")).runCommand(config, runFlags());
    case "watch": {
      const schedule = typeof values.schedule === "string" ? values.schedule : DEFAULT_SCHEDULE;
      const flags = { ...runFlags(), schedule, now: values.now === true };
      await checkSchedule(schedule);
      return (await import("./cli/run.ts")).watchCommand(config, flags);
    }
    default:
      return withRuntime(config, command, async (runtime) => {
        const { ledger, bucket } = runtime;
        switch (command) {
          case "status": {
            const lastRuns = positiveInt(values.runs, "--runs", STATUS_DEFAULTS.lastRuns);
            const status = await readStatusReport(ledger, config.prices, lastRuns);
            if (values.json) out.json(status);
            else out.human(describeStatus(status));
            return EXIT.ok;
          }
          case "retry":
            return retryCommand(runtime, paths, out);
          case "reprocess":
            return reprocessCommand(runtime, paths, values.outdated === true, out);
          case "export":
            return exportFiles(await ledger.exportFiles({ bucket: bucket.name }), values, out);
          case "pause":
          case "resume":
            await ledger.setPaused(command === "pause");
            out.human(
              command === "pause"
                ? "Paused: ticks claim nothing until 'resume-watcher resume'.\n"
                : "Resumed.\n",
            );
            return EXIT.ok;
          case "migrate":
            out.human("Migrations applied; the database is up to date.\n");
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

async function exportFiles(rows: ExportRow[], values: Values, out: Output): Promise<number> {
  const format = values.format ?? "json";
  if (format !== "json" && format !== "csv")
    throw new UsageError(`--format must be json or csv, not "${String(format)}"`);
  if (typeof values.out === "string") {
    await writeFile(values.out, format === "csv" ? toCsv(rows) : `${JSON.stringify(rows, null, 2)}\n`);
    process.stderr.write(`Wrote ${rows.length} record(s) to ${values.out}\n`);
  } else if (format === "csv") out.data(toCsv(rows));
  else out.json(rows);
  return EXIT.ok;
}

/** A schedule croner cannot read, or one that never fires, is bad usage: found before the database opens. */
async function checkSchedule(schedule: string): Promise<void> {
  const { Cron } = await import("croner");
  let next: Date | null;
  try {
    const job = new Cron(schedule, { paused: true });
    next = job.nextRun();
    job.stop();
  } catch (error) {
    throw new UsageError(`--schedule "${schedule}" is not a cron expression: ${(error as Error).message}`);
  }
  if (!next) throw new UsageError(`--schedule "${schedule}" never fires`);
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
