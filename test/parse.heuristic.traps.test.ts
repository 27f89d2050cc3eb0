/**
 * Issue 11, item 9: referees are not the candidate, the first e-mail is, career breaks are not jobs, overlapping
 * jobs count once, a degree still expected has no end yet, and a resume without headings still has jobs.
 */
import { describe, expect, it } from "vitest";
import { isCareerBreak } from "../src/parse/heuristic/breaks.ts";
import { parseEducation } from "../src/parse/heuristic/education.ts";
import { parseResumeText } from "../src/parse/heuristic/index.ts";
import { toLines } from "../src/parse/heuristic/lines.ts";
import { splitSections } from "../src/parse/heuristic/sections.ts";

const NOW = new Date("2025-07-01T00:00:00Z");
const parse = (text: string) => parseResumeText(text, NOW);
const educationEnds = (body: string) =>
  parseEducation(splitSections(toLines(`EDUCATION\n${body}`)), NOW).map((entry) => entry.end);

describe("referees", () => {
  const resume = [
    "Oliver Grant",
    "Bristol, United Kingdom",
    "Experience",
    "Staff Nurse, Royal United Hospital, Bath",
    "Sep 2018 – Present",
    "Referees",
    "Dr Helen Marsh",
    "Consultant Respiratory Physician, Southmead Hospital",
    "Phone: 0117 496 0123",
    "Email: helen.marsh@nhsmail.example",
    "linkedin.com/in/helen-marsh",
  ].join("\n");

  it("never takes a referee's phone, e-mail or link for the candidate's", () => {
    const candidate = parse(resume);
    expect(candidate.name).toBe("Oliver Grant");
    expect(candidate.phone).toBeNull();
    expect(candidate.email).toBeNull();
    expect(candidate.links).toEqual([]);
    expect(candidate.skills).toEqual([]);
  });

  it("ignores an inline 'References:' line too", () => {
    const candidate = parse(
      "Jane Doe\nReferences: Tom Black, tom.black@acme.example, +1 555 0199\nSkills\nGo",
    );
    expect(candidate.email).toBeNull();
    expect(candidate.phone).toBeNull();
  });

  it("finds the candidate's name after the referees when a sidebar with references comes first", () => {
    const candidate = parse(
      "REFERENCES\nDr. Anna Meyer\nHead of Research, Acme Labs\nanna.meyer@acme.example\nMark Lee\nSoftware Engineer\nEXPERIENCE\nSoftware Engineer, Monzo, London\n2019 – Present",
    );
    expect(candidate.name).toBe("Mark Lee");
    expect(candidate.email).toBeNull();
  });
});

describe("e-mail addresses", () => {
  it("takes the first e-mail of the header, not an old one further down", () => {
    const candidate = parse(
      "Marta Reed\nmarta@reed.design | +44 7700 900123\nExperience\nUX Researcher | Skyscanner | 2022 – Present\nAdditional information\nPrevious address m.reed@old.example is no longer monitored.",
    );
    expect(candidate.email).toBe("marta@reed.design");
  });

  it("reads the contact block around the e-mail when a sidebar is drawn after the main column", () => {
    const candidate = parse(
      "Evelyn Nakamura\nSummary\nAnalyst who turns data into decisions.\nExperience\nAnalyst — Riverstone Capital\n07/2023 – 02/2025\n• Built dashboards.\nLeeds, United Kingdom\nevelyn@example.org · +44 20 7946 0615",
    );
    expect(candidate.phone).toBe("+44 20 7946 0615");
    expect(candidate.location).toBe("Leeds, United Kingdom");
    expect(candidate.experience[0]?.highlights).toEqual(["Built dashboards."]);
  });
});

