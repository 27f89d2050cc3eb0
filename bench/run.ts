/**
 * `npm run bench [-- --only sync,deadline] [--quick] [--no-write]`: runs the benchmarks, prints a table for each
 * and writes BENCHMARKS.md (sections of benchmarks not run this time are kept from the previous file).
 */
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deadlineBench } from "./deadline.bench.ts";
import { fanoutBench } from "./fanout.bench.ts";
import { fidelityBench } from "./fidelity.bench.ts";
import { functionsBench } from "./functions.bench.ts";
import { memoryBench } from "./memory.bench.ts";
import { overheadBench } from "./overhead.bench.ts";
import { ratelimitBench } from "./ratelimit.bench.ts";
import { storageSyncBench } from "./storage-sync.bench.ts";
import { codeVersion, machineInfo, utcDate } from "./support/machine.ts";
import {
  BENCH_ORDER,
  type Benchmark,
  type BenchResult,
  loadStoredResults,
  printResult,
  writeBenchmarksFile,
} from "./support/report.ts";
import { syncBench } from "./sync.bench.ts";
import { throughputBench } from "./throughput.bench.ts";

const BENCHMARKS: Benchmark[] = [
  syncBench,
  throughputBench,
  overheadBench,
  deadlineBench,
  memoryBench,
  storageSyncBench,
  functionsBench,
  fanoutBench,
  ratelimitBench,
  fidelityBench,
];
const OUTPUT = fileURLToPath(new URL("../BENCHMARKS.md", import.meta.url));

const USAGE = `usage: npm run bench -- [--only NAME[,NAME]] [--quick] [--no-write]
  benchmarks: ${BENCH_ORDER.join(", ")}
  --quick     smaller sizes, for development (results are marked as quick)
  --no-write  print only; leave BENCHMARKS.md alone`;

interface Options {
  only: string[] | null;
  quick: boolean;
  write: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { only: null, quick: false, write: true };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? "";
    if (arg === "--quick") options.quick = true;
    else if (arg === "--no-write") options.write = false;
    else if (arg === "--only" || arg.startsWith("--only=")) {
      const value = arg === "--only" ? argv[++i] : arg.slice("--only=".length);
      options.only = (value ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    } else if (arg === "--help" || arg === "-h") {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else {
      throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  const unknown = (options.only ?? []).filter((name) => !BENCH_ORDER.includes(name));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(", ")}\n${USAGE}`);
  return options;
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const selected = BENCHMARKS.filter((b) => options.only === null || options.only.includes(b.name));
  const machine = await machineInfo();
  const log = (message: string) =>
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
  log(
    `${selected.map((b) => b.name).join(", ")}${options.quick ? " (quick)" : ""} on ${machine.cpu}, ${machine.cores} cores`,
  );

  // Node's process warnings (e.g. MaxListenersExceededWarning) are findings too: noted with the benchmark.
  const warnings = new Set<string>();
  process.on("warning", (warning) => warnings.add(`${warning.name}: ${warning.message}`));

  const stored = await loadStoredResults(OUTPUT);
  const failures: string[] = [];
  const started = performance.now();
  for (const bench of selected) {
    const benchStarted = performance.now();
    const measuredAt = utcDate();
    const loadAverage = os.loadavg()[0];
    const code = codeVersion();
    warnings.clear();
    try {
      const output = await bench.run({ quick: options.quick, log });
      output.notes.push(...[...warnings].map(explainWarning));
      const result: BenchResult = {
        name: bench.name,
        ...output,
        quick: options.quick,
        measuredAt,
        code,
        loadAverage,
        wallSeconds: (performance.now() - benchStarted) / 1000,
        machine,
      };
      printResult(result);
      stored.set(bench.name, result);
    } catch (error) {
      failures.push(bench.name);
      process.stderr.write(
        `\n${bench.name} FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
  }
  log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);

  if (options.write) {
    await writeBenchmarksFile(OUTPUT, [...stored.values()], machine, utcDate());
    log(`wrote ${path.relative(process.cwd(), OUTPUT)}`);
  }
  if (failures.length > 0) {
    log(`failed: ${failures.join(", ")} (their previous results, if any, were kept)`);
    return 1;
  }
  return 0;
}

function explainWarning(warning: string): string {
  const note = `Node printed \`${warning}\`.`;
  if (!warning.startsWith("MaxListenersExceededWarning")) return note;
  return (
    `${note} The tick's deadline signal holds one abort listener per file in flight (raceAbort in the pipeline) ` +
    "plus one per parser call that honours the signal, so concurrency ≥ 6 passes Node's default limit of 10. " +
    "Listeners are removed as files finish (no warning at concurrency 1 or 4 over many files), so this is noise, " +
    "not a leak; `events.setMaxListeners(0, signal)` (or concurrency × 4) in src/deadline.ts would silence it."
  );
}

process.exitCode = await main();
