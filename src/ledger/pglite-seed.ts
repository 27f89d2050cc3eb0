import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, open, readdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, normalize, sep } from "node:path";
import { createGunzip } from "node:zlib";
import type { PGlite } from "@electric-sql/pglite";
import { DEFAULT_MIGRATIONS_DIR, MIGRATIONS_TABLE, readMigrationFiles } from "./migrate.ts";

/**
 * The embedded database's starting point: a PGlite data folder initialised and migrated at build time
 * (`npm run build`, src/ledger/pglite-seed-build.ts), packed as a tar.gz with a manifest beside it. A first run
 * unpacks it into the empty LOCAL_DB_DIR instead of running initdb inside the process: initdb (PGlite runs it in a
 * second wasm instance) took the first run's peak RSS to ~600 MB against ~280 MB for an existing database
 * (BENCHMARKS.md, memory). Anything wrong with the seed (missing, made for another PGlite or other migrations,
 * damaged, refused by PGlite) only means the slow path: the folder is emptied again and initdb runs as before.
 * A seeded database is the one initdb + migrations would give, but for times: watcher.migrations.applied_at and
 * now()-defaulted columns of rows a migration inserts (watcher_settings.updated_at, never read) say when the seed
 * was made.
 */

/** Bumped whenever the archive's layout or what it must contain changes: older seeds are then ignored. */
export const SEED_FORMAT = 1;
export const SEED_ARCHIVE = "pglite-seed.tar.gz";
export const SEED_MANIFEST = "pglite-seed.json";

/** Where `npm run build` writes the seed: dist/ of this package (found from the migrations, see migrate.ts). */
export const DEFAULT_SEED_DIR = join(dirname(dirname(DEFAULT_MIGRATIONS_DIR)), "dist");

export interface SeedManifest {
  format: number;
  /** @electric-sql/pglite version that made the folder: another version may not read it. */
  pglite: string;
  /** The migrations applied to it, in order, as watcher.migrations records them. */
  migrations: { name: string; sha256: string }[];
  /** sha256 hex and size of SEED_ARCHIVE. */
  archive: { sha256: string; bytes: number };
}

export interface SeedRequest {
  /** Folder with SEED_MANIFEST and SEED_ARCHIVE. Default DEFAULT_SEED_DIR. */
  seedDir?: string;
  /** The migrations the caller applies next (default DEFAULT_MIGRATIONS_DIR): the seed must be a prefix of them. */
  migrationsDir?: string;
  /** Told why the seed was not used (diagnostics and tests; a missing seed is not reported). */
  onSkip?: (reason: string) => void;
}

/**
 * Fills the empty folder `dataDir` from the seed and opens it. Null when the seed is absent or unusable, with the
 * folder empty again: the caller then opens it the slow way (initdb). Never throws.
 */
export async function openFromSeed(
  PGliteClass: typeof PGlite,
  dataDir: string,
  postgresqlconf: string,
  request: SeedRequest = {},
): Promise<PGlite | null> {
  const seedDir = request.seedDir ?? DEFAULT_SEED_DIR;
  const skip = async (reason: string): Promise<null> => {
    await emptyFolder(dataDir).catch(() => {});
    request.onSkip?.(reason);
    return null;
  };
  let manifest: SeedManifest;
  try {
    manifest = JSON.parse(await readFile(join(seedDir, SEED_MANIFEST), "utf8")) as SeedManifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    return skip(`unreadable manifest: ${message(error)}`);
  }
  try {
    const unusable = await whyUnusable(manifest, request.migrationsDir);
    if (unusable) return await skip(unusable);
    await unpack(join(seedDir, SEED_ARCHIVE), manifest.archive, dataDir);
  } catch (error) {
    return skip(`cannot unpack: ${message(error)}`);
  }
  let db: PGlite | undefined;
  try {
    db = await PGliteClass.create({ dataDir, postgresqlconf });
    const rows = await db.query<{ name: string; sha256: string }>(
      `select name, sha256 from watcher.${MIGRATIONS_TABLE} order by name`,
    );
    if (
      JSON.stringify(rows.rows.map((r) => [r.name, r.sha256])) !== JSON.stringify(pairs(manifest.migrations))
    ) {
      throw new Error("its migration records differ from the manifest");
    }
    return db;
  } catch (error) {
    await db?.close().catch(() => {});
    return skip(`PGlite cannot open it: ${message(error)}`);
  }
}

/** Null when the seed fits this PGlite and these migrations, else the reason. */
async function whyUnusable(manifest: SeedManifest, migrationsDir?: string): Promise<string | null> {
  if (manifest.format !== SEED_FORMAT) return `format ${manifest.format}, expected ${SEED_FORMAT}`;
  const installed = installedPgliteVersion();
  if (manifest.pglite !== installed) return `made by PGlite ${manifest.pglite}, this is ${installed}`;
  const files = await readMigrationFiles(migrationsDir);
  const seeded = pairs(manifest.migrations);
  const current = pairs(files.slice(0, seeded.length));
  if (JSON.stringify(seeded) !== JSON.stringify(current)) {
    return "its migrations are not the first ones of the migrations folder (edited, removed or reordered since)";
  }
  return null;
}

