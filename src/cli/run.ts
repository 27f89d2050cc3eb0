import { Cron } from "croner";
import type { Config } from "../config.ts";
import { createLogger, type Logger, silentLogger } from "../log.ts";
import { warmUpPipeline } from "../pipeline.ts";
import { openRuntime } from "../runtime.ts";
import { runTick, type TickProgress, type TickSummary } from "../tick.ts";
import { cliOutput } from "./output.ts";
import { createProgressBar, endProgressLine } from "./progress.ts";

export interface RunFlags {
  json: boolean;
  budgetMs: number;
  concurrency: number;
}

/**
 * `resume-watcher run`: one tick. Exit code 1 when the tick could not do its job (outcome "error"), 2 when what
 * stopped it is configuration (a bucket that does not exist or may not be read: `error_code` says which).
 */
export async function runCommand(config: Config, flags: RunFlags): Promise<number> {
  void warmUpPipeline(); // beside opening the database, not inside the tick's budget
  const runtime = await openRuntime(config);
  // Ctrl-C ends the tick like its deadline: in-flight files are released (no attempt spent), the run is recorded.
  // A second Ctrl-C gets Node's default and exits at once.
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const problems: string[] = [];
    const summary = await tickOnce(config, flags, runtime, "cli", {
      signal: interrupt.signal,
      onProblem: (line) => problems.push(line),
    });
    const out = cliOutput(config.logFormat);
    if (flags.json) out.json(summary);
    else out.human(describeSummary(summary, problems));
    if (summary.outcome !== "error") return 0;
    return summary.error_code ? 2 : 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await runtime.close();
  }
}

/** `resume-watcher watch`: a tick per cron slot, never two at once; Ctrl-C once finishes the tick, twice aborts it. */
export async function watchCommand(
  config: Config,
  flags: RunFlags & { schedule: string; now: boolean },
): Promise<number> {
  void warmUpPipeline(); // beside opening the database, not inside the tick's budget
  const runtime = await openRuntime(config);
  const log = createLogger({ format: config.logFormat });
  const interrupt = new AbortController();
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = tickOnce(config, { ...flags, json: false }, runtime, "watch", {
      signal: interrupt.signal,
      logger: log,
    }).finally(() => {
      running = null;
    });
  };
  const job = new Cron(flags.schedule, { protect: true }, tick);
  log.info("watching", { schedule: flags.schedule, next: job.nextRun()?.toISOString() ?? null });
  if (flags.now) tick();
  await new Promise<void>((resolve) => {
    const onSignal = () => {
      if (job.isStopped()) interrupt.abort();
      job.stop();
      log.info(running ? "stopping after the current tick (Ctrl-C again to stop now)" : "stopping");
      if (!running) resolve();
      else void running.then(() => resolve());
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
  await runtime.close();
  return 0;
}

async function tickOnce(
  config: Config,
  flags: RunFlags,
  runtime: Awaited<ReturnType<typeof openRuntime>>,
  trigger: "cli" | "watch",
  extra: { signal?: AbortSignal; logger?: Logger; onProblem?: (line: string) => void } = {},
): Promise<TickSummary> {
  const { signal, logger, onProblem } = extra;
  const showBar = !flags.json && !logger && process.stderr.isTTY === true;
  const bar = showBar ? createProgressBar(process.stderr) : null;
  const onProgress = (event: TickProgress) => {
    bar?.(event);
    const report = event.report;
    if (report && report.outcome !== "done" && report.code)
      onProblem?.(`${event.path}: ${report.outcome} (${report.code})`);
  };
  const log =
    logger ??
    (showBar
      ? silentLogger
      : createLogger({ format: config.logFormat, sink: flags.json ? toStderr : undefined }));
  const summary = await runTick(
    { ...runtime, log, onProgress },
    {
      trigger,
      budgetMs: flags.budgetMs,
      concurrency: flags.concurrency,
      maxAttempts: config.maxAttempts,
      maxFileBytes: config.maxFileBytes,
      ...(signal ? { signal } : {}),
    },
  );
  if (showBar) endProgressLine(process.stderr);
  return summary;
}

const toStderr = (_level: string, line: string) => {
  process.stderr.write(`${line}\n`);
};

/** The human summary `run` prints (without --json). */
export function describeSummary(s: TickSummary, problems: string[]): string {
  const lines = [
    `Run ${s.run_id ?? "-"} ${s.outcome} in ${(s.duration_ms / 1000).toFixed(1)} s`,
    `  listed ${s.listed} (new ${s.new}, changed ${s.changed}, removed ${s.removed})`,
    `  claimed ${s.claimed}: done ${s.done}${s.reused ? ` (${s.reused} reused)` : ""}, skipped ${s.skipped}, failed ${s.failed}, retrying ${s.retrying}, released ${s.released}`,
    `  backlog ${s.backlog} pending (${s.ready} ready, ${s.deferred} waiting to retry), ${s.in_flight} in flight elsewhere`,
  ];
  for (const problem of problems) lines.push(`  ${problem}`);
  if (s.error) lines.push(`  error: ${s.error}`);
  if (s.outcome === "paused") lines.push("Processing is paused: run 'resume-watcher resume' to continue.");
  else if (s.backlog > 0)
    lines.push("More files are pending: run again, or 'resume-watcher watch' to keep going.");
  if (s.in_flight > 0)
    lines.push(
      `${s.in_flight} file(s) are leased by another run; if it was killed, they come back when its leases expire (its budget + 60 s).`,
    );
  lines.push(
    "Next: 'resume-watcher status' for details, 'resume-watcher export --format csv' for the results.",
  );
  return `${lines.join("\n")}\n`;
}
