import { inflateRawSync } from "node:zlib";

/**
 * A minimal ZIP reader: lists the central directory and inflates single entries. It is enough for DOCX, whose
 * parts are stored or deflated. mammoth bundles jszip, but jszip is not a dependency of this project, so importing
 * it would break the day mammoth drops it; this file is the small price of not depending on that.
 *
 * Not supported (rejected as ZipFormatError): ZIP64, multi-disk archives, encrypted entries, methods other than
 * stored (0) and deflate (8). None of these occur in DOCX files written by Word, LibreOffice or Google Docs.
 */

export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZipFormatError";
  }
}

/** An entry inflates to more than the caller allowed (a "zip bomb", or a document far beyond resume size). */
export class ZipEntryTooLargeError extends ZipFormatError {
  constructor(name: string, maxBytes: number) {
    super(`${name} expands to more than ${maxBytes} bytes`);
    this.name = "ZipEntryTooLargeError";
  }
}

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate. */
  method: number;
  compressedSize: number;
  /** Uncompressed size as declared by the archive, in bytes (may lie; reads are capped separately). */
  size: number;
  /** Offset of the entry's local file header. */
  localOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN_BYTES = 22;
/** The end record sits in the last 22 bytes plus a comment of at most 65,535 bytes. */
const EOCD_SEARCH_BYTES = EOCD_MIN_BYTES + 0xffff;

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function findEndOfCentralDirectory(bytes: Uint8Array): number {
  const data = view(bytes);
  const stop = Math.max(0, bytes.length - EOCD_SEARCH_BYTES);
  for (let at = bytes.length - EOCD_MIN_BYTES; at >= stop; at--) {
    if (data.getUint32(at, true) === EOCD_SIGNATURE) return at;
  }
  throw new ZipFormatError("no end of central directory record (truncated or not a zip archive)");
}

/** Lists the archive's entries by name. Throws ZipFormatError when the directory is missing or inconsistent. */
export function listZip(bytes: Uint8Array): Map<string, ZipEntry> {
  const data = view(bytes);
  const eocd = findEndOfCentralDirectory(bytes);
  const count = data.getUint16(eocd + 10, true);
  const directorySize = data.getUint32(eocd + 12, true);
  const directoryOffset = data.getUint32(eocd + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff)
    throw new ZipFormatError("ZIP64 archives are not supported");
  if (directoryOffset + directorySize > eocd)
    throw new ZipFormatError("central directory lies outside the file");

  const entries = new Map<string, ZipEntry>();
  let at = directoryOffset;
  for (let index = 0; index < count; index++) {
    if (at + 46 > eocd || data.getUint32(at, true) !== CENTRAL_SIGNATURE) {
      throw new ZipFormatError(`central directory entry ${index} is damaged`);
    }
    const flags = data.getUint16(at + 8, true);
    const nameLength = data.getUint16(at + 28, true);
    const extraLength = data.getUint16(at + 30, true);
    const commentLength = data.getUint16(at + 32, true);
    const name = Buffer.from(bytes.subarray(at + 46, at + 46 + nameLength)).toString("utf8");
    if (flags & 0x1) throw new ZipFormatError(`entry ${name} is encrypted`);
    entries.set(name, {
      name,
      method: data.getUint16(at + 10, true),
      compressedSize: data.getUint32(at + 20, true),
      size: data.getUint32(at + 24, true),
      localOffset: data.getUint32(at + 42, true),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * The uncompressed bytes of one entry. `maxBytes` caps the output so a crafted archive (a "zip bomb") cannot
 * exhaust memory; exceeding it throws ZipEntryTooLargeError.
 */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, maxBytes: number): Uint8Array {
  const data = view(bytes);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || data.getUint32(at, true) !== LOCAL_SIGNATURE) {
    throw new ZipFormatError(`local header of ${entry.name} is damaged`);
  }
  const start = at + 30 + data.getUint16(at + 26, true) + data.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipFormatError(`${entry.name} is cut short`);
  const raw = bytes.subarray(start, end);
  if (entry.method === 0) {
    if (raw.length > maxBytes) throw new ZipEntryTooLargeError(entry.name, maxBytes);
    return raw;
  }
  if (entry.method !== 8)
    throw new ZipFormatError(`${entry.name} uses unsupported compression ${entry.method}`);
  try {
    return inflateRawSync(raw, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
      throw new ZipEntryTooLargeError(entry.name, maxBytes);
    }
    throw new ZipFormatError(`${entry.name} does not inflate: ${(error as Error).message}`);
  }
}

/** Reads an entry as UTF-8 text, or returns null when the archive has no such entry. */
export function readZipText(
  bytes: Uint8Array,
  entries: Map<string, ZipEntry>,
  name: string,
  maxBytes: number,
) {
  const entry = entries.get(name);
  if (!entry) return null;
  return Buffer.from(readZipEntry(bytes, entry, maxBytes)).toString("utf8");
}
