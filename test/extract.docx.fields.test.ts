import { describe, expect, it } from "vitest";
import { hyperlinkInstruction, targetBeside } from "../src/extract/docx-links.ts";
import { extractText } from "../src/extract/index.ts";
import { complexField, para, rawDocx, relationship, run } from "./support/raw-docx.ts";

/**
 * Links behind words ("Email", "LinkedIn") in the three ways Word stores them: `w:hyperlink r:id` relationships,
 * simple fields (`w:fldSimple`) and complex fields (`w:fldChar` … `w:instrText` …). The target is written beside
 * the anchor text; field instructions never appear as text.
 */

async function docxText(bytes: Uint8Array): Promise<string> {
  const result = await extractText(bytes);
  expect(result.kind).toBe("docx");
  return result.text;
}

const simpleField = (instruction: string, text: string) =>
  `<w:fldSimple w:instr="${instruction}">${run(text)}</w:fldSimple>`;

const FIELD_CODES = /HYPERLINK|PAGE|MERGEFORMAT|NUMPAGES|\\o|\\l/;

describe("DOCX simple fields", () => {
  it("keeps a simple field's text and writes a HYPERLINK target beside it (mailto: as the address)", async () => {
    const body =
      `<w:p>${run("Contact: ")}${simpleField("HYPERLINK &quot;mailto:ana.lima@example.com&quot;", "Email")}</w:p>` +
      `<w:p>${run("Page ")}${simpleField(" PAGE   \\* MERGEFORMAT ", "1")}</w:p>`;
    const text = await docxText(rawDocx({ body }));
    expect(text).toBe("Contact: Email <ana.lima@example.com>\nPage 1");
    expect(text).not.toMatch(FIELD_CODES);
  });

  it("does the same in headers and footers", async () => {
    const header = `<w:p>${simpleField("HYPERLINK &quot;https://github.com/ana-lima&quot;", "GitHub")}</w:p>`;
    const footer = `<w:p>${run("Page ")}${simpleField("PAGE", "2")}${run(" of ")}${simpleField("NUMPAGES", "3")}</w:p>`;
    const text = await docxText(rawDocx({ body: para("Body"), header, footer }));
    expect(text).toBe("GitHub <https://github.com/ana-lima>\n\nBody\n\nPage 2 of 3");
  });
});

describe("DOCX complex fields", () => {
  it("reads an instruction split over runs, with switches after the URL", async () => {
    const field = complexField(
      [" HYPER", 'LINK "https://www.linkedin', '.com/in/ana-lima" \\o "My ', 'profile" \\t "_blank" '],
      run("Linked") + run("In"),
    );
    const text = await docxText(rawDocx({ body: `<w:p>${run("Profile: ")}${field}</w:p>` }));
    expect(text).toBe("Profile: LinkedIn <https://www.linkedin.com/in/ana-lima>");
  });

  it("finds the URL after switches that precede it, in the body and in headers", async () => {
    const field = (text: string) =>
      `<w:p>${complexField(['HYPERLINK \\o "Open my site" "https://ana.example.dev/cv"'], run(text))}</w:p>`;
    const text = await docxText(rawDocx({ body: field("Portfolio"), header: field("Website") }));
    expect(text).toBe("Website <https://ana.example.dev/cv>\n\nPortfolio <https://ana.example.dev/cv>");
  });

  it("treats \\l bookmarks as jumps inside the document, not links, and never shows instructions", async () => {
    const body =
      `<w:p>${complexField([' HYPERLINK \\l "_Experience" '], run("Experience"))}</w:p>` +
      `<w:p>${run("Page ")}${complexField([" PAGE "], run("1"))}</w:p>`;
    const text = await docxText(rawDocx({ body }));
    expect(text).toBe("Experience\nPage 1");
  });

  it("handles fields nested in a link's result and instructions split over runs in headers", async () => {
    const nested = complexField(
      ['HYPERLINK "mailto:ana@example.com"'],
      run("Mail ") + complexField(["PAGE"], run("7")),
    );
    const header = `<w:p>${complexField(["HYPERLINK ", '"tel:+351912345678"'], run("Call me"))}</w:p><w:p>${nested}</w:p>`;
    const text = await docxText(rawDocx({ body: para("Body"), header }));
    expect(text).toBe("Call me <+351912345678>\nMail 7 <ana@example.com>\n\nBody");
  });
});

