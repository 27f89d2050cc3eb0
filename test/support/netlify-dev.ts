import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";
import { listZip, readZipEntry } from "../../src/extract/zip.ts";

/**
 * netlify-cli driven from tests and benchmarks: `netlify functions:serve --offline` (the CLI's own bundling and
 * its Functions v2 runtime) and `netlify build --offline` (the zips a deploy uploads).
 *
 * Facts measured with netlify-cli 27.10.2 that shape this file:
 * - The CLI reads `.env.development.local`, `.env.local`, `.env.development` and `.env` of the project and hands
 *   them to the functions; a variable present in its own environment wins, even when empty. So the server starts
 *   from a minimal environment (PATH, HOME…; never the test process's) plus what the test passes, and every
 *   variable of those files the test did not pass is set to "" — which the config treats as unset. A developer's
 *   .env (an OPENAI_API_KEY, a DATABASE_URL) cannot leak into a test.
 * - CI=1: the CLI then sends no telemetry (it would spawn a detached process, outside the process group) and asks
 *   no questions.
 * - "Local dev server ready" is printed when the port listens, before the functions are built; each function then
 *   logs "Loaded function <name>" (or "Failed to load function <name>"). A request that arrives earlier gets 404.
 * - Every request runs in a new worker thread that imports the function afresh (nothing survives between two
 *   requests); console output of the functions lands on the CLI's stdout, which `logs()` collects.
 * - URL paths are lower-cased before matching config.path, so a path with capitals never matches locally.
 * - Node resolves a package missing from a served function's copy in the repository's node_modules above it: a
 *   package left out of the deployed zip (included_files "!…") still loads here. `buildFunctions()` +
 *   `unpackFunction()` check the real zips.
 */

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const NETLIFY_CLI = path.join(REPO_ROOT, "node_modules", "netlify-cli", "bin", "run.js");

/** The files netlify-cli loads into the functions' environment (its defaults; netlify.toml sets no [dev] envFiles). */
export const DOTENV_FILES = [".env.development.local", ".env.local", ".env.development", ".env"] as const;

/** Variables of the test process the CLI needs to run at all; nothing else is passed on. */
const PASSED_THROUGH = ["PATH", "HOME", "TMPDIR", "LANG", "TZ"] as const;

/** Signals that end a process by default, on which a running server is killed first. */
const EXIT_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/** Marks every process a server starts (descendants inherit it), so stop() can prove none is left. */
const TOKEN_VARIABLE = "RW_NETLIFY_DEV_TOKEN";

export interface NetlifyDevOptions {
  /** Variables for the functions (DATABASE_URL, LOCAL_BUCKET_DIR, WATCHER_SECRET…); undefined = unset. */
  env?: Record<string, string | undefined>;
  /** Project folder (netlify.toml, netlify/functions). Default: this repository. */
  cwd?: string;
  /**
   * Serve the functions of this folder instead of netlify.toml's (`--functions`). Only one server may run per
   * project at a time: each deletes <cwd>/.netlify/functions-serve, where the others keep their bundles.
   */
  functionsDir?: string;
  /** Functions to wait for. Default: every function in the functions folder. */
  functions?: string[];
  /** Give up starting after this long, ms (default 180,000: bundling four functions takes ~20 s on 2 cores). */
  readyTimeoutMs?: number;
}

export interface NetlifyDev {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  /** Everything the CLI and the functions printed so far (stdout and stderr, colours removed). */
  logs(): string;
  /** Resolves once the logs after `from` (a logs().length) match, or rejects after `timeoutMs`. */
  waitForLog(pattern: RegExp, options?: { from?: number; timeoutMs?: number }): Promise<void>;
  /** Ms from spawning the CLI to every function loaded. */
  readonly startupMs: number;
  /** Stops the CLI and everything it started (the whole process group, then any straggler); safe to call twice. */
  stop(): Promise<void>;
  /** Pids of processes this server started that are still running (Linux; [] elsewhere). */
  leftovers(): number[];
}

/** Names of the functions in a functions folder: one per file (or folder), named without its extension. */
export function functionNames(dir: string = path.join(REPO_ROOT, "netlify", "functions")): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith("."))
    .filter((entry) => entry.isDirectory() || /\.(mts|ts|mjs|js|cts|cjs)$/.test(entry.name))
    .map((entry) => entry.name.replace(/\.(mts|ts|mjs|js|cts|cjs)$/, ""))
    .sort();
}

/**
 * The environment the CLI runs with: a minimal base, the given variables, and "" for every variable of the
 * project's .env files that was not given (see the file comment).
 */
export function netlifyEnvironment(
  given: Record<string, string | undefined>,
  cwd: string = REPO_ROOT,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_THROUGH) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  env.CI = "1";
  env.NO_COLOR = "1";
  for (const file of DOTENV_FILES) {
    let text: string;
    try {
      text = readFileSync(path.join(cwd, file), "utf8");
    } catch {
      continue;
    }
    for (const name of Object.keys(parseEnv(text))) env[name] = "";
  }
  for (const [name, value] of Object.entries(given)) {
    if (value !== undefined) env[name] = value;
    else if (env[name] !== "") delete env[name];
  }
  return env;
}

