import { FileError } from "../errors.ts";
import { listZip, readZipEntry, type ZipEntry, ZipEntryTooLargeError, ZipFormatError } from "./zip.ts";

/**
 * The DOCX package: its zip entries, capped reads, part-name arithmetic, and the file object mammoth reads parts
 * through (so its reads are capped too, and it sees our rewritten XML).
 */

/**
 * Largest part we inflate, in bytes (32 MB). The main document of a 300-page report is ~10 MB; a resume's is
 * well under 1 MB. The cap stops a crafted archive from inflating gigabytes in a 1 GB function.
 */
export const MAX_DOCX_PART_BYTES = 32 * 1024 * 1024;

export const MAIN_DOCUMENT = "word/document.xml";

export interface DocxPackage {
  bytes: Uint8Array;
  entries: Map<string, ZipEntry>;
}

export function openPackage(bytes: Uint8Array): DocxPackage {
  try {
    const entries = listZip(bytes);
    if (!entries.has(MAIN_DOCUMENT)) throw new ZipFormatError(`no ${MAIN_DOCUMENT} in the archive`);
    // Refuse archives that declare an oversized part up front, whether or not we would read it. (Reads are capped
    // for real as well, which catches a part lying about its size.)
    const oversized = [...entries.values()].find((entry) => entry.size > MAX_DOCX_PART_BYTES);
    if (oversized) throw new ZipEntryTooLargeError(oversized.name, MAX_DOCX_PART_BYTES);
    return { bytes, entries };
  } catch (error) {
    throw asFileError(error);
  }
}

export function asFileError(error: unknown): unknown {
  if (error instanceof ZipEntryTooLargeError) {
    return new FileError("too_large", `the DOCX expands beyond a resume's size: ${error.message}`, {
      cause: error,
    });
  }
  if (error instanceof ZipFormatError) {
    return new FileError("corrupt_file", `the DOCX cannot be read (damaged or truncated): ${error.message}`, {
      cause: error,
    });
  }
  return error;
}

/** A part's bytes, or null when the package has no such part. */
export function readPartBytes(pkg: DocxPackage, name: string): Uint8Array | null {
  const entry = pkg.entries.get(name);
  if (!entry) return null;
  try {
    return readZipEntry(pkg.bytes, entry, MAX_DOCX_PART_BYTES);
  } catch (error) {
    throw asFileError(error);
  }
}

/** A part as UTF-8 text without a byte order mark, or null. */
export function readPart(pkg: DocxPackage, name: string): string | null {
  const bytes = readPartBytes(pkg, name);
  return bytes === null
    ? null
    : Buffer.from(bytes)
        .toString("utf8")
        .replace(/^\ufeff/, "");
}

/** Part names matching `pattern`, ordered by their number (header2 before header10). */
export function partsMatching(pkg: DocxPackage, pattern: RegExp): string[] {
  const numbered = [...pkg.entries.keys()].flatMap((name) => {
    const match = pattern.exec(name);
    return match ? [{ name, index: Number(match[1] || 0) }] : [];
  });
  return numbered.sort((a, b) => a.index - b.index).map((part) => part.name);
}

/** The relationships part beside a part: word/header1.xml -> word/_rels/header1.xml.rels. */
export function relsPathOf(partName: string): string {
  const slash = partName.lastIndexOf("/");
  return `${partName.slice(0, slash)}/_rels/${partName.slice(slash + 1)}.rels`;
}

/** A relationship target as a part name: relative to the source part's folder, or absolute ("/word/x.htm"). */
export function resolveTarget(sourcePart: string, target: string): string {
  const path = target.replace(/\\/g, "/");
  const base = path.startsWith("/") ? [] : sourcePart.split("/").slice(0, -1);
  for (const segment of path.split("/")) {
    if (segment === "..") base.pop();
    else if (segment !== "." && segment !== "") base.push(decodeURIComponentSafe(segment));
  }
  return base.join("/");
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The object mammoth accepts as `{ file }` (its unzip.openZip; not in its typings): `exists` and `read` by part
 * name. `rewrite` supplies the XML mammoth parses, given the part's name and a reader of its stored text (which it
 * need not call). Reads are capped at MAX_DOCX_PART_BYTES.
 */
export function mammothFile(pkg: DocxPackage, rewrite: (name: string, stored: () => string) => string) {
  const partName = (name: string) => name.replace(/^\//, "");
  return {
    exists: (name: string) => pkg.entries.has(partName(name)),
    read: async (name: string, encoding?: string) => {
      const part = partName(name);
      if (encoding && encoding !== "base64") return rewrite(part, () => readPart(pkg, part) ?? "");
      const bytes = readPartBytes(pkg, part) ?? new Uint8Array();
      return encoding === "base64" ? Buffer.from(bytes).toString("base64") : bytes;
    },
  };
}
