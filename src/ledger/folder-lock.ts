import { createHash } from "node:crypto";
import { link, readFile, rm, stat, writeFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { currentOwner, formatOwner, judgeOwner, type LockOwner, parseOwner } from "./lock-owner.ts";

/** Another process holds the embedded database. The message names it and says how to recover (CLI exit 2). */
export class DatabaseLockedError extends Error {
  override name = "DatabaseLockedError";
}

/** Rounds of create / judge / take over before giving up: each round ends won, refused, or with the lock changed. */
const MAX_ROUNDS = 20;
/** Takeover markers of takers that died mid-takeover passed over before giving up (each needs a crash). */
const MAX_MARKERS = 20;
/** ms to let another process finish taking over the same stale lock, times the round (it needs a few ms; rounds
 * 1..MAX_ROUNDS wait ~2 s in all, for a machine too busy to schedule it). */
const TAKEOVER_WAIT_MS = 10;
/** A lock file that cannot be read is held this long (ms): on a file system without hard links it may be one
 * being written. Older, it is debris and taken over. */
const UNREADABLE_GRACE_MS = 5_000;
/** link() failures that mean "this file system has no hard links" (FAT, exFAT, some network shares). */
const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EXDEV"]);

/**
 * One process at a time per embedded database folder. PGlite is PostgreSQL in this process's memory, writing its
 * data folder directly: a second process opening the same folder would corrupt it. The lock is a file beside the
 * folder (`<dataDir>.lock`) naming its owner (pid, host, process start time: lock-owner.ts).
 *
 * Creating it is atomic: the owner is written to a draft file first, then hard-linked to the lock's name, which
 * fails if the name exists. A stale lock (its owner no longer runs) is removed only by the one process that won the
 * exclusive right to remove exactly that lock (takeOver); everyone then races to create it again, and the link
 * lets exactly one win. Never delete-then-create on a guess: between a read and a delete, another process may have
 * replaced the stale lock with its own live one.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = `${dataDir.replace(/[\\/]+$/, "")}.lock`;
  const me = currentOwner();
  const mine = formatOwner(me);
  const draft = `${lockPath}.${me.token}.tmp`; // beside the lock: link() works within one file system
  await writeFile(draft, mine, { flag: "wx" });
  try {
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      if (await createExclusive(draft, lockPath, mine)) return () => release(lockPath, mine);
      const held = await readIfPresent(lockPath);
      if (held === null) continue; // released in between: try again
      const owner = parseOwner(held);
      const verdict = owner ? judgeOwner(owner) : await judgeUnreadable(lockPath);
      if (verdict !== "stale") throw lockedError(dataDir, lockPath, owner, verdict);
      await takeOver(lockPath, held, draft, mine, round);
    }
  } finally {
    await rm(draft, { force: true });
  }
  throw new DatabaseLockedError(
    `Could not lock the embedded database ${dataDir}: another process started taking over its stale lock and ` +
      `did not finish. If no resume-watcher is running, delete ${lockPath}`,
  );
}

/**
 * Removes the stale lock whose text is `held`, if the lock file still holds it, as the only process doing so. The
 * right to remove it is a marker file created exclusively and named after that text (unique: each lock holds a
 * random token); a second process judging the same lock stale finds the marker held and backs off. A marker whose
 * taker died mid-takeover is passed over for the next index. While the lock holds `held`, only the marker's holder
 * may remove it (its owner is gone), so the read and the removal below cannot be split by a change.
 */
async function takeOver(
  lockPath: string,
  held: string,
  draft: string,
  mine: string,
  round: number,
): Promise<void> {
  const key = createHash("sha256").update(held).digest("hex").slice(0, 16);
  const marker = (index: number) => `${lockPath}.takeover-${key}-${index}`;
  let index = 0;
  while (!(await createExclusive(draft, marker(index), mine))) {
    const taker = await readIfPresent(marker(index));
    if (taker === null) return; // markers are removed once the lock has changed: nothing left to take over
    const owner = parseOwner(taker);
    if (!owner || judgeOwner(owner) !== "stale") {
      await sleep(TAKEOVER_WAIT_MS * (round + 1)); // another process is taking it over right now
      return;
    }
    index += 1;
    if (index >= MAX_MARKERS) return; // the caller's rounds run out and it says what to delete
  }
  try {
    if ((await readIfPresent(lockPath)) === held) await rm(lockPath, { force: true });
  } finally {
    // The lock no longer holds `held` and never will again (tokens are unique): the markers have done their job.
    await Promise.all(Array.from({ length: index + 1 }, (_, i) => rm(marker(i), { force: true })));
  }
}

/** Creates `target` holding `content` unless it exists; true when this call created it. */
async function createExclusive(draft: string, target: string, content: string): Promise<boolean> {
  try {
    await link(draft, target); // atomic, and the name appears with its content already written
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code === "EEXIST") return false;
    if (!NO_HARD_LINKS.has(code)) throw error;
  }
  // No hard links: O_EXCL create, then write. A reader may find it empty for a moment (UNREADABLE_GRACE_MS).
  try {
    await writeFile(target, content, { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/** Only our own lock: if we were judged gone and it was taken over, the file is someone else's now. */
async function release(lockPath: string, mine: string): Promise<void> {
  if ((await readIfPresent(lockPath)) === mine) await rm(lockPath, { force: true });
}

async function readIfPresent(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

async function judgeUnreadable(lockPath: string): Promise<"stale" | "unreadable"> {
  const info = await stat(lockPath).catch(() => null);
  return !info || Date.now() - info.mtimeMs > UNREADABLE_GRACE_MS ? "stale" : "unreadable";
}

function lockedError(
  dataDir: string,
  lockPath: string,
  owner: LockOwner | null,
  verdict: "alive" | "elsewhere" | "unreadable",
): DatabaseLockedError {
  const recover = `If no resume-watcher is running, delete ${lockPath}`;
  if (!owner || verdict === "unreadable") {
    return new DatabaseLockedError(
      `The embedded database ${dataDir} is being locked by another process (its lock file was written moments ` +
        `ago). ${recover}`,
    );
  }
  if (verdict === "elsewhere") {
    return new DatabaseLockedError(
      `The embedded database ${dataDir} is locked by a resume-watcher process (pid ${owner.pid}) on another ` +
        `host, ${owner.host}${since(owner)}, which cannot be checked from here. ${recover}`,
    );
  }
  return new DatabaseLockedError(
    `The embedded database ${dataDir} is in use by another resume-watcher process (pid ${owner.pid}) on host ` +
      `${owner.host}${since(owner)}. Wait for it to finish, or set DATABASE_URL to share one Postgres between ` +
      `several processes. ${recover}`,
  );
}

function since(owner: LockOwner): string {
  return owner.since ? `, holding it since ${owner.since}` : "";
}
