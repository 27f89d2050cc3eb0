import { describe, expect, it } from "vitest";
import { extractText } from "../src/extract/index.ts";
import { makeDocx, makeRawDocx, rawParagraph } from "./support/fixtures.ts";

async function docxText(bytes: Uint8Array): Promise<string> {
  const result = await extractText(bytes);
  expect(result.kind).toBe("docx");
  return result.text;
}

const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

describe("DOCX extraction: body", () => {
  it("returns headings, paragraphs and bullets in document order", async () => {
    const text = await docxText(
      await makeDocx({
        paragraphs: [
          "# Priya Raman",
          "## Experience",
          "Data Analyst, Northwind Traders",
          "- Cut report time by 40%",
          "- Automated weekly reporting",
          "Analyst, Trey Research",
        ],
      }),
    );
    expect(text).toBe(
      "Priya Raman\n\nExperience\nData Analyst, Northwind Traders\n- Cut report time by 40%\n" +
        "- Automated weekly reporting\nAnalyst, Trey Research",
    );
  });

  it("keeps line breaks inside a paragraph (mammoth's raw text would glue these lines together)", async () => {
    const text = await docxText(
      await makeDocx({ paragraphs: ["priya@example.com\n+1 (555) 010-7788\nAustin, TX"] }),
    );
    expect(text).toBe("priya@example.com\n+1 (555) 010-7788\nAustin, TX");
  });

  it("puts each table row on one line, cells separated by tabs", async () => {
    const text = await docxText(
      await makeDocx({
        paragraphs: ["## Skills", "## Languages"],
        table: [
          ["Languages", "Python, SQL, R"],
          ["Tools", "dbt, Airflow"],
        ],
        tableAfter: "## Skills",
      }),
    );
    expect(text).toBe("Skills\nLanguages\tPython, SQL, R\nTools\tdbt, Airflow\n\nLanguages");
  });

  it("keeps accented, Greek and Japanese names", async () => {
    const text = await docxText(
      await makeDocx({ paragraphs: ["José Álvarez-Núñez", "Αλέξανδρος Παπαδόπουλος", "山田 太郎"] }),
    );
    expect(text.split("\n")).toEqual(["José Álvarez-Núñez", "Αλέξανδρος Παπαδόπουλος", "山田 太郎"]);
  });

  it("includes a text box's content exactly once", async () => {
    const text = await docxText(
      await makeDocx({ paragraphs: ["# Lucas Martin"], textBox: ["Available from March 2024"] }),
    );
    expect(occurrences(text, "Available from March 2024")).toBe(1);
  });

  it("includes text boxes written without a VML fallback (which mammoth skips) where they are anchored", async () => {
    const box =
      '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>' +
      `${rawParagraph("Box: lucas@example.net")}</w:txbxContent></wps:txbx></w:drawing></mc:Choice>` +
      "</mc:AlternateContent></w:r></w:p>";
    const text = await docxText(makeRawDocx(rawParagraph("Lucas Martin") + box));
    expect(text).toBe("Lucas Martin\nBox: lucas@example.net");
  });
});

describe("DOCX extraction: headers, footers, links", () => {
  it("puts header text (often the only place with contact details) before the body, footer after", async () => {
    const text = await docxText(
      await makeDocx({
        header: ["Priya Raman | priya@example.com | +1 (555) 010-7788"],
        paragraphs: ["## Summary", "Analyst with eight years of experience."],
        footer: ["References available on request"],
      }),
    );
    expect(text).toBe(
      "Priya Raman | priya@example.com | +1 (555) 010-7788\n\nSummary\nAnalyst with eight years of experience.\n\n" +
        "References available on request",
    );
  });

  it("does not repeat a header that the body already shows", async () => {
    const text = await docxText(
      await makeDocx({ header: ["Lucas Martin"], paragraphs: ["Lucas Martin", "Engineer"] }),
    );
    expect(occurrences(text, "Lucas Martin")).toBe(1);
  });

  it("writes hidden hyperlink targets beside their text, in header and body", async () => {
    const text = await docxText(
      await makeDocx({
        paragraphs: ["# Priya Raman"],
        hyperlinks: [
          { before: "Code: ", text: "GitHub", url: "https://github.com/priya-raman-example" },
          { text: "My portfolio", url: "https://priya.example.org/", inHeader: true },
          { text: "priya@example.com", url: "mailto:priya@example.com" },
        ],
      }),
    );
    expect(text).toBe(
      "My portfolio <https://priya.example.org/>\n\nPriya Raman\n" +
        "Code: GitHub <https://github.com/priya-raman-example>\npriya@example.com",
    );
  });

  /** A HYPERLINK field, the other way Word stores a link (common in converted documents). */
  const hyperlinkField = (url: string, text: string) =>
    '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>' +
    `<w:r><w:instrText xml:space="preserve"> HYPERLINK "${url}" </w:instrText></w:r>` +
    `<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>${text}</w:t></w:r>` +
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>';

  it("finds HYPERLINK field codes in the body and in headers", async () => {
    const body =
      rawParagraph("Lucas Martin") + hyperlinkField("https://www.linkedin.com/in/lucas-example", "LinkedIn");
    const header = hyperlinkField("mailto:lucas@example.net", "Email me");
    const text = await docxText(makeRawDocx(body, header));
    expect(text).toBe(
      "Email me <lucas@example.net>\n\nLucas Martin\nLinkedIn <https://www.linkedin.com/in/lucas-example>",
    );
  });
});
