/**
 * Skills, certifications and spoken languages: list sections whose items are split on commas, semicolons,
 * pipes, bullets, middle dots and column gaps. "Category: a, b" lines keep only the items. Duplicates are
 * dropped case-insensitively, keeping the first spelling.
 */
import { findDateSpan, withoutDates } from "./dates.ts";
import { foldCase } from "./fold.ts";
import { spokenLanguage } from "./languages.ts";
import { joinWrapped, type Line } from "./lines.ts";
import type { Section, SectionKind } from "./sections.ts";
import { splitOutsideParentheses } from "./segments.ts";

export interface Lists {
  skills: string[];
  certifications: string[];
  languages: string[];
}

/** A skill longer than this is a sentence, not a skill. */
const MAX_SKILL_WORDS = 6;
const MAX_ITEM_CHARS = 80;
/**
 * "Cloud: AWS, Azure", "Routing & Switching: BGP", "Platforms - Kubernetes, GCP": a short label before a colon
 * (or a spaced dash, when a list follows) is a category, not a skill.
 */
const CATEGORY = /^([^:]{1,40}?)\s*(?::|\s[-–—](?=\s.*[,;]))\s*(\S.*)$/u;

export function parseLists(sections: readonly Section[], skip: ReadonlySet<Line>): Lists {
  const skills = new DistinctList();
  const certifications = new DistinctList();
  const languages = new DistinctList();
  for (const section of sections) {
    const lines = section.lines.filter((line) => !skip.has(line));
    if (section.kind === "skills") {
      for (const text of unwrapItems(lines, "skills")) skills.addAll(skillItems(text));
    } else if (section.kind === "certifications") {
      for (const text of unwrapItems(lines, "certifications"))
        certifications.addAll(certificationItems(text, section.parent));
    } else if (section.kind === "languages") {
      addLanguages(lines, section.parent, languages, skills);
    }
  }
  return { skills: skills.items, certifications: certifications.items, languages: languages.items };
}

/** Items that are not spoken languages are programming languages when the line sat inside a Skills section. */
function addLanguages(
  lines: readonly Line[],
  parent: SectionKind | null,
  languages: DistinctList,
  skills: DistinctList,
): void {
  for (const line of lines) {
    for (const item of listItems(withoutTranslations(line.text))) {
      const language = spokenLanguage(item);
      if (language !== null) languages.add(language);
      else if (parent === "skills" && isSkill(item)) skills.add(item);
    }
  }
}

/**
 * "Ελληνικά / Greek (native)", "日本語 / Japanese": one language named in two scripts is one language, its first
 * spelling. "English / French" (same script) stays a list of two.
 */
