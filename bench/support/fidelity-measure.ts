/**
 * One fidelity document measured: extraction (text, time, truth values lost) and both parsers' scores. Errors
 * are results here: a file the extractor rejects has lost everything, a parser that refuses it scored an
 * empty record.
 */
import { setMaxListeners } from "node:events";
import { extractText } from "../../src/extract/index.ts";
import { type Candidate, emptyCandidate } from "../../src/parse/candidate.ts";
import type { ResumeParser } from "../../src/parse/port.ts";
import {
  isPresent,
  normalizeForPresence,
  type TruthValue,
  truthValues,
} from "../../test/support/fidelity-values.ts";
import { type ScoreReport, scoreCandidate } from "../../test/support/score.ts";
import type { CorpusDoc } from "./fidelity-corpus.ts";
import { median } from "./stats.ts";

export interface DocResult {
  doc: CorpusDoc;
  /** Median of the timed extraction runs, ms. */
  extractMs: number;
  values: number;
  lost: TruthValue[];
  openai: ScoreReport;
  offline: ScoreReport;
  /** Error codes met on the way ("extract:no_text", "offline:not_a_resume"). */
  errors: string[];
}

const never = new AbortController().signal;
setMaxListeners(0, never);

const codeOf = (error: unknown) =>
  (error as { code?: string }).code ?? (error instanceof Error ? error.name : String(error));

async function extract(
  doc: CorpusDoc,
  runs: number,
): Promise<{ text: string; ms: number[]; error: string | null }> {
  const ms: number[] = [];
  let text = "";
  let error: string | null = null;
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    try {
      text = (await extractText(doc.bytes)).text;
    } catch (caught) {
      error = codeOf(caught);
    }
    ms.push(performance.now() - started);
  }
  return { text, ms, error };
}

async function parseWith(
  parser: ResumeParser,
  text: string,
): Promise<{ candidate: Candidate; error: string | null }> {
  if (text.length === 0) return { candidate: emptyCandidate(), error: "no text" };
  try {
    return { candidate: (await parser.parse(text, { signal: never })).candidate, error: null };
  } catch (error) {
    return { candidate: emptyCandidate(), error: codeOf(error) };
  }
}

export async function measureDoc(
  doc: CorpusDoc,
  parsers: { openai: ResumeParser; offline: ResumeParser },
  runs: number,
): Promise<DocResult> {
  const extracted = await extract(doc, runs);
  const normalized = normalizeForPresence(extracted.text);
  const values = truthValues(doc.truth, doc.printedDates);
  const lost = values.filter((value) => !isPresent(value, normalized));
  const openai = await parseWith(parsers.openai, extracted.text);
  const offline = await parseWith(parsers.offline, extracted.text);
  const errors = [
    ...(extracted.error ? [`extract:${extracted.error}`] : []),
    ...(openai.error && extracted.text ? [`openai:${openai.error}`] : []),
    ...(offline.error && extracted.text ? [`offline:${offline.error}`] : []),
  ];
  return {
    doc,
    extractMs: median(extracted.ms),
    values: values.length,
    lost,
    openai: scoreCandidate(openai.candidate, doc.truth),
    offline: scoreCandidate(offline.candidate, doc.truth),
    errors,
  };
}
