import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { makeDocx } from "../../scripts/lib/docx-builder.ts";
import { makePdf } from "../../scripts/lib/pdf-builder.ts";
import {
  docxContactInHeader,
  docxResume,
  markdown,
  pdfLinks,
  plainText,
  singleColumnPdf,
  twoColumnPdf,
} from "../../scripts/lib/render-resume.ts";
import { SAMPLE_RESUMES, type SampleResume } from "../../scripts/samples-manifest.ts";

/**
 * Benchmark inputs: distinct resumes (every file's bytes differ, so nothing is deduplicated by content hash),
 * rendered with the same builders as samples/ and the tests.
 */

/** Sample people whose names Helvetica can draw (WinAnsi), so every one of them renders to PDF as well. */
const LATIN_PEOPLE = SAMPLE_RESUMES.filter((r) => [...r.name].every((c) => c.charCodeAt(0) <= 0xff));
const ALL_PEOPLE = SAMPLE_RESUMES;

const pad = (index: number) => String(index).padStart(6, "0");

/** Sample person `index` (cycling), made unique: own e-mail, phone and a reference line in the summary. */
export function variantOf(people: readonly SampleResume[], index: number): SampleResume {
  const base = people[index % people.length] as SampleResume;
  const [user, domain] = base.email.split("@");
  return {
    ...base,
    email: `${user}.${pad(index)}@${domain}`,
    phone: `+1 555 01${pad(index).slice(2)}`,
    summary: `${base.summary} Reference BENCH-${pad(index)}.`,
  };
}

/** A short plain-text resume that differs per index. */
export function textResume(index: number): string {
  return [
    `Candidate Number ${pad(index)}`,
    `candidate.${pad(index)}@example.com · +1 555 01${pad(index).slice(2)}`,
    "",
    "EXPERIENCE",
    `Software Engineer — Company ${index}`,
    "Jan 2019 – Present",
    "  * Built and ran the resume ingestion pipeline.",
    "",
    "SKILLS",
    "TypeScript, PostgreSQL, Node.js",
    "",
  ].join("\n");
}

/** Filler experience that pushes a one-page resume onto a second page (realistic prose, no lorem ipsum). */
const EARLIER_ROLES = [
  "Analyst — Northwind Traders, Hamburg",
  "Consultant — Contoso Ltd, Munich",
  "Associate — Fabrikam Inc, Berlin",
  "Intern — Adventure Works, Cologne",
];

/** A two-page, single-column text PDF with link annotations; distinct per index. */
export function twoPagePdf(index: number): Promise<Uint8Array> {
  const resume = variantOf(LATIN_PEOPLE, index);
  const extra: string[] = ["## Earlier experience"];
  for (const [n, role] of EARLIER_ROLES.entries()) {
    extra.push(role, `${2008 - 2 * n} – ${2010 - 2 * n}`);
    for (let k = 0; k < 4; k += 1) {
      extra.push(
        `• Delivered project ${n * 4 + k + 1} for case ${pad(index)}: gathered requirements with stakeholders, ` +
          "planned the releases, reported progress to management every week and documented the results.",
      );
    }
    extra.push("");
  }
  return makePdf([...singleColumnPdf(resume), ...extra], {
    title: `Resume — ${resume.name}`,
    author: resume.name,
    links: pdfLinks(resume),
  });
}

export type MixedKind = "pdf" | "docx" | "text";

/** File `index` of a realistic mix: a third each PDF (one or two columns), DOCX (two templates) and text/Markdown. */
export async function mixedResume(
  index: number,
): Promise<{ name: string; kind: MixedKind; bytes: Uint8Array }> {
  const variant = Math.floor(index / 3) % 2 === 0;
  switch (index % 3) {
    case 0: {
      const resume = variantOf(LATIN_PEOPLE, index);
      const meta = { title: `Resume — ${resume.name}`, author: resume.name, links: pdfLinks(resume) };
      const bytes = await makePdf(variant ? singleColumnPdf(resume) : twoColumnPdf(resume), meta);
      return { name: `pdf/${pad(index)}.pdf`, kind: "pdf", bytes };
    }
    case 1: {
      const resume = variantOf(ALL_PEOPLE, index);
      const bytes = await makeDocx(variant ? docxResume(resume) : docxContactInHeader(resume));
      return { name: `docx/${pad(index)}.docx`, kind: "docx", bytes };
    }
    default: {
      const resume = variantOf(ALL_PEOPLE, index);
      const text = variant ? plainText(resume, "\n") : markdown(resume);
      return { name: `text/${pad(index)}.${variant ? "txt" : "md"}`, kind: "text", bytes: Buffer.from(text) };
    }
  }
}

/** Writes `count` files made by `make(index)` under `dir`; returns the total bytes written. */
export async function writeFiles(
  dir: string,
  count: number,
  make: (index: number) => Promise<{ name: string; bytes: Uint8Array | string }>,
): Promise<number> {
  let total = 0;
  for (let index = 0; index < count; index += 1) {
    const { name, bytes } = await make(index);
    const full = path.join(dir, name);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, bytes);
    total += typeof bytes === "string" ? Buffer.byteLength(bytes) : bytes.byteLength;
  }
  return total;
}
