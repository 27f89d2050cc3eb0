import { describe, expect, it } from "vitest";
import { extractText } from "../src/extract/index.ts";
import { hyphenJoin } from "../src/extract/pdf-hyphens.ts";
import { joinSpacedLetters } from "../src/extract/pdf-tracking.ts";
import { column, type Draw, makeLayoutPdf } from "./support/pdf-layout-fixtures.ts";

async function pdfLines(draws: readonly Draw[]): Promise<string[]> {
  return (await extractText(await makeLayoutPdf(draws))).text.split("\n");
}

describe("PDF letter-spaced text (class 2)", () => {
  const body: Draw = { text: "Data engineer in Milano.", x: 50, y: 700 };

  it.each([
    ["character spacing 1.5 pt (pdf.js: one item, a fake space per glyph)", { tracking: 1.5 }],
    ["character spacing 2.5 pt (one item per word)", { tracking: 2.5 }],
    ["character spacing 4 pt", { tracking: 4 }],
    ["character spacing 8 pt (one item per glyph)", { tracking: 8 }],
    ["one glyph drawn at a time, 2.5 pt apart (browser letter-spacing)", { glyphGap: 2.5 }],
    ["one glyph drawn at a time, 6 pt apart", { glyphGap: 6 }],
  ])("joins a name and a heading set with %s", async (_label, spacing) => {
    // The spacing is given for 11 pt and scaled with the font size, so each size shows the shape named.
    const scaled = (size: number): Partial<Draw> =>
      Object.fromEntries(Object.entries(spacing).map(([key, value]) => [key, (value * size) / 11]));
    const lines = await pdfLines([
      { text: "Giulia Rossi", x: 50, y: 780, size: 20, ...scaled(20) },
      { text: "EXPERIENCE", x: 50, y: 740, size: 12, ...scaled(12) },
      body,
    ]);
    expect(lines).toEqual(["Giulia Rossi", "EXPERIENCE", "Data engineer in Milano."]);
  });

  it("joins a heading typed with spaces between its letters", async () => {
    expect(await pdfLines([{ text: "E X P E R I E N C E", x: 50, y: 740 }, body])).toEqual([
      "EXPERIENCE",
      "Data engineer in Milano.",
    ]);
  });

  it("keeps a letter-spaced label apart from the link beside it", async () => {
    const label: Draw = { text: "LINKEDIN", x: 50, y: 740, tracking: 1.5 };
    const labelWidth = 8 * 1.5 + 52; // Helvetica "LINKEDIN" at 11 pt is ~52 pt wide, plus the tracking
    const lines = await pdfLines([
      label,
      { text: "linkedin.com/in/giulia-rossi", x: 50 + labelWidth + 3, y: 740 },
    ]);
    expect(lines).toEqual(["LINKEDIN linkedin.com/in/giulia-rossi"]);
  });

  it("leaves ordinary single letters alone", () => {
    expect(joinSpacedLetters("Plan B and C")).toBe("Plan B and C");
    expect(joinSpacedLetters("L E O")).toBe("LEO");
    expect(joinSpacedLetters("Skills: C, R, Go")).toBe("Skills: C, R, Go");
    expect(joinSpacedLetters("Name: G i u l i a R o s s i")).toBe("Name: Giulia Rossi");
  });
});

describe("PDF end-of-line hyphenation (class 4)", () => {
  it("rejoins a word hyphenated inside a skill list and inside a paragraph", async () => {
    const lines = await pdfLines(
      column(
        [
          "Skills",
          "Controlling, SAP FI/CO, Kennzahlensys-",
          "teme, Power BI, Reporting",
          "Verantwortlich für die Einfüh-",
          "rung neuer Prozesse im Team.",
        ],
        50,
        700,
        14,
      ),
    );
    expect(lines).toEqual([
      "Skills",
      "Controlling, SAP FI/CO, Kennzahlensysteme, Power BI, Reporting",
      "Verantwortlich für die Einführung neuer Prozesse im Team.",
    ]);
  });

  it("keeps real compounds: a capitalised continuation, a one-letter prefix, a known prefix", async () => {
    const lines = await pdfLines(
      column(
        [
          "Referenz: Anna Schulze-",
          "Wendt, Leiterin, Jean-",
          "Luc Martin, per e-",
          "mail, full-",
          "stack team",
        ],
        50,
        700,
        14,
      ),
    );
    expect(lines).toEqual([
      "Referenz: Anna Schulze-Wendt, Leiterin, Jean-Luc Martin, per e-mail, full-stack team",
    ]);
  });

  it("follows the document's own spelling of the pair", () => {
    const words = new Set(["projektmanagement", "change-management", "change", "management"]);
    expect(hyphenJoin("Projekt-", "management", words)).toBe("drop");
    expect(hyphenJoin("Change-", "management", words)).toBe("keep");
    expect(hyphenJoin("Kennzahlensys-", "teme", new Set())).toBe("drop");
  });

  it("drops a soft hyphen at a line end and inside a word", () => {
    expect(hyphenJoin("Kennzahlensys\u00ad", "teme", new Set())).toBe("drop");
    expect(hyphenJoin("Kennzahlensys\u00ad", "- item", new Set())).toBe("none");
  });

  it("rejoins a word broken at a soft hyphen drawn at the line end", async () => {
    expect(
      await pdfLines(column(["Aufbau neuer Kennzahlensys\u00ad", "teme im Vertrieb"], 50, 700, 14)),
    ).toEqual(["Aufbau neuer Kennzahlensysteme im Vertrieb"]);
  });

  it("joins a date range split by the wrap, keeping its hyphen", async () => {
    expect(await pdfLines(column(["Contoso GmbH, 2019-", "2022"], 50, 700, 14))).toEqual([
      "Contoso GmbH, 2019-2022",
    ]);
  });

  it("rejoins a word hyphenated across a page break, past the running footer", async () => {
    const footer = (page: number): Draw => ({
      text: `Seite ${page + 1} von 2`,
      x: 270,
      y: 30,
      page,
      size: 8,
    });
    const lines = await pdfLines([
      ...column(["Aufbau neuer Kennzahlensys-"], 50, 80),
      footer(0),
      ...column(["teme im Vertrieb", "Scrum Master"], 50, 790, 14, 1),
      footer(1),
    ]);
    expect(lines).toEqual(["Aufbau neuer Kennzahlensysteme im Vertrieb", "", "Scrum Master"]);
  });

  it("does not join across a dash after a space or a gap bigger than a line", async () => {
    const lines = await pdfLines([
      ...column(["Tools -", "git, docker"], 50, 700, 14),
      { text: "Projekt-", x: 50, y: 640 },
      { text: "leitung", x: 50, y: 600 },
    ]);
    expect(lines).toEqual(["Tools -", "git, docker", "Projekt-", "leitung"]);
  });
});