function withoutTranslations(text: string): string {
  if (!text.includes("/")) return text;
  return text.replace(
    /([^\s,;/]{1,40})\s{1,3}\/\s{1,3}([^\s,;/(]{1,40})/gu,
    (pair, first: string, second: string) =>
      spokenLanguage(first) !== null &&
      spokenLanguage(second) !== null &&
      scriptOf(first) !== scriptOf(second)
        ? first
        : pair,
  );
}

const SCRIPTS: readonly RegExp[] = [
  /^\p{Script=Latin}/u,
  /^\p{Script=Greek}/u,
  /^\p{Script=Cyrillic}/u,
  /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u,
  /^\p{Script=Hangul}/u,
  /^\p{Script=Arabic}/u,
  /^\p{Script=Hebrew}/u,
  /^\p{Script=Devanagari}/u,
];

function scriptOf(word: string): number {
  return SCRIPTS.findIndex((script) => script.test(word));
}

/** A line ending like this is cut mid-item: "Journey mapping and" / "stakeholder workshops". */
const DANGLING_END = /(?:\s(?:and|or|of|for|with|in|to|on|und|et|y|e|de)|[,&/+])$/iu;
/** Words that end a credential's name: a short line starting with one finishes the item above it. */
// biome-ignore format: word list, packed for reading
const CREDENTIAL_TAILS = new Set([
  "developer", "engineer", "architect", "administrator", "associate", "professional", "specialist",
  "practitioner", "expert", "analyst", "owner", "master", "certificate", "certification", "foundation",
  "foundations", "fundamentals", "consultant", "manager", "auditor",
]);

/**
 * Narrow sidebars wrap list items: "Certified Cloud Platform" / "Developer" is one certification. A line joins
 * the one above when that one ends mid-phrase, or (certifications) when it starts in lower case or is one or
 * two words that finish a credential's name ("Developer", "Owner (CSPO)") after a line that had not.
 */
function unwrapItems(lines: readonly Line[], kind: "skills" | "certifications"): string[] {
  const texts: string[] = [];
  for (const line of lines) {
    const last = texts.at(-1);
    if (last !== undefined && !line.bullet && continuesItem(last, line.text, kind)) {
      texts[texts.length - 1] = joinWrapped(last, line.text);
    } else {
      texts.push(line.text);
    }
  }
  return texts;
}

function continuesItem(before: string, text: string, kind: "skills" | "certifications"): boolean {
  if (DANGLING_END.test(before.slice(-6))) return true;
  if (kind === "skills") return false;
  if (/^\p{Ll}/u.test(text)) return true;
  const words = text.replace(/\s*\([^)]{1,20}\)$/, "").split(/\s+/);
  const tail = (word: string | undefined) => CREDENTIAL_TAILS.has(foldCase(word ?? ""));
  return words.length <= 2 && tail(words[0]) && !tail(before.split(/\s+/).at(-1)) && !/[)\d]$/.test(before);
}

export function skillItems(text: string): string[] {
  const category = CATEGORY.exec(text);
  const items =
    category !== null && (category[1] ?? "").split(/\s+/).length <= 5 ? (category[2] ?? "") : text;
  return listItems(items).filter(isSkill);
}

/** Splits a list line; " / " with spaces separates, "CI/CD" does not; commas inside parentheses do not. */
function listItems(text: string): string[] {
  const normalized = text.replace(/\s+\/\s+|\t|\s[-–—]\s(?=\S)|[•●▪·■◦|]/gu, ";");
  return splitOutsideParentheses(normalized, ",;")
    .map((item) => item.replace(/^[\s*+-]+|[\s.]+$/g, "").trim())
    .filter((item) => item !== "");
}

function isSkill(item: string): boolean {
  if (item.length > MAX_ITEM_CHARS || item.split(/\s+/).length > MAX_SKILL_WORDS) return false;
  // Contact details caught in a sidebar list are not skills.
  return !/@|https?:|www\./i.test(item) && (item.match(/\d/g)?.length ?? 0) < 7;
}

/**
 * One certification per line or bullet; ";" and "|" separate several on one line, and so do commas when there
 * are three or more short parts (or the line was inline: "Certifications: A, B"). A trailing date is dropped.
 */
export function certificationItems(text: string, parent: SectionKind | null): string[] {
  let parts = splitOutsideParentheses(text.replace(/[|•·]/g, ";"), ";");
  parts = parts.flatMap((part) => {
    const commaParts = splitOutsideParentheses(part, ",");
    const short = commaParts.every((item) => item.split(/\s+/).length <= 5);
    return short && (commaParts.length >= 3 || parent !== null) ? commaParts : [part];
  });
  return parts.map(withoutTrailingDate).filter((item) => item !== "" && item.length <= 150);
}

function withoutTrailingDate(item: string): string {
  const span = findDateSpan(item);
  const text =
    span !== null && span.index + span.length >= item.trimEnd().length - 1 ? withoutDates(item, span) : item;
  return text.replace(/[\s,–—-]+(?:issued|obtained|expires?|valid until)$/i, "").trim();
}

/** Keeps the first spelling of each item, compared without case or accents. */
class DistinctList {
  readonly items: string[] = [];
  readonly #seen = new Set<string>();

  add(item: string): void {
    const key = foldCase(item).replace(/\s+/g, " ");
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.items.push(item);
  }

  addAll(items: readonly string[]): void {
    for (const item of items) this.add(item);
  }
}
