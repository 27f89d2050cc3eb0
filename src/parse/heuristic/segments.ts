/**
 * Splits a header line ("Senior Engineer — Acme Inc. | Austin, TX") into its pieces. Strong separators (tabs,
 * pipes, dashes and dots between spaces) always split; commas split too, but "Inc."-style suffixes and
 * "City, ST" pairs are glued back, and commas inside parentheses never split.
 */
import { isCountry, isPlace } from "./places.ts";

export interface Segment {
  readonly text: string;
  /** Index of the strong-separator piece this came from: comma parts of one piece share a group. */
  readonly group: number;
}

const STRONG_SEPARATOR = /\t+|\s*\|\s*|\s+[•·–—]\s+|\s+-\s+|\s+@\s+/u;
/** Legal-form suffixes written after a comma ("Acme, Inc."): never a segment of their own. */
const LEGAL_SUFFIX =
  /^(?:inc|llc|ltd|limited|corp|co|gmbh|ag|s\.?a|s\.?l|s\.?a\.?s|plc|pty|b\.?v|n\.?v|jr|sr)\.?$/i;

export function splitSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  text.split(STRONG_SEPARATOR).forEach((piece, group) => {
    for (const part of mergeCommaParts(splitOutsideParentheses(piece))) {
      if (part !== "") segments.push({ text: part, group });
    }
  });
  return segments;
}

/** The pieces between strong separators, commas left alone: "Lyon, France | +33 6…" → ["Lyon, France", "+33 6…"]. */
export function strongPieces(text: string): string[] {
  return text
    .split(STRONG_SEPARATOR)
    .map((piece) => piece.trim())
    .filter((piece) => piece !== "");
}

/** Splits on commas (and semicolons) at parenthesis depth 0. */
export function splitOutsideParentheses(text: string, separators = ",;"): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of text) {
    if (char === "(" || char === "[") depth++;
    else if ((char === ")" || char === "]") && depth > 0) depth--;
    if (depth === 0 && separators.includes(char)) {
      parts.push(current.trim());
      current = "";
    } else {
      current += char;
    }
  }
  parts.push(current.trim());
  return parts;
}

/** Glues "Inc." to its company and "Portland" + "OR" (+ "USA") into one place. */
function mergeCommaParts(parts: readonly string[]): string[] {
  const merged: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? "";
    const previous = merged.at(-1);
    if (previous !== undefined && LEGAL_SUFFIX.test(part)) {
      merged[merged.length - 1] = `${previous}, ${part}`;
      continue;
    }
    const place = placeStartingAt(parts, i);
    if (place > 1) {
      merged.push(parts.slice(i, i + place).join(", "));
      i += place - 1;
      continue;
    }
    merged.push(part);
  }
  return merged;
}

/** How many comma parts from `start` form a place ("Portland, OR" → 2), or 0. */
function placeStartingAt(parts: readonly string[], start: number): number {
  const three = parts.slice(start, start + 3);
  if (three.length === 3 && isCountry(three[2] ?? "") && isPlace(three.join(", "))) return 3;
  const two = parts.slice(start, start + 2);
  if (two.length === 2 && isPlace(two.join(", "))) return 2;
  return 0;
}
