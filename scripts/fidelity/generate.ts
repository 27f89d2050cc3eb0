/**
 * Writes the fidelity corpus: realistic generated resumes (PDF and DOCX) with their truth, in
 * test/fixtures/fidelity/dev/ and a blind batch in test/fixtures/fidelity/blind/ (see the README there).
 *
 *   npm run fidelity:generate            (or: npx tsx scripts/fidelity/generate.ts)
 *
 * Deterministic: a fixed seed per set, fixed PDF/DOCX metadata and zip timestamps, so re-running changes no
 * bytes. Each set's manifest.json lists every document's class, variant, language, traps and the dates as
 * printed.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Candidate } from "../../src/parse/candidate.ts";
import { type ContentOptions, resumeSections, type Section } from "./content.ts";
import { type HiddenText, renderDocx } from "./docx-templates.ts";
import type { Lang, Locale } from "./locale.ts";
import { DE, EN } from "./locales-en-de.ts";
import { ES, FR } from "./locales-fr-es.ts";
import { NL, PL } from "./locales-nl-pl.ts";
import { IT, PT } from "./locales-pt-it.ts";
import { type PdfSpec, type RenderedFile, renderPdf } from "./pdf-templates.ts";
import { makePerson, type Person, truthOf } from "./person.ts";
import { type DocPlan, type FidelitySet, planSet, SEEDS } from "./plan.ts";
import { Random } from "./random.ts";

export const LOCALES: Record<Lang, Locale> = {
  en: EN,
  de: DE,
  fr: FR,
  es: ES,
  pt: PT,
  it: IT,
  nl: NL,
  pl: PL,
};
export const FIDELITY_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "test",
  "fixtures",
  "fidelity",
);

export interface ManifestEntry {
  id: string;
  file: string;
  truth: string;
  class: DocPlan["class"];
  variant: string;
  language: Lang;
  format: "pdf" | "docx";
  pages: number;
  traps: string[];
  /** Dates as printed, per truth experience / education entry (same order as the truth). */
  printedDates: { experience: string[]; education: string[] };
  /**
   * Text in the file that is not content (hidden runs, tracked deletions) and the field it would corrupt if
   * an extractor let it through: hidden keywords read as skills, a deleted "Junior " read into the latest
   * title.
   */
  hidden: HiddenText[];
}

export interface GeneratedDoc {
  entry: ManifestEntry;
  bytes: Uint8Array;
  truth: Candidate;
  /**
   * Every string drawn (logical text, before wrapping), every link target, and text present but never shown.
   */
  visible: string[];
  links: string[];
}

function pdfSpecFor(plan: DocPlan, set: FidelitySet, random: Random): PdfSpec {
  const dev = set === "dev";
  const pdf = plan.pdf ?? { layout: "single" };
  const tracking = pdf.tracking;
  const headingTracking =
    tracking && tracking !== "name-char-spacing" && tracking !== "name-link-glyphs"
      ? dev
        ? 2.5
        : random.pick([1.8, 3.5])
      : tracking === "name-char-spacing"
        ? 2
        : 0;
  const nameTracking = tracking && tracking !== "headings-glyphs" ? (dev ? 4 : 5.5) : 0;
  const dates = pdf.dates;
  const running = pdf.running;
  // Running-header documents are set larger (11–12.5 pt) so they run to two or three pages.
  const bodySize = (dev ? 10 : 10.5) + (running ? (running.endsWith("last") ? 2 : 1) : 0);
  return {
    variant: pdf.layout,
    family: dev ? (random.chance(0.8) ? "helvetica" : "times") : random.chance(0.7) ? "times" : "helvetica",
    pageSize: dev ? "a4" : "letter",
    trackingMode: tracking === "name-char-spacing" ? "char-spacing" : "glyphs",
    layout: {
      bodySize,
      nameSize: dev ? 20 : 22,
      nameTracking,
      headingTracking,
      upperHeadings: headingTracking > 0 || random.chance(0.3),
      dates: dates ? { side: dates === "left" ? "left" : "right", width: dev ? 110 : 120 } : null,
      separator: dev ? "  ·  " : "  |  ",
      leading: running?.endsWith("last") ? 1.8 : 1.4,
    },
    // The hyphenation class sets narrower text, as designers do, so that long words meet the line end.
    margin: plan.class === "hyphenation" && pdf.layout === "single" ? (dev ? 110 : 120) : dev ? 48 : 54,
    sidebarWidth: dev ? random.int(150, 170) : random.int(175, 195),
    gutter: dev ? 22 : 26,
    dateOrder:
      dates === "right-after-block" ? "after-block" : dates === "right-page-end" ? "page-end" : "inline",
    running: running
      ? {
          header: running.startsWith("name") ? "name" : "contact",
          drawn: running.endsWith("first") ? "first" : "last",
        }
      : null,
    linkBesideName: tracking === "name-link-glyphs",
  };
}

