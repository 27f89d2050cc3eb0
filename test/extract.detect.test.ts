import { describe, expect, it } from "vitest";
import { detectType, type RejectedType } from "../src/extract/index.ts";
import {
  elfHeader,
  encryptedDocx,
  gifHeader,
  heicHeader,
  jpegHeader,
  legacyDoc,
  legacyXls,
  makeDocx,
  makePdf,
  makePng,
  makeTruncatedDocx,
  odtLikeZip,
  plainZip,
  tiffHeader,
  utf16Text,
  webpHeader,
  windowsExe,
  xlsxLikeZip,
} from "./support/fixtures.ts";

function rejected(bytes: Uint8Array): RejectedType {
  const detected = detectType(bytes);
  if (typeof detected === "string") throw new Error(`expected a rejection, got ${detected}`);
  return detected;
}

const text = (value: string) => new Uint8Array(Buffer.from(value, "utf8"));

describe("detectType: documents we parse", () => {
  it("finds a PDF header at the start or after junk within the first 1 KB, not later", async () => {
    const pdf = await makePdf(["Hello"]);
    expect(detectType(pdf)).toBe("pdf");
    expect(detectType(new Uint8Array(Buffer.concat([Buffer.alloc(600, 0x20), pdf])))).toBe("pdf");
    expect(detectType(text(`${"filler line\n".repeat(100)}%PDF-1.4 mentioned in prose`))).toBe("text");
  });

  it("calls a zip with word/document.xml a DOCX, even when it is cut short", async () => {
    expect(detectType(await makeDocx({ paragraphs: ["Hello"] }))).toBe("docx");
    expect(detectType(await makeTruncatedDocx(0.5))).toBe("docx");
  });

  it("treats plain text, Markdown and UTF-16 as text", () => {
    expect(detectType(text("Jane Doe\nSoftware Engineer\n"))).toBe("text");
    expect(detectType(text("# Jane Doe\n\n**Skills**: TypeScript\n"))).toBe("text");
    expect(detectType(utf16Text("Jane Doe, Engineer", "le"))).toBe("text");
    expect(detectType(utf16Text("Jane Doe, Engineer", "be"))).toBe("text");
    expect(detectType(utf16Text("Jane Doe, Engineer", "le", false))).toBe("text");
  });

  it("does not mistake text starting with two magic letters for a BMP or an executable", () => {
    expect(detectType(text("BMW Group — Senior Engineer\n"))).toBe("text");
    expect(detectType(text("MZ Consulting, Berlin\n"))).toBe("text");
  });
});

describe("detectType: rejections", () => {
  it("rejects an empty file as empty_file", () => {
    expect(rejected(new Uint8Array(0)).code).toBe("empty_file");
  });

  it.each([
    ["PNG", makePng()],
    ["JPEG", jpegHeader()],
    ["GIF", gifHeader()],
    ["TIFF", tiffHeader()],
    ["WebP", webpHeader()],
    ["HEIC", heicHeader()],
  ])("rejects a %s image as unsupported_type with an OCR hint", (format, bytes) => {
    const result = rejected(bytes);
    expect(result.code).toBe("unsupported_type");
    expect(result.format).toContain(format);
    expect(result.message).toMatch(/OCR/);
  });

  it("rejects legacy .doc with a hint to save as DOCX or PDF", () => {
    const result = rejected(legacyDoc());
    expect(result).toMatchObject({ code: "unsupported_type", format: "legacy Word document (.doc)" });
    expect(result.message).toContain("save it as DOCX or PDF");
    expect(rejected(legacyXls()).code).toBe("unsupported_type");
  });

  it("reports a password-protected DOCX (OLE EncryptedPackage) as encrypted_file", () => {
    expect(rejected(encryptedDocx()).code).toBe("encrypted_file");
  });

  it.each([
    ["xlsx", xlsxLikeZip(), "Excel"],
    ["odt", odtLikeZip(), "OpenDocument text"],
    ["zip", plainZip(), "ZIP archive"],
  ])("rejects a non-DOCX zip (%s) as unsupported_type", (_name, bytes, format) => {
    const result = rejected(bytes);
    expect(result.code).toBe("unsupported_type");
    expect(result.format).toContain(format);
  });

  it("rejects executables and other binaries", () => {
    expect(rejected(elfHeader()).format).toBe("ELF executable");
    expect(rejected(windowsExe()).format).toBe("Windows executable");
    const binary = new Uint8Array(4096).map((_, index) => (index * 31) % 256);
    expect(rejected(binary)).toMatchObject({ code: "unsupported_type", format: "binary file" });
  });

  it("rejects RTF, which is text on disk but markup to a reader", () => {
    expect(rejected(text("{\\rtf1\\ansi Jane Doe}")).format).toBe("RTF document");
  });
});
