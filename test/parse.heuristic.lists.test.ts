import { describe, expect, it } from "vitest";
import { parseDegree } from "../src/parse/heuristic/degrees.ts";
import { parseEducation } from "../src/parse/heuristic/education.ts";
import { spokenLanguage } from "../src/parse/heuristic/languages.ts";
import { toLines } from "../src/parse/heuristic/lines.ts";
import { certificationItems, parseLists } from "../src/parse/heuristic/lists.ts";
import { splitSections } from "../src/parse/heuristic/sections.ts";

const lists = (text: string) => parseLists(splitSections(toLines(text)), new Set());
const education = (body: string) => parseEducation(splitSections(toLines(`EDUCATION\n${body}`)));

describe("skills", () => {
  it("splits on commas, semicolons, pipes, bullets and middle dots; drops category labels", () => {
    const text =
      "SKILLS\nLanguages: Go, Python; SQL\nCloud | AWS | GCP\n• Docker • Kubernetes\nTypeScript · React";
    expect(lists(text).skills).toEqual([
      "Go",
      "Python",
      "SQL",
      "Cloud",
      "AWS",
      "GCP",
      "Docker",
      "Kubernetes",
      "TypeScript",
      "React",
    ]);
  });

  it("keeps parentheses, slashes and dotted names intact", () => {
    expect(lists("Skills: Python (pandas, numpy), CI/CD, Node.js, A/B testing").skills).toEqual([
      "Python (pandas, numpy)",
      "CI/CD",
      "Node.js",
      "A/B testing",
    ]);
  });

  it("de-duplicates case-insensitively, keeping the first spelling", () => {
    expect(lists("SKILLS\nReact, Go\nreact, GO, Rust").skills).toEqual(["React", "Go", "Rust"]);
  });

  it("drops sentences and contact details caught in a sidebar list", () => {
    expect(
      lists("SKILLS\nPython\nStrong communication skills across distributed teams and time zones\njane@x.io")
        .skills,
    ).toEqual(["Python"]);
  });
});

describe("languages", () => {
  it.each([
    ["English (native)", "English"],
    ["Spanish – Fluent", "Spanish"],
    ["Deutsch (Muttersprache)", "Deutsch"],
    ["Français : langue maternelle", "Français"],
    ["Native English speaker", "English"],
    ["Mandarin Chinese (HSK 5)", "Mandarin Chinese"],
    ["日本語", "日本語"],
    ["Python", null],
    ["Native", null],
  ])("%s → %s", (item, expected) => {
    expect(spokenLanguage(item)).toBe(expected);
  });

  it("counts a language named in two scripts once, and a slash list of languages as several", () => {
    expect(lists("Languages\nΕλληνικά / Greek (native), English (C2)").languages).toEqual([
      "Ελληνικά",
      "English",
    ]);
    expect(lists("Languages\nEnglish / French / German").languages).toEqual(["English", "French", "German"]);
  });

  it("keeps only spoken languages in a Languages section", () => {
    expect(lists("LANGUAGES\nEnglish\tNative\nSpanish (C1)\nDaniel Okafor – Confidential").languages).toEqual(
      ["English", "Spanish"],
    );
  });

  it("sends programming languages listed as Languages inside Skills to skills", () => {
    const result = lists("SKILLS\nLanguages: Go, Rust, English\nTools: Docker");
    expect(result.languages).toEqual(["English"]);
    expect(result.skills).toEqual(["Go", "Rust", "Docker"]);
  });
});

describe("certifications", () => {
  it("takes one per line, drops trailing years, splits on semicolons", () => {
    expect(
      lists("CERTIFICATIONS\n• AWS Certified Developer (2021)\nCKA; CKAD\nPMP – Project Management Institute")
        .certifications,
    ).toEqual(["AWS Certified Developer", "CKA", "CKAD", "PMP – Project Management Institute"]);
  });

  it("joins items a narrow sidebar wrapped, but not separate items", () => {
    const text =
      "CERTIFICATIONS\nGoogle Associate Android\nDeveloper\nCertified Scrum Product\nOwner (CSPO)\n" +
      "AWS Certified Solutions Architect\nAssociate Cloud Engineer\nCKA, 2020\nSpecialist";
    expect(lists(text).certifications).toEqual([
      "Google Associate Android Developer",
      "Certified Scrum Product Owner (CSPO)",
      "AWS Certified Solutions Architect",
      "Associate Cloud Engineer",
      "CKA",
      "Specialist",
    ]);
    expect(lists("SKILLS\nJourney mapping and\nstakeholder workshops\nFigma\ndbt").skills).toEqual([
      "Journey mapping and stakeholder workshops",
      "Figma",
      "dbt",
    ]);
  });

  it('does not take a closing "References available on request" as a certification', () => {
    expect(lists("Certifications\n- CKA\n\nReferences available on request").certifications).toEqual(["CKA"]);
  });

  it("splits on commas only for short lists or inline lines", () => {
    expect(certificationItems("PMP, CSM, ITIL Foundation", null)).toEqual(["PMP", "CSM", "ITIL Foundation"]);
    expect(certificationItems("Registered Nurse (RN), Oregon State Board of Nursing", null)).toEqual([
      "Registered Nurse (RN), Oregon State Board of Nursing",
    ]);
    expect(certificationItems("CISSP, CISM", "header")).toEqual(["CISSP", "CISM"]);
  });
});

