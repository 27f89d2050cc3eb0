import { readFile, writeFile } from "node:fs/promises";
import { describeMachine, type MachineInfo } from "./machine.ts";

/** One figure compared with its target from the issue. Targets are reported, never asserted. */
export interface TargetCheck {
  metric: string;
  target: string;
  measured: string;
  met: boolean;
}

export interface ResultTable {
  caption?: string;
  headers: string[];
  rows: string[][];
}

export interface BenchResult {
  name: string;
  title: string;
  /** How it was measured, one paragraph per entry. */
  method: string[];
  tables: ResultTable[];
  targets: TargetCheck[];
  /** Observations worth a reader's attention (anomalies, caveats), one bullet each. */
  notes: string[];
  /** Measured with --quick (smaller sizes): not comparable with the targets. */
  quick: boolean;
  measuredAt: string;
  /** Commit measured (see codeVersion). */
  code?: string;
  /** 1-minute load average when the benchmark started (other work on the machine skews timings). */
  loadAverage?: number;
  wallSeconds: number;
  machine: MachineInfo;
}

/** The order sections appear in BENCHMARKS.md. */
export const BENCH_ORDER = [
  "sync",
  "throughput",
  "overhead",
  "deadline",
  "memory",
  "storage-sync",
  "functions",
  "fanout",
  "ratelimit",
  "fidelity",
];

// --- console -----------------------------------------------------------------------------------------------------

function textTable(table: ResultTable): string {
  const all = [table.headers, ...table.rows];
  const widths = table.headers.map((_, c) => Math.max(...all.map((row) => (row[c] ?? "").length)));
  const line = (row: string[]) => row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(table.headers), rule, ...table.rows.map(line)].join("\n");
}

export function printResult(result: BenchResult): void {
  const out: string[] = [`\n=== ${result.title}${result.quick ? " (quick)" : ""} ===`];
  for (const table of result.tables) {
    if (table.caption) out.push(table.caption);
    out.push(textTable(table), "");
  }
  for (const t of result.targets) {
    out.push(`${t.met ? "met " : "MISS"}  ${t.metric}: ${t.measured} (target ${t.target})`);
  }
  for (const note of result.notes) out.push(`note: ${note}`);
  out.push(`(${result.wallSeconds.toFixed(1)} s)`);
  process.stdout.write(`${out.join("\n")}\n`);
}

// --- BENCHMARKS.md -------------------------------------------------------------------------------------------------

const DATA_OPEN = "<!-- bench-data ";
const DATA_CLOSE = " -->";

/** Results stored in BENCHMARKS.md by earlier runs (so `--only` updates one section and keeps the others). */
export async function loadStoredResults(file: string): Promise<Map<string, BenchResult>> {
  const stored = new Map<string, BenchResult>();
  const text = await readFile(file, "utf8").catch(() => "");
  const start = text.indexOf(DATA_OPEN);
  if (start < 0) return stored;
  const end = text.indexOf(DATA_CLOSE, start + DATA_OPEN.length);
  try {
    const results = JSON.parse(text.slice(start + DATA_OPEN.length, end)) as BenchResult[];
    for (const r of results) stored.set(r.name, r);
  } catch {
    // unreadable data block: start over
  }
  return stored;
}

const cell = (s: string) => s.replaceAll("|", "\\|");

function markdownTable(table: ResultTable): string[] {
  return [
    `| ${table.headers.map(cell).join(" | ")} |`,
    `|${table.headers.map(() => "---").join("|")}|`,
    ...table.rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ];
}

const verdict = (r: BenchResult, t: TargetCheck) =>
  `${t.met ? "met" : "**MISS**"}${r.quick ? " (quick sizes)" : ""}`;

function section(r: BenchResult, index: number, machine: MachineInfo): string[] {
  const out = [`## ${index}. ${r.title}`, ""];
  const where =
    describeMachine(r.machine) === describeMachine(machine) ? "" : ` on ${describeMachine(r.machine)}`;
  out.push(
    `Measured ${r.measuredAt}${where}${r.quick ? " with `--quick` (reduced sizes)" : ""}; ` +
      `${r.wallSeconds.toFixed(0)} s${r.code ? `; code ${r.code}` : ""}` +
      `${r.loadAverage === undefined ? "" : `; load average ${r.loadAverage.toFixed(2)} at start`}.`,
    "",
  );
  for (const p of r.method) out.push(p, "");
  for (const table of r.tables) {
    if (table.caption) out.push(`**${table.caption}**`, "");
    out.push(...markdownTable(table), "");
  }
  if (r.targets.length > 0) {
    out.push(
      ...markdownTable({
        headers: ["target", "measured", "result"],
        rows: r.targets.map((t) => [`${t.metric}: ${t.target}`, t.measured, verdict(r, t)]),
      }),
      "",
    );
  }
  if (r.notes.length > 0) out.push("Observations:", "", ...r.notes.map((n) => `- ${n}`), "");
  return out;
}

export function renderMarkdown(results: BenchResult[], machine: MachineInfo, updatedAt: string): string {
  const ordered = BENCH_ORDER.flatMap((name) => results.filter((r) => r.name === name));
  const summary: ResultTable = {
    headers: ["benchmark", "metric", "target", "measured", "result"],
    rows: ordered.flatMap((r) =>
      r.targets.map((t) => [r.name, t.metric, t.target, t.measured, verdict(r, t)]),
    ),
  };
  const out = [
    "# Benchmarks",
    "",
    "Generated by `npm run bench` (`tsx bench/run.ts`); `--only sync,deadline` re-runs some benchmarks and keeps",
    "the other sections, `--quick` uses smaller sizes while developing (marked as such), `--no-write` only prints.",
    "Targets come from the project's issue; they are reported here, never asserted (a miss does not fail the run).",
    "Every benchmark on real PostgreSQL creates a fresh database `rw_bench_<random>` and drops it afterwards.",
    "",
    `Last updated: ${updatedAt}`,
    "",
    `Machine: ${describeMachine(machine)}`,
    "",
    "## Summary",
    "",
    ...markdownTable(summary),
    "",
  ];
  ordered.forEach((r, i) => {
    out.push(...section(r, BENCH_ORDER.indexOf(r.name) + 1 || i + 1, machine));
  });
  const data = JSON.stringify(ordered).replaceAll(">", "\\u003e");
  out.push(`${DATA_OPEN}${data}${DATA_CLOSE}`, "");
  return out.join("\n");
}

export async function writeBenchmarksFile(
  file: string,
  results: BenchResult[],
  machine: MachineInfo,
  updatedAt: string,
): Promise<void> {
  await writeFile(file, renderMarkdown(results, machine, updatedAt));
}

// --- benchmark modules -------------------------------------------------------------------------------------------

export interface BenchContext {
  quick: boolean;
  /** Progress line on stderr (the tables go to stdout). */
  log(message: string): void;
}

/** What a benchmark module measures; run.ts adds the name, date, machine and wall time. */
export type BenchOutput = Pick<BenchResult, "title" | "method" | "tables" | "targets" | "notes">;

export interface Benchmark {
  name: string;
  run(ctx: BenchContext): Promise<BenchOutput>;
}
