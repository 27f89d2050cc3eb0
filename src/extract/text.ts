import { looksUtf16 } from "./detect.ts";

/**
 * Plain-text decoding and the normalization every extractor's output goes through.
 *
 * Decoding order: a BOM wins (UTF-8, UTF-16 LE/BE); then strict UTF-8; if the bytes are not valid UTF-8 they are
 * read as Windows-1252, the superset of Latin-1 that Windows editors write. Windows-1252 never fails, so every file
 * decodes to something.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder("utf-8").decode(bytes.subarray(3));
  }
  const utf16 = looksUtf16(bytes);
  if (utf16) return new TextDecoder(utf16).decode(bytes); // strips its own BOM
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

/**
 * Windows-1252 characters for bytes 0x80..0x9F (the rest of the code page is Latin-1). Undefined bytes (0x81,
 * 0x8D, 0x8F, 0x90, 0x9D) stay C1 controls and are removed by normalizeText.
 */
const WINDOWS_1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

/**
 * Windows-1252 by hand: Node's `new TextDecoder("windows-1252")` decodes as plain Latin-1 since Node 20.18.3 /
 * 22.13 (nodejs/node#60888), turning curly quotes, dashes and € into invisible C1 controls.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  return latin1.replace(/[\u0080-\u009f]/g, (char) => WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80] ?? char);
}

/**
 * One shape for all extracted text: "\n" line ends, no NULs or other invisible control characters, NFC (so "é"
 * is one code point whether the file stored it composed or decomposed), no trailing spaces, at most one blank
 * line in a row, no leading or trailing blank lines. Tabs are kept: they separate table cells and PDF columns.
 */
export function normalizeText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, "\n")
      // C0 controls except tab and newline, DEL, and the C1 range; form feed becomes a line break.
      .replace(/\f/g, "\n")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
      .replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/g, "")
      // Byte order marks left inside the text (concatenated files), zero-width no-break spaces.
      .replace(/\ufeff/g, "")
      .normalize("NFC")
      .replace(/[ \t\u00a0]+$/gm, "")
      .replace(/\n{3,}/g, "\n\n")
      .replace(/^\n+|\n+$/g, "")
  );
}

/**
 * Cuts text to at most `maxChars` UTF-16 code units without splitting a surrogate pair (an emoji or a rare CJK
 * character cut in half would be an invalid string for the JSON the parser sends).
 */
export function truncateText(text: string, maxChars: number): { text: string; truncated: boolean } {
  if (text.length <= maxChars) return { text, truncated: false };
  let end = maxChars;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return { text: text.slice(0, end), truncated: true };
}
