import { describe, expect, it } from "vitest";
import { htmlToText } from "../src/extract/docx-html.ts";
import { rtfToText } from "../src/extract/docx-rtf.ts";
import { extractText } from "../src/extract/index.ts";
import { para, rawDocx, relationship } from "./support/raw-docx.ts";

/**
 * `w:altChunk`: builders and HTML-to-DOCX libraries put the whole resume into one imported HTML (or MHT, RTF…)
 * part and leave the body empty; mammoth ignores the element, so these files used to give "no text".
 */

async function docxText(bytes: Uint8Array): Promise<string> {
  const result = await extractText(bytes);
  expect(result.kind).toBe("docx");
  return result.text;
}

/** A document whose body is `before`, the chunk, `after`; the chunk part is word/<name>. */
function withChunk(name: string, data: string | Uint8Array, around = true): Uint8Array {
  const chunk = '<w:altChunk r:id="rIdChunk"><w:altChunkPr><w:matchSrc/></w:altChunkPr></w:altChunk>';
  return rawDocx({
    body: around ? para("Before the chunk") + chunk + para("After the chunk") : chunk,
    documentRels: relationship("rIdChunk", "aFChunk", name),
    parts: [{ name: `word/${name}`, data }],
  });
}

const RESUME_HTML =
  '<!DOCTYPE html><html><head><meta charset="utf-8"><title>CV of Ana</title><style>p { color: red }</style>' +
  '<script>document.write("<p>not text</p>")</script></head><body>\n' +
  "<h1>Ana   Lima</h1>\n<p>Porto &amp; Lisboa &middot; " +
  '<a href="mailto:ana.lima@example.com?subject=Hello">Email</a> | ' +
  "<a href='https://www.linkedin.com/in/ana-lima-example'>LinkedIn</a> | " +
  '<a href="https://ana.example.dev/">ana.example.dev</a></p>\n' +
  "<h2>Experience</h2><ul><li>Data Engineer, Acme&nbsp;Corp<br>2019&ndash;2023</li><li>Intern, Globex</li></ul>\n" +
  "<table><tr><th>Skill</th><th>Level</th></tr><tr><td><p>Python</p></td><td>Expert</td></tr></table>\n" +
  '<p style="display: none">Hidden keywords</p><!-- <p>commented out</p> -->' +
  "<p>Caf&eacute; &#233;l&#x142;&lstrok;</p></body></html>";

const RESUME_TEXT =
  "Ana Lima\nPorto & Lisboa · Email <ana.lima@example.com> | " +
  "LinkedIn <https://www.linkedin.com/in/ana-lima-example> | ana.example.dev\n\n" +
  "Experience\n- Data Engineer, Acme Corp\n2019–2023\n- Intern, Globex\nSkill\tLevel\nPython\tExpert\nCafé élłł";

/** Quoted-printable (RFC 2045) as Word writes MHT: "=XX" for "=" and non-ASCII bytes, "=" soft breaks at 76. */
function quotedPrintable(text: string): string {
  const encoded = [...Buffer.from(text, "utf8")]
    .map((byte) =>
      byte === 0x3d || byte > 0x7e ? `=${byte.toString(16).toUpperCase()}` : String.fromCharCode(byte),
    )
    .join("");
  return encoded.replace(/(.{72})/g, "$1=\r\n");
}

function mht(html: string): string {
  const boundary = "----=_NextPart_01DA0000.12345678";
  return [
    "MIME-Version: 1.0",
    `Content-Type: multipart/related; boundary="${boundary}";\r\n\ttype="text/html"`,
    "",
    "This document is a Single File Web Page, also known as a Web Archive file.",
    "",
    `--${boundary}`,
    "Content-Location: file:///C:/D0A1B2C3/resume.htm",
    "Content-Transfer-Encoding: quoted-printable",
    'Content-Type: text/html; charset="utf-8"',
    "",
    quotedPrintable(html),
    "",
    `--${boundary}`,
    "Content-Location: file:///C:/D0A1B2C3/resume_files/image001.png",
    "Content-Transfer-Encoding: base64",
    "Content-Type: image/png",
    "",
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
    "",
    `--${boundary}--`,
    "",
  ].join("\r\n");
}

