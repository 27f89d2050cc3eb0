import { describe, expect, it } from "vitest";
import { extractText } from "../src/extract/index.ts";
import { para, rawDocx, run } from "./support/raw-docx.ts";

/** Text boxes in the three shapes Word and builders write, content controls, special characters and breaks. */

async function docxText(bytes: Uint8Array): Promise<string> {
  const result = await extractText(bytes);
  expect(result.kind).toBe("docx");
  return result.text;
}

const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

const boxContent = (text: string) => `<w:txbxContent>${para(text)}</w:txbxContent>`;
/** A DrawingML text box (Word 2010+), as `mc:Choice` holds it or as some builders write it alone. */
const drawingBox = (text: string) =>
  '<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" ' +
  'locked="0" layoutInCell="1" allowOverlap="1"><wp:docPr id="1" name="Text Box 1"/><a:graphic>' +
  '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/>' +
  `<wps:txbx>${boxContent(text)}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>`;
/** The VML text box Word writes as the fallback (and older writers write alone). */
const vmlBox = (text: string) =>
  `<w:pict><v:shape id="Text Box 1" type="#_x0000_t202"><v:textbox>${boxContent(text)}</v:textbox></v:shape></w:pict>`;
const inRun = (xml: string) => `<w:p><w:r>${xml}</w:r></w:p>`;

describe("DOCX text boxes", () => {
  it("reads a box written twice (mc:Choice DrawingML + mc:Fallback VML) exactly once, in place", async () => {
    const box =
      '<mc:AlternateContent><mc:Choice Requires="wps">' +
      `${drawingBox("Contact: ana@example.com")}</mc:Choice><mc:Fallback>${vmlBox("Contact: ana@example.com")}` +
      "</mc:Fallback></mc:AlternateContent>";
    const text = await docxText(rawDocx({ body: para("Ana Lima") + inRun(box) + para("Experience") }));
    expect(text).toBe("Ana Lima\nContact: ana@example.com\nExperience");
    expect(occurrences(text, "ana@example.com")).toBe(1);
  });

  it("reads a bare VML box and a DrawingML-only box (no AlternateContent) in place", async () => {
    const body =
      para("Ana Lima") +
      inRun(vmlBox("VML: Porto")) +
      inRun(drawingBox("DrawingML: +351 912 345 678")) +
      para("End");
    expect(await docxText(rawDocx({ body }))).toBe("Ana Lima\nVML: Porto\nDrawingML: +351 912 345 678\nEnd");
  });

  it("reads an mc:Choice box whose Fallback is missing or has no text", async () => {
    const choiceOnly = `<mc:AlternateContent><mc:Choice Requires="wps">${drawingBox("Only choice")}</mc:Choice></mc:AlternateContent>`;
    const emptyFallback =
      `<mc:AlternateContent><mc:Choice Requires="wps">${drawingBox("Empty fallback")}</mc:Choice>` +
      '<mc:Fallback><w:pict><v:rect style="width:10pt"/></w:pict></mc:Fallback></mc:AlternateContent>';
    const text = await docxText(rawDocx({ body: inRun(choiceOnly) + inRun(emptyFallback) }));
    expect(text).toBe("Only choice\nEmpty fallback");
  });

  it("reads a box in a header once", async () => {
    const header = inRun(
      `<mc:AlternateContent><mc:Choice Requires="wps">${drawingBox("Header box")}</mc:Choice>` +
        `<mc:Fallback>${vmlBox("Header box")}</mc:Fallback></mc:AlternateContent>`,
    );
    expect(await docxText(rawDocx({ body: para("Body"), header }))).toBe("Header box\n\nBody");
  });
});

describe("DOCX content controls", () => {
  it("reads block- and run-level content controls, in the body and in headers", async () => {
    const block =
      '<w:sdt><w:sdtPr><w:alias w:val="Name"/><w:tag w:val="name"/></w:sdtPr><w:sdtContent>' +
      `${para("Ana Lima")}</w:sdtContent></w:sdt>`;
    const inline = `<w:p>${run("City: ")}<w:sdt><w:sdtPr/><w:sdtContent>${run("Porto")}</w:sdtContent></w:sdt></w:p>`;
    const header = `<w:sdt><w:sdtContent><w:p><w:sdt><w:sdtContent>${run("ana@example.com")}</w:sdtContent></w:sdt></w:p></w:sdtContent></w:sdt>`;
    expect(await docxText(rawDocx({ body: block + inline, header }))).toBe(
      "ana@example.com\n\nAna Lima\nCity: Porto",
    );
  });

  it("leaves out a control still showing its placeholder text", async () => {
    const placeholder =
      '<w:sdt><w:sdtPr><w:placeholder><w:docPart w:val="DefaultPlaceholder"/></w:placeholder><w:showingPlcHdr/>' +
      `</w:sdtPr><w:sdtContent>${para("Click or tap here to enter text.")}</w:sdtContent></w:sdt>`;
    expect(await docxText(rawDocx({ body: para("Ana Lima") + placeholder }))).toBe("Ana Lima");
  });
});

describe("DOCX special characters and breaks", () => {
  // No-break hyphen -> "-", soft hyphen -> nothing, no-break space -> " ", zero-width space -> nothing,
  // positional tab -> tab, w:cr and page breaks -> new line (mammoth alone gives U+2011, U+00AD and glued lines).
  const specials =
    '<w:p><w:r><w:t>Anne</w:t><w:noBreakHyphen/><w:t xml:space="preserve">Marie Schulze</w:t><w:noBreakHyphen/>' +
    "<w:t>Wendt</w:t></w:r></w:p>" +
    "<w:p><w:r><w:t>Kennzahlen</w:t><w:softHyphen/><w:t>systeme</w:t></w:r></w:p>" +
    '<w:p><w:r><w:t>+49&#160;30&#160;1234567</w:t><w:tab/><w:t>Berlin</w:t><w:ptab w:relativeTo="margin" w:alignment="right" w:leader="none"/><w:t>DE</w:t></w:r></w:p>' +
    '<w:p><w:r><w:t>line one</w:t><w:br/><w:t>line two</w:t><w:cr/><w:t>line three</w:t><w:br w:type="page"/>' +
    "<w:t>next page</w:t></w:r></w:p><w:p><w:r><w:t>ana@\u200bexample.com</w:t></w:r></w:p>";
  const expected =
    "Anne-Marie Schulze-Wendt\nKennzahlensysteme\n+49 30 1234567\tBerlin\tDE\nline one\nline two\nline three\nnext page\nana@example.com";

  it("shows special hyphens and spaces as they look, keeps tabs and breaks", async () => {
    expect(await docxText(rawDocx({ body: specials }))).toBe(expected);
  });

  it("does the same in headers", async () => {
    expect(await docxText(rawDocx({ body: para("Body"), header: specials }))).toBe(`${expected}\n\nBody`);
  });
});
