import { describe, expect, it } from "vitest";
import { extractText } from "../src/extract/index.ts";
import { makePdf } from "./support/fixtures.ts";
import { column, type Draw, makeLayoutPdf } from "./support/pdf-layout-fixtures.ts";

async function pdfText(draws: readonly Draw[]): Promise<string> {
  return (await extractText(await makeLayoutPdf(draws))).text;
}

/** The text's lines, in order. */
function lines(text: string): string[] {
  return text.split("\n");
}

/** Asserts `block` appears as consecutive whole lines of `text`. */
function expectBlock(text: string, block: readonly string[]): void {
  const all = lines(text);
  const start = all.indexOf(block[0] as string);
  expect(start, `"${block[0]}" missing in:\n${text}`).toBeGreaterThanOrEqual(0);
  expect(all.slice(start, start + block.length)).toEqual(block);
}

const SIDEBAR = [
  "Contact",
  "giulia@example.it",
  "+39 347 555 0101",
  "Skills",
  "Python",
  "BC University of British",
  "Columbia",
];
const MAIN = [
  "Experience",
  "Data Engineer, Acme Srl, Milano",
  "Built the ingestion pipeline for 40 sources.",
  "Analyst, Beta SpA, Torino",
  "Reporting for the finance team.",
  "Education",
  "MSc Statistics, Politecnico di Milano",
];
/** Both columns on one 16 pt grid, so every sidebar line shares a baseline with a main-column line. */
const sidebar = column(SIDEBAR, 50, 700);
const main = column(MAIN, 230, 700);
const header: Draw = { text: "Giulia Rossi", x: 50, y: 760, size: 22, bold: true };

