#!/usr/bin/env -S node --liftoff-only --max-semi-space-size=16 --heap-growing-percent=20
// The three V8 flags (also in package.json's start/cli scripts and bench/support/child.ts) keep the embedded database
// under control on Node 24 (BENCHMARKS.md, memory): --liftoff-only stops V8 13 from spending ~600 MB optimising one
// wasm function of PGlite (its SQL parser), and --max-semi-space-size=16 (MB) keeps the young generation at Node
// 20's size. Measured: peak RSS over 1,000 files 291 -> 212 MB on Postgres, ~800 -> ~315 MB on an existing PGlite
// database, no measurable loss of speed. --heap-growing-percent=20 lets the old generation grow by 20 % between
// full collections instead of V8's up-to-4x when the program allocates fast: an existing PGlite database peaked at
// 313-389 MB depending on the machine's load, 275-285 MB with it, files/s unchanged. They cannot be set from inside
// the program (too late once V8 started).
// The `resume-watcher` command: runs the bundled CLI that `npm run build` (run by `npm install`) writes to dist/.
// Node 22.12 is the oldest the dependencies support (engines); say so plainly instead of failing somewhere deep.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `resume-watcher needs Node 22.12 or newer (this is ${process.version}). Install Node 24 (.nvmrc), or run it ` +
      "once without installing: npx -y -p node@24 -c 'npx resume-watcher run'\n",
  );
  process.exit(2);
}
let cli;
try {
  cli = await import("../dist/cli.mjs");
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("dist/cli.mjs")) throw error;
  process.stderr.write(
    "resume-watcher is not built yet: run 'npm run build' (npm install does it) and try again.\n",
  );
  process.exit(2);
}
process.exitCode = await cli.main(process.argv.slice(2));
