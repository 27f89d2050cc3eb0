import { beforeEach, describe, expect, it } from "vitest";
import { LocalFolderBucket } from "../src/bucket/local.ts";
import { createLogger, type LogLevel } from "../src/log.ts";
import { runTick, type TickOptions } from "../src/tick.ts";
import { textResume } from "./support/folders.ts";
import { CountingParser } from "./support/parsers.ts";
import { tickOptions } from "./support/tick.ts";
import { useTickWorld } from "./support/tick-world.ts";

describe("RESUME_PREFIX: a listing removes only what it could have seen", () => {
  const world = useTickWorld();
  const parser = new CountingParser();

  /** One tick over the folder watched under `prefix` (RESUME_PREFIX), its log lines kept. */
  const tick = async (prefix: string, overrides: Partial<TickOptions> = {}) => {
    const lines: { level: LogLevel; line: string }[] = [];
    const log = createLogger({ sink: (level, line) => lines.push({ level, line }) });
    const bucket = new LocalFolderBucket(world.folder.dir, { name: "test-bucket", prefix });
    const summary = await runTick({ ledger: world.ledger, bucket, parser, log }, tickOptions(overrides));
    return { summary, lines };
  };
  const counts = async () => (await world.ledger.getStatus({ lastRuns: 0, topErrors: 0 })).counts;

  beforeEach(async () => {
    parser.calls = 0;
    await world.folder.write("top.txt", textResume(0));
    await world.folder.write("cv/r1.txt", textResume(1));
    await world.folder.write("cv/r2.txt", textResume(2));
  });

  it("a mistyped prefix removes nothing and warns; switching back parses nothing again", async () => {
    const first = await tick("");
    expect(first.summary).toMatchObject({ listed: 3, done: 3, warnings: [] });

    const typo = await tick("cvs");

    expect(typo.summary).toMatchObject({ listed: 0, removed: 0, claimed: 0, outcome: "completed" });
    expect(typo.summary.warnings).toEqual([expect.stringMatching(/^prefix matches nothing: .*"cvs\/"/)]);
    expect(typo.lines).toContainEqual({
      level: "warn",
      line: expect.stringMatching(/^WARN prefix matches nothing .*prefix=cvs\//),
    });
    expect(await counts()).toMatchObject({ done: 3, removed: 0 });

    const back = await tick("");
    expect(back.summary).toMatchObject({ listed: 3, new: 0, changed: 0, removed: 0, claimed: 0 });
    expect(back.summary.warnings).toEqual([]);
    expect(parser.calls).toBe(3);
  });

  it("a prefix removes files gone from its folder and leaves every file outside it alone", async () => {
    await tick("");
    await world.folder.remove("cv/r2.txt");

    const { summary } = await tick("cv/");

    expect(summary).toMatchObject({ listed: 1, removed: 1, warnings: [] });
    expect(await counts()).toMatchObject({ done: 2, removed: 1 });
    const rows = await world.ledger.exportFiles({ bucket: "test-bucket" });
    expect(rows.map((r) => `${r.path}:${r.status}`).sort()).toEqual([
      "cv/r1.txt:done",
      "cv/r2.txt:removed",
      "top.txt:done",
    ]);
  });

  it("a prefix changed while a listing is under way starts a new listing: nothing removed or re-parsed", async () => {
    await world.folder.write("cv/r3.txt", textResume(3));
    await tick("");
    // One page per tick (syncShare 0): the listing under cv/ stops after cv/r1.txt, its cursor saved.
    const partial = await tick("cv/", { pageSize: 1, syncShare: 0 });
    expect(partial.summary).toMatchObject({ listed: 1, removed: 0 });

    // Continuing that listing's cursor and pages over the whole folder would remove top.txt, never seen.
    const whole = await tick("");

    expect(whole.summary).toMatchObject({ listed: 4, new: 0, changed: 0, removed: 0, claimed: 0 });
    expect(await counts()).toMatchObject({ done: 4, removed: 0 });
    expect(parser.calls).toBe(4);
  });
});