describe("career breaks", () => {
  it.each([
    [["Career break — Parental leave"]],
    [["Sabbatical", "Travel through South America"]],
    [["Elternzeit"]],
    [["Congé parental"]],
    [["Excedencia por cuidado de hijos"]],
    [["Urlop rodzicielski"]],
  ])("%j is a break", (pieces) => {
    expect(isCareerBreak(pieces)).toBe(true);
  });

  it.each([
    [["Travel Consultant, Flight Centre"]],
    [["Travelport", "Software Engineer"]],
    [["Reise GmbH", "Buchhalterin"]],
  ])("%j is a job", (pieces) => {
    expect(isCareerBreak(pieces)).toBe(false);
  });

  it("is neither a position nor part of years_experience", () => {
    const candidate = parse(
      [
        "Experience",
        "Backend Engineer — Sky Betting & Gaming, Leeds",
        "Mar 2023 – Jun 2025",
        "Career break — Parental leave",
        "Jun 2022 – Feb 2023",
        "Backend Engineer — Asda Technology, Leeds",
        "Jan 2019 – May 2022",
      ].join("\n"),
    );
    expect(candidate.experience.map((position) => position.company)).toEqual([
      "Sky Betting & Gaming",
      "Asda Technology",
    ]);
    // Mar 2023 – Jun 2025 (28 months) + Jan 2019 – May 2022 (41 months).
    expect(candidate.years_experience).toBe(5.8);
  });
});

describe("overlapping positions", () => {
  it("count once in years_experience", () => {
    const candidate = parse(
      [
        "Experience",
        "Senior Analyst, H&M Group, Stockholm",
        "Aug 2020 – Jul 2024",
        "Evening Lecturer, Stockholm University",
        "Jan 2021 – Jun 2023",
        "Analyst, Folkhälsomyndigheten, Solna",
        "Sep 2016 – Jul 2020",
      ].join("\n"),
    );
    // Sep 2016 – Jul 2024 without gaps: 95 months.
    expect(candidate.years_experience).toBe(7.9);
  });
});

describe("degrees in progress", () => {
  it.each([
    ["BSc Computer Science, Technical University of Munich, expected 2027"],
    ["B.Sc. Informatik, TU Berlin, voraussichtlich 2027"],
    ["B.Sc. Informatik, TU Berlin, Abschluss voraussichtlich 09/2026"],
    ["Mastère spécialisé – KEDGE Business School, prévu en 2027"],
    ["Grado en Derecho, Universidad de Sevilla (finalización prevista en 2026)"],
    ["MSc Data Science, Ashford Institute, 2024 – expected 2027"],
    ["Laurea Triennale in Economia, Università Bocconi, 2022 – 2025 (in corso)"],
    ["Master Informatique, Université de Lille, 2024 – en cours"],
  ])("%s has no end yet", (line) => {
    expect(educationEnds(line)).toEqual([null]);
  });

  it("keeps an expected date that has passed as the graduation", () => {
    expect(educationEnds("BSc Computer Science, Northwestern University, Expected June 2025")).toEqual([
      "2025-06",
    ]);
  });

  it("joins an expected date wrapped to the next line", () => {
    expect(educationEnds("MSc Data Science\nAshford Institute of Technology, 2024 – expected\n2027")).toEqual(
      [null],
    );
  });
});

describe("a one-page resume without headings", () => {
  const candidate = parse(
    [
      "Priya Natarajan",
      "priya.natarajan@fastmail.example | (555) 014-2233 | Columbus, OH",
      "Operations analyst who turns warehouse data into schedules that people on the floor actually follow.",
      "Operations Analyst, Midwest Freight Co., Columbus, OH\tMar 2021 – Present",
      "• Built a dock scheduling model.",
      "Logistics Coordinator, Buckeye Distribution LLC, Dayton, OH\tJun 2018 – Feb 2021",
      "B.S. Supply Chain Management, The Ohio State University, 2018",
    ].join("\n"),
  );

  it("still yields name, contact details and summary", () => {
    expect(candidate).toMatchObject({
      name: "Priya Natarajan",
      email: "priya.natarajan@fastmail.example",
      phone: "(555) 014-2233",
      location: "Columbus, OH",
    });
    expect(candidate.summary).toMatch(/^Operations analyst/);
  });

  it("does not take the date of a letter for a position", () => {
    const letter = parse(
      "Jane Doe\njane.doe@example.com\n12 March 2025\nDear Hiring Manager,\nI am writing to apply.",
    );
    expect(letter.experience).toEqual([]);
  });

  it("still yields jobs and education", () => {
    expect(candidate.experience.map((position) => position.company)).toEqual([
      "Midwest Freight Co.",
      "Buckeye Distribution LLC",
    ]);
    expect(candidate.education).toEqual([
      {
        institution: "The Ohio State University",
        degree: "B.S.",
        field: "Supply Chain Management",
        end: "2018",
      },
    ]);
  });
});
