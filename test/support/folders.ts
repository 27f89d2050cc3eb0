import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

export interface TempFolder {
  dir: string;
  write(relativePath: string, content: string | Uint8Array): Promise<void>;
  remove(relativePath: string): Promise<void>;
  cleanup(): Promise<void>;
}

/** A fresh folder under the OS temp dir, removed by cleanup(). */
export async function createTempFolder(prefix = "rw-test-"): Promise<TempFolder> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return {
    dir,
    async write(relativePath, content) {
      const full = path.join(dir, relativePath);
      await mkdir(path.dirname(full), { recursive: true });
      await writeFile(full, content);
    },
    remove: (relativePath) => rm(path.join(dir, relativePath), { force: true }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A plain-text resume that differs per index, so content hashes differ and no file is deduplicated. */
export function textResume(index: number): string {
  return [
    `Candidate Number${index}`,
    `candidate${index}@example.com · +1 555 010 ${String(index).padStart(4, "0")}`,
    "",
    "Experience",
    `Engineer — Company ${index}`,
    "Jan 2019 – Present",
    "",
    "Skills",
    "TypeScript, PostgreSQL",
  ].join("\n");
}
