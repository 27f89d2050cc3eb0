import { describe, expect, it } from "vitest";
import { regionLines } from "../src/extract/pdf-lines.ts";
import type { Fragment, Segment } from "../src/extract/pdf-rows.ts";

function fragment(text: string, x0: number, x1: number, rtl = false): Fragment {
  return { text, x0, x1, y: 700, size: 10, rtl };
}

function segment(fragments: Fragment[], blanks: Segment["blanks"] = []): Segment {
  const first = fragments[0] as Fragment;
  return { fragments, x0: first.x0, x1: (fragments.at(-1) as Fragment).x1, y: 700, size: 10, row: 0, blanks };
}

const text = (segments: Segment[]) => regionLines(segments, 1, new Set()).map((line) => line.text);

describe("PDF line assembly", () => {
  it("keeps pdf.js's own spaces, tabs a wide unfilled gap, and spaces a narrow one", () => {
    expect(text([segment([fragment("Contoso GmbH", 50, 120), fragment("2019 – 2022", 470, 520)])])).toEqual([
      "Contoso GmbH\t2019 – 2022",
    ]);
    expect(
      text([segment([fragment("Contoso GmbH", 50, 120), fragment("2019 – 2022", 470, 520)], [[120, 470]])]),
    ).toEqual(["Contoso GmbH 2019 – 2022"]);
    expect(
      text([segment([fragment("EXPERIENCE", 50, 120), fragment("https://x.example", 123, 200)])]),
    ).toEqual(["EXPERIENCE https://x.example"]);
    expect(text([segment([fragment("Kenn", 50, 70), fragment("zahlen", 70.5, 100)])])).toEqual([
      "Kennzahlen",
    ]);
  });

  it("reads a right-to-left row from the right", () => {
    expect(text([segment([fragment("שלום", 50, 80, true), fragment("עולם", 85, 120, true)])])).toEqual([
      "עולם שלום",
    ]);
  });

  it("drops soft hyphens inside a line and at a line end with nothing to join", () => {
    expect(text([segment([fragment("Kenn\u00adzahlen\u00ad", 50, 100)])])).toEqual(["Kennzahlen"]);
  });
});
