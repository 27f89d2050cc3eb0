#!/usr/bin/env node
// The `resume-watcher` command: runs the bundled CLI that `npm run build` (run by `npm install`) writes to dist/.
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
