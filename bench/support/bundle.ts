import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/**
 * Bundles a bench child script into one plain .mjs (packages stay external, loaded from node_modules), so it can
 * run under plain `node` without tsx's loader, the way a bundled deployment (Netlify functions go through
 * esbuild) runs the code. Uses the esbuild that tsx depends on; returns null when it is not installed.
 */
export async function bundleChild(script: string, name: string): Promise<string | null> {
  // A variable specifier: esbuild is tsx's dependency, not ours, so the type checker must not require it.
  const specifier = "esbuild";
  let esbuild: {
    build(options: Record<string, unknown>): Promise<{ errors: unknown[] }>;
  };
  try {
    esbuild = (await import(specifier)) as typeof esbuild;
  } catch {
    return null;
  }
  // Inside the repo's node_modules, so the bundle's bare imports resolve to this project's packages.
  const outDir = fileURLToPath(new URL("../../node_modules/.cache/rw-bench/", import.meta.url));
  await mkdir(outDir, { recursive: true });
  const outfile = `${outDir}${name}.mjs`;
  await esbuild.build({
    entryPoints: [fileURLToPath(new URL(script, import.meta.url))],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    packages: "external",
    logLevel: "error",
  });
  return outfile;
}
