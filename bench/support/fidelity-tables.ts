/**
 * Tables of the fidelity benchmark. Blind-set rows are marked BLIND and only ever aggregate several
 * documents; per-document detail (which values were lost) is shown for the dev set alone.
 */
import { aggregate } from "../../test/support/score.ts";
import type { DocResult } from "./fidelity-measure.ts";
import type { ResultTable } from "./report.ts";
import { percentile } from "./stats.ts";

export interface SetResults {
  dev: DocResult[];
  blind: DocResult[];
}

export interface Summary {
  docs: number;
  values: number;
  /** Share of truth values absent from the extracted text, pooled over the documents. */
  extractionLoss: number;
  openai: number;
  offline: number;
  p50Ms: number;
  p95Ms: number;
}

export function summarize(results: readonly DocResult[]): Summary {
  const values = results.reduce((sum, r) => sum + r.values, 0);
  const lost = results.reduce((sum, r) => sum + r.lost.length, 0);
  const ms = results.map((r) => r.extractMs);
  return {
    docs: results.length,
    values,
    extractionLoss: values === 0 ? 0 : lost / values,
    openai: aggregate(results.map((r) => r.openai)).overall,
    offline: aggregate(results.map((r) => r.offline)).overall,
    p50Ms: percentile(ms, 50),
    p95Ms: percentile(ms, 95),
  };
}

const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
const score = (value: number) => value.toFixed(3);

function scoreCells(s: Summary): string[] {
  return [
    String(s.docs),
    pct(s.extractionLoss),
    score(s.openai),
    score(s.offline),
    score(s.openai - s.offline),
  ];
}

export function overallTable(results: SetResults): ResultTable {
  const rows: string[][] = [];
  for (const set of ["dev", "blind"] as const) {
    const label = set === "dev" ? "dev" : "BLIND";
    rows.push([label, ...scoreCells(summarize(results[set]))]);
    rows.push([
      `${label}, non-English`,
      ...scoreCells(summarize(results[set].filter((r) => r.doc.language !== "en"))),
    ]);
  }
  return {
    caption: "Overall (parsing loss = OpenAI-path score − offline score)",
    headers: ["set", "docs", "extraction loss", "OpenAI path", "offline", "offline parsing loss"],
    rows,
  };
}

type GroupKey = "class" | "language" | "trap";

function keysOf(result: DocResult, by: GroupKey): string[] {
  if (by === "class") return [result.doc.class];
  if (by === "language") return [result.doc.language];
  return result.doc.traps.length > 0 ? result.doc.traps : ["(none)"];
}

/** One row per class / language / trap; dev and BLIND side by side. */
export function groupTable(results: SetResults, by: GroupKey): ResultTable {
  const keys = [...new Set([...results.dev, ...results.blind].flatMap((r) => keysOf(r, by)))];
  const cells = (set: DocResult[], key: string) => {
    const group = set.filter((r) => keysOf(r, by).includes(key));
    if (group.length === 0) return ["0", "–", "–", "–"];
    const s = summarize(group);
    return [String(s.docs), pct(s.extractionLoss), score(s.openai), score(s.offline)];
  };
  return {
    caption: `Per ${by}`,
    headers: [
      by,
      "dev docs",
      "dev extr. loss",
      "dev OpenAI",
      "dev offline",
      "BLIND docs",
      "BLIND extr. loss",
      "BLIND OpenAI",
      "BLIND offline",
    ],
    rows: keys.map((key) => [key, ...cells(results.dev, key), ...cells(results.blind, key)]),
  };
}

export function fieldTable(results: SetResults): ResultTable {
  const fields = (set: DocResult[], parser: "openai" | "offline") =>
    aggregate(set.map((r) => r[parser])).fields;
  const columns = [
    fields(results.dev, "openai"),
    fields(results.dev, "offline"),
    fields(results.blind, "openai"),
    fields(results.blind, "offline"),
  ];
  const names = [...new Set(columns.flatMap((c) => Object.keys(c)))];
  return {
    caption: "Per field (mean over documents)",
    headers: ["field", "dev OpenAI", "dev offline", "BLIND OpenAI", "BLIND offline"],
    rows: names.map((name) => [name, ...columns.map((c) => (c[name] === undefined ? "–" : score(c[name])))]),
  };
}

export function timingTable(results: SetResults): ResultTable {
  const all = [...results.dev, ...results.blind];
  const groups: [string, DocResult[]][] = [
    ["PDF, 2 pages", all.filter((r) => r.doc.format === "pdf" && r.doc.pages === 2)],
    ["PDF, 1 page", all.filter((r) => r.doc.format === "pdf" && r.doc.pages === 1)],
    ["DOCX", all.filter((r) => r.doc.format === "docx")],
  ];
  return {
    caption: "Extraction time per file (dev and blind together)",
    headers: ["files", "count", "p50 ms", "p95 ms"],
    rows: groups.map(([label, group]) => {
      const s = summarize(group);
      return [label, String(s.docs), s.p50Ms.toFixed(1), s.p95Ms.toFixed(1)];
    }),
  };
}

const clip = (text: string, max = 48) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Dev documents that lose values in extraction, worst first, with what they lose (never the blind set). */
export function lossTable(dev: readonly DocResult[]): ResultTable {
  const losing = dev
    .filter((r) => r.lost.length > 0)
    .sort((a, b) => b.lost.length / b.values - a.lost.length / a.values);
  return {
    caption: "Dev documents losing values in extraction (first lost values shown)",
    headers: ["document", "variant", "lost", "OpenAI", "offline", "lost values"],
    rows: losing.map((r) => [
      r.doc.id,
      r.doc.variant,
      `${r.lost.length}/${r.values}`,
      score(r.openai.overall),
      score(r.offline.overall),
      r.lost
        .slice(0, 3)
        .map((v) => `${v.field}: "${clip(v.value)}"`)
        .join("; "),
    ]),
  };
}
