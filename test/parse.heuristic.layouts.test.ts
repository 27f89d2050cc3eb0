/**
 * Layouts the multi-language resumes of issue 11 brought along: DOCX highlights as bare paragraphs, headers
 * wrapped in narrow PDF columns, ranges opened by a word ("De 2018 à 2021"), "Title en Employer", labelled
 * education parts and provinces after a town.
 */
import { describe, expect, it } from "vitest";
import { findDateSpan, withoutDates } from "../src/parse/heuristic/dates.ts";
import { parseEducation } from "../src/parse/heuristic/education.ts";
import { parseResumeText } from "../src/parse/heuristic/index.ts";
import { toLines } from "../src/parse/heuristic/lines.ts";
import { isPlace } from "../src/parse/heuristic/places.ts";
import { classifySegment } from "../src/parse/heuristic/roles.ts";
import { splitSections } from "../src/parse/heuristic/sections.ts";

const NOW = new Date("2025-07-01T00:00:00Z");
const positions = (body: string) =>
  parseResumeText(`Jane Doe\nEsperienza professionale\n${body}`, NOW).experience.map(
    ({ company, title, location, highlights }) => ({ company, title, location, highlights }),
  );
const education = (body: string) => parseEducation(splitSections(toLines(`Wykształcenie\n${body}`)), NOW);

describe("position headers", () => {
  it("keeps each bare DOCX paragraph as its own highlight when the section closes no sentence", () => {
    expect(
      positions(
        [
          "Sviluppatore full stack — Farmacie Riunite S.r.l.",
          "06/2022 – oggi",
          "Gestione di un team di sette persone nella migrazione verso il nuovo gestionale",
          "Sviluppo di applicazioni web con React e Django per clienti del settore sanitario",
          "Analista di business — Officine Meridiane S.p.A.",
          "12/2018 – 03/2022",
          "Negoziazione con i fornitori e riduzione dei costi di acquisto del 12 %",
        ].join("\n"),
      ),
    ).toEqual([
      {
        company: "Farmacie Riunite S.r.l.",
        title: "Sviluppatore full stack",
        location: null,
        highlights: [
          "Gestione di un team di sette persone nella migrazione verso il nuovo gestionale",
          "Sviluppo di applicazioni web con React e Django per clienti del settore sanitario",
        ],
      },
      {
        company: "Officine Meridiane S.p.A.",
        title: "Analista di business",
        location: null,
        highlights: ["Negoziazione con i fornitori e riduzione dei costi di acquisto del 12 %"],
      },
    ]);
  });

  it("rejoins a header wrapped after a dash or inside the employer's name", () => {
    expect(
      positions("Cheffe de projet digital —\nHorizon Santé, Lyon\n12/2022 – aujourd'hui\n• Recrutement."),
    ).toMatchObject([{ company: "Horizon Santé", title: "Cheffe de projet digital", location: "Lyon" }]);
    expect(
      positions("Sviluppatore full stack — Cantieri\ndel Tirreno, Verona\n2022 – 2024\n• Sviluppo."),
    ).toMatchObject([
      { company: "Cantieri del Tirreno", title: "Sviluppatore full stack", location: "Verona" },
    ]);
  });

  it("reads a role word followed by 'of …' as a title, and a long sentence as neither title nor employer", () => {
    expect(classifySegment("Engenheira de Software")).toBe("title");
    expect(classifySegment("Head of Software")).toBe("title");
    expect(
      classifySegment("Desarrollo de microservicios en Java y Spring Boot para la plataforma de pagos"),
    ).toBe("unknown");
  });

  it("reads 'Title en/em/w Employer' only when an employer follows", () => {
    expect(positions("Responsable de Recursos Humanos en Grupo Eulen, Madrid\n2019 – 2024")).toMatchObject([
      { company: "Grupo Eulen", title: "Responsable de Recursos Humanos", location: "Madrid" },
    ]);
    expect(positions("Especialista en Ciberseguridad\nTelefónica\n2019 – 2024")).toMatchObject([
      { company: "Telefónica", title: "Especialista en Ciberseguridad" },
    ]);
  });
});

describe("ranges opened by a word", () => {
  it.each([
    ["De 2018 à 2021 – Administrateur systèmes", "Administrateur systèmes"],
    ["Desde marzo de 2019 hasta la actualidad", ""],
    ["From 2015 to 2017, Analyst", "Analyst"],
    ["Von 2015 bis 2017 Entwickler", "Entwickler"],
  ])("%s", (text, rest) => {
    const match = findDateSpan(text);
    expect(match?.range).toBe(true);
    expect(match === null ? text : withoutDates(text, match)).toBe(rest);
  });
});

describe("education parts", () => {
  it("reads labelled parts of an entry", () => {
    expect(education("2012 – 2016: Politechnika Łódzka, kierunek: Informatyka, tytuł: inżynier")).toEqual([
      { institution: "Politechnika Łódzka", degree: "inżynier", field: "Informatyka", end: "2016" },
    ]);
  });

  it("reads a degree written in parentheses after its field", () => {
    expect(education("2012 – 2016 Studium der Betriebswirtschaftslehre (M.Sc.), Goethe-Universität")).toEqual(
      [
        {
          institution: "Goethe-Universität",
          degree: "M.Sc.",
          field: "Betriebswirtschaftslehre",
          end: "2016",
        },
      ],
    );
  });

  it("joins a field wrapped to a lower-case line", () => {
    expect(education("Master en Ressources\nhumaines\nUniversité Lumière Lyon 2, 2016 –\n2019")).toEqual([
      {
        institution: "Université Lumière Lyon 2",
        degree: "Master",
        field: "Ressources humaines",
        end: "2019",
      },
    ]);
  });
});

describe("places with a province or state", () => {
  it.each(["Milano (MI)", "Nantes (44)", "Belo Horizonte - MG", "Curitiba/PR"])("%s", (text) => {
    expect(isPlace(text)).toBe(true);
  });

  it("keeps 'City - State' whole in a contact line", () => {
    const candidate = parseResumeText(
      "Mariana Costa\nBelo Horizonte - MG | (31) 98765-4321 | mariana.costa@outlook.com",
      NOW,
    );
    expect(candidate.location).toBe("Belo Horizonte - MG");
  });
});
