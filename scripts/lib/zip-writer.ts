import { crc32, deflateRawSync } from "node:zlib";

/**
 * A minimal ZIP writer for building test documents and samples byte for byte: every entry carries the same fixed
 * timestamp, so writing the same content twice gives the same file (no git churn). The docx package stamps the
 * wall clock into its zips; docx-builder.ts repacks through this writer to remove that.
 */

export interface ZipInput {
  name: string;
  data: Uint8Array | string;
  /** Store instead of deflate (as the OpenDocument "mimetype" entry must be). Default false. */
  store?: boolean;
}

/** 2020-01-01 00:00:00 in MS-DOS time/date format (local-time fields, no time zone: identical everywhere). */
const DOS_TIME = 0;
const DOS_DATE = ((2020 - 1980) << 9) | (1 << 5) | 1;

interface Written {
  name: Buffer;
  crc: number;
  method: number;
  compressedSize: number;
  size: number;
  offset: number;
}

function localHeader(entry: Written): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4); // version needed: 2.0
  header.writeUInt16LE(0x0800, 6); // flags: names are UTF-8
  header.writeUInt16LE(entry.method, 8);
  header.writeUInt16LE(DOS_TIME, 10);
  header.writeUInt16LE(DOS_DATE, 12);
  header.writeUInt32LE(entry.crc, 14);
  header.writeUInt32LE(entry.compressedSize, 18);
  header.writeUInt32LE(entry.size, 22);
  header.writeUInt16LE(entry.name.length, 26);
  return Buffer.concat([header, entry.name]);
}

function centralHeader(entry: Written): Buffer {
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE(20, 4); // version made by
  header.writeUInt16LE(20, 6); // version needed
  header.writeUInt16LE(0x0800, 8);
  header.writeUInt16LE(entry.method, 10);
  header.writeUInt16LE(DOS_TIME, 12);
  header.writeUInt16LE(DOS_DATE, 14);
  header.writeUInt32LE(entry.crc, 16);
  header.writeUInt32LE(entry.compressedSize, 20);
  header.writeUInt32LE(entry.size, 24);
  header.writeUInt16LE(entry.name.length, 28);
  header.writeUInt32LE(entry.offset, 42);
  return Buffer.concat([header, entry.name]);
}

function endOfDirectory(count: number, size: number, offset: number): Buffer {
  const record = Buffer.alloc(22);
  record.writeUInt32LE(0x06054b50, 0);
  record.writeUInt16LE(count, 8);
  record.writeUInt16LE(count, 10);
  record.writeUInt32LE(size, 12);
  record.writeUInt32LE(offset, 16);
  return record;
}

/** Writes the entries, in the given order, into one ZIP archive. */
export function writeZip(inputs: readonly ZipInput[]): Uint8Array {
  const chunks: Buffer[] = [];
  const written: Written[] = [];
  let offset = 0;
  for (const input of inputs) {
    const data = typeof input.data === "string" ? Buffer.from(input.data, "utf8") : Buffer.from(input.data);
    const body = input.store ? data : deflateRawSync(data);
    const entry: Written = {
      name: Buffer.from(input.name, "utf8"),
      crc: crc32(data),
      method: input.store ? 0 : 8,
      compressedSize: body.length,
      size: data.length,
      offset,
    };
    const header = localHeader(entry);
    chunks.push(header, body);
    written.push(entry);
    offset += header.length + body.length;
  }
  const directory = Buffer.concat(written.map(centralHeader));
  chunks.push(directory, endOfDirectory(written.length, directory.length, offset));
  return new Uint8Array(Buffer.concat(chunks));
}
