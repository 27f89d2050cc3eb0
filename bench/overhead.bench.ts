import { runChild } from "./support/child.ts";
import { BACKEND_LABEL, type Backend, withLedgerLocation, withTempDir } from "./support/database.ts";
import { twoPagePdf, writeFiles } from "./support/documents.ts";
import type { OverheadChildResult } from "./support/overhead-child.ts";
import type { Benchmark, BenchOutput } from "./support/report.ts";
import { fmt, mean, percentile } from "./support/stats.ts";

/**
 * The watcher's own cost per file, parser excluded: read + hash + extract + ledger for a two-page PDF, with a
 * parser that answers instantly. One tick, concurrency 1, in a fresh child process per backend (pdf.js starts cold
 * there, as in a new function instance), so the first file is reported on its own.
 */

const TARGET_P50_MS = 30;
/** A first file slower than this waited for pdf.js's cold start. */
const COLD_MS = 500;
const BACKENDS: Backend[] = ["postgres", "pglite-disk"];

interface Measured {
  backend: Backend;
  result: OverheadChildResult;
}

export const overheadBench: Benchmark = {
  name: "overhead",
  async run(ctx): Promise<BenchOutput> {
    const count = ctx.quick ? 50 : 200;
    const measured = await withTempDir("rw-bench-overhead-", async (dir) => {
      ctx.log(`overhead: writing ${count} two-page PDFs`);
      await writeFiles(dir, count, async (i) => ({
        name: `cv/${String(i).padStart(6, "0")}.pdf`,
        bytes: await twoPagePdf(i),
      }));
      const out: Measured[] = [];
      for (const backend of BACKENDS) {
        ctx.log(`overhead: ${BACKEND_LABEL[backend]}, ${count} PDFs, concurrency 1 (child process)`);
        const result = await withLedgerLocation(backend, (location) =>
          runChild<OverheadChildResult>("./overhead-child.ts", [
            "--dir",
            dir,
            ...(location.databaseUrl ? ["--db-url", location.databaseUrl] : []),
            ...(location.dataDir ? ["--data-dir", location.dataDir] : []),
          ]),
        );
        out.push({ backend, result });
      }
      return out;
    });

    const notes: string[] = [];
    const rows = measured.map(({ backend, result }) => {
      const [first, ...rest] = result.files;
      const ms = rest.map((f) => f.ms);
      const bad = result.files.filter((f) => f.outcome !== "done");
      if (bad.length > 0) notes.push(`${BACKEND_LABEL[backend]}: ${bad.length} file(s) did not end done.`);
      if (result.outcome !== "completed")
        notes.push(`${BACKEND_LABEL[backend]}: tick outcome ${result.outcome}.`);
      return [
        BACKEND_LABEL[backend],
        String(result.files.length),
        fmt(result.openMs),
        fmt(result.warmUpMs),
        fmt(result.startupMs),
        fmt(first?.ms ?? Number.NaN),
        fmt(percentile(ms, 50), 1),
        fmt(percentile(ms, 95), 1),
        fmt(Math.max(...ms), 0),
        fmt(percentile(result.extractWarmMs, 50), 1),
        fmt(
          percentile(
            rest.map((f) => f.ledgerMs),
            50,
          ),
          1,
        ),
        fmt(percentile(result.claimMs.slice(1), 50), 1),
        fmt(result.files.length / (result.tickMs / 1000), 1),
      ];
    });
    const pg = measured.find((m) => m.backend === "postgres");
    const p50 = (m: Measured | undefined) =>
      percentile(
        (m?.result.files.slice(1) ?? []).map((f) => f.ms),
        50,
      );
    const targets = measured.map((m) => ({
      metric: `per-file overhead p50, ${BACKEND_LABEL[m.backend]}`,
      target: `≤ ${TARGET_P50_MS} ms`,
      measured: `${fmt(p50(m), 1)} ms`,
      met: p50(m) <= TARGET_P50_MS,
    }));
    for (const m of measured) {
      const first = m.result.files[0]?.ms ?? 0;
      const { openMs, warmUpMs, startupMs } = m.result;
      const story =
        `pdf.js's cold warm-up took ${fmt(warmUpMs)} ms, started beside opening the ledger (${fmt(openMs)} ms) ` +
        `and the tick's listing (${fmt(startupMs)} ms)`;
      notes.push(
        first > COLD_MS
          ? `${BACKEND_LABEL[m.backend]}: the first file took ${fmt(first)} ms, ${fmt(first - p50(m))} ms more than ` +
              `a warm one: ${story}, so the first PDF waited for the rest. A function instance pays that out of ` +
              "its budget unless its entry point starts `warmUpPipeline()` at module load."
          : `${BACKEND_LABEL[m.backend]}: the first file took ${fmt(first)} ms: ${story}, which hid most of it.`,
      );
    }
    if (pg) {
      const extract = percentile(pg.result.extractWarmMs, 50);
      const ledger = percentile(
        pg.result.files.slice(1).map((f) => f.ledgerMs),
        50,
      );
      notes.push(
        `Where the time goes (Postgres, p50): extraction alone ${fmt(extract, 1)} ms of ${fmt(p50(pg), 1)} ms; the ` +
          `two ledger round trips ${fmt(ledger, 1)} ms; the rest (read, sha256, schema validation) ` +
          `${fmt(p50(pg) - extract - ledger, 1)} ms. The claim before each file (not in report.ms) adds ` +
          `${fmt(mean(pg.result.claimMs.slice(1)), 1)} ms on average.`,
      );
    }
    notes.push(
      "Since issue 11, PDF text is laid out from pdf.js's item positions (columns, tracking, hyphenation, running " +
        "headers). Side by side on one machine a 2-page PDF took ~4.1 ms through the old pdf-parse path and ~4.5 ms " +
        "through the new one (the layout step 0.2–0.5 ms); the previous run here (3.2 ms extraction, 6.0 ms per " +
        "file) was on another machine (AMD EPYC), where everything measured faster.",
    );
    return {
      title: `Per-file overhead without the parser (${count} two-page PDFs)`,
      method: [
        `${count} distinct two-page text PDFs (pdf-lib via bench/support/documents.ts, one line varies so every hash ` +
          "differs) in a temp folder; a parser that returns a valid candidate at once; one `runTick` with " +
          "concurrency 1 in a fresh child process per backend. Per-file ms = `report.ms` from `onProgress` " +
          "(download → sha256 → reuse check → extract → parse → validate → `complete_file`; the claim comes " +
          "before it). p50/p95/max exclude the first file, which is reported on its own. The child starts like " +
          "`resume-watcher run` (src/cli/run.ts): pdf.js's warm-up (its cold start) begins beside opening the " +
          "ledger; open ms, warm-up ms and startup ms (from the tick's start to the first claim) show how much of " +
          "it the first file still waits for.",
        "Extract warm = `extractText` alone on 50 of the files after the tick; ledger = `reuse_parsed_result` + " +
          "`complete_file` inside report.ms; claim = one `claim_files` call. PGlite (disk) is the embedded " +
          "default users run.",
      ],
      tables: [
        {
          headers: [
            "backend",
            "files",
            "open ms",
            "warm-up ms",
            "startup ms",
            "first file ms",
            "p50 ms",
            "p95 ms",
            "max ms",
            "extract warm p50",
            "ledger p50",
            "claim p50",
            "files/s",
          ],
          rows,
        },
      ],
      targets,
      notes,
    };
  },
};