describe("PDF reading order of multi-column layouts", () => {
  it("reads a sidebar drawn last before the main column, each top to bottom", async () => {
    const text = await pdfText([header, ...main, ...sidebar]);
    expect(lines(text)[0]).toBe("Giulia Rossi");
    expectBlock(text, SIDEBAR);
    expectBlock(text, MAIN);
  });

  it("reads a sidebar on the right, drawn first, after the main column (left to right)", async () => {
    const right = column(SIDEBAR, 420, 700);
    const left = column(MAIN, 50, 700);
    const text = await pdfText([...right, header, ...left]);
    expectBlock(text, MAIN);
    expectBlock(text, SIDEBAR);
    expect(text.indexOf("Experience")).toBeLessThan(text.indexOf("Contact"));
  });

  it("reads two columns of equal width left first", async () => {
    const right = column(MAIN.slice(0, 3), 320, 700);
    const left = column(MAIN.slice(3), 50, 700);
    const text = await pdfText([...right, ...left]);
    expect(lines(text)).toEqual([...MAIN.slice(3), ...MAIN.slice(0, 3)]);
  });

  it("separates columns drawn interleaved by height (row by row across the page)", async () => {
    const interleaved = [...sidebar, ...main].sort((a, b) => b.y - a.y || a.x - b.x);
    const text = await pdfText([header, ...interleaved]);
    expectBlock(text, SIDEBAR);
    expectBlock(text, MAIN);
    expect(text).not.toMatch(/British.*Built|Python\s+Analyst/);
  });

  it("reads a full-width heading between two-column bands band by band", async () => {
    const top = [
      ...column(["Profile", "Curious and calm."], 50, 700),
      ...column(["Languages", "Italian, English"], 320, 700),
    ];
    const rule: Draw = {
      text: "Professional Experience and Selected Projects Across Three Industries",
      x: 50,
      y: 640,
    };
    const bottom = [
      ...column(["Acme Srl", "2019 onwards"], 50, 610),
      ...column(["Beta SpA", "Since 2015"], 320, 610),
    ];
    const text = await pdfText([...bottom, rule, ...top]);
    expect(lines(text)).toEqual([
      "Profile",
      "Curious and calm.",
      "Languages",
      "Italian, English",
      "Professional Experience and Selected Projects Across Three Industries",
      "Acme Srl",
      "2019 onwards",
      "Beta SpA",
      "Since 2015",
    ]);
  });

  it("reads two columns under a full-width summary paragraph", async () => {
    const summary = column(
      [
        "Data engineer with eight years of experience building batch and streaming pipelines for retail and",
        "logistics companies across Italy and Switzerland, from ingestion and modelling to the dashboards that",
        "finance and operations teams read every morning, with a strong focus on data quality and testing,",
        "documentation that others actually read, and mentoring junior engineers on the team.",
      ],
      50,
      740,
    );
    const text = await pdfText([header, ...summary, ...column(SIDEBAR, 50, 660), ...column(MAIN, 230, 660)]);
    expect(lines(text).slice(0, 5)).toEqual(["Giulia Rossi", ...summary.map((draw) => draw.text)]);
    expectBlock(text, SIDEBAR);
    expectBlock(text, MAIN);
  });

  it("does not split single-column pages with short lines, places beside jobs and a centred heading", async () => {
    const draws: Draw[] = [
      { text: "Jonas Weber", x: 250, y: 790, size: 18, bold: true },
      { text: "Berufserfahrung", x: 50, y: 750, size: 12, bold: true },
      { text: "Teamleiter, Hansa Datenservice GmbH", x: 50, y: 730 },
      { text: "Hamburg", x: 500, y: 730 },
      { text: "• Aufbau eines Teams", x: 60, y: 714 },
      { text: "• Einführung von Kennzahlen", x: 60, y: 698 },
      { text: "Sachbearbeiter, Nordlicht AG", x: 50, y: 676 },
      { text: "Kiel", x: 520, y: 676 },
      { text: "• Reklamationen", x: 60, y: 660 },
      { text: "Kenntnisse", x: 50, y: 630, size: 12, bold: true },
      ...column(["SAP", "Excel", "Scrum", "Englisch (C1)"], 50, 612),
    ];
    // Row by row, as the stream has it; a place drawn right after its job on one baseline is a pdf.js word space.
    const byHeight = [...draws].sort((a, b) => b.y - a.y || a.x - b.x);
    const expected: string[] = [];
    for (const draw of byHeight) {
      const previous = byHeight[byHeight.indexOf(draw) - 1];
      if (previous?.y === draw.y) expected[expected.length - 1] += ` ${draw.text}`;
      else expected.push(draw.text);
    }
    expect(lines(await pdfText(draws))).toEqual(expected);
  });

  it("reads a spaced-out sidebar as a column, not as notes beside the main text", async () => {
    const sidebar = ["Berlin", "jonas@example.de", "+49 151 555 0101", "linkedin.com/in/jonas"].map(
      (text, index): Draw => ({ text, x: 420, y: 731 - index * 43 }),
    );
    const main = column(
      [
        "Profil",
        "Teamleiter mit zehn Jahren Erfahrung",
        "im Kundenservice und in der",
        "Personalführung.",
        "Berufserfahrung",
        "Teamleiter, Hansa Datenservice",
        "Aufbau eines Teams von zwölf",
        "Mitarbeitenden in drei Schichten.",
        "Sachbearbeiter, Nordlicht AG",
        "Reklamationen und Kulanz.",
      ],
      50,
      740,
    );
    const text = await pdfText([...main, ...sidebar]);
    expectBlock(
      text,
      main.map((draw) => draw.text),
    );
    expectBlock(
      text,
      sidebar.map((draw) => draw.text),
    );
  });

  it("keeps a single-column page exactly as pdf-lib wrote it", async () => {
    const bytes = await makePdf([
      "# Maria Schmidt",
      "## Experience",
      "Backend Engineer, Contoso Ltd, Jan 2019 – Present",
    ]);
    expect((await extractText(bytes)).text).toBe(
      "Maria Schmidt\nExperience\nBackend Engineer, Contoso Ltd, Jan 2019 – Present",
    );
  });
});

