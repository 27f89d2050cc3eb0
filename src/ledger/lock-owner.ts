import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";

/**
 * Who holds an embedded-database lock: enough to tell the process that wrote it from a later, unrelated process
 * that got the same pid (a container's pid 1 after a restart, a busy machine recycling pids).
 */
export interface LockOwner {
  pid: number;
  host: string;
  /**
   * When the process started, as this machine can tell: `proc:<boot id>:<ticks since boot>` on Linux (/proc, field
   * 22 of /proc/<pid>/stat), `ps:<lstart in UTC>` elsewhere (macOS, BSD; one-second resolution), null when neither
   * works (Windows): then only the pid is compared.
   */
  started: string | null;
  /** When the lock was taken (ISO 8601), for the message only. */
  since: string;
  /** Random per lock taken: names this one lock even when pid and start repeat. */
  token: string;
}

/**
 * `alive`: the owner runs on this machine; `stale`: it no longer does (pid gone, or reused by another process);
 * `elsewhere`: it was taken on another host, whose processes cannot be checked from here.
 */
export type Verdict = "alive" | "stale" | "elsewhere";

export function currentOwner(): LockOwner {
  return {
    pid: process.pid,
    host: hostname(),
    started: processStart(process.pid),
    since: new Date().toISOString(),
    token: randomBytes(16).toString("hex"),
  };
}

/**
 * The lock file's text: the bare pid on the first line (all an earlier resume-watcher wrote and read, so an older
 * one still sees a live pid and keeps out), the whole owner as JSON on the second.
 */
export function formatOwner(owner: LockOwner): string {
  return `${owner.pid}\n${JSON.stringify(owner)}\n`;
}

/** Reads a lock file's text; a bare pid (an earlier resume-watcher's lock) is trusted for this host. Else null. */
export function parseOwner(text: string): LockOwner | null {
  const [first = "", second = ""] = text.split("\n");
  if (!/^[1-9]\d*$/.test(first)) return null; // pid 0 or -1 would signal a whole process group
  if (second.trim() === "")
    return { pid: Number(first), host: hostname(), started: null, since: "", token: first };
  try {
    const value = JSON.parse(second) as Partial<LockOwner>;
    if (value.pid !== Number(first) || typeof value.host !== "string" || typeof value.token !== "string")
      return null;
    return {
      pid: value.pid,
      host: value.host,
      started: typeof value.started === "string" ? value.started : null,
      since: typeof value.since === "string" ? value.since : "",
      token: value.token,
    };
  } catch {
    return null;
  }
}

export function judgeOwner(owner: LockOwner): Verdict {
  if (owner.host !== hostname()) return "elsewhere";
  if (!pidExists(owner.pid)) return "stale";
  if (owner.started === null) return "alive"; // nothing more to compare: the pid alone decides
  const now = processStart(owner.pid);
  // A start time known now in the same scheme and different: the pid belongs to another process.
  if (now !== null && scheme(now) === scheme(owner.started) && now !== owner.started) return "stale";
  return "alive";
}

function scheme(started: string): string {
  return started.slice(0, started.indexOf(":"));
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by another user
  }
}

/** The process's start time in a form that only that process has; null when this machine cannot tell. */
export function processStart(pid: number): string | null {
  const boot = bootId();
  if (boot !== null) {
    const ticks = procStartTicks(pid);
    return ticks === null ? null : `proc:${boot}:${ticks}`;
  }
  return psStart(pid);
}

let cachedBootId: string | null | undefined;
function bootId(): string | null {
  if (cachedBootId === undefined) {
    try {
      cachedBootId = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim() || null;
    } catch {
      cachedBootId = null; // no /proc: not Linux, or /proc not mounted
    }
  }
  return cachedBootId;
}

/** Field 22 of /proc/<pid>/stat (clock ticks after boot). Counted after the ")" that ends field 2, the command
 * name, which may itself hold spaces and parentheses. */
function procStartTicks(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[22 - 3] ?? null; // fields[0] is field 3 (state)
  } catch {
    return null; // gone, or hidden (/proc mounted with hidepid)
  }
}

/** `ps -o lstart=` (POSIX ps on macOS and BSD), in UTC and the C locale so every caller reads the same text. */
function psStart(pid: number): string | null {
  try {
    const out = execFileSync("ps", ["-o", "lstart=", "-p", String(pid)], {
      encoding: "utf8",
      env: { ...process.env, LC_ALL: "C", TZ: "UTC" },
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 5000, // ms; a ps that hangs must not hang the command
    }).trim();
    return out ? `ps:${out}` : null;
  } catch {
    return null; // no such pid, or no ps (Windows)
  }
}
