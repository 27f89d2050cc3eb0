import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DEFAULT_MIGRATIONS_DIR, MIGRATIONS_TABLE, migrate, readMigrationFiles } from "./migrate.ts";
import { createPgliteClient } from "./pglite-client.ts";
import {
  DEFAULT_SEED_DIR,
  installedPgliteVersion,
  SEED_ARCHIVE,
  SEED_FORMAT,
  SEED_MANIFEST,
  type SeedManifest,
} from "./pglite-seed.ts";

/** Left out of the archive: runtime state of a running server (absent after a clean close anyway). */
const NOT_PACKED = new Set(["postmaster.pid", "postmaster.opts"]);

export interface BuildSeedOptions {
  /** Where SEED_ARCHIVE and SEED_MANIFEST go. Default DEFAULT_SEED_DIR (dist/). */
  outDir?: string;
  /** Default DEFAULT_MIGRATIONS_DIR. */
  migrationsDir?: string;
  /** Rebuild even when the seed there was made from the same PGlite and migrations. */
  force?: boolean;
}

/**
 * Makes the seed pglite-seed.ts unpacks on a first run: a PGlite folder created (initdb) and migrated in a temp
 * folder, closed cleanly, packed as a tar.gz (sorted entries, fixed times and modes) plus a manifest. Skipped when
 * the seed in outDir already matches this PGlite version and these migrations, so a build does not churn it (the
 * folder itself is not byte-reproducible: initdb stamps a system identifier and times). Takes ~3 s and ~550 MB.
 */
export async function buildPgliteSeed(
  options: BuildSeedOptions = {},
): Promise<{ built: boolean; manifest: SeedManifest }> {
  const outDir = options.outDir ?? DEFAULT_SEED_DIR;
  const migrationsDir = options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  const pglite = installedPgliteVersion();
  const files = await readMigrationFiles(migrationsDir);
  const wanted = files.map((f) => ({ name: f.name, sha256: f.sha256 }));
  if (!options.force) {
    const current = await upToDate(outDir, pglite, wanted);
    if (current) return { built: false, manifest: current };
  }

  const work = await mkdtemp(join(tmpdir(), "rw-pglite-seed-"));
  try {
    const dataDir = join(work, "db");
    const client = await createPgliteClient(dataDir);
    let migrations: SeedManifest["migrations"];
    try {
      await migrate(client, { dir: migrationsDir });
      migrations = await client.query<{ name: string; sha256: string }>(
        `select name, sha256 from watcher.${MIGRATIONS_TABLE} order by name`,
      );
    } finally {
      await client.close();
    }
    const packed = gzipSync(await tarFolder(dataDir), { level: 9 });
    const manifest: SeedManifest = {
      format: SEED_FORMAT,
      pglite,
      migrations: migrations.map((m) => ({ name: m.name, sha256: m.sha256 })),
      archive: { sha256: createHash("sha256").update(packed).digest("hex"), bytes: packed.length },
    };
    await mkdir(outDir, { recursive: true });
    await writeAtomically(join(outDir, SEED_ARCHIVE), packed);
    await writeAtomically(join(outDir, SEED_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    return { built: true, manifest };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function upToDate(
  outDir: string,
  pglite: string,
  wanted: SeedManifest["migrations"],
): Promise<SeedManifest | null> {
  try {
    const manifest = JSON.parse(await readFile(join(outDir, SEED_MANIFEST), "utf8")) as SeedManifest;
    const packed = await readFile(join(outDir, SEED_ARCHIVE));
    const same =
      manifest.format === SEED_FORMAT &&
      manifest.pglite === pglite &&
      JSON.stringify(manifest.migrations) === JSON.stringify(wanted) &&
      manifest.archive.sha256 === createHash("sha256").update(packed).digest("hex");
    return same ? manifest : null;
  } catch {
    return null;
  }
}

async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, data);
  await rename(temp, path);
}

/** A ustar archive of the folder's contents: folders and regular files, sorted, mtime 0, modes 755/644. */
async function tarFolder(root: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  const walk = async (relative: string): Promise<void> => {
    const entries = await readdir(join(root, relative), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const name = relative ? `${relative}/${entry.name}` : entry.name;
      if (!relative && NOT_PACKED.has(entry.name)) continue;
      if (entry.isDirectory()) {
        parts.push(tarHeader(`${name}/`, 0, "5"));
        await walk(name);
      } else if (entry.isFile()) {
        const data = await readFile(join(root, name));
        parts.push(tarHeader(name, data.length, "0"), data, Buffer.alloc((512 - (data.length % 512)) % 512));
      } else {
        throw new Error(`unexpected entry in the PGlite folder: ${name}`);
      }
    }
  };
  await walk("");
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

function tarHeader(path: string, size: number, type: "0" | "5"): Buffer {
  let prefix = "";
  let name = path;
  if (Buffer.byteLength(name) > 100) {
    const cut = path.lastIndexOf("/", path.length - 2);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
    if (cut <= 0 || Buffer.byteLength(name) > 100 || Buffer.byteLength(prefix) > 155) {
      throw new Error(`path too long for the archive: ${path}`);
    }
  }
  const header = Buffer.alloc(512);
  const octal = (value: number, length: number) => `${value.toString(8).padStart(length - 1, "0")}\0`;
  header.write(name, 0, 100, "utf8");
  header.write(octal(type === "5" ? 0o755 : 0o644, 8), 100);
  header.write(octal(0, 8), 108);
  header.write(octal(0, 8), 116);
  header.write(octal(size, 12), 124);
  header.write(octal(0, 12), 136);
  header.write(" ".repeat(8), 148);
  header.write(type, 156);
  header.write("ustar\0" + "00", 257);
  header.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return header;
}
