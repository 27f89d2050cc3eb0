/**
 * File type from magic bytes, never from the file name: uploads are named anything ("CV final (2).pdf.docx"),
 * and a wrong guess would send a PNG to the PDF parser or a PDF to the text decoder.
 */

export type DocumentKind = "pdf" | "docx" | "text";

/** Bytes we will not parse, with the error code and a message an operator or recruiter can act on. */
export interface RejectedType {
  code: "empty_file" | "unsupported_type" | "encrypted_file";
  /** Short format name for logs and messages, e.g. "PNG image", "legacy Word (.doc)". */
  format: string;
  message: string;
}

/** PDF readers accept the header anywhere in the first 1 KB (some generators put junk before it). */
const PDF_HEADER_WINDOW = 1024;
/** Bytes examined to tell text from binary, as git does. */
const BINARY_SAMPLE_BYTES = 8000;

const OCR_HINT = "it looks like a scan or photo; it needs OCR, which this watcher does not do";
const SAVE_AS_HINT = "save it as DOCX or PDF and upload it again";

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return Buffer.from(bytes.subarray(start, start + length)).toString("latin1");
}

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

/** A Buffer view over the same memory (no copy), for its fast `includes`. */
function asBuffer(bytes: Uint8Array, limit = bytes.length): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(limit, bytes.length));
}

function contains(bytes: Uint8Array, needle: string, limit = bytes.length): boolean {
  return asBuffer(bytes, limit).includes(needle, 0, "latin1");
}

function unsupported(format: string, hint: string): RejectedType {
  return { code: "unsupported_type", format, message: `${format}: ${hint}` };
}

const IMAGE_SIGNATURES: ReadonlyArray<{ format: string; signature: readonly number[] }> = [
  { format: "PNG image", signature: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { format: "JPEG image", signature: [0xff, 0xd8, 0xff] },
  { format: "GIF image", signature: [0x47, 0x49, 0x46, 0x38] },
  { format: "TIFF image", signature: [0x49, 0x49, 0x2a, 0x00] },
  { format: "TIFF image", signature: [0x4d, 0x4d, 0x00, 0x2a] },
  { format: "BMP image", signature: [0x42, 0x4d] },
];

/** ISO media brands (bytes 8..11 after "ftyp") that are still images. */
const IMAGE_BRANDS = new Set([
  "heic",
  "heix",
  "heim",
  "heis",
  "hevc",
  "hevx",
  "mif1",
  "msf1",
  "avif",
  "avis",
]);

function detectImage(bytes: Uint8Array): RejectedType | null {
  for (const { format, signature } of IMAGE_SIGNATURES) {
    // "BM" is only two letters; a text file may start with them, so require the binary-looking header too.
    if (format === "BMP image" && !looksBinary(bytes)) continue;
    if (startsWith(bytes, signature)) return unsupported(format, OCR_HINT);
  }
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP")
    return unsupported("WebP image", OCR_HINT);
  if (ascii(bytes, 4, 4) === "ftyp") {
    const brand = ascii(bytes, 8, 4);
    if (IMAGE_BRANDS.has(brand)) return unsupported(`HEIC/AVIF image (${brand})`, OCR_HINT);
    return unsupported(`ISO media file (${brand.trim()})`, "audio or video is not a resume");
  }
  return null;
}

/** Which application a non-DOCX zip belongs to, for the message only. */
function describeZip(bytes: Uint8Array): string {
  if (contains(bytes, "xl/workbook")) return "Excel workbook (.xlsx)";
  if (contains(bytes, "ppt/presentation")) return "PowerPoint presentation (.pptx)";
  if (contains(bytes, "application/vnd.oasis.opendocument.text", 200)) return "OpenDocument text (.odt)";
  if (contains(bytes, "application/vnd.oasis.opendocument", 200)) return "OpenDocument file";
  return "ZIP archive";
}

function detectZip(bytes: Uint8Array): DocumentKind | RejectedType {
  // Entry names are stored uncompressed in both the local headers and the central directory, so a byte search
  // finds them even when the directory is cut off (a truncated DOCX is then reported corrupt, not unsupported).
  if (contains(bytes, "word/document.xml")) return "docx";
  const format = describeZip(bytes);
  const hint = format.startsWith("OpenDocument") ? SAVE_AS_HINT : "only PDF, DOCX and plain text are parsed";
  return unsupported(format, hint);
}

/** OLE compound file: legacy .doc/.xls/.ppt, or a password-protected DOCX (Office wraps those in OLE). */
function detectCompoundFile(bytes: Uint8Array): RejectedType {
  // Stream names in the OLE directory are UTF-16LE; "EncryptedPackage" holds an encrypted OOXML document.
  if (asBuffer(bytes).includes("EncryptedPackage", 0, "utf16le")) {
    return {
      code: "encrypted_file",
      format: "password-protected Office document",
      message: "the document is password-protected; remove the password (or save as PDF) and upload it again",
    };
  }
  if (asBuffer(bytes).includes("WordDocument", 0, "utf16le")) {
    return unsupported("legacy Word document (.doc)", SAVE_AS_HINT);
  }
  return unsupported("legacy Office document (.doc/.xls/.ppt)", SAVE_AS_HINT);
}

function detectExecutableOrArchive(bytes: Uint8Array): RejectedType | null {
  const notResume = "programs and archives are not resumes";
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return unsupported("ELF executable", notResume);
  if (ascii(bytes, 0, 2) === "MZ" && looksBinary(bytes)) return unsupported("Windows executable", notResume);
  const magic = bytes.length >= 4 ? asBuffer(bytes).readUInt32BE(0) : 0;
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe].includes(magic)) {
    return unsupported("Mach-O executable", notResume);
  }
  if (startsWith(bytes, [0x1f, 0x8b])) return unsupported("gzip archive", notResume);
  if (ascii(bytes, 0, 6) === "7z\xbc\xaf\x27\x1c") return unsupported("7-Zip archive", notResume);
  if (ascii(bytes, 0, 4) === "Rar!") return unsupported("RAR archive", notResume);
  return null;
}

