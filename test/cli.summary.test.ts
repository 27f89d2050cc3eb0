import { describe, expect, it } from "vitest";
import { describeSummary } from "../src/cli/run.ts";
import type { TickSummary } from "../src/tick.ts";

/** A finished run's summary with nothing left, unless overridden. */
function summary(overrides: Partial<TickSummary>): TickSummary {
  const base: TickSummary = {
    run_id: "run-1",
    listed: 3,
    new: 0,
    changed: 0,
    removed: 0,
    claimed: 1,
    done: 1,
    skipped: 0,
    failed: 0,
    retrying: 0,
    released: 0,
    reused: 0,
    prompt_tokens: 0,
    completion_tokens: 0,
    backlog: 0,
    ready: 0,
    deferred: 0,
    in_flight: 0,
    duration_ms: 1200,
    outcome: "completed",
    error: null,
    error_code: null,
    sync: "listing",
    warnings: [],
  };
  return Object.assign(base, overrides);
}

describe("run's human summary", () => {
  it("never says nothing is left while files are leased by another run", () => {
    const text = describeSummary(summary({ in_flight: 2 }), []);

    expect(text).toMatch(/backlog 0 pending \(0 ready, 0 waiting to retry\), 2 in flight elsewhere/);
    expect(text).toMatch(/2 file\(s\) are leased by another run; .* when its leases expire/);
  });

  it("splits the backlog into ready files and files waiting for their retry time", () => {
    const text = describeSummary(summary({ backlog: 3, ready: 1, deferred: 2 }), []);

    expect(text).toMatch(/backlog 3 pending \(1 ready, 2 waiting to retry\), 0 in flight elsewhere/);
    expect(text).toMatch(/More files are pending/);
    expect(text).not.toMatch(/leased by another run/);
  });
});