/** Starts `netlify functions:serve --offline` on a free port and waits until every function is loaded. */
export async function startNetlifyDev(options: NetlifyDevOptions = {}): Promise<NetlifyDev> {
  const cwd = options.cwd ?? REPO_ROOT;
  const names =
    options.functions ??
    functionNames(path.resolve(cwd, options.functionsDir ?? path.join("netlify", "functions")));
  // The free port is found by binding it and letting it go: another process may take it in between. The CLI
  // then exits with "Could not acquire configured functions port", and we try another one.
  for (let attempt = 1; ; attempt += 1) {
    const server = new NetlifyDevServer(cwd, await freePort(), options.env ?? {}, options.functionsDir);
    try {
      await server.ready(names, options.readyTimeoutMs ?? 180_000);
      return server;
    } catch (error) {
      await server.stop();
      if (attempt < 3 && /acquire configured functions port/.test(server.logs())) continue;
      throw error;
    }
  }
}

class NetlifyDevServer implements NetlifyDev {
  readonly url: string;
  startupMs = 0;
  private readonly child: ChildProcess;
  private readonly token = randomBytes(8).toString("hex");
  private readonly started = performance.now();
  private output = "";
  private readonly exited: Promise<void>;
  private exitCode: number | string | null = null;
  private listeners = new Set<() => void>();
  private stopping: Promise<void> | null = null;
  private readonly killOnExit = () => this.killGroup("SIGKILL");
  /**
   * A signal that ends the test process (Ctrl-C reaches only our own process group; a runner may SIGTERM its
   * worker) skips "exit" handlers: kill the server, then let the signal do what it would have done.
   */
  private readonly killOnSignal = (name: NodeJS.Signals) => {
    this.killGroup("SIGKILL");
    this.unhook();
    if (process.listenerCount(name) === 0) process.kill(process.pid, name);
  };

  constructor(
    cwd: string,
    readonly port: number,
    env: Record<string, string | undefined>,
    functionsDir: string | undefined,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.child = spawn(
      process.execPath,
      [
        NETLIFY_CLI,
        "functions:serve",
        "--offline",
        "--port",
        String(port),
        ...(functionsDir ? ["--functions", functionsDir] : []),
      ],
      {
        cwd,
        env: { ...netlifyEnvironment(env, cwd), [TOKEN_VARIABLE]: this.token },
        // Its own process group: stop() signals the CLI and every process it started at once.
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const collect = (chunk: Buffer) => {
      this.output += stripAnsi(chunk.toString("utf8"));
      for (const listener of this.listeners) listener();
    };
    this.child.stdout?.on("data", collect);
    this.child.stderr?.on("data", collect);
    this.exited = new Promise((resolve) => {
      this.child.once("exit", (code, signal) => {
        this.exitCode = code ?? signal;
        for (const listener of this.listeners) listener();
        resolve();
      });
    });
    // A test process that dies without stop() must not leave the server running.
    process.once("exit", this.killOnExit);
    for (const name of EXIT_SIGNALS) process.once(name, this.killOnSignal);
  }

  logs(): string {
    return this.output;
  }

  async ready(names: readonly string[], timeoutMs: number): Promise<void> {
    const isReady = () =>
      this.output.includes("Local dev server ready") &&
      names.every((name) => this.output.includes(`Loaded function ${name}`));
    await this.until(isReady, timeoutMs, "to load every function");
    this.startupMs = Math.round(performance.now() - this.started);
    // Listening for sure: an unknown function answers the CLI's own 404.
    const probe = await fetch(`${this.url}/.netlify/functions/__probe_${this.token}`);
    await probe.body?.cancel();
    if (probe.status !== 404) throw new Error(`netlify functions:serve answered ${probe.status} to a probe`);
  }

  waitForLog(pattern: RegExp, options: { from?: number; timeoutMs?: number } = {}): Promise<void> {
    const from = options.from ?? 0;
    return this.until(
      () => pattern.test(this.output.slice(from)),
      options.timeoutMs ?? 30_000,
      `to log ${pattern}`,
    );
  }

  private until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (error?: Error) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        if (error) reject(error);
        else resolve();
      };
      const fail = (why: string) =>
        done(new Error(`netlify functions:serve ${why}; its output:\n${this.output.slice(-4000)}`));
      const check = () => {
        if (condition()) return done();
        const failed = /Failed to load function \S+.*/.exec(this.output);
        if (failed) return fail(`failed (${failed[0]})`);
        if (this.exitCode !== null) return fail(`exited (${this.exitCode}) before ${what}`);
      };
      const timer = setTimeout(() => fail(`took longer than ${timeoutMs} ms ${what}`), timeoutMs);
      this.listeners.add(check);
      check();
    });
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutDown();
    return this.stopping;
  }

  private async shutDown(): Promise<void> {
    this.unhook();
    this.killGroup("SIGTERM");
    const stopped = await Promise.race([this.exited.then(() => true), sleep(5_000).then(() => false)]);
    if (!stopped) this.killGroup("SIGKILL");
    await this.exited;
    // Whatever outlived the CLI: its group, then any process that still carries this server's token.
    this.killGroup("SIGKILL");
    for (let round = 0; round < 50; round += 1) {
      const left = processesWithToken(this.token);
      if (left.length === 0) return;
      for (const pid of left) signal(pid, "SIGKILL");
      await sleep(100);
    }
    throw new Error(
      `processes of netlify functions:serve survived stop(): ${processesWithToken(this.token)}`,
    );
  }

  private unhook(): void {
    process.removeListener("exit", this.killOnExit);
    for (const name of EXIT_SIGNALS) process.removeListener(name, this.killOnSignal);
  }

  private killGroup(name: NodeJS.Signals): void {
    if (this.child.pid !== undefined) signal(-this.child.pid, name);
  }

  leftovers(): number[] {
    return processesWithToken(this.token);
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // ESRCH: already gone.
  }
}

