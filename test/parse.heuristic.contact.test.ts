import { describe, expect, it } from "vitest";
import { findEmail, findPhone } from "../src/parse/heuristic/contact.ts";
import { type Line, toLines } from "../src/parse/heuristic/lines.ts";
import { findLinks } from "../src/parse/heuristic/links.ts";
import { findLocation } from "../src/parse/heuristic/location.ts";
import { findName, looksLikeName, withoutTitles } from "../src/parse/heuristic/names.ts";
import { splitSections } from "../src/parse/heuristic/sections.ts";

const name = (text: string) => findName(splitSections(toLines(text))).name;

describe("names", () => {
  it.each([
    "Jane Doe",
    "Jordan A. Whitfield",
    "María José Fernández López",
    "Émilie Dubois-Laurent",
    "MARCUS O'BRIEN-WALSH",
    "Ana Lucía de la Cruz",
    "Pieter van der Berg",
    "Ludwig von Mises",
    "João Pedro da Silva",
    "Samantha O’Connor",
    "山田 太郎",
    "王小明",
    "김민준",
    "Αλέξανδρος Παπαδόπουλος",
    "Иван Петров",
    "محمد علي",
  ])("accepts %s", (text) => {
    expect(looksLikeName(text)).toBe(true);
  });

  it.each([
    "Senior Software Engineer",
    "Ingeniera de Software",
    "Softwareentwicklerin",
    "EXPERIENCE",
    "Work Experience",
    "jane.doe@example.com",
    "+1 (555) 123-4567",
    "San Francisco, CA",
    "Machine Learning",
    "Project Management",
    "Built the payment service in Go.",
    "Curriculum Vitae",
    "Jane",
  ])("rejects %s", (text) => {
    expect(looksLikeName(text)).toBe(false);
  });

  it("takes the first name-like line of the header, keeping ALL CAPS as written", () => {
    expect(name("JANE DOE\nData Engineer\njane@x.io")).toBe("JANE DOE");
  });

  it("finds the name inside a separated header line", () => {
    expect(name("Daniel Okafor | daniel@x.com | +234 803 555 0192 | Lagos, Nigeria\nProfile\nText.")).toBe(
      "Daniel Okafor",
    );
  });

  it("reads a Name: label", () => {
    expect(name("Curriculum Vitae\nName:\tAna Lucía de la Cruz\nEmail: ana@x.me")).toBe(
      "Ana Lucía de la Cruz",
    );
  });

  it("drops honorifics and credentials but keeps generational suffixes", () => {
    expect(withoutTitles("Dr. Lukas Brandt")).toBe("Lukas Brandt");
    expect(withoutTitles("Amara Nwosu, PhD")).toBe("Amara Nwosu");
    expect(withoutTitles("Robert Chen Jr.")).toBe("Robert Chen Jr.");
  });

  it("finds the name after a sidebar that came first, and consumes it and the title", () => {
    const sections = splitSections(
      toLines("SKILLS\nPython\nSQL\nPRIYA RAMAN\nAnalytics Engineer\nPROFILE\nText."),
    );
    const result = findName(sections);
    expect(result.name).toBe("PRIYA RAMAN");
    expect([...result.consumed].map((line) => line.text)).toEqual(["PRIYA RAMAN", "Analytics Engineer"]);
  });

  it("returns null when nothing looks like a name", () => {
    expect(name("SKILLS\nPython, SQL\nEXPERIENCE\nEngineer at Acme\n2019 – 2020")).toBeNull();
  });
});

