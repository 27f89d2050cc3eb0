import { utimes } from "node:fs/promises";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { textResume } from "./support/folders.ts";
import { CountingParser } from "./support/parsers.ts";
import { tickFolder } from "./support/tick.ts";
import { useTickWorld } from "./support/tick-world.ts";

describe("re-sync: unchanged, changed, duplicate, removed", () => {
  const world = useTickWorld();

  beforeEach(async () => {
    for (let i = 0; i < 3; i += 1) await world.folder.write(`r${i}.txt`, textResume(i));
  });

  it("a second run over an unchanged folder processes nothing", async () => {
    const parser = new CountingParser();
    const first = await tickFolder(world.ledger, world.folder.dir, parser);
    const second = await tickFolder(world.ledger, world.folder.dir, parser);
    expect(first).toMatchObject({ listed: 3, new: 3, claimed: 3, done: 3 });
    expect(second).toMatchObject({ listed: 3, new: 0, changed: 0, claimed: 0, done: 0, backlog: 0 });
    expect(parser.calls).toBe(3);
  });

  it("a changed file is parsed again and its record replaced", async () => {
    const parser = new CountingParser();
    await tickFolder(world.ledger, world.folder.dir, parser);
    await world.folder.write("r1.txt", `Renamed Person\n${textResume(1)}`);
    // Make sure the mtime moves even on coarse filesystems.
    const later = new Date(Date.now() + 5_000);
    await utimes(path.join(world.folder.dir, "r1.txt"), later, later);

    const second = await tickFolder(world.ledger, world.folder.dir, parser);
    expect(second).toMatchObject({ changed: 1, claimed: 1, done: 1 });
    expect(parser.calls).toBe(4);
    const rows = await world.ledger.exportFiles({ bucket: "test-bucket" });
    expect(rows.find((r) => r.path === "r1.txt")?.candidate?.name).toBe("Renamed Person");
  });

  it("a duplicate of an already parsed file reuses its result without parsing", async () => {
    const parser = new CountingParser();
    await tickFolder(world.ledger, world.folder.dir, parser);
    await world.folder.write("copies/r0-copy.txt", textResume(0));

    const second = await tickFolder(world.ledger, world.folder.dir, parser);
    expect(second).toMatchObject({ new: 1, claimed: 1, done: 1, reused: 1 });
    expect(parser.calls).toBe(3);
    const rows = await world.ledger.exportFiles({ bucket: "test-bucket" });
    const copy = rows.find((r) => r.path === "copies/r0-copy.txt");
    const original = rows.find((r) => r.path === "r0.txt");
    expect(copy?.status).toBe("done");
    expect(copy?.candidate).toEqual(original?.candidate);
  });

  it("a file deleted from the folder becomes removed after the next full listing", async () => {
    const parser = new CountingParser();
    await tickFolder(world.ledger, world.folder.dir, parser);
    await world.folder.remove("r2.txt");
    const second = await tickFolder(world.ledger, world.folder.dir, parser);
    expect(second).toMatchObject({ listed: 2, removed: 1 });
    const status = await world.ledger.getStatus({ lastRuns: 1, topErrors: 5 });
    expect(status.counts).toMatchObject({ done: 2, removed: 1 });
  });
});
