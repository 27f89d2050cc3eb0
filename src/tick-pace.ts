import { setTimeout as sleep } from "node:timers/promises";
import type { Deadline, DurationEstimate } from "./deadline.ts";
import type { CallPace, CallTurn, PaceCounters } from "./parse/port.ts";

/**
 * How far ahead of its turn a slot claims its file, ms (default 1,000): enough to download and extract it before
 * the call may start, short enough that files are not leased just to wait in line.
 */
const TURN_LEAD_MS = 1_000;

/**
 * Waits until the paced parser's next turn is near, then returns it booked (hand it to the file's call, release
 * it if no file comes). Returns "rate_limited" when that turn plus a file's usual duration would end after the
 * deadline: the provider's limit, not the budget, is what stops this tick. Returns null when the tick ends first.
 */
export async function waitForTurn(
  pace: CallPace,
  deadline: Deadline,
  estimate: DurationEstimate,
): Promise<CallTurn | "rate_limited" | null> {
  for (;;) {
    if (deadline.signal.aborted) return null;
    const turn = pace.book();
    const now = Date.now();
    if (turn.startsAt > now && turn.startsAt + estimate.estimateMs() > deadline.endsAt) {
      turn.release();
      return "rate_limited";
    }
    const early = turn.startsAt - TURN_LEAD_MS - now;
    if (early <= 0) return turn;
    turn.release();
    await sleep(early, undefined, { signal: deadline.signal }).catch(() => undefined);
  }
}

/** The pacing counters a tick reports: what the parser did between `before` and now. */
export function paceSince(pace: CallPace | undefined, before: PaceCounters | null): PaceCounters {
  if (!pace || !before) return { calls: 0, rate_limited: 0, paced_ms: 0 };
  const now = pace.counters();
  return {
    calls: now.calls - before.calls,
    rate_limited: now.rate_limited - before.rate_limited,
    paced_ms: Math.round(now.paced_ms - before.paced_ms),
  };
}
