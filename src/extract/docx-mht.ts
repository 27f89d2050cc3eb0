import { decodeText, decodeWindows1252 } from "./text.ts";

/**
 * Web pages stored in a DOCX `w:altChunk`: plain HTML/XHTML bytes, or an MHT ("MIME HTML", RFC 2557) message
 * whose HTML part is quoted-printable or base64. Both come out as a decoded string of HTML.
 */

/** Charset labels we decode as Windows-1252 by hand (Node's TextDecoder reads them as plain Latin-1). */
const WINDOWS_1252 = /^(?:windows-1252|cp1252|iso-8859-1|latin1|l1|us-ascii|ascii)$/i;

/** Bytes in a declared charset; a BOM, or an unknown or missing label, falls back to decodeText's sniffing. */
export function decodeCharset(bytes: Uint8Array, charset: string | null): string {
  const hasBom =
    (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) ||
    (bytes[0] === 0xfe && bytes[1] === 0xff) ||
    (bytes[0] === 0xff && bytes[1] === 0xfe);
  if (charset === null || hasBom || /^utf-?8$/i.test(charset)) return decodeText(bytes);
  if (WINDOWS_1252.test(charset)) return decodeWindows1252(bytes);
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return decodeText(bytes);
  }
}

/** The charset an HTML page declares in its first 1 KB (`<meta charset>` or `http-equiv` content type). */
function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  return /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1] ?? null;
}

export function decodeHtmlBytes(bytes: Uint8Array): string {
  return decodeCharset(bytes, declaredCharset(bytes));
}

/** True when the bytes start like a MIME message (a header line), as MHT files do. */
export function looksLikeMime(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString("latin1");
  return /^(?:[\w-]+:[^\r\n]*\r?\n)+/.test(head) && /^(?:mime-version|content-type):/im.test(head);
}

interface MimeEntity {
  headers: Map<string, string>;
  /** The body as a byte-transparent ("latin1") string, still transfer-encoded. */
  body: string;
}

function parseEntity(raw: string): MimeEntity {
  const split = /\r?\n\r?\n/.exec(raw);
  const headerBlock = split ? raw.slice(0, split.index) : raw;
  const body = split ? raw.slice(split.index + split[0].length) : "";
  const headers = new Map<string, string>();
  // Folded header lines continue with whitespace (RFC 5322 §2.2.3).
  for (const line of headerBlock.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function parameter(header: string, name: string): string | null {
  return (
    new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, "i").exec(header)?.slice(1).find(Boolean) ??
    null
  );
}

function decodeTransfer(body: string, encoding: string): Uint8Array {
  if (/^quoted-printable$/i.test(encoding)) {
    const unfolded = body.replace(/=\r?\n/g, "");
    const bytes = unfolded.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
    return Buffer.from(bytes, "latin1");
  }
  if (/^base64$/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ""), "base64");
  return Buffer.from(body, "latin1");
}

/** The parts of a multipart body, split on its boundary lines. */
function multipartChildren(entity: MimeEntity, boundary: string): MimeEntity[] {
  const delimiter = `--${boundary}`;
  const pieces = entity.body.split(
    new RegExp(`\\r?\\n?${delimiter.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?:--)?[ \\t]*\\r?\\n?`),
  );
  return pieces
    .slice(1)
    .filter((piece) => piece.trim().length > 0)
    .map(parseEntity);
}

/** The first text/html entity, depth first (an MHT's page is usually its first part). */
function findHtml(entity: MimeEntity, depth = 0): MimeEntity | null {
  const type = entity.headers.get("content-type") ?? "text/html";
  const boundary = parameter(type, "boundary");
  if (/^multipart\//i.test(type) && boundary !== null && depth < 4) {
    for (const child of multipartChildren(entity, boundary)) {
      const found = findHtml(child, depth + 1);
      if (found) return found;
    }
    return null;
  }
  return /^text\/html|^application\/xhtml/i.test(type) ? entity : null;
}

/** The HTML page of an MHT message, decoded; null when it holds none. */
export function mhtHtml(bytes: Uint8Array): string | null {
  const entity = findHtml(parseEntity(Buffer.from(bytes).toString("latin1")));
  if (entity === null) return null;
  const body = decodeTransfer(entity.body, entity.headers.get("content-transfer-encoding") ?? "7bit");
  const charset = parameter(entity.headers.get("content-type") ?? "", "charset");
  return charset === null ? decodeHtmlBytes(body) : decodeCharset(body, charset);
}
