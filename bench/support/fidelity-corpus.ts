/**
 * Loads a fidelity set (test/fixtures/fidelity/<set>/): each document's bytes, truth and manifest entry. The
 * blind set is loaded by the benchmark only; its contents are reported in aggregate, never document by
 * document.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Candidate, candidateSchema } from "../../src/parse/candidate.ts";
import type { PrintedDates } from "../../test/support/fidelity-values.ts";

export type FidelitySetName = "dev" | "blind";

export const FIDELITY_ROOT = fileURLToPath(new URL("../../test/fixtures/fidelity/", import.meta.url));

export interface CorpusDoc {
  id: string;
  class: string;
  variant: string;
  language: string;
  format: "pdf" | "docx";
  pages: number;
  traps: string[];
  printedDates: PrintedDates;
  hidden: { field: string; text: string }[];
  bytes: Uint8Array;
  truth: Candidate;
}

interface ManifestEntry extends Omit<CorpusDoc, "bytes" | "truth"> {
  file: string;
  truth: string;
}

export async function loadFidelitySet(set: FidelitySetName): Promise<CorpusDoc[]> {
  const dir = join(FIDELITY_ROOT, set);
  const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as {
    documents: ManifestEntry[];
  };
  return Promise.all(
    manifest.documents.map(async (entry) => {
      const { file, truth: truthFile, ...rest } = entry;
      const bytes = new Uint8Array(await readFile(join(dir, file)));
      const truth = candidateSchema.parse(JSON.parse(await readFile(join(dir, truthFile), "utf8")));
      return { ...rest, bytes, truth };
    }),
  );
}
