import { describe, expect, it } from "vitest";
import { extractText } from "../src/extract/index.ts";
import { para, rawDocx, run } from "./support/raw-docx.ts";

/**
 * What Word shows is content; what it hides is not. Hidden text (`w:vanish`: keyword stuffing, notes to self),
 * tracked deletions and the source of a tracked move are left out; tracked insertions and the target of a move
 * are in. mammoth alone shows hidden text (it has no notion of `w:vanish`).
 */

async function docxText(bytes: Uint8Array): Promise<string> {
  const result = await extractText(bytes);
  expect(result.kind).toBe("docx");
  return result.text;
}

const paragraphOf = (...runs: string[]) => `<w:p>${runs.join("")}</w:p>`;

describe("DOCX hidden text", () => {
  it("leaves out runs marked w:vanish, and keeps runs that switch it off", async () => {
    const body = paragraphOf(
      run("Ana Lima"),
      run(" python java kubernetes aws", "<w:b/><w:vanish/>"),
      run(" – Data Engineer", '<w:vanish w:val="0"/>'),
      run(" (note to self)", '<w:vanish w:val="true"/>'),
    );
    expect(await docxText(rawDocx({ body }))).toBe("Ana Lima – Data Engineer");
  });

  it("shows text that was hidden only before a tracked formatting change", async () => {
    const unhidden =
      '<w:r><w:rPr><w:b/><w:rPrChange w:id="9" w:author="A"><w:rPr><w:vanish/></w:rPr></w:rPrChange></w:rPr>' +
      "<w:t>Now visible</w:t></w:r>";
    expect(await docxText(rawDocx({ body: paragraphOf(unhidden, run(" too", "<w:vanish/>")) }))).toBe(
      "Now visible",
    );
  });

  it("leaves out text hidden by its character style, inherited through w:basedOn", async () => {
    const styles =
      '<w:style w:type="character" w:styleId="Secret"><w:name w:val="Secret"/><w:rPr><w:vanish/></w:rPr></w:style>' +
      '<w:style w:type="character" w:styleId="Keywords"><w:basedOn w:val="Secret"/><w:rPr><w:i/></w:rPr></w:style>';
    const body = paragraphOf(run("Skills: SQL"), run(" seo seo seo", '<w:rStyle w:val="Keywords"/>'));
    expect(await docxText(rawDocx({ body, styles }))).toBe("Skills: SQL");
  });

  it("leaves out paragraphs whose paragraph style is hidden, unless a run overrides it", async () => {
    const styles =
      '<w:style w:type="paragraph" w:styleId="Ghost"><w:name w:val="Ghost"/><w:rPr><w:vanish/></w:rPr></w:style>';
    const ghost = (...runs: string[]) =>
      `<w:p><w:pPr><w:pStyle w:val="Ghost"/></w:pPr>${runs.join("")}</w:p>`;
    const body =
      para("Visible paragraph") +
      ghost(run("Hidden paragraph")) +
      ghost(run("Shown anyway", '<w:vanish w:val="0"/>'));
    expect(await docxText(rawDocx({ body, styles }))).toBe("Visible paragraph\nShown anyway");
  });

  it("leaves out hidden text in headers and inside text boxes", async () => {
    const box =
      '<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t xml:space="preserve">Box </w:t></w:r>' +
      `${run("hidden in box", "<w:vanish/>")}</w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>`;
    const header = paragraphOf(run("ana@example.com"), run(" old@example.com", "<w:vanish/>"));
    expect(await docxText(rawDocx({ body: para("Body") + box, header }))).toBe(
      "ana@example.com\n\nBody\nBox",
    );
  });
});

describe("DOCX tracked changes", () => {
  it("reads insertions and move targets, not deletions or move sources", async () => {
    const body = paragraphOf(
      run("Senior "),
      '<w:del w:id="1" w:author="Reviewer"><w:r><w:delText xml:space="preserve">Junior </w:delText></w:r></w:del>',
      '<w:ins w:id="2" w:author="Reviewer"><w:r><w:t xml:space="preserve">Lead </w:t></w:r></w:ins>',
      run("Engineer"),
      '<w:moveFromRangeStart w:id="3" w:name="move1"/><w:moveFrom w:id="4" w:author="Reviewer">',
      run(" at Globex"),
      '</w:moveFrom><w:moveFromRangeEnd w:id="3"/>',
    );
    const moved =
      '<w:p><w:moveToRangeStart w:id="5" w:name="move1"/><w:moveTo w:id="6" w:author="Reviewer">' +
      `${run("Globex, 2019–2023")}</w:moveTo><w:moveToRangeEnd w:id="5"/></w:p>`;
    expect(await docxText(rawDocx({ body: body + moved }))).toBe("Senior Lead Engineer\nGlobex, 2019–2023");
  });

  it("joins a paragraph whose mark was deleted with the next one, as Word shows it", async () => {
    const body =
      '<w:p><w:pPr><w:rPr><w:del w:id="7" w:author="Reviewer"/></w:rPr></w:pPr><w:r><w:t xml:space="preserve">Data </w:t></w:r></w:p>' +
      para("Engineer");
    expect(await docxText(rawDocx({ body }))).toBe("Data Engineer");
  });

  it("reads deletions and moves the same way in headers", async () => {
    const header = paragraphOf(
      run("Ana Lima "),
      '<w:del w:id="1" w:author="A"><w:r><w:delText>+1 555 0100</w:delText></w:r></w:del>',
      '<w:moveFrom w:id="2" w:author="A"><w:r><w:t>Lisboa</w:t></w:r></w:moveFrom>',
      '<w:ins w:id="3" w:author="A"><w:r><w:t>+351 912 345 678</w:t></w:r></w:ins>',
    );
    expect(await docxText(rawDocx({ body: para("Body"), header }))).toBe("Ana Lima +351 912 345 678\n\nBody");
  });
});
