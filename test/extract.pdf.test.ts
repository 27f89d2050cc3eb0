import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { extractText, warmUpExtractors } from "../src/extract/index.ts";
import { makeImageOnlyPdf, makePdf } from "./support/fixtures.ts";

async function pdfText(bytes: Uint8Array): Promise<string> {
  const result = await extractText(bytes);
  expect(result.kind).toBe("pdf");
  return result.text;
}

/** Asserts that the needles occur in this order in the text. */
function expectInOrder(text: string, needles: readonly string[]): void {
  const positions = needles.map((needle) => text.indexOf(needle));
  for (const [index, needle] of needles.entries()) {
    expect(positions[index], `"${needle}" missing`).toBeGreaterThanOrEqual(0);
  }
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
}

describe("PDF extraction", () => {
  it("returns single-column text line by line, in reading order", async () => {
    const text = await pdfText(
      await makePdf([
        "# Maria Schmidt",
        "maria.schmidt@example.com | +1 (555) 010-4477",
        "## Experience",
        "Backend Engineer, Contoso Ltd, Jan 2019 – Present",
        "## Education",
        "BSc Computer Science, University of Eastbridge, 2015–2017",
      ]),
    );
    expect(text).toContain("maria.schmidt@example.com | +1 (555) 010-4477");
    expect(text).toContain("Backend Engineer, Contoso Ltd, Jan 2019 – Present");
    expectInOrder(text, [
      "Maria Schmidt",
      "Experience",
      "Backend Engineer",
      "Education",
      "BSc Computer Science",
    ]);
  });

  it("keeps accented Latin names (WinAnsi) intact", async () => {
    const text = await pdfText(await makePdf(["# José Álvarez-Núñez", "Señor Ingeniero, Zürich"]));
    expect(text).toContain("José Álvarez-Núñez");
    expect(text).toContain("Señor Ingeniero, Zürich");
  });

  it("reads a two-column resume column by column, not interleaved", async () => {
    const text = await pdfText(
      await makePdf({
        sidebar: ["## Contact", "daniel@example.org", "+44 7700 900123", "## Skills", "Kotlin", "PostgreSQL"],
        main: [
          "# Daniel Okafor",
          "## Experience",
          "Lead Engineer, Fabrikam, 03/2017 - 12/2018",
          "Built payments.",
        ],
      }),
    );
    const sidebar = ["Contact", "daniel@example.org", "+44 7700 900123", "Skills", "Kotlin", "PostgreSQL"];
    const main = [
      "Daniel Okafor",
      "Experience",
      "Lead Engineer, Fabrikam, 03/2017 - 12/2018",
      "Built payments.",
    ];
    expectInOrder(text, [...sidebar, ...main]);
    // Each line of a column is its own line: nothing from the other column was glued onto it.
    for (const line of [...sidebar, ...main]) expect(text.split("\n")).toContain(line);
  });

  it("joins pages without page markers", async () => {
    const filler = Array.from(
      { length: 70 },
      (_, index) => `Achievement number ${index + 1} delivered on time.`,
    );
    const bytes = await makePdf(["# Long Resume", ...filler, "Last line on page two"]);
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(2);
    const text = await pdfText(bytes);
    expect(text).toContain("Achievement number 1 delivered");
    expect(text).toContain("Last line on page two");
    expect(text).not.toMatch(/-- \d+ of \d+ --/);
  });

  it("writes link targets that the text does not show beside their anchors, once each", async () => {
    const text = await pdfText(
      await makePdf(["# Jane Doe", "LinkedIn | Portfolio | jane@example.com"], {
        links: [
          { text: "LinkedIn", url: "https://www.linkedin.com/in/jane-doe-example" },
          { text: "Portfolio", url: "https://jane.example.org/work" },
          { text: "jane@example.com", url: "mailto:jane@example.com" },
        ],
      }),
    );
    expect(text).toContain(
      "LinkedIn <https://www.linkedin.com/in/jane-doe-example> | Portfolio <https://jane.example.org/work> | jane@example.com",
    );
    expect(text.match(/jane-doe-example/g)).toHaveLength(1);
    expect(text).not.toContain("Links:");
  });

  it("adds no Links block when every target is already visible", async () => {
    const text = await pdfText(
      await makePdf(["# Jane Doe", "jane@example.com", "github.com/jane-example"], {
        links: [
          { text: "jane@example.com", url: "mailto:jane@example.com" },
          { text: "github.com/jane-example", url: "https://github.com/jane-example/" },
        ],
      }),
    );
    expect(text).not.toContain("Links:");
  });

  it("reports an image-only PDF as image_only_pdf with an OCR hint", async () => {
    await expect(extractText(await makeImageOnlyPdf())).rejects.toMatchObject({
      code: "image_only_pdf",
      message: expect.stringMatching(/OCR/),
    });
  });

  it("leaves the caller's bytes usable (pdf.js detaches the buffer it is given)", async () => {
    const bytes = await makePdf(["# Reusable"]);
    const length = bytes.length;
    await extractText(bytes);
    expect(bytes.length).toBe(length);
    expect((await extractText(bytes)).text).toBe("Reusable");
  });

  it("warms up pdf.js without throwing (it parses a tiny PDF with no text)", async () => {
    await expect(warmUpExtractors()).resolves.toBeUndefined();
  });
});