const pairs = (list: { name: string; sha256: string }[]) => list.map((m) => [m.name, m.sha256]);
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

let pgliteVersion: string | undefined;
/** The installed @electric-sql/pglite's version ("unknown" if its package.json cannot be found). */
export function installedPgliteVersion(): string {
  if (pgliteVersion !== undefined) return pgliteVersion;
  pgliteVersion = "unknown";
  try {
    // The package does not export its package.json: walk up from its entry point.
    let dir = dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
    for (; dirname(dir) !== dir; dir = dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
          name?: string;
          version?: string;
        };
        if (pkg.name === "@electric-sql/pglite" && pkg.version) {
          pgliteVersion = pkg.version;
          break;
        }
      } catch {
        // No package.json at this level.
      }
    }
  } catch {
    // Not installed: no seed can fit.
  }
  return pgliteVersion;
}

async function emptyFolder(dir: string): Promise<void> {
  for (const entry of await readdir(dir)) await rm(join(dir, entry), { recursive: true, force: true });
}

/**
 * Unpacks the tar.gz into `into`, streaming: at most one 1 MB piece of a file is in memory at a time (PGlite's own
 * `loadDataDir` holds the whole 41 MB archive several times over: ~330 MB peak over the memory benchmark's run
 * against ~275 MB unpacked this way).
 * Only what the build writes is accepted: regular files and folders with relative paths inside `into`.
 */
async function unpack(archive: string, expected: SeedManifest["archive"], into: string): Promise<void> {
  const packed = await readFile(archive);
  const sha256 = createHash("sha256").update(packed).digest("hex");
  if (packed.length !== expected.bytes || sha256 !== expected.sha256) {
    throw new Error(`${SEED_ARCHIVE} does not match its manifest (damaged or replaced)`);
  }
  const gunzip = createGunzip();
  gunzip.end(packed);
  const reader = new ByteReader(gunzip[Symbol.asyncIterator]() as AsyncIterator<Buffer>);
  try {
    await unpackEntries(reader, into);
  } finally {
    gunzip.destroy();
  }
}

async function unpackEntries(reader: ByteReader, into: string): Promise<void> {
  for (;;) {
    const header = await reader.read(512);
    if (header.every((byte) => byte === 0)) break;
    const entry = parseHeader(header);
    const target = join(into, entry.name);
    if (isAbsolute(entry.name) || normalize(entry.name).split(sep).includes("..")) {
      throw new Error(`unsafe path in archive: ${entry.name}`);
    }
    if (entry.type === "5") {
      await mkdir(target, { recursive: true });
    } else if (entry.type === "0") {
      await mkdir(dirname(target), { recursive: true });
      const file = await open(target, "wx");
      try {
        for (let left = entry.size; left > 0; ) {
          const piece = await reader.read(Math.min(left, 1 << 20));
          await file.write(piece);
          left -= piece.length;
        }
      } finally {
        await file.close();
      }
      await reader.read((512 - (entry.size % 512)) % 512);
    } else {
      throw new Error(`unsupported entry type ${JSON.stringify(entry.type)} for ${entry.name}`);
    }
  }
}

/** A ustar header: name (with its prefix), size and type; the checksum is verified. */
function parseHeader(header: Buffer): { name: string; size: number; type: string } {
  const text = (start: number, length: number) => {
    const raw = header.subarray(start, start + length);
    const end = raw.indexOf(0);
    return raw.subarray(0, end === -1 ? length : end).toString("utf8");
  };
  const octal = (start: number, length: number) => Number.parseInt(text(start, length).trim() || "0", 8);
  let sum = 0;
  for (let i = 0; i < 512; i += 1) sum += i >= 148 && i < 156 ? 32 : (header[i] ?? 0);
  if (sum !== octal(148, 8) || text(257, 5) !== "ustar")
    throw new Error("not a tar header (damaged archive)");
  const prefix = text(345, 155);
  const name = (prefix ? `${prefix}/` : "") + text(0, 100);
  return { name: name.replace(/\/$/, ""), size: octal(124, 12), type: text(156, 1) || "0" };
}

/** Exact-length reads from a stream of Buffers; a stream that ends early is a truncated archive. */
class ByteReader {
  private pending: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly source: AsyncIterator<Buffer>) {}

  async read(length: number): Promise<Buffer> {
    while (this.buffered < length) {
      const next = await this.source.next();
      if (next.done) throw new Error("archive ends early (truncated)");
      this.pending.push(next.value);
      this.buffered += next.value.length;
    }
    const all = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
    const out = all.subarray(0, length);
    const rest = all.subarray(length);
    this.pending = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return out;
  }
}
