import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * Runs a bench script in its own Node process so what it measures (RSS, a cold pdf.js) is not polluted by the
 * orchestrator: `node --import tsx <script> …args` for a .ts file next to this one, or plain `node <file>` for an
 * absolute path to a bundled .mjs. The child prints its result as one JSON line prefixed with `RESULT ` on stdout;
 * everything else it writes goes to our stderr.
 */
/** The V8 flags bin/resume-watcher.mjs runs the CLI with (see there): bundled children measure what users run. */
const CLI_NODE_FLAGS = ["--liftoff-only", "--max-semi-space-size=16", "--heap-growing-percent=20"];

export function runChild<T>(script: string, args: readonly string[], timeoutMs = 900_000): Promise<T> {
  const bundled = script.endsWith(".mjs");
  const file = bundled ? script : fileURLToPath(new URL(script, import.meta.url));
  return new Promise<T>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...(bundled ? CLI_NODE_FLAGS : ["--import", "tsx"]), file, ...args],
      {
        stdio: ["ignore", "pipe", "inherit"],
        // The repo root, so `--import tsx` resolves to this project's tsx.
        cwd: fileURLToPath(new URL("../../", import.meta.url)),
        env: process.env,
      },
    );
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    let stdout = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
      if (code === 0 && line) resolve(JSON.parse(line.slice("RESULT ".length)) as T);
      else reject(new Error(`${script} exited with ${signal ?? code}; stdout: ${stdout.slice(-500)}`));
    });
  });
}

/** For children: prints the result line runChild looks for. */
export function emitResult(result: unknown): void {
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

/** For children: `--name value` pairs from argv. */
export function childArgs(argv = process.argv.slice(2)): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    if (key?.startsWith("--")) args.set(key.slice(2), argv[i + 1] ?? "");
  }
  return args;
}
