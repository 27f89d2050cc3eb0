import { describe, expect, it } from "vitest";
import { describeSummary } from "../src/cli/run.ts";
import { emptySummary, type TickSummary } from "../src/tick.ts";

/** A finished run's summary with nothing left, unless overridden. */
function summary(overrides: Partial<TickSummary>): TickSummary {
  return {
    ...emptySummary(),
    run_id: "run-1",
    listed: 3,
    claimed: 1,
    done: 1,
    duration_ms: 1200,
    sync: "listing",
    ...overrides,
  };
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
