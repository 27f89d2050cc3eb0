import { describe, expect, it } from "vitest";
import { LocalFolderBucket } from "../src/bucket/local.ts";
import { createLogger } from "../src/log.ts";
import { runTick } from "../src/tick.ts";
import { textResume } from "./support/folders.ts";
import { CountingParser } from "./support/parsers.ts";
import { tickFolder, tickOptions } from "./support/tick.ts";
import { useTickWorld } from "./support/tick-world.ts";

const KILLED = "killed-host:4242";
/** The killed run's budget; its leases last budget + 60 s, and so does its run until it counts as abandoned. */
const KILLED_BUDGET_MS = 5_000;

describe("a run killed mid-tick", () => {
  const world = useTickWorld();

  it("the next tick reports its leased files in flight; after its budget + 60 s it is closed as abandoned", async () => {
    for (const [i, name] of ["a.txt", "b.txt", "c.txt", "d.txt"].entries())
      await world.folder.write(name, textResume(i));
    await tickFolder(world.ledger, world.folder.dir, new CountingParser(), { limit: 0 }); // lists, claims nothing
    // The killed tick: it opened its run and leased two files, then died (SIGKILL) without finishing either.
    const { runId: killed } = await world.ledger.startRun({
      trigger: "test",
      worker: KILLED,
      budgetMs: KILLED_BUDGET_MS,
    });
    await world.ledger.claimFiles({ worker: KILLED, limit: 2, leaseMs: KILLED_BUDGET_MS + 60_000 });
    // A third file waits for its retry time after a transient error (a parser 5xx).
    const [flaky] = await world.ledger.claimFiles({ worker: "other", limit: 1, leaseMs: 60_000 });
    if (!flaky) throw new Error("nothing to claim");
    await world.ledger.failFile({
      id: flaky.id,
      leaseToken: flaky.leaseToken,
      code: "parser_error",
      message: "The parser answered HTTP 503",
      retryable: true,
      maxAttempts: 5,
    });

    const next = await tickFolder(world.ledger, world.folder.dir, new CountingParser());

    expect(next).toMatchObject({ done: 1, backlog: 1, ready: 0, deferred: 1, in_flight: 2 });
    expect(await runOf(killed)).toMatchObject({ outcome: null, finished_at: null }); // inside its budget + grace

    // 66 s later (5 s budget + 60 s grace have passed): move the killed run and its leases back instead of waiting.
    await world.ledger.client.query(
      "update watcher.watcher_runs set started_at = started_at - interval '66 seconds' where run_id = $1",
      [killed],
    );
    await world.ledger.client.query(
      "update watcher.resume_files set lease_expires_at = lease_expires_at - interval '66 seconds' where lease_owner = $1",
      [KILLED],
    );
    const lines: string[] = [];
    const log = createLogger({ sink: (_level, line) => lines.push(line) });
    const bucket = new LocalFolderBucket(world.folder.dir, { name: "test-bucket" });
    const after = await runTick(
      { ledger: world.ledger, bucket, parser: new CountingParser(), log },
      tickOptions(),
    );

    expect(after).toMatchObject({ done: 2, backlog: 1, deferred: 1, in_flight: 0, outcome: "completed" });
    expect(await runOf(killed)).toMatchObject({ outcome: "abandoned", duration_ms: null });
    expect((await runOf(killed))?.finished_at).not.toBeNull();
    expect(lines.join("\n")).toMatch(/^WARN runs abandoned .*abandoned=1/m);
    expect(lines.find((l) => l.startsWith("tick finished"))).toMatch(/backlog=1 deferred=1 ms=/);
  });

  async function runOf(runId: string) {
    const { last_runs } = await world.ledger.getStatus({ lastRuns: 10, topErrors: 0 });
    return last_runs.find((run) => run.run_id === runId);
  }
});