describe("PDF date columns (class 5)", () => {
  const jobs: Draw[] = [
    { text: "Experience", x: 50, y: 760, size: 13, bold: true },
    { text: "Senior Engineer, Contoso GmbH", x: 50, y: 735 },
    { text: "Led the payments team of six engineers across two sites.", x: 60, y: 719 },
    { text: "Engineer, Northwind AG", x: 50, y: 695 },
    { text: "Built the route planner used by 1,200 drivers every day.", x: 60, y: 679 },
    { text: "Intern, Fabrikam", x: 50, y: 655 },
  ];
  const dates: Draw[] = [
    { text: "03/2019 – heute", x: 470, y: 735 },
    { text: "2016 – 2019", x: 470, y: 695 },
    { text: "2015", x: 470, y: 655 },
  ];

  it("keeps each date on its job's line when the dates are drawn after all jobs", async () => {
    const text = await pdfText([...jobs, ...dates]);
    expect(lines(text)).toContain("Senior Engineer, Contoso GmbH\t03/2019 – heute");
    expect(lines(text)).toContain("Engineer, Northwind AG\t2016 – 2019");
    expect(lines(text)).toContain("Intern, Fabrikam\t2015");
  });

  it("keeps each date on its job's line when the dates stand in their own column on the left", async () => {
    const shifted = jobs.map((draw) => ({ ...draw, x: draw.x + 110 }));
    const leftDates = dates.map((draw) => ({ ...draw, x: 50 }));
    const text = await pdfText([...leftDates, ...shifted]);
    expect(lines(text)).toContain("03/2019 – heute\tSenior Engineer, Contoso GmbH");
    expect(lines(text)).toContain("2016 – 2019\tEngineer, Northwind AG");
  });

  it("keeps rows when section headings share the date column's margin", async () => {
    const draws: Draw[] = [
      { text: "Summary of eight years in data, from messy operational data to decisions.", x: 50, y: 780 },
      { text: "Experience", x: 50, y: 750, size: 12, bold: true },
      { text: "2023 – 2025", x: 50, y: 730 },
      ...column(
        ["Software Engineer — Summit Ridge Media", "• Negotiated supplier contracts worth $2.4M"],
        150,
        730,
      ),
      { text: "2019 – 2023", x: 50, y: 690 },
      ...column(["Operations Lead — Lumen Retail Group", "• Designed the onboarding journey"], 150, 690),
      { text: "Education", x: 50, y: 650, size: 12, bold: true },
      { text: "2016 – 2019", x: 50, y: 630 },
      ...column(["BSc Computer Science", "Kingsmere College"], 150, 630),
      { text: "Skills", x: 50, y: 590, size: 12, bold: true },
      { text: "SQL, Kubernetes, Terraform", x: 150, y: 570 },
    ];
    const text = await pdfText(draws);
    // Each date is drawn just before its title, so pdf.js itself measured the gap as a space.
    expect(lines(text)).toEqual([
      "Summary of eight years in data, from messy operational data to decisions.",
      "Experience",
      "2023 – 2025 Software Engineer — Summit Ridge Media",
      "• Negotiated supplier contracts worth $2.4M",
      "2019 – 2023 Operations Lead — Lumen Retail Group",
      "• Designed the onboarding journey",
      "Education",
      "2016 – 2019 BSc Computer Science",
      "Kingsmere College",
      "Skills",
      "SQL, Kubernetes, Terraform",
    ]);
  });

  it("keeps job rows without bullets intact (company and title left, dates and places right)", async () => {
    const rows: Draw[] = [
      ...column(["Contoso GmbH", "Senior Engineer", "Northwind AG", "Engineer"], 50, 700),
      ...column(["2019 – 2024", "Berlin", "2016 – 2019", "Hamburg"], 470, 700),
    ];
    const text = await pdfText(rows);
    expect(lines(text)).toEqual([
      "Contoso GmbH\t2019 – 2024",
      "Senior Engineer\tBerlin",
      "Northwind AG\t2016 – 2019",
      "Engineer\tHamburg",
    ]);
  });

  it("keeps date rows paired inside the main column of a two-column page", async () => {
    const side = column(["Contact", "ana@example.pt", "+351 912 345 678", "Skills", "SQL", "dbt"], 40, 700);
    const work = [
      ...column(
        ["Data Analyst, Sonae", "Dashboards for 30 stores.", "Intern, NOS", "Churn models in R."],
        200,
        700,
      ),
      { text: "2021 – atual", x: 480, y: 700 },
      { text: "2019 – 2021", x: 480, y: 668 },
    ];
    const text = await pdfText([...work, ...side]);
    expectBlock(text, ["Contact", "ana@example.pt", "+351 912 345 678", "Skills", "SQL", "dbt"]);
    expect(lines(text)).toContain("Data Analyst, Sonae\t2021 – atual");
    expect(lines(text)).toContain("Intern, NOS\t2019 – 2021");
  });
});
