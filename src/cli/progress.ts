import type { TickProgress } from "../tick.ts";

/** Width of the bar in characters. */
const BAR_WIDTH = 28;

/**
 * A one-line progress bar redrawn in place on a TTY (stderr, so stdout stays clean for pipes). Counts come from
 * the per-file reports, so the bar and the final summary always agree.
 */
export function createProgressBar(stream: NodeJS.WriteStream): (event: TickProgress) => void {
  const counts = { done: 0, skipped: 0, failed: 0, other: 0 };
  return (event) => {
    const outcome = event.report?.outcome;
    if (outcome === "done") counts.done += 1;
    else if (outcome === "skipped") counts.skipped += 1;
    else if (outcome === "failed" || outcome === "retrying") counts.failed += 1;
    else if (outcome) counts.other += 1;
    const total = Math.max(event.total, event.processed, 1);
    const filled = Math.round((event.processed / total) * BAR_WIDTH);
    const bar = `${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}`;
    const line = `${bar} ${event.processed}/${event.total}  done ${counts.done} · skipped ${counts.skipped} · failed ${counts.failed}`;
    stream.write(`\r${line}\x1b[K`);
  };
}

export function endProgressLine(stream: NodeJS.WriteStream): void {
  stream.write("\n");
}
