import { describe, expect, it } from "vitest";
import { extractText } from "../src/extract/index.ts";
import { column, type Draw, makeLayoutPdf } from "./support/pdf-layout-fixtures.ts";

async function pdfText(draws: readonly Draw[]): Promise<string> {
  return (await extractText(await makeLayoutPdf(draws))).text;
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** Body lines of page `page`, distinct per page, from the top margin down. */
function body(page: number, lines = 4): Draw[] {
  return column(
    Array.from(
      { length: lines },
      (_, index) => `Achievement ${page + 1}.${index + 1} delivered for the client.`,
    ),
    50,
    760,
    16,
    page,
  );
}

/** Draws `make(page)` on each of `pages` pages, drawn before the body, as templates draw headers. */
function onEveryPage(pages: number, make: (page: number) => Draw[]): Draw[] {
  return Array.from({ length: pages }, (_, page) => [...make(page), ...body(page)]).flat();
}

describe("PDF running headers and footers (class 3)", () => {
  it("drops a name header repeated by the body's own name line", async () => {
    const text = await pdfText(
      onEveryPage(2, (page) => [
        { text: "Harper Fairbanks", x: 50, y: 810, page, size: 9 },
        ...(page === 0 ? [{ text: "Harper Fairbanks", x: 50, y: 785, size: 20 }] : []),
      ]),
    );
    expect(count(text, "Harper Fairbanks")).toBe(1);
    expect(text.startsWith("Harper Fairbanks\nAchievement 1.1")).toBe(true);
  });

  it("drops a page-number footer and keeps the name header once, at the top", async () => {
    const text = await pdfText(
      onEveryPage(3, (page) => [
        { text: "Giulia Rossi — Curriculum Vitae", x: 50, y: 810, page, size: 9 },
        { text: `Page ${page + 1} of 3`, x: 270, y: 30, page, size: 9 },
      ]),
    );
    expect(text).not.toMatch(/Page \d of 3/);
    expect(count(text, "Giulia Rossi — Curriculum Vitae")).toBe(1);
    expect(text.startsWith("Giulia Rossi — Curriculum Vitae\nAchievement 1.1")).toBe(true);
    for (const page of [1, 2, 3]) expect(text).toContain(`Achievement ${page}.4 delivered for the client.`);
  });

  it("drops a German footer ('Seite 1 von 2') that repeats the name", async () => {
    const text = await pdfText(
      onEveryPage(2, (page) => [
        { text: `Jonas Weber · Lebenslauf · Seite ${page + 1} von 2`, x: 50, y: 30, page, size: 8 },
      ]),
    );
    expect(text).not.toContain("Lebenslauf");
    expect(text.split("\n")).toContain("Achievement 2.1 delivered for the client.");
  });

  it("keeps one copy of a footer that holds contact details", async () => {
    const footer = "giulia.rossi@example.it · +39 347 555 0101 · giuliarossi.dev";
    const text = await pdfText(onEveryPage(3, (page) => [{ text: footer, x: 50, y: 30, page, size: 8 }]));
    expect(count(text, footer)).toBe(1);
  });

  it("drops a bare page number even when the first page has none", async () => {
    const text = await pdfText([...body(0), ...body(1), { text: "2", x: 290, y: 30, page: 1 }]);
    expect(text.split("\n")).not.toContain("2");
  });

  it("keeps lines that repeat at different heights, and everything in a one-page document", async () => {
    const twoPages = await pdfText([
      { text: "Projects", x: 50, y: 700, bold: true },
      ...body(0),
      { text: "Projects", x: 50, y: 500, page: 1, bold: true },
      ...body(1),
    ]);
    expect(count(twoPages, "Projects")).toBe(2);
    const onePage = await pdfText([...body(0), { text: "Page 1 of 1", x: 270, y: 30 }]);
    expect(onePage).toContain("Page 1 of 1");
  });
});
