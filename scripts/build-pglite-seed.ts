// Entry point scripts/build.mjs bundles and runs (with the CLI's V8 flags) to make dist/pglite-seed.tar.gz: see
// src/ledger/pglite-seed-build.ts. Args: [OUT_DIR] (default: dist/ of this package).
import { buildPgliteSeed } from "../src/ledger/pglite-seed-build.ts";

const started = performance.now();
const outDir = process.argv[2];
const { built, manifest } = await buildPgliteSeed(outDir ? { outDir } : {});
if (built) {
  process.stdout.write(
    `pglite seed: ${manifest.migrations.length} migrations, ${(manifest.archive.bytes / 1e6).toFixed(1)} MB, ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
}
