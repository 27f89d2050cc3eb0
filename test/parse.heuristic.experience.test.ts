import { describe, expect, it } from "vitest";
import type { Experience } from "../src/parse/candidate.ts";
import { parseExperience } from "../src/parse/heuristic/experience.ts";
import { toLines } from "../src/parse/heuristic/lines.ts";
import { splitSections } from "../src/parse/heuristic/sections.ts";
import { yearsOfExperience } from "../src/parse/heuristic/tenure.ts";

const experience = (body: string) => parseExperience(splitSections(toLines(`EXPERIENCE\n${body}`)));
const heads = (body: string) =>
  experience(body).map(({ company, title, start, end, current, location }) => ({
    company,
    title,
    start,
    end,
    current,
    location,
  }));

describe("employer, title qualifier and place in one header", () => {
  it('splits "Title — Company, City, Country" with dates on the next line', () => {
    const body =
      "Senior Backend Engineer — Contoso GmbH, Berlin, Germany\nJan 2019 – Present\n• Led the migration.\n" +
      "Working Student, Software Development — Adatum Research, Northfield, Germany\nApr 2011 – Jul 2014";
    expect(heads(body)).toEqual([
      {
        company: "Contoso GmbH",
        title: "Senior Backend Engineer",
        start: "2019-01",
        end: null,
        current: true,
        location: "Berlin, Germany",
      },
      {
        company: "Adatum Research",
        title: "Working Student, Software Development",
        start: "2011-04",
        end: "2014-07",
        current: false,
        location: "Northfield, Germany",
      },
    ]);
  });

  it("keeps a real city-region-country place whole", () => {
    expect(heads("Nurse — Providence Health\nPortland, Oregon, USA\n2019 – 2021")[0]).toMatchObject({
      company: "Providence Health",
      location: "Portland, Oregon, USA",
    });
  });

  it("takes a place name of its own after the employer as the place", () => {
    expect(heads("Service Designer\nGemeente Zaanstad · Zaandam · 2022 – present")).toEqual([
      {
        company: "Gemeente Zaanstad",
        title: "Service Designer",
        start: "2022",
        end: null,
        current: true,
        location: "Zaandam",
      },
    ]);
  });
});

describe("position headers in every order", () => {
  const acme = { company: "Acme Inc.", title: "Senior Engineer", start: "2019-01", end: null, current: true };

  it.each([
    ["Title — Company | Place | Dates", "Senior Engineer — Acme Inc. | Austin, TX | Jan 2019 – Present"],
    ["Company | Title | Place | Dates", "Acme Inc. | Senior Engineer | Austin, TX | Jan 2019 – Present"],
    ["Title at Company, Place", "Senior Engineer at Acme Inc., Austin, TX\nJan 2019 – Present"],
    ["title line, company line, dates", "Senior Engineer\nAcme Inc., Austin, TX\nJan 2019 – Present"],
    ["company line, title line, dates", "Acme Inc., Austin, TX\nSenior Engineer\nJan 2019 – Present"],
    ["dates first", "Jan 2019 – Present\nSenior Engineer, Acme Inc., Austin, TX"],
    ["columns", "Senior Engineer\tAcme Inc.\tAustin, TX\tJan 2019 – Present"],
    ["company and dates, then title", "Acme Inc.\tJan 2019 – Present\nSenior Engineer\nAustin, TX"],
  ])("%s", (_layout, body) => {
    expect(heads(body)).toEqual([{ ...acme, location: "Austin, TX" }]);
  });

  it("uses the document's order when neither piece is recognizable", () => {
    const body =
      "Data Analyst — Freightly\n2016 – 2018\nMarketing Lead — Bluebonnet\n2014 – 2016\nZeta — Kappa\n2012 – 2014";
    expect(heads(body).map((entry) => [entry.title, entry.company])).toEqual([
      ["Data Analyst", "Freightly"],
      ["Marketing Lead", "Bluebonnet"],
      ["Zeta", "Kappa"],
    ]);
  });

  it("reads a Chinese position line", () => {
    expect(heads("阿里巴巴 | 高级工程师 | 2019年3月 - 至今")).toEqual([
      {
        company: "阿里巴巴",
        title: "高级工程师",
        start: "2019-03",
        end: null,
        current: true,
        location: null,
      },
    ]);
  });

  it("reads tables with a header row by column", () => {
    const body = "Company\tPosition\tLocation\tDates\nZeta\tKappa\tMiami, FL\tAug 2021 – Now";
    expect(heads(body)).toEqual([
      { company: "Zeta", title: "Kappa", start: "2021-08", end: null, current: true, location: "Miami, FL" },
    ]);
  });

  it("reads labelled fields", () => {
    const body =
      "Company: Infosys Limited\nDesignation: Senior Systems Engineer\nDuration: Jul 2015 – Aug 2019";
    expect(heads(body)).toEqual([
      {
        company: "Infosys Limited",
        title: "Senior Systems Engineer",
        start: "2015-07",
        end: "2019-08",
        current: false,
        location: null,
      },
    ]);
  });

  it("gives a second role at the same employer that employer", () => {
    const body =
      "Grubhub — Chicago, IL\nEngineering Manager, 2021–Present\n- Led.\nSenior Software Engineer, 2018–2021";
    expect(heads(body).map((entry) => [entry.company, entry.title, entry.location])).toEqual([
      ["Grubhub", "Engineering Manager", "Chicago, IL"],
      ["Grubhub", "Senior Software Engineer", "Chicago, IL"],
    ]);
  });
});

