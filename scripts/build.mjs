// Bundles the CLI into dist/cli.mjs (dependencies stay external, resolved from node_modules at run time).
// Why a build and not tsx at run time: under tsx a 1,000-file run peaked at 751 MB RSS against 186 MB for the
// same code bundled (BENCHMARKS.md, memory), and every command started ~1 s slower.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const options = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  packages: "external",
  logLevel: "warning",
};

await build({
  ...options,
  entryPoints: [root("src/cli.ts")],
  outfile: root("dist/cli.mjs"),
  sourcemap: true,
});

// The embedded database's starting point, dist/pglite-seed.tar.gz (src/ledger/pglite-seed.ts): a first run unpacks
// it instead of running initdb in the process (peak RSS ~600 -> ~280 MB). Rebuilt only when PGlite or the
// migrations changed (~3 s), in a child with the CLI's V8 flags (bin/resume-watcher.mjs). Not on Netlify: functions
// never open PGlite. A failure here only costs the first run its speed-up: warn, do not fail the install.
if (process.env.NETLIFY === "true") {
  process.stdout.write("pglite seed: skipped on Netlify (the functions never open PGlite)\n");
} else {
  const builder = root("node_modules/.cache/resume-watcher/build-pglite-seed.mjs");
  await build({ ...options, entryPoints: [root("scripts/build-pglite-seed.ts")], outfile: builder });
  const seed = spawnSync(
    process.execPath,
    ["--liftoff-only", "--max-semi-space-size=16", builder, root("dist")],
    { stdio: "inherit" },
  );
  if (seed.status !== 0) {
    process.stderr.write(
      `warning: could not make dist/pglite-seed.tar.gz (${seed.error?.message ?? `exit ${seed.signal ?? seed.status}`}); ` +
        "a first run on a new LOCAL_DB_DIR will initialise the database itself (slower, more memory)\n",
    );
  }
}