describe("DOCX altChunk: an imported HTML page", () => {
  it("gives the text of a body that is nothing but one HTML chunk (was: no text)", async () => {
    const text = await docxText(withChunk("afchunk.htm", RESUME_HTML, false));
    expect(text).toBe(RESUME_TEXT);
  });

  it("keeps the chunk where it sits among the document's own paragraphs", async () => {
    const text = await docxText(withChunk("afchunk.htm", "<p>Imported line</p>"));
    expect(text).toBe("Before the chunk\nImported line\nAfter the chunk");
  });

  it("reads XHTML, and a chunk addressed by an absolute part name", async () => {
    const xhtml =
      '<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body>' +
      "<div>Ana Lima<br/>Porto</div><p>Data Engineer</p></body></html>";
    const bytes = rawDocx({
      body: '<w:altChunk r:id="rIdX"/>',
      documentRels: relationship("rIdX", "aFChunk", "/word/chunks/resume.xhtml"),
      parts: [{ name: "word/chunks/resume.xhtml", data: xhtml }],
    });
    expect(await docxText(bytes)).toBe("Ana Lima\nPorto\nData Engineer");
  });

  it("decodes a UTF-16 page", async () => {
    const page = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from("<html><body><p>Łukasz Nowak</p></body></html>", "utf16le"),
    ]);
    expect(await docxText(withChunk("afchunk.htm", new Uint8Array(page), false))).toBe("Łukasz Nowak");
  });

  it("decodes a page in its declared charset (Windows-1252 here)", async () => {
    const html =
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head>';
    // "José – " with é = 0xE9 and the en dash = 0x96, as Windows-1252 stores them.
    const bytes = Buffer.concat([
      Buffer.from(`${html}<body><p>Jos`),
      Buffer.from([0xe9, 0x20, 0x96]),
      Buffer.from("</p>"),
    ]);
    const text = await docxText(withChunk("afchunk.htm", new Uint8Array(bytes), false));
    expect(text).toBe("José –");
  });
});

describe("DOCX altChunk: MHT, RTF, plain text, nested DOCX", () => {
  it("reads an MHT chunk: the quoted-printable HTML part, not the image parts", async () => {
    const text = await docxText(withChunk("afchunk.mht", mht(RESUME_HTML), false));
    expect(text).toBe(RESUME_TEXT);
  });

  it("reads an RTF chunk: text, escapes, table cells and HYPERLINK fields", async () => {
    const rtf =
      "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}{\\colortbl;\\red0\\green0\\blue0;}" +
      "{\\*\\generator Builder 2.0;}{\\info{\\author Someone Else}}\\f0 Jos\\'e9 Garc\\u237?a\\par " +
      'Contact: {\\field{\\*\\fldinst{HYPERLINK "mailto:jose@example.com"}}{\\fldrslt{\\ul Email}}}\\par ' +
      "\\trowd\\cellx1000\\cellx2000 Python\\cell Expert\\cell\\row}";
    const text = await docxText(withChunk("afchunk.rtf", rtf, false));
    expect(text).toBe("José García\nContact: Email <jose@example.com>\nPython\tExpert");
  });

  it("reads a plain-text chunk and a nested DOCX chunk (one level deep)", async () => {
    expect(await docxText(withChunk("afchunk.txt", "Plain line\nAna <ana@example.com>", false))).toBe(
      "Plain line\nAna <ana@example.com>",
    );
    const inner = rawDocx({ body: para("Inner document text") });
    expect(await docxText(withChunk("afchunk.docx", inner, false))).toBe("Inner document text");
  });

  it("contributes nothing for a missing, external or unreadable chunk, without failing the file", async () => {
    const broken = rawDocx({
      body: `${para("Own text")}<w:altChunk r:id="rIdMissing"/><w:altChunk r:id="rIdExternal"/><w:altChunk r:id="rIdBad"/>`,
      documentRels:
        relationship("rIdMissing", "aFChunk", "nowhere.htm") +
        relationship("rIdExternal", "aFChunk", "https://example.com/page.htm", true) +
        relationship("rIdBad", "aFChunk", "bad.docx"),
      parts: [{ name: "word/bad.docx", data: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]) }],
    });
    expect(await docxText(broken)).toBe("Own text");
  });
});

describe("htmlToText", () => {
  it("collapses whitespace (a <pre> keeps its line breaks), and keeps Word's downlevel list bullets", () => {
    const html =
      "<p>one\n   two</p><pre>a  b\n  c</pre>" +
      "<p class=MsoListParagraph><![if !supportLists]><span>·<span>&nbsp;&nbsp; </span></span><![endif]>Item</p>";
    expect(htmlToText(html).text).toBe("one two\na b\nc\n·\u00a0\u00a0 Item");
  });

  it("drops elements hidden by mso-hide or the hidden attribute, nested ones included", () => {
    const html =
      "<p>Shown<span style='mso-hide:all'>hidden <span>still hidden</span></span> too</p>" +
      '<div hidden><p>gone</p></div><p title="not hidden">Kept</p>';
    expect(htmlToText(html).text).toBe("Shown too\nKept");
  });

  it("lists link targets, and writes only those the anchor text does not show", () => {
    const { text, links } = htmlToText(
      '<p><a href="tel:+15550101234">+1 (555) 010-1234</a> <a href="https://github.com/ana">GitHub</a>' +
        ' <a href="#top">Top</a> <a href="javascript:void(0)">Menu</a></p>',
    );
    expect(text).toBe("+1 (555) 010-1234 GitHub <https://github.com/ana> Top Menu");
    expect(links).toEqual(["tel:+15550101234", "https://github.com/ana", "javascript:void(0)"]);
  });
});

describe("rtfToText", () => {
  it("skips \\* destinations, honours \\uc and keeps special characters", () => {
    const rtf = "{\\rtf1{\\*\\panose 0000}\\uc2 A\\u8364\\'80\\'80B\\~C\\_D\\-E\\tab F\\line G\\emdash H}";
    expect(rtfToText(new Uint8Array(Buffer.from(rtf, "latin1")))).toBe("A€B C-DE\tF\nG—H");
  });
});
