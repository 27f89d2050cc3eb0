import { readFile, rm, writeFile } from "node:fs/promises";

/**
 * One process at a time per embedded database folder. PGlite is PostgreSQL in this process's memory, writing its
 * data folder directly: a second process opening the same folder (`status` while `watch` runs) would corrupt it.
 * The lock is a file beside the folder (`<dataDir>.lock`) holding the owner's pid; a lock whose pid is no longer
 * alive (a crashed run) is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = `${dataDir.replace(/[\\/]+$/, "")}.lock`;
  for (let tries = 0; tries < 2; tries += 1) {
    try {
      await writeFile(lockPath, String(process.pid), { flag: "wx" });
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number.parseInt(await readFile(lockPath, "utf8").catch(() => ""), 10);
      if (Number.isInteger(owner) && isAlive(owner)) {
        throw new Error(
          `The embedded database ${dataDir} is in use by another resume-watcher process (pid ${owner}). ` +
            "Wait for it to finish, or set DATABASE_URL to share one Postgres between several processes.",
        );
      }
      await rm(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock the embedded database ${dataDir}; remove ${lockPath} if no run is active`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
