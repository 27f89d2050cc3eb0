// One contender in the stale-lock race (test/ledger.lock.test.ts): loads the lock code, says "ready", waits for
// "go" on stdin (so every contender starts at once), tries to take the lock of LOCK_DATA_DIR, reports one line
// ("won" or "refused <message>"), then waits for stdin to close and exits WITHOUT releasing: a winner keeps the lock
// until every contender has reported, and leaves it stale for the next round, as a killed run would.
import { createInterface } from "node:readline";
import { lockDataDir } from "../../src/ledger/folder-lock.ts";

const dataDir = process.env.LOCK_DATA_DIR ?? "";
const lines = createInterface({ input: process.stdin });
process.stdout.write("ready\n");
lines.once("line", async () => {
  try {
    await lockDataDir(dataDir);
    process.stdout.write("won\n");
  } catch (error) {
    process.stdout.write(`refused ${(error as Error).message.replaceAll("\n", " ")}\n`);
  }
});
lines.once("close", () => process.exit(0));