function contentOptions(plan: DocPlan): ContentOptions {
  const sidebar = plan.pdf?.layout !== undefined && plan.pdf.layout !== "single";
  return {
    labelsOnly: plan.labelsOnly,
    dateColumn: plan.pdf?.dates !== undefined,
    noHeadings: plan.traps.includes("no-headings"),
    listPerLine: sidebar && plan.class !== "hyphenation",
    hyphenate: plan.class === "hyphenation" ? ["summary", "experience", "skills"] : [],
  };
}

function personFor(plan: DocPlan, random: Random, taken: Set<string>): Person {
  const long = plan.class === "running-header";
  // Running headers drawn after the page get a longer history: those documents run to three pages.
  const longer = long && plan.variant.endsWith("last");
  const person = makePerson(LOCALES[plan.lang], random, {
    jobs: longer ? 6 : long ? random.int(4, 5) : plan.traps.includes("no-headings") ? 2 : random.int(2, 3),
    highlights: longer ? 5 : long ? random.int(4, 5) : random.int(2, 3),
    traps: plan.traps,
    compoundSurname: plan.class === "hyphenation",
    // A date column holds short dates ("03/2017 – 11/2019", "seit 2021"), as such templates do.
    ...(plan.pdf?.dates ? { dateStyles: ["numeric", "year", "since", "since"] as const } : {}),
    taken,
  });
  if (plan.traps.includes("no-headings"))
    Object.assign(person, { skills: [], certifications: [], spoken: [] });
  return person;
}

async function render(
  plan: DocPlan,
  person: Person,
  set: FidelitySet,
  random: Random,
): Promise<RenderedFile & { hidden: HiddenText[] }> {
  const sections = resumeSections(person, contentOptions(plan));
  if (plan.pdf?.running?.startsWith("contact")) contactOnlyInRunningHeader(sections, person);
  if (plan.format === "docx") return renderDocx(person, sections, new Set(plan.docx ?? []));
  return { ...(await renderPdf(person, sections, pdfSpecFor(plan, set, random))), hidden: [] };
}

/** E-mail and phone left only in the running header, which prints them on every page (to be kept once). */
function contactOnlyInRunningHeader(sections: Section[], person: Person): void {
  const contact = sections.find((section) => section.key === "contact")?.lines[0];
  if (contact)
    contact.segments = contact.segments.filter((s) => s.text !== person.email && s.text !== person.phone);
}

function printedDates(person: Person, truth: Candidate): ManifestEntry["printedDates"] {
  const experience = truth.experience.map(
    (entry) =>
      person.jobs.find((job) => job.company === entry.company && job.dates.start === entry.start)?.dates
        .printed ?? "",
  );
  const education = truth.education.map(
    (entry) => person.schools.find((s) => s.institution === entry.institution)?.dates ?? "",
  );
  return { experience, education };
}

/** Builds one set in memory; `taken` carries names across sets so no person appears in both. */
export async function buildSet(set: FidelitySet, taken = new Set<string>()): Promise<GeneratedDoc[]> {
  const random = new Random(SEEDS[set]);
  const docs: GeneratedDoc[] = [];
  for (const plan of planSet(set)) {
    const person = personFor(plan, random, taken);
    const rendered = await render(plan, person, set, random);
    const truth = truthOf(person);
    const entry: ManifestEntry = {
      id: plan.id,
      file: `${plan.id}.${plan.format}`,
      truth: `${plan.id}.json`,
      class: plan.class,
      variant: plan.variant,
      language: plan.lang,
      format: plan.format,
      pages: rendered.pages,
      traps: plan.traps,
      printedDates: printedDates(person, truth),
      hidden: rendered.hidden,
    };
    docs.push({ entry, bytes: rendered.bytes, truth, visible: rendered.visible, links: rendered.links });
  }
  return docs;
}

/** Both sets, dev first: the blind set never reuses a dev person's name. */
export async function buildCorpus(): Promise<Record<FidelitySet, GeneratedDoc[]>> {
  const taken = new Set<string>();
  const dev = await buildSet("dev", taken);
  const blind = await buildSet("blind", taken);
  return { dev, blind };
}

async function writeSet(set: FidelitySet, docs: readonly GeneratedDoc[]): Promise<void> {
  const dir = join(FIDELITY_DIR, set);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const doc of docs) {
    await writeFile(join(dir, doc.entry.file), doc.bytes);
    await writeFile(join(dir, doc.entry.truth), `${JSON.stringify(doc.truth, null, 2)}\n`);
  }
  const manifest = { set, seed: SEEDS[set], clock: "2025-07-01", documents: docs.map((doc) => doc.entry) };
  await writeFile(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const corpus = await buildCorpus();
  for (const set of ["dev", "blind"] as const) {
    await writeSet(set, corpus[set]);
    console.log(`${set}: ${corpus[set].length} documents in ${join(FIDELITY_DIR, set)}`);
  }
}
