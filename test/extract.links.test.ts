import { describe, expect, it } from "vitest";
import { appendMissingLinks } from "../src/extract/links.ts";

describe("appendMissingLinks", () => {
  it("treats a target as visible when its address shows without scheme, www, query or trailing slash", () => {
    const text = "Jane Doe\njane@example.com | linkedin.com/in/jane | +1 (555) 010-1234";
    const links = [
      "mailto:jane@example.com?subject=Hello",
      "https://www.linkedin.com/in/jane/?trk=profile",
      "tel:+15550101234",
    ];
    expect(appendMissingLinks(text, links)).toBe(text);
  });

  it("appends hidden targets once, in order, and drops useless schemes", () => {
    const links = [
      "https://github.com/jane",
      "javascript:void(0)",
      "#_Toc123",
      "file:///C:/Users/jane/cv.docx",
      "https://github.com/jane/",
      "mailto:hire-me@example.com",
    ];
    expect(appendMissingLinks("Jane Doe", links)).toBe(
      "Jane Doe\n\nLinks:\nhttps://github.com/jane\nmailto:hire-me@example.com",
    );
  });

  it("leaves text without links untouched", () => {
    expect(appendMissingLinks("Jane Doe", [])).toBe("Jane Doe");
  });
});
