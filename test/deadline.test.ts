import { describe, expect, it } from "vitest";
import { Deadline, DurationEstimate, raceAbort } from "../src/deadline.ts";

describe("deadline", () => {
  it("counts down on an injected clock and fires its signal at the budget", async () => {
    let now = 1_000;
    const deadline = new Deadline(50, { now: () => now });
    now += 20;
    expect(deadline.remaining()).toBe(30);
    expect(deadline.elapsed()).toBe(20);
    await new Promise((resolve) => deadline.signal.addEventListener("abort", resolve));
    expect(deadline.reason).toBe("deadline");
    expect(deadline.remaining()).toBe(0);
  });

  it("aborts early when the parent signal does (Ctrl-C)", () => {
    const parent = new AbortController();
    const deadline = new Deadline(60_000, { parent: parent.signal });
    parent.abort();
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.reason).toBe("interrupted");
    deadline.dispose();
  });

  it("raceAbort rejects a promise that never settles once the signal fires", async () => {
    const controller = new AbortController();
    const pending = raceAbort(new Promise(() => {}), controller.signal);
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
  });
});

describe("duration estimate", () => {
  it("answers the initial guess, then the 90th percentile of recent durations", () => {
    const estimate = new DurationEstimate(1_000, 10);
    expect(estimate.estimateMs()).toBe(1_000);
    for (const ms of [10, 12, 11, 13, 10, 12, 11, 10, 12, 900]) estimate.observe(ms);
    expect(estimate.estimateMs()).toBe(900);
    // Once ten newer samples have slid the outlier out of the window, it no longer counts.
    for (let i = 0; i < 10; i += 1) estimate.observe(20);
    expect(estimate.estimateMs()).toBe(20);
  });
});
