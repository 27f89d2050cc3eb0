import { describe, expect, it } from "vitest";
import { toLines } from "../src/parse/heuristic/lines.ts";
import { headingKind, inlineHeading, splitSections } from "../src/parse/heuristic/sections.ts";

/** Headings go through line cleaning first, as in the parser (Markdown, spaced letters, ligatures). */
const kindOf = (raw: string) => headingKind(toLines(raw)[0]?.text ?? "");

describe("heading detection", () => {
  it.each([
    ["EXPERIENCE", "experience"],
    ["Work Experience", "experience"],
    ["Professional Experience", "experience"],
    ["Employment History", "experience"],
    ["Career History", "experience"],
    ["Research Experience", "experience"],
    ["Education", "education"],
    ["Academic Background", "education"],
    ["EDUCATION & QUALIFICATIONS", "education"],
    ["Skills", "skills"],
    ["Technical Skills", "skills"],
    ["Core Competencies", "skills"],
    ["Certifications", "certifications"],
    ["Licenses & Certifications", "certifications"],
    ["Languages", "languages"],
    ["Summary", "summary"],
    ["Profile", "summary"],
    ["Objective", "summary"],
    ["About Me", "summary"],
    ["## Experience", "experience"],
    ["# Skills", "skills"],
    ["**Education**", "education"],
    ["Experience:", "experience"],
    ["TECHNICAL SKILLS:", "skills"],
    ["E X P E R I E N C E", "experience"],
    ["W O R K  E X P E R I E N C E", "experience"],
    ["Proﬁle", "summary"],
    ["Experiencia", "experience"],
    ["EXPERIENCIA LABORAL", "experience"],
    ["Expérience professionnelle", "experience"],
    ["Berufserfahrung", "experience"],
    ["Experiência Profissional", "experience"],
    ["Formación", "education"],
    ["Educación", "education"],
    ["Formation", "education"],
    ["Ausbildung", "education"],
    ["Compétences", "skills"],
    ["Kenntnisse", "skills"],
    ["Idiomas", "languages"],
    ["Langues", "languages"],
    ["Sprachen", "languages"],
    ["工作经历", "experience"],
    ["職務経歴", "experience"],
    ["教育背景", "education"],
    ["技能", "skills"],
    ["Contact", "contact"],
    ["Projects", "other"],
    ["References", "references"],
    ["Referees", "references"],
    ["Referenzen", "references"],
  ])("%s → %s", (raw, kind) => {
    expect(kindOf(raw)).toBe(kind);
  });

  it.each([
    "Senior Software Engineer",
    "Customer Experience",
    "Acme Corp",
    "Jane Doe",
    "Experience: 5 years in fintech and payments, mostly backend work",
    "Skills 2024",
  ])("%s is not a heading", (raw) => {
    expect(kindOf(raw)).toBeNull();
  });
});

describe("inline headings", () => {
  it("splits a labelled list line into kind and content", () => {
    expect(inlineHeading("Skills: Go, SQL")).toEqual({ kind: "skills", rest: "Go, SQL" });
    expect(inlineHeading("Languages:\tEnglish, Spanish")).toEqual({
      kind: "languages",
      rest: "English, Spanish",
    });
  });

  it("ignores contact labels and sentences", () => {
    expect(inlineHeading("Email: jane@x.com")).toBeNull();
    expect(inlineHeading("Experience: 5 years")).toBeNull();
  });
});

describe("splitSections", () => {
  it("puts lines before the first heading in the header", () => {
    const sections = splitSections(toLines("Jane Doe\njane@x.io\nEXPERIENCE\nEngineer at Acme\nSKILLS\nGo"));
    expect(sections.map((section) => [section.kind, section.lines.map((line) => line.text)])).toEqual([
      ["header", ["Jane Doe", "jane@x.io"]],
      ["experience", ["Engineer at Acme"]],
      ["skills", ["Go"]],
    ]);
  });

  it("makes an inline heading a one-line section and then resumes the enclosing section", () => {
    const sections = splitSections(toLines("SKILLS\nLanguages: Go, Python\nFrameworks: React"));
    expect(
      sections.map((section) => [section.kind, section.parent, section.lines.map((line) => line.text)]),
    ).toEqual([
      ["skills", null, []],
      ["languages", "skills", ["Go, Python"]],
      ["skills", null, ["Frameworks: React"]],
    ]);
  });

  it("keeps bullets as content even when they read like headings", () => {
    const sections = splitSections(toLines("SKILLS\n• Languages\n• Leadership"));
    expect(sections).toHaveLength(1);
    expect(sections[0]?.lines.map((line) => [line.text, line.bullet])).toEqual([
      ["Languages", true],
      ["Leadership", true],
    ]);
  });
});

describe("line cleaning", () => {
  it("strips bullets, Markdown, page markers, document titles and icon glyphs", () => {
    const lines = toLines(
      "Curriculum Vitae\n## **Skills**\n● Python\n- Go\n* Rust\nPage 1 of 2\nJane Doe – Resume\n\uf0e0 jane@x.io",
    );
    expect(lines.map((line) => [line.text, line.bullet])).toEqual([
      ["Skills", false],
      ["Python", true],
      ["Go", true],
      ["Rust", true],
      ["jane@x.io", false],
    ]);
  });

  it("strips Markdown inline code and underscore emphasis, but not snake_case", () => {
    const lines = toLines("`Figma`, `User research`\nI like _small_ pull requests and user_id columns.");
    expect(lines.map((line) => line.text)).toEqual([
      "Figma, User research",
      "I like small pull requests and user_id columns.",
    ]);
  });

  it('drops "References available upon request" lines but keeps a References heading', () => {
    const texts = toLines("References\nReferences available upon request.\nReferenzen auf Anfrage").map(
      (line) => line.text,
    );
    expect(texts).toEqual(["References"]);
  });

  it("joins a date range wrapped after its separator", () => {
    expect(toLines("University of Leeds, 2011 -\n2014\nSkills").map((line) => line.text)).toEqual([
      "University of Leeds, 2011 - 2014",
      "Skills",
    ]);
    expect(toLines("Acme, 2011 -\n- 2014 was a good year").map((line) => line.text)).toEqual([
      "Acme, 2011 -",
      "2014 was a good year",
    ]);
  });

  it("turns wide column gaps into tabs", () => {
    expect(toLines("Senior Engineer        Jan 2019 – Present")[0]?.text).toBe(
      "Senior Engineer\tJan 2019 – Present",
    );
  });
});
