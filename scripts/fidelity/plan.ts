/**
 * Which documents each set holds: class, template variant, language, traps and layout parameters. The blind
 * set uses other people (names never reused), other parameter ranges (Times instead of Helvetica, US Letter,
 * wider sidebars, other tracking and type sizes), variants the dev set lacks (sidebar on the right) and
 * another seed.
 */
import type { DocxFeature } from "./docx-templates.ts";
import type { Lang } from "./locale.ts";
import type { PdfVariant } from "./pdf-templates.ts";
import type { Trap } from "./person.ts";

export type FidelitySet = "dev" | "blind";

export const CLASSES = [
  "columns",
  "tracking",
  "running-header",
  "hyphenation",
  "date-columns",
  "docx",
  "links",
  "plain",
] as const;
export type FidelityClass = (typeof CLASSES)[number];

export type DateVariant = "right-inline" | "right-after-block" | "left" | "right-page-end";
export type TrackingVariant = "headings-glyphs" | "name-char-spacing" | "name-link-glyphs" | "all-glyphs";

export interface DocPlan {
  id: string;
  class: FidelityClass;
  /** Template variant, for the report: "sidebar-last", "alt-chunk+hidden", "dates left" … */
  variant: string;
  lang: Lang;
  traps: Trap[];
  format: "pdf" | "docx";
  pdf?: {
    layout: PdfVariant;
    dates?: DateVariant;
    tracking?: TrackingVariant;
    running?: "name-first" | "contact-last" | "name-last" | "contact-first";
  };
  docx?: DocxFeature[];
  labelsOnly: boolean;
}

export const SEEDS: Record<FidelitySet, number> = { dev: 20_251_101, blind: 77_003_119 };

const PDF_LANGS: Record<FidelitySet, Lang[]> = {
  dev: ["en", "de", "en", "fr", "es", "en", "pt", "it", "en", "nl"],
  blind: ["it", "en", "nl", "de", "en", "es", "fr", "en", "pt"],
};
const DOCX_LANGS: Record<FidelitySet, Lang[]> = {
  dev: ["pl", "en", "de", "pl", "fr", "es", "en", "nl", "pt", "it"],
  blind: ["en", "pl", "it", "de", "pl", "nl", "es", "fr"],
};
const TRAPS: Trap[][] = [
  ["referees"],
  [],
  ["old-email"],
  ["career-break"],
  [],
  ["overlap"],
  ["expected-degree"],
  ["referees", "old-email"],
  ["career-break", "overlap"],
  [],
];

const COLUMNS: Record<FidelitySet, PdfVariant[]> = {
  dev: ["sidebar-first", "sidebar-last", "interleaved", "three-column"],
  blind: ["sidebar-right", "interleaved", "three-column", "sidebar-last", "sidebar-first", "interleaved"],
};
const TRACKING: Record<FidelitySet, TrackingVariant[]> = {
  dev: [
    "headings-glyphs",
    "name-char-spacing",
    "name-link-glyphs",
    "all-glyphs",
    "headings-glyphs",
    "name-link-glyphs",
  ],
  blind: ["all-glyphs", "name-link-glyphs", "name-char-spacing"],
};
const RUNNING: Record<FidelitySet, NonNullable<DocPlan["pdf"]>["running"][]> = {
  dev: ["name-first", "contact-last", "name-last", "contact-first", "name-first", "contact-last"],
  blind: ["contact-first", "name-last", "contact-last"],
};
const DATES: Record<FidelitySet, DateVariant[]> = {
  dev: ["right-inline", "right-after-block", "left", "right-page-end", "right-after-block", "left"],
  blind: ["right-page-end", "left", "right-after-block"],
};
const HYPHENATION: Record<FidelitySet, PdfVariant[]> = {
  dev: ["single", "sidebar-first", "single", "sidebar-last", "single", "sidebar-first"],
  blind: ["sidebar-right", "single", "sidebar-first"],
};
const DOCX: Record<FidelitySet, DocxFeature[][]> = {
  dev: [
    ["alt-chunk"],
    ["alt-chunk", "header-contact"],
    ["hidden", "revisions"],
    ["text-box"],
    ["text-box-no-fallback", "hidden"],
    ["content-controls", "no-break"],
    ["field-links", "no-break"],
    ["revisions", "content-controls", "field-links"],
    ["alt-chunk", "header-contact", "field-links"],
    ["text-box-no-fallback", "revisions", "no-break"],
  ],
  blind: [
    ["alt-chunk", "field-links", "header-contact"],
    ["revisions", "hidden", "text-box"],
    ["text-box-no-fallback", "content-controls"],
    ["no-break", "field-links", "hidden"],
    ["alt-chunk"],
    ["content-controls", "revisions", "text-box-no-fallback"],
  ],
};

export function planSet(set: FidelitySet): DocPlan[] {
  const plans: Omit<DocPlan, "id" | "lang" | "traps">[] = [];
  const columns = set === "dev" ? [...COLUMNS.dev, ...COLUMNS.dev, ...COLUMNS.dev] : COLUMNS.blind;
  for (const layout of columns)
    plans.push({ class: "columns", variant: layout, format: "pdf", pdf: { layout }, labelsOnly: false });
  for (const tracking of TRACKING[set])
    plans.push({
      class: "tracking",
      variant: tracking,
      format: "pdf",
      pdf: { layout: "single", tracking },
      labelsOnly: tracking === "name-link-glyphs",
    });
  for (const running of RUNNING[set])
    plans.push({
      class: "running-header",
      variant: running ?? "",
      format: "pdf",
      pdf: { layout: "single", running },
      labelsOnly: false,
    });
  for (const layout of HYPHENATION[set])
    plans.push({ class: "hyphenation", variant: layout, format: "pdf", pdf: { layout }, labelsOnly: false });
  for (const dates of DATES[set])
    plans.push({
      class: "date-columns",
      variant: dates,
      format: "pdf",
      pdf: { layout: "single", dates },
      labelsOnly: false,
    });
  for (const features of DOCX[set])
    plans.push({
      class: "docx",
      variant: features.join("+"),
      format: "docx",
      docx: features,
      labelsOnly: false,
    });
  const links = set === "dev" ? 2 : 1;
  for (let i = 0; i < links; i += 1) {
    plans.push({
      class: "links",
      variant: "pdf labels",
      format: "pdf",
      pdf: { layout: i % 2 ? "sidebar-first" : "single" },
      labelsOnly: true,
    });
    plans.push({
      class: "links",
      variant: "docx labels+fields",
      format: "docx",
      docx: ["field-links"],
      labelsOnly: true,
    });
  }
  plans.push({
    class: "plain",
    variant: "no headings",
    format: "pdf",
    pdf: { layout: "single" },
    labelsOnly: false,
  });
  plans.push({
    class: "plain",
    variant: "single column",
    format: "pdf",
    pdf: { layout: "single" },
    labelsOnly: set === "blind",
  });
  let pdfIndex = 0;
  let docxIndex = 0;
  return plans.map((plan, i) => {
    const langs = plan.format === "pdf" ? PDF_LANGS[set] : DOCX_LANGS[set];
    const lang = langs[(plan.format === "pdf" ? pdfIndex++ : docxIndex++) % langs.length] ?? "en";
    const traps: Trap[] =
      plan.variant === "no headings"
        ? ["no-headings"]
        : [...(TRAPS[(i * 3 + (set === "dev" ? 0 : 1)) % TRAPS.length] ?? [])];
    const id = `${set === "dev" ? "d" : "b"}${String(i + 1).padStart(2, "0")}-${plan.class}-${lang}`;
    return { ...plan, id, lang, traps };
  });
}
