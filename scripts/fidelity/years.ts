/**
 * Years of experience the way the fixture labels count them (test/fixtures/resumes/README.md): positions
 * merged into intervals of months so overlaps count once, "YYYY-MM" covering its whole month, a bare year
 * counting from or to mid-year, current positions running to the clock, rounded to one decimal; null without
 * a dated position.
 */
import type { Experience } from "../../src/parse/candidate.ts";

/** The clock every fidelity label is computed against, as test/parse.heuristic.score.test.ts pins it. */
export const FIDELITY_CLOCK = new Date("2025-07-01T00:00:00Z");

function monthIndex(date: string, edge: "start" | "end"): number {
  const [year, month] = date.split("-");
  if (month === undefined) return Number(year) * 12 + 6;
  return Number(year) * 12 + Number(month) - 1 + (edge === "end" ? 1 : 0);
}

function clockIndex(now: Date): number {
  const daysInMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).getUTCDate();
  return now.getUTCFullYear() * 12 + now.getUTCMonth() + (now.getUTCDate() - 1) / daysInMonth;
}

export function yearsOfExperience(
  entries: readonly Pick<Experience, "start" | "end" | "current">[],
  now = FIDELITY_CLOCK,
): number | null {
  const clock = clockIndex(now);
  const intervals = entries
    .flatMap((entry) => {
      if (entry.start === null) return [];
      const end = entry.current ? clock : entry.end === null ? null : monthIndex(entry.end, "end");
      if (end === null) return [];
      const start = monthIndex(entry.start, "start");
      return Math.min(end, clock) >= start ? [[start, Math.min(end, clock)] as const] : [];
    })
    .sort((a, b) => a[0] - b[0]);
  if (intervals.length === 0) return null;
  let months = 0;
  let [openStart, openEnd] = intervals[0] as readonly [number, number];
  for (const [start, end] of intervals.slice(1)) {
    if (start <= openEnd) openEnd = Math.max(openEnd, end);
    else {
      months += openEnd - openStart;
      [openStart, openEnd] = [start, end];
    }
  }
  months += openEnd - openStart;
  return Math.round((months / 12) * 10) / 10;
}