describe("dates, order and highlights", () => {
  it("puts the most recent position first when the resume is chronological", () => {
    const body = "Analyst, Beta Corp\n2012 – 2015\nManager, Gamma LLC\n2015 – Present";
    expect(heads(body).map((entry) => entry.company)).toEqual(["Gamma LLC", "Beta Corp"]);
  });

  it("treats a lone date as start and end of a finished position", () => {
    expect(heads("Software Engineering Intern, Intuit (Summer 2017)")[0]).toMatchObject({
      start: "2017",
      end: "2017",
      current: false,
    });
  });

  it("collects bullets, joining wrapped and hyphenated lines", () => {
    const body = [
      "Engineer, Acme Inc.",
      "2019 – 2020",
      "• Moved CI from Jenkins to GitLab; pipeline",
      "time dropped from 22 to 8 minutes.",
      "• Built the fore-",
      "casting service.",
      "Developer, Beta LLC",
      "2017 – 2019",
      "Ran the release train.",
      "Wrote the on-call guide.",
    ].join("\n");
    expect(experience(body).map((entry) => entry.highlights)).toEqual([
      [
        "Moved CI from Jenkins to GitLab; pipeline time dropped from 22 to 8 minutes.",
        "Built the forecasting service.",
      ],
      ["Ran the release train.", "Wrote the on-call guide."],
    ]);
  });

  it("splits undated positions on their header lines", () => {
    const body =
      "Art Director\nLantern Press\n• Directed books.\nStaff Illustrator\nThe Coast Weekly\n• Drew covers.";
    expect(heads(body)).toEqual([
      {
        company: "Lantern Press",
        title: "Art Director",
        start: null,
        end: null,
        current: false,
        location: null,
      },
      {
        company: "The Coast Weekly",
        title: "Staff Illustrator",
        start: null,
        end: null,
        current: false,
        location: null,
      },
    ]);
  });
});

describe("yearsOfExperience", () => {
  const now = new Date("2025-07-01T00:00:00Z");
  const job = (start: string | null, end: string | null, current = false): Experience => ({
    company: "X",
    title: "Y",
    start,
    end,
    current,
    location: null,
    highlights: [],
  });

  it("counts whole months for YYYY-MM, inclusive of the end month", () => {
    expect(yearsOfExperience([job("2019-01", "2019-12")], now)).toBe(1);
  });

  it("merges overlapping positions so time is counted once", () => {
    expect(yearsOfExperience([job("2018-01", "2020-12"), job("2019-01", "2021-12")], now)).toBe(4);
  });

  it("adds separate intervals without the gap", () => {
    expect(yearsOfExperience([job("2010-01", "2010-12"), job("2015-01", "2015-06")], now)).toBe(1.5);
  });

  it("runs current positions to the injected clock", () => {
    expect(yearsOfExperience([job("2023-07", null, true)], now)).toBe(2);
  });

  it("takes bare years as mid-year and rounds to one decimal", () => {
    expect(yearsOfExperience([job("2015", "2017")], now)).toBe(2);
    expect(yearsOfExperience([job("2016-09", "2020-05")], now)).toBe(3.8);
  });

  it("is null without dated positions and ignores impossible intervals", () => {
    expect(yearsOfExperience([], now)).toBeNull();
    expect(yearsOfExperience([job(null, null)], now)).toBeNull();
    expect(yearsOfExperience([job("2019", null)], now)).toBeNull();
    expect(yearsOfExperience([job("2020", "2018")], now)).toBeNull();
  });

  it("never counts beyond the clock", () => {
    expect(yearsOfExperience([job("2024-07", "2030-01")], now)).toBe(1);
  });
});
