/**
 * Total years of professional experience from dated positions: intervals are merged so overlapping jobs count
 * once, a current position runs until `now`, and the sum is rounded to one decimal. Null without any dated
 * position, so "no data" is never reported as zero years.
 *
 * Month arithmetic: "YYYY-MM" starts at the beginning of its month and ends at the end of it (Jan–Dec 2019 is
 * 12 months). A year alone is taken as mid-year at either end, the best guess for an unknown month, so
 * "2015 – 2017" counts 2 years.
 */
import type { Experience } from "../candidate.ts";

type Interval = [start: number, end: number];

function monthIndex(date: string, edge: "start" | "end"): number {
  const [year, month] = date.split("-");
  if (month === undefined) return Number(year) * 12 + 6;
  return Number(year) * 12 + Number(month) - 1 + (edge === "end" ? 1 : 0);
}

function nowIndex(now: Date): number {
  const daysInMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).getUTCDate();
  return now.getUTCFullYear() * 12 + now.getUTCMonth() + (now.getUTCDate() - 1) / daysInMonth;
}

function toInterval(entry: Experience, now: number): Interval | null {
  if (entry.start === null) return null;
  const start = monthIndex(entry.start, "start");
  const rawEnd = entry.current ? now : entry.end === null ? null : monthIndex(entry.end, "end");
  if (rawEnd === null) return null;
  // A future end date is a typo or a planned end; experience cannot exceed today.
  const end = Math.min(rawEnd, now);
  return end >= start ? [start, end] : null;
}

export function yearsOfExperience(entries: readonly Experience[], now: Date): number | null {
  const current = nowIndex(now);
  const intervals = entries
    .map((entry) => toInterval(entry, current))
    .filter((interval) => interval !== null)
    .sort((a, b) => a[0] - b[0]);
  if (intervals.length === 0) return null;
  let months = 0;
  let [openStart, openEnd] = intervals[0] as Interval;
  for (const [start, end] of intervals.slice(1)) {
    if (start <= openEnd) {
      openEnd = Math.max(openEnd, end);
    } else {
      months += openEnd - openStart;
      [openStart, openEnd] = [start, end];
    }
  }
  months += openEnd - openStart;
  return Math.round((months / 12) * 10) / 10;
}