/**
 * Binary if the sample holds NUL bytes (more than one, and more than 1 %) or many control characters (more than
 * 10 %). A stray NUL in an otherwise fine text file is tolerated (it is stripped later); UTF-16 is handled before
 * this check.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, BINARY_SAMPLE_BYTES);
  let nul = 0;
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) nul++;
    else if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d && byte !== 0x1b)
      control++;
  }
  return nul > Math.max(1, sample.length * 0.01) || nul + control > sample.length * 0.1;
}

/** True when the bytes start with a UTF-16 byte order mark, or look like BOM-less UTF-16 Latin text. */
export function looksUtf16(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  if (startsWith(bytes, [0xff, 0xfe])) return "utf-16le";
  if (startsWith(bytes, [0xfe, 0xff])) return "utf-16be";
  // Without a BOM, Latin text in UTF-16 has a zero in every other byte and none in the rest.
  const sample = bytes.subarray(0, BINARY_SAMPLE_BYTES & ~1);
  if (sample.length < 8) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let index = 0; index < sample.length; index++) {
    if (sample[index] === 0) index % 2 === 0 ? evenZeros++ : oddZeros++;
  }
  const half = sample.length / 2;
  if (oddZeros > half * 0.9 && evenZeros === 0) return "utf-16le";
  if (evenZeros > half * 0.9 && oddZeros === 0) return "utf-16be";
  return null;
}

/** The kind of document the bytes hold, or why they are rejected. */
export function detectType(bytes: Uint8Array): DocumentKind | RejectedType {
  if (bytes.length === 0)
    return { code: "empty_file", format: "empty file", message: "the file is empty (0 bytes)" };
  if (contains(bytes, "%PDF-", PDF_HEADER_WINDOW)) return "pdf";
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return detectZip(bytes);
  if (startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]))
    return unsupported("empty ZIP archive", "it contains no document");
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return detectCompoundFile(bytes);
  if (ascii(bytes, 0, 5) === "{\\rtf") return unsupported("RTF document", SAVE_AS_HINT);
  const rejected = detectImage(bytes) ?? detectExecutableOrArchive(bytes);
  if (rejected) return rejected;
  if (looksUtf16(bytes)) return "text";
  if (looksBinary(bytes)) return unsupported("binary file", "only PDF, DOCX and plain text are parsed");
  return "text";
}

export function isRejected(detected: DocumentKind | RejectedType): detected is RejectedType {
  return typeof detected !== "string";
}