describe("DOCX footnotes", () => {
  it("get the same treatment as the body: hidden runs out, simple fields in, targets beside", async () => {
    const footnotes =
      '<?xml version="1.0"?><w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      `<w:footnote w:id="1"><w:p>${run("Published in Nature")}${run(" hidden", "<w:vanish/>")}` +
      `${simpleField("HYPERLINK &quot;https://doi.example.org/10.1/x&quot;", " (paper)")}</w:p></w:footnote></w:footnotes>`;
    const bytes = rawDocx({
      body: `<w:p>${run("Research")}<w:r><w:footnoteReference w:id="1"/></w:r></w:p>`,
      documentRels: relationship("rIdNotes", "footnotes", "footnotes.xml"),
      parts: [{ name: "word/footnotes.xml", data: footnotes }],
    });
    expect(await docxText(bytes)).toBe(
      "Research[1]\nPublished in Nature (paper) <https://doi.example.org/10.1/x>",
    );
  });
});

describe("DOCX w:hyperlink relationships", () => {
  const rels =
    relationship("rIdIn", "hyperlink", "https://www.linkedin.com/in/ana-lima/", true) +
    relationship("rIdMail", "hyperlink", "mailto:ana@example.com?subject=Job", true) +
    relationship("rIdSite", "hyperlink", "https://ana.example.dev", true);
  const link = (id: string, text: string) =>
    `<w:hyperlink r:id="${id}" w:history="1">${run(text)}</w:hyperlink>`;
  const contact = `<w:p>${link("rIdIn", "LinkedIn")}${run(" | ")}${link("rIdMail", "ana@example.com")}${run(" | ")}${link("rIdSite", "ana.example.dev")}</w:p>`;

  it("writes the target beside the body anchor only when the anchor does not show it", async () => {
    const text = await docxText(rawDocx({ body: contact, documentRels: rels }));
    expect(text).toBe("LinkedIn <https://www.linkedin.com/in/ana-lima/> | ana@example.com | ana.example.dev");
  });

  it("resolves header hyperlinks through the header's own relationships", async () => {
    const text = await docxText(rawDocx({ body: para("Body"), header: contact, headerRels: rels }));
    expect(text).toBe(
      "LinkedIn <https://www.linkedin.com/in/ana-lima/> | ana@example.com | ana.example.dev\n\nBody",
    );
  });

  it("still lists targets no reader rendered under Links:", async () => {
    const unused = relationship("rIdOrphan", "hyperlink", "https://portfolio.example.org/ana", true);
    const text = await docxText(rawDocx({ body: para("Ana Lima"), documentRels: unused }));
    expect(text).toBe("Ana Lima\n\nLinks:\nhttps://portfolio.example.org/ana");
  });
});

describe("hyperlinkInstruction and targetBeside", () => {
  it.each([
    ['HYPERLINK "https://x.dev/a b"', "https://x.dev/a b"],
    ["HYPERLINK https://x.dev/plain \\o tip", "https://x.dev/plain"],
    ['HYPERLINK \\o "tip first" "https://x.dev/"', "https://x.dev/"],
    ['hyperlink "mailto:a@x.dev"', "mailto:a@x.dev"],
    ['HYPERLINK "https://x.dev/page" \\l "part"', "https://x.dev/page"],
    ['HYPERLINK \\l "_Toc123"', null],
    ["PAGE \\* MERGEFORMAT", null],
  ])("%s -> %s", (instruction, target) => {
    expect(hyperlinkInstruction(instruction)).toBe(target);
  });

  it.each([
    ["LinkedIn", "https://linkedin.com/in/a", " <https://linkedin.com/in/a>"],
    ["a@x.dev", "mailto:A@X.dev?subject=Hi", ""],
    ["Write to me", "mailto:a%2Bcv@x.dev", " <a+cv@x.dev>"],
    ["+1 (555) 010-1234", "tel:+15550101234", ""],
    ["", "https://x.dev/", "<https://x.dev/>"],
    ["Top", "#top", ""],
  ])("beside %j for %s: %j", (anchor, url, beside) => {
    expect(targetBeside(anchor, url)).toBe(beside);
  });
});
