import { describe, expect, it } from "vitest";
import { extractText, MAX_TEXT_CHARS } from "../src/extract/index.ts";
import { utf8WithBom, utf16Text, windows1252Text } from "./support/fixtures.ts";

const utf8 = (value: string) => new Uint8Array(Buffer.from(value, "utf8"));

async function textOf(bytes: Uint8Array): Promise<string> {
  const result = await extractText(bytes);
  expect(result.kind).toBe("text");
  return result.text;
}

const RESUME = "José Álvarez-Núñez\nIngeniero de datos — Señor “Data” Lead\nSalary expectations: 60 000 €";

describe("text decoding", () => {
  it("reads UTF-8 with and without a BOM, accents intact and the BOM dropped", async () => {
    expect(await textOf(utf8(RESUME))).toBe(RESUME);
    expect(await textOf(utf8WithBom(RESUME))).toBe(RESUME);
  });

  it("reads UTF-16 LE and BE with a BOM, and LE without one", async () => {
    expect(await textOf(utf16Text(RESUME, "le"))).toBe(RESUME);
    expect(await textOf(utf16Text(RESUME, "be"))).toBe(RESUME);
    expect(await textOf(utf16Text("Jane Doe\nEngineer at Contoso", "le", false))).toBe(
      "Jane Doe\nEngineer at Contoso",
    );
  });

  it("falls back to Windows-1252 when the bytes are not valid UTF-8", async () => {
    expect(await textOf(windows1252Text(RESUME))).toBe(RESUME);
  });

  it("maps Windows-1252 punctuation bytes 0x80..0x9F to their characters, not to C1 controls", async () => {
    // “Data” – 5 € … ’ — written byte by byte, independently of any encoder.
    const bytes = new Uint8Array([
      0x93, 0x44, 0x61, 0x74, 0x61, 0x94, 0x20, 0x96, 0x20, 0x35, 0x20, 0x80, 0x85, 0x92, 0x97,
    ]);
    expect(await textOf(bytes)).toBe("“Data” – 5 €…’—");
  });

  it("reads Latin-1 (ISO-8859-1) accented names through the same fallback", async () => {
    const latin1 = new Uint8Array(Buffer.from("François Müller-Ødegård, Zürich", "latin1"));
    expect(await textOf(latin1)).toBe("François Müller-Ødegård, Zürich");
  });

  it("keeps non-Latin names (CJK, Greek) from UTF-8 and UTF-16", async () => {
    expect(await textOf(utf8("山田 太郎\nソフトウェアエンジニア"))).toBe("山田 太郎\nソフトウェアエンジニア");
    expect(await textOf(utf16Text("Αλέξανδρος Παπαδόπουλος", "le"))).toBe("Αλέξανδρος Παπαδόπουλος");
  });
});

describe("text normalization", () => {
  it("turns CRLF and lone CR into LF, strips NULs and trailing spaces", async () => {
    expect(await textOf(utf8("Jane Doe  \r\nEngineer\rContoso\u0000 Ltd\r\n"))).toBe(
      "Jane Doe\nEngineer\nContoso Ltd",
    );
  });

  it("NFC-normalizes decomposed accents so names compare equal", async () => {
    const decomposed = "Jose\u0301 A\u0301lvarez";
    const text = await textOf(utf8(decomposed));
    expect(text).toBe("José Álvarez");
    expect(text.length).toBe(12);
  });

  it("keeps Markdown as written and collapses runs of blank lines to one", async () => {
    const markdown = "# Jane Doe\n\n\n\n## Skills\n- **TypeScript**\n- [GitHub](https://github.com/jane)";
    expect(await textOf(utf8(markdown))).toBe(
      "# Jane Doe\n\n## Skills\n- **TypeScript**\n- [GitHub](https://github.com/jane)",
    );
  });

  it("rejects whitespace-only text as no_text", async () => {
    await expect(extractText(utf8(" \n\t\r\n  "))).rejects.toMatchObject({ code: "no_text" });
  });
});

describe("text limit", () => {
  it("defaults to 50,000 characters and reports the full length", async () => {
    expect(MAX_TEXT_CHARS).toBe(50_000);
    const long = "a".repeat(MAX_TEXT_CHARS + 123);
    const result = await extractText(utf8(long));
    expect(result).toMatchObject({ truncated: true, chars: MAX_TEXT_CHARS + 123 });
    expect(result.text.length).toBe(MAX_TEXT_CHARS);
  });

  it("honours maxChars and does not truncate text at or under it", async () => {
    const result = await extractText(utf8("x".repeat(100)), { maxChars: 100 });
    expect(result).toMatchObject({ truncated: false, chars: 100 });
    const cut = await extractText(utf8("x".repeat(101)), { maxChars: 100 });
    expect(cut).toMatchObject({ truncated: true, chars: 101, text: "x".repeat(100) });
  });

  it("never splits a surrogate pair at the cut", async () => {
    const result = await extractText(utf8(`${"x".repeat(9)}😀tail`), { maxChars: 10 });
    expect(result.text).toBe("x".repeat(9));
    expect(result.truncated).toBe(true);
  });
});
