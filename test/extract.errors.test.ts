import { describe, expect, it } from "vitest";
import { ERROR_CODES, type ErrorCode, FileError } from "../src/errors.ts";
import { extractText } from "../src/extract/index.ts";
import {
  elfHeader,
  encryptedDocx,
  jpegHeader,
  legacyDoc,
  makeDocx,
  makeDocxWithBrokenXml,
  makeEncryptedPdf,
  makeGarbagePdf,
  makeHandwrittenPdf,
  makeImageOnlyPdf,
  makePng,
  makeTruncatedDocx,
  makeTruncatedPdf,
  windowsExe,
  writeZip,
  xlsxLikeZip,
} from "./support/fixtures.ts";

async function failure(bytes: Uint8Array | Promise<Uint8Array>): Promise<FileError> {
  try {
    const result = await extractText(await bytes);
    throw new Error(`expected a FileError, got ${result.kind} text: ${result.text.slice(0, 60)}`);
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    return error;
  }
}

type Case = [label: string, bytes: () => Uint8Array | Promise<Uint8Array>, code: ErrorCode, message: RegExp];

const CASES: Case[] = [
  ["0 bytes", () => new Uint8Array(0), "empty_file", /empty/],
  ["a PNG logo", () => makePng(), "unsupported_type", /PNG image.*OCR/],
  ["a JPEG photo of a resume", jpegHeader, "unsupported_type", /OCR/],
  ["legacy .doc", legacyDoc, "unsupported_type", /save it as DOCX or PDF/],
  ["an xlsx", xlsxLikeZip, "unsupported_type", /Excel/],
  ["an ELF binary", elfHeader, "unsupported_type", /executable/],
  ["a Windows .exe", windowsExe, "unsupported_type", /executable/],
  ["a password-protected DOCX", encryptedDocx, "encrypted_file", /password/],
  ["a password-protected PDF", makeEncryptedPdf, "encrypted_file", /password/],
  ["a PDF header followed by noise", makeGarbagePdf, "corrupt_file", /cannot be read/],
  ["a PDF cut short", () => makeTruncatedPdf(0.5), "corrupt_file", /cannot be read/],
  ["a scanned PDF", makeImageOnlyPdf, "image_only_pdf", /OCR/],
  ["a DOCX cut short", () => makeTruncatedDocx(0.6), "corrupt_file", /cannot be read/],
  ["a DOCX with broken XML", makeDocxWithBrokenXml, "corrupt_file", /cannot be read/],
  ["a DOCX with no text", () => makeDocx({ paragraphs: ["", "  "] }), "no_text", /no text/],
  ["a whitespace-only text file", () => new TextEncoder().encode("\n \n\t\n"), "no_text", /whitespace/],
];

describe("extractText errors", () => {
  it.each(CASES)("%s -> %s", async (_label, bytes, code, message) => {
    const error = await failure(bytes());
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it("sends unsupported files to skipped and broken ones to failed, never to retry", async () => {
    expect(ERROR_CODES.unsupported_type).toBe("skip");
    for (const code of [
      "empty_file",
      "encrypted_file",
      "corrupt_file",
      "image_only_pdf",
      "no_text",
    ] as const) {
      expect(ERROR_CODES[code]).toBe("fail");
    }
  });

  it("controls: the same builders without the defect extract fine", async () => {
    expect((await extractText(makeHandwrittenPdf("Plain resume"))).text).toBe("Plain resume");
    expect((await extractText(await makeDocx({ paragraphs: ["Plain resume"] }))).text).toBe("Plain resume");
  });

  it("reports a DOCX part that inflates beyond the cap as too_large, not as a crash", async () => {
    // 40 MB of spaces deflate to ~40 KB: a small upload that would balloon in memory.
    const hugeXml = `<w:document><w:body>${" ".repeat(40 * 1024 * 1024)}</w:body></w:document>`;
    const bomb = writeZip([{ name: "word/document.xml", data: hugeXml }]);
    expect(bomb.length).toBeLessThan(200_000);
    const error = await failure(bomb);
    expect(error.code).toBe("too_large");

    // The same archive lying about the part's size in its central directory: the inflate cap still stops it.
    const liar = Buffer.from(bomb);
    const directory = liar.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    liar.writeUInt32LE(100, directory + 24);
    expect((await failure(new Uint8Array(liar))).code).toBe("too_large");
  });
});
