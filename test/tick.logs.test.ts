import { beforeAll, describe, expect, it } from "vitest";
import { LocalFolderBucket } from "../src/bucket/local.ts";
import { createLogger } from "../src/log.ts";
import { runTick } from "../src/tick.ts";
import { textResume } from "./support/folders.ts";
import { CountingParser, ThrowingParser } from "./support/parsers.ts";
import { tickOptions } from "./support/tick.ts";
import { useTickWorld } from "./support/tick-world.ts";

describe("tick logs", () => {
  const world = useTickWorld("all");

  beforeAll(async () => {
    await world.folder.write("people/ana.txt", textResume(7));
    await world.folder.write("people/bo.txt", textResume(8));
  });

  it("name files, ids, outcomes and durations — never resume text or candidate data", async () => {
    const lines: string[] = [];
    const log = createLogger({ sink: (_level, line) => lines.push(line) });
    const bucket = new LocalFolderBucket(world.folder.dir, { name: "logs" });
    await runTick({ ledger: world.ledger, bucket, parser: new CountingParser(), log }, tickOptions());

    const fileLines = lines.filter((l) => l.startsWith("file done"));
    expect(fileLines).toHaveLength(2);
    expect(fileLines.join("\n")).toMatch(/path=people\/ana\.txt id=\d+ attempt=1 .*ms=\d+/);
    const summary = lines.find((l) => l.startsWith("tick finished"));
    expect(summary).toMatch(/outcome=completed listed=2 new=2 claimed=2 done=2 .*backlog=0/);
    const all = lines.join("\n");
    for (const secret of ["Candidate Number7", "candidate7@example.com", "Company 7", "TypeScript"]) {
      expect(all).not.toContain(secret);
    }
  });

  it("logs failures as warnings with their error code, as JSON lines when asked", async () => {
    await world.folder.write("people/cy.txt", textResume(9));
    const lines: string[] = [];
    const log = createLogger({ format: "json", sink: (_level, line) => lines.push(line) });
    const bucket = new LocalFolderBucket(world.folder.dir, { name: "logs" });
    await runTick({ ledger: world.ledger, bucket, parser: new ThrowingParser(), log }, tickOptions());

    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const retry = events.find((e) => e.event === "file retrying");
    expect(retry).toMatchObject({ level: "warn", path: "people/cy.txt", code: "parser_error", attempt: 1 });
    expect(lines.join("\n")).not.toContain("Candidate Number9");
  });
});
