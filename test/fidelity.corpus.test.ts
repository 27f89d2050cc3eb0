/**
 * The fidelity corpus (test/fixtures/fidelity/) is well-formed: the committed files are exactly what the
 * generator writes, every truth is schema-valid, every truth value is drawn in its document (visible text or
 * a link target, from the generator's own record of what it drew, never from our extractor, which is what the
 * corpus measures), and no hidden or deleted text is part of a truth. The blind set is read here only by
 * machine.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { HiddenText } from "../scripts/fidelity/docx-templates.ts";
import { buildCorpus, FIDELITY_DIR, type GeneratedDoc } from "../scripts/fidelity/generate.ts";
import { CLASSES, type FidelitySet } from "../scripts/fidelity/plan.ts";
import { yearsOfExperience } from "../scripts/fidelity/years.ts";
import { listZip, readZipEntry } from "../src/extract/zip.ts";
import { candidateSchema } from "../src/parse/candidate.ts";
import { isPresent, normalizeForPresence, truthValues } from "./support/fidelity-values.ts";

const SETS: FidelitySet[] = ["dev", "blind"];
let corpus: Record<FidelitySet, GeneratedDoc[]>;

beforeAll(async () => {
  corpus = await buildCorpus();
});

/** Whether text that is not content (hidden, deleted) made it into the truth's field it would corrupt. */
function hiddenInTruth(doc: GeneratedDoc, hidden: HiddenText): boolean {
  const words = hidden.text.trim().toLowerCase();
  if (hidden.field === "skills")
    return doc.truth.skills.some((skill) => words.split(" ").includes(skill.toLowerCase()));
  if (hidden.field === "phone") return doc.truth.phone === hidden.text;
  return doc.truth.experience.some((entry) => entry.title.toLowerCase().startsWith(words));
}

/**
 * PDFs byte for byte (pdf-lib compresses with pure-JS pako); DOCX entry by entry, inflated, since the deflate
 * bytes of a zip may differ between zlib builds while the content does not.
 */
function sameContent(committed: Buffer, generated: Uint8Array, format: "pdf" | "docx"): boolean {
  if (format === "pdf") return Buffer.compare(committed, Buffer.from(generated)) === 0;
  const entries = (bytes: Uint8Array) =>
    [...listZip(bytes).values()].map((entry) => [
      entry.name,
      Buffer.from(readZipEntry(bytes, entry, 1 << 24)).toString("base64"),
    ]);
  return JSON.stringify(entries(new Uint8Array(committed))) === JSON.stringify(entries(generated));
}

const read = (set: FidelitySet, file: string) => readFileSync(join(FIDELITY_DIR, set, file));

describe.each(SETS)("fidelity corpus: %s", (set) => {
  it("is what the generator writes (run `npm run fidelity:generate` after changing it)", () => {
    const manifest = JSON.parse(read(set, "manifest.json").toString("utf8"));
    expect(manifest.documents).toEqual(corpus[set].map((doc) => doc.entry));
    for (const doc of corpus[set]) {
      expect(sameContent(read(set, doc.entry.file), doc.bytes, doc.entry.format), doc.entry.file).toBe(true);
      expect(JSON.parse(read(set, doc.entry.truth).toString("utf8")), doc.entry.truth).toEqual(doc.truth);
    }
  });

  it("has schema-valid truths with years counted against the 2025-07-01 clock", () => {
    for (const doc of corpus[set]) {
      expect(() => candidateSchema.parse(doc.truth), doc.entry.id).not.toThrow();
      expect(doc.truth.years_experience, doc.entry.id).toBe(yearsOfExperience(doc.truth.experience));
    }
  });

  it("draws every truth value (visible text or link target), and no hidden text is truth", () => {
    for (const doc of corpus[set]) {
      const text = normalizeForPresence([...doc.visible, ...doc.links].join("\n"));
      const missing = truthValues(doc.truth, doc.entry.printedDates).filter(
        (value) => !isPresent(value, text),
      );
      expect(missing, doc.entry.id).toEqual([]);
      for (const hidden of doc.entry.hidden)
        expect(hiddenInTruth(doc, hidden), `${doc.entry.id}: ${hidden.text}`).toBe(false);
    }
  });

  it("covers every class, and the traps", () => {
    const classes = new Set(corpus[set].map((doc) => doc.entry.class));
    expect([...classes].sort()).toEqual([...CLASSES].sort());
    const traps = new Set(corpus[set].flatMap((doc) => doc.entry.traps));
    expect([...traps].sort()).toEqual([
      "career-break",
      "expected-degree",
      "no-headings",
      "old-email",
      "overlap",
      "referees",
    ]);
    expect(corpus[set].length).toBeGreaterThanOrEqual(set === "dev" ? 50 : 25);
  });
});

describe("fidelity corpus: dev and blind", () => {
  it("share no person, and dev covers all eight languages", () => {
    const names = (set: FidelitySet) => new Set(corpus[set].map((doc) => doc.truth.name));
    const shared = [...names("dev")].filter((name) => names("blind").has(name));
    expect(shared).toEqual([]);
    expect(new Set(corpus.dev.map((doc) => doc.entry.language)).size).toBe(8);
  });
});