describe("degrees", () => {
  it.each([
    ["B.S. in Computer Science", "B.S.", "Computer Science"],
    ["BSc Mathematics", "BSc", "Mathematics"],
    ["Bachelor of Science in Nursing", "Bachelor of Science", "Nursing"],
    ["MSc, Computer Science", "MSc", "Computer Science"],
    ["MBA", "MBA", null],
    ["Master of Business Administration (MBA)", "Master of Business Administration (MBA)", null],
    ["BEng (Hons) Electronic Engineering", "BEng (Hons)", "Electronic Engineering"],
    ["Ph.D. in Theoretical Physics", "Ph.D.", "Theoretical Physics"],
    ["Licenciatura en Economía", "Licenciatura", "Economía"],
    ["Grado en Ingeniería Informática", "Grado", "Ingeniería Informática"],
    ["Master Management des Systèmes d'Information", "Master", "Management des Systèmes d'Information"],
    ["M.Sc. Informatik", "M.Sc.", "Informatik"],
    ["Bacharelado em Ciência da Computação", "Bacharelado", "Ciência da Computação"],
    ["Licence professionnelle, Network administration", "Licence professionnelle", "Network administration"],
    ["BSc computer science", "BSc", "computer science"],
  ])("%s", (text, degree, field) => {
    expect(parseDegree(text)).toEqual({ degree, field });
  });

  it.each(["University of Texas", "BASF", "Mastering Kubernetes", "ms in a sentence", "Diplomatic service"])(
    "%s is not a degree",
    (text) => {
      expect(parseDegree(text)).toBeNull();
    },
  );
});

describe("education entries", () => {
  it("reads one-line entries in either order", () => {
    expect(
      education(
        "B.S. in Computer Science, The University of Texas at Austin, 2014\nImperial College London | MSc Data Science | 2016",
      ),
    ).toEqual([
      {
        institution: "The University of Texas at Austin",
        degree: "B.S.",
        field: "Computer Science",
        end: "2014",
      },
      { institution: "Imperial College London", degree: "MSc", field: "Data Science", end: "2016" },
    ]);
  });

  it("reads institution / degree / year blocks and dates-first blocks", () => {
    expect(
      education(
        "University of Leeds\nBSc Mathematics\n2015\n2009 – 2015\nTechnische Universität München\nM.Sc. Informatik",
      ),
    ).toEqual([
      { institution: "University of Leeds", degree: "BSc", field: "Mathematics", end: "2015" },
      { institution: "Technische Universität München", degree: "M.Sc.", field: "Informatik", end: "2015" },
    ]);
  });

  it("skips grade and coursework lines, and leaves an ongoing degree without an end", () => {
    expect(
      education(
        "Northwestern University\nBachelor of Science in Physics\t2022 – Present\nGPA: 3.8/4.0\nRelevant Coursework: Optics",
      ),
    ).toEqual([
      { institution: "Northwestern University", degree: "Bachelor of Science", field: "Physics", end: null },
    ]);
  });

  it('reads "Degree, Field — Institution, years" with an unknown institution', () => {
    expect(education("Licence professionnelle, Network administration — IUT de Lyon, 2012–2015")).toEqual([
      {
        institution: "IUT de Lyon",
        degree: "Licence professionnelle",
        field: "Network administration",
        end: "2015",
      },
    ]);
    expect(education("MA, Design for Social Innovation — Design Academy Eindhoven, 2016–2018")).toEqual([
      {
        institution: "Design Academy Eindhoven",
        degree: "MA",
        field: "Design for Social Innovation",
        end: "2018",
      },
    ]);
  });

  it("takes the graduation year from a range wrapped after its dash", () => {
    expect(education("BEng, Software Engineering — University of Westmoor, 2011 -\n2014")).toEqual([
      { institution: "University of Westmoor", degree: "BEng", field: "Software Engineering", end: "2014" },
    ]);
  });

  it("reads table rows under a header row", () => {
    expect(
      education(
        "Institution\tDegree\tYear\nFlorida International University\tB.S. Information Technology\t2015",
      ),
    ).toEqual([
      {
        institution: "Florida International University",
        degree: "B.S.",
        field: "Information Technology",
        end: "2015",
      },
    ]);
  });
});