/**
 * Pids whose environment holds TOKEN_VARIABLE=token (Linux /proc; elsewhere an empty list). Every descendant of a
 * server inherits it, even one that left the process group.
 */
export function processesWithToken(token: string): number[] {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const needle = `${TOKEN_VARIABLE}=${token}\0`;
  const found: number[] = [];
  for (const pid of pids) {
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, "latin1");
      if (`${environ}\0`.includes(needle) && !isZombie(pid)) found.push(Number(pid));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

function isZombie(pid: string): boolean {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1] ?? "";
    return fields.startsWith("Z");
  } catch {
    return true;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "");
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------------------------------
// netlify build --offline: the deployable zips

export interface BuiltFunction {
  name: string;
  /** .netlify/functions/<name>.zip */
  zip: string;
  /** Zip size, bytes: what a deploy uploads (Netlify's limit: 50 MB zipped per function). */
  bytes: number;
  /** Total uncompressed size of the files in the zip, bytes. */
  unpackedBytes: number;
  /** Compressed bytes per top-level package (node_modules/<pkg> or node_modules/@scope/<pkg>) and "(own code)". */
  byPackage: Map<string, number>;
}

/**
 * `netlify build --offline` in `cwd` (default this repository): bundles every function into
 * `.netlify/functions/<name>.zip`, as a deploy would (~25 s for four functions on 2 cores).
 */
export async function buildFunctions(
  cwd: string = REPO_ROOT,
  env: Record<string, string> = {},
): Promise<BuiltFunction[]> {
  const output = path.join(cwd, ".netlify", "functions");
  await new Promise<void>((resolve, reject) => {
    execFile(
      process.execPath,
      [NETLIFY_CLI, "build", "--offline"],
      { cwd, env: netlifyEnvironment(env, cwd), maxBuffer: 16 * 1024 * 1024, timeout: 300_000 },
      (error, stdout, stderr) => {
        if (error)
          reject(
            new Error(`netlify build --offline failed: ${error.message}\n${stripAnsi(stdout + stderr)}`),
          );
        else resolve();
      },
    );
  });
  const zips = (await readdir(output)).filter((name) => name.endsWith(".zip")).sort();
  return Promise.all(
    zips.map(async (file) => {
      const zip = path.join(output, file);
      const bytes = (await stat(zip)).size;
      const entries = listZip(await readFile(zip));
      const byPackage = new Map<string, number>();
      let unpackedBytes = 0;
      for (const entry of entries.values()) {
        unpackedBytes += entry.size;
        const parts = entry.name.split("/");
        const owner =
          parts[0] === "node_modules"
            ? parts.slice(1, parts[1]?.startsWith("@") ? 3 : 2).join("/")
            : "(own code)";
        byPackage.set(owner, (byPackage.get(owner) ?? 0) + entry.compressedSize);
      }
      return { name: file.replace(/\.zip$/, ""), zip, bytes, unpackedBytes, byPackage };
    }),
  );
}

/** Unpacks a function zip into `dir` (as Lambda does into /var/task). Returns the function module's path. */
export async function unpackFunction(built: BuiltFunction, dir: string): Promise<string> {
  const bytes = await readFile(built.zip);
  for (const entry of listZip(bytes).values()) {
    if (entry.name.endsWith("/")) continue;
    const target = path.join(dir, entry.name);
    if (!target.startsWith(dir + path.sep)) throw new Error(`zip entry outside the folder: ${entry.name}`);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, readZipEntry(bytes, entry, Number.MAX_SAFE_INTEGER));
  }
  return path.join(dir, "netlify", "functions", `${built.name}.mjs`);
}
