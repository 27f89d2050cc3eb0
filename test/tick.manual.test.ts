import { describe, expect, it } from "vitest";
import { textResume } from "./support/folders.ts";
import { fileRow } from "./support/ledger-fixtures.ts";
import { CountingParser } from "./support/parsers.ts";
import { tickFolder } from "./support/tick.ts";
import { useTickWorld } from "./support/tick-world.ts";

describe("manual runs: chosen paths first, a claim limit", () => {
  const world = useTickWorld();

  it("claims at most `limit` files, even with several slots, and leaves the rest pending", async () => {
    for (let i = 0; i < 6; i += 1) await world.folder.write(`r${i}.txt`, textResume(i));
    const summary = await tickFolder(world.ledger, world.folder.dir, new CountingParser(), {
      limit: 2,
      concurrency: 4,
    });
    expect(summary).toMatchObject({ listed: 6, claimed: 2, done: 2, backlog: 4, outcome: "completed" });
  });

  it("processes the named paths first, re-parsing a done one, within the limit", async () => {
    for (let i = 0; i < 4; i += 1) await world.folder.write(`r${i}.txt`, textResume(i));
    const parser = new CountingParser();
    await tickFolder(world.ledger, world.folder.dir, parser, { limit: 1 }); // r0 done, the rest pending
    expect((await fileRow(world.ledger.client, "r0.txt", "test-bucket")).status).toBe("done");

    const summary = await tickFolder(world.ledger, world.folder.dir, parser, {
      paths: ["r3.txt", "r0.txt"],
      limit: 2,
      concurrency: 1,
    });

    expect(summary).toMatchObject({ claimed: 2, done: 2, backlog: 2 });
    expect(parser.texts.slice(-2).sort()).toEqual([textResume(0), textResume(3)].sort());
    expect((await fileRow(world.ledger.client, "r1.txt", "test-bucket")).status).toBe("pending");
  });
});
