import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import { postgresServerVersion } from "./database.ts";

export interface MachineInfo {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  postgres: string;
  pglite: string;
  os: string;
}

/** `date -u` as the shell prints it (falls back to the same format from JS where `date` is missing). */
export function utcDate(): string {
  try {
    return execFileSync("date", ["-u"], { encoding: "utf8" }).trim();
  } catch {
    return new Date().toUTCString();
  }
}

function cpuModel(): string {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("model name"));
    if (line) return line.slice(line.indexOf(":") + 1).trim();
  } catch {
    // not Linux: fall through to what Node reports
  }
  return os.cpus()[0]?.model ?? "unknown";
}

function pgliteVersion(): string {
  try {
    const url = new URL("../../node_modules/@electric-sql/pglite/package.json", import.meta.url);
    return (JSON.parse(readFileSync(url, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/**
 * The code measured: the commit plus whether the product's files (src, supabase, bin, package.json) had
 * uncommitted changes, e.g. "7456d46 + uncommitted changes".
 */
export function codeVersion(): string {
  try {
    const root = new URL("../../", import.meta.url);
    const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
    const head = git("rev-parse", "--short", "HEAD");
    const dirty = git("status", "--porcelain", "--", "src", "supabase", "bin", "scripts", "package.json");
    return dirty ? `${head} + uncommitted changes` : head;
  } catch {
    return "unknown";
  }
}

export async function machineInfo(): Promise<MachineInfo> {
  return {
    cpu: cpuModel(),
    cores: os.availableParallelism(),
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres: await postgresServerVersion().catch((error: unknown) => `unreachable (${String(error)})`),
    pglite: pgliteVersion(),
    os: `${os.type()} ${os.release()}`,
  };
}

export function describeMachine(m: MachineInfo): string {
  return `${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.os}; Node ${m.node}; PostgreSQL ${m.postgres}; PGlite ${m.pglite}`;
}