describe("email and phone", () => {
  const lines = (text: string): Line[] => toLines(text);

  it("lower-cases the email and strips labels", () => {
    expect(findEmail(lines("Email: Jordan.Whitfield@Example.com"))).toBe("jordan.whitfield@example.com");
    expect(findEmail(lines("mailto:a.b+cv@mail.co.uk;"))).toBe("a.b+cv@mail.co.uk");
    expect(findEmail(lines("no email, @handle only"))).toBeNull();
  });

  it.each([
    ["+44 20 7946 0958", "+44 20 7946 0958"],
    ["Phone: (555) 123-4567", "(555) 123-4567"],
    ["555.123.4567", "555.123.4567"],
    ["Telefon: +49 30 123456", "+49 30 123456"],
    ["Tél. : 06 12 34 56 78", "06 12 34 56 78"],
    ["Austin, TX | (512) 555-0187 | j@x.com", "(512) 555-0187"],
    ["+81 90-1234-5678", "+81 90-1234-5678"],
  ])("reads %s", (text, expected) => {
    expect(findPhone(lines(text), lines(text))).toBe(expected);
  });

  it("finds a bare number line in a sidebar that has no Contact heading", () => {
    const all = lines("Jane Doe\nSKILLS\nPython\n+1 415 555 0139\njane@x.io");
    expect(findPhone(lines("Jane Doe"), all)).toBe("+1 415 555 0139");
  });

  it("does not take date ranges or numbers in experience bullets", () => {
    const contact = lines("Jane Doe\n2015 - 2019");
    const all = lines("Jane Doe\n2015 - 2019\n• Cut costs by 1234567 dollars");
    expect(findPhone(contact, all)).toBeNull();
  });
});

describe("location", () => {
  it.each([
    ["Austin, TX | (512) 555-0187", "Austin, TX"],
    ["London, United Kingdom", "London, United Kingdom"],
    ["Madrid, España · +34 612 345 678", "Madrid, España"],
    ["Location: Manchester, UK", "Manchester, UK"],
    ["Anschrift: Hauptstraße 12, 10115 Berlin", "Hauptstraße 12, 10115 Berlin"],
    ["12 rue des Lilas, 69003 Lyon, France", "Lyon, France"],
    ["Address:\tMiami, FL 33101", "Miami, FL 33101"],
    ["Leeds, West Yorkshire", "Leeds, West Yorkshire"],
    ["Stockholm", "Stockholm"],
    ["Αθήνα (Athens), Greece | a@example.com", "Αθήνα (Athens), Greece"],
    ["Київ (Kyiv), Ukraine", "Київ (Kyiv), Ukraine"],
  ])("reads %s", (text, expected) => {
    expect(findLocation(toLines(text), null)).toBe(expected);
  });

  it("does not take the name or a job title as a place", () => {
    expect(findLocation(toLines("Jane Doe\nSenior Engineer, Platform"), "Jane Doe")).toBeNull();
  });
});

describe("links", () => {
  const links = (text: string, contactArea = true) => {
    const lines = toLines(text);
    return findLinks(lines, new Set(contactArea ? lines : []));
  };

  it("keeps links as written, without trailing punctuation", () => {
    expect(links("linkedin.com/in/jane, github.com/jane.")).toEqual([
      "linkedin.com/in/jane",
      "github.com/jane",
    ]);
  });

  it("de-duplicates ignoring scheme, www and trailing slash, keeping the first spelling", () => {
    expect(links("priyaraman.dev\nLinks: https://www.priyaraman.dev/ https://x.com/p")).toEqual([
      "priyaraman.dev",
      "https://x.com/p",
    ]);
  });

  it("never turns an email address or a free-mail domain into a link", () => {
    expect(links("jane@janedoe.dev | gmail.com")).toEqual([]);
  });

  it("keeps the candidate's own site when written separately from the email", () => {
    expect(links("sofia@lindqvist.se · https://lindqvist.se")).toEqual(["https://lindqvist.se"]);
  });

  it("accepts bare domains only in the contact area (Node.js is not a website)", () => {
    expect(links("Skills: Node.js, janedoe.dev", false)).toEqual([]);
    expect(links("medium.com/@jane and https://example.org/post", false)).toEqual([
      "medium.com/@jane",
      "https://example.org/post",
    ]);
  });

  it("reads Markdown links", () => {
    expect(links("[GitHub](https://github.com/sofialind)")).toEqual(["https://github.com/sofialind"]);
  });

  it("keeps a Markdown mailto link's address once, and never as a link", () => {
    const lines = toLines("[ana@example.org](mailto:ana@example.org) · [Site](https://ana.example.org)");
    expect(lines[0]?.text).toBe("ana@example.org · Site https://ana.example.org");
    expect(findLinks(lines, new Set(lines))).toEqual(["https://ana.example.org"]);
  });
});
