import { describe, expect, it } from "vitest";
import { extractText } from "../src/extract/index.ts";
import { plainTarget } from "../src/extract/pdf-links.ts";
import { column, type Draw, type LinkOnText, makeLayoutPdf } from "./support/pdf-layout-fixtures.ts";

async function pdfText(draws: readonly Draw[], links: readonly LinkOnText[]): Promise<string> {
  return (await extractText(await makeLayoutPdf(draws, links))).text;
}

const HEADER: Draw[] = [
  { text: "Giulia Rossi", x: 50, y: 780, size: 20, bold: true },
  { text: "Milano · Email · LinkedIn · Portfolio", x: 50, y: 755 },
  ...column(["Experience", "Analyst, Beta SpA (contact: old.address@beta-spa.example)"], 50, 720),
];

describe("PDF links behind words (class 7)", () => {
  it("writes each target beside its anchor, once, a mailto: as the plain address", async () => {
    const text = await pdfText(HEADER, [
      { text: "Email", url: "mailto:giulia.rossi@example.it?subject=Hello" },
      { text: "LinkedIn", url: "https://www.linkedin.com/in/giulia-rossi-example" },
      { text: "Portfolio", url: "https://giuliarossi.example.dev/work" },
    ]);
    expect(text.split("\n")[1]).toBe(
      "Milano · Email <giulia.rossi@example.it> · LinkedIn <https://www.linkedin.com/in/giulia-rossi-example> · " +
        "Portfolio <https://giuliarossi.example.dev/work>",
    );
    expect(text.indexOf("giulia.rossi@example.it")).toBeLessThan(
      text.indexOf("old.address@beta-spa.example"),
    );
    expect(text).not.toContain("Links:");
    expect(text.match(/giulia-rossi-example/g)).toHaveLength(1);
    expect(text).not.toContain("mailto:");
  });

  it("places the target beside an anchor in a sidebar drawn after the main column", async () => {
    const main = column(
      ["Experience", "Data Engineer, Acme Srl", "Built pipelines.", "Analyst, Beta SpA"],
      230,
      700,
    );
    const sidebar = column(["Contact", "LinkedIn", "+39 347 555 0101", "Skills", "Python"], 50, 700);
    const text = await pdfText(
      [...main, ...sidebar],
      [{ text: "LinkedIn", url: "https://linkedin.com/in/giulia" }],
    );
    expect(text.split("\n").slice(0, 3)).toEqual([
      "Contact",
      "LinkedIn <https://linkedin.com/in/giulia>",
      "+39 347 555 0101",
    ]);
  });

  it("takes the line beside an icon's link as its anchor, and lists a link on an empty row only at the end", async () => {
    const text = await pdfText(
      [
        { text: "Giulia Rossi", x: 50, y: 780, size: 20 },
        { text: "Write to me", x: 70, y: 750 },
      ],
      [
        { text: "", url: "mailto:giulia@example.it", rect: [50, 748, 62, 760] },
        { text: "", url: "https://github.com/giulia-example", rect: [50, 700, 62, 712] },
      ],
    );
    expect(text).toBe(
      "Giulia Rossi\nWrite to me <giulia@example.it>\n\nLinks:\nhttps://github.com/giulia-example",
    );
  });

  it("adds nothing for a target the text already shows, and nothing for useless schemes", async () => {
    const text = await pdfText(
      [{ text: "giulia.rossi@example.it · Top", x: 50, y: 780 }],
      [
        { text: "giulia.rossi@example.it", url: "mailto:giulia.rossi@example.it" },
        { text: "Top", url: "javascript:void(0)" },
      ],
    );
    expect(text).toBe("giulia.rossi@example.it · Top");
  });

  it("writes tel: and mailto: targets the way a reader sees them", () => {
    expect(plainTarget("mailto:Jane%20Doe%20%3Cjane@example.com%3E")).toBe("Jane Doe <jane@example.com>");
    expect(plainTarget("tel:+49-151-5550-1234")).toBe("+49-151-5550-1234");
    expect(plainTarget(" https://example.com/a?b=c ")).toBe("https://example.com/a?b=c");
  });
});
