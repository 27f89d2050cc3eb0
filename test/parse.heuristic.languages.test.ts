/**
 * Issue 11, item 8: headings, dates, "present" and "since" words, degrees, phones and places in German, French,
 * Spanish, Portuguese, Italian, Dutch and Polish.
 */
import { describe, expect, it } from "vitest";
import { findPhone } from "../src/parse/heuristic/contact.ts";
import { findDateSpan } from "../src/parse/heuristic/dates.ts";
import { parseDegree } from "../src/parse/heuristic/degrees.ts";
import { parseResumeText } from "../src/parse/heuristic/index.ts";
import { spokenLanguage } from "../src/parse/heuristic/languages.ts";
import { toLines } from "../src/parse/heuristic/lines.ts";
import { findLocation } from "../src/parse/heuristic/location.ts";
import { headingKind } from "../src/parse/heuristic/sections.ts";

const NOW = new Date("2025-07-01T00:00:00Z");

function span(text: string) {
  const match = findDateSpan(text);
  return match === null ? null : { start: match.start, end: match.end, current: match.current };
}

describe("section headings in seven languages", () => {
  it.each([
    ["Berufserfahrung", "experience"],
    ["Beruflicher Werdegang", "experience"],
    ["Ausbildung", "education"],
    ["Kenntnisse", "skills"],
    ["Sprachkenntnisse", "languages"],
    ["Persönliche Daten", "contact"],
    ["Expérience professionnelle", "experience"],
    ["Formation", "education"],
    ["Compétences", "skills"],
    ["Centres d'intérêt", "other"],
    ["Experiencia laboral", "experience"],
    ["Formación académica", "education"],
    ["Habilidades", "skills"],
    ["Experiência profissional", "experience"],
    ["Formação acadêmica", "education"],
    ["Competências", "skills"],
    ["Esperienza professionale", "experience"],
    ["ISTRUZIONE E FORMAZIONE", "education"],
    ["Competenze", "skills"],
    ["Lingue straniere", "languages"],
    ["Werkervaring", "experience"],
    ["Opleiding", "education"],
    ["Vaardigheden", "skills"],
    ["Persoonlijke gegevens", "contact"],
    ["Hobby's", "other"],
    ["Doświadczenie zawodowe", "experience"],
    ["WYKSZTAŁCENIE", "education"],
    ["Umiejętności", "skills"],
    ["Języki obce", "languages"],
    ["O mnie", "summary"],
    ["Podsumowanie zawodowe", "summary"],
    ["Otros datos", "other"],
  ])("%s → %s", (text, kind) => {
    expect(headingKind(text)).toBe(kind);
  });

  it.each([
    "References",
    "Referees",
    "Referenzen",
    "Références",
    "Referencias",
    "Referências",
    "Referenze",
    "Referenties",
    "Referencje",
  ])("%s opens a references section", (text) => {
    expect(headingKind(text)).toBe("references");
  });
});

describe("dates in seven languages", () => {
  it.each([
    ["04.2021 – heute", "2021-04", null, true],
    ["2019 bis heute", "2019", null, true],
    ["seit 03/2021", "2021-03", null, true],
    ["Okt. 2015 – Feb. 2017", "2015-10", "2017-02", false],
    ["01.03.2017 - 30.11.2019", "2017-03", "2019-11", false],
    ["depuis août 2024", "2024-08", null, true],
    ["févr. 2019 – à ce jour", "2019-02", null, true],
    ["sept. 2016 – aujourd'hui", "2016-09", null, true],
    ["Enero 2021 – la actualidad", "2021-01", null, true],
    ["dic. 2016 - presente", "2016-12", null, true],
    ["jun. 2016 – dic. 2016", "2016-06", "2016-12", false],
    ["setembro de 2020 – o momento", "2020-09", null, true],
    ["jan/2019 – atual", "2019-01", null, true],
    ["marzo 2019 – oggi", "2019-03", null, true],
    ["set 2015 – in corso", "2015-09", null, true],
    ["Da settembre 2020 ad oggi", "2020-09", null, true],
    ["dal 2022", "2022", null, true],
    ["mei 2018 – heden", "2018-05", null, true],
    ["okt. 2014 – nu", "2014-10", null, true],
    ["mrt 2016 - dec 2019", "2016-03", "2019-12", false],
    ["sinds 2022", "2022", null, true],
    ["od stycznia 2021", "2021-01", null, true],
    ["od 2021", "2021", null, true],
    ["styczeń 2019 – obecnie", "2019-01", null, true],
    ["marzec 2016 – grudzień 2020", "2016-03", "2020-12", false],
    ["lip. 2015 – do dziś", "2015-07", null, true],
    ["paź 2019 – lis 2020", "2019-10", "2020-11", false],
    ["03/2017 – 11/2019", "2017-03", "2019-11", false],
    ["03.2017 - 11.2019", "2017-03", "2019-11", false],
  ])("%s", (text, start, end, current) => {
    expect(span(text)).toEqual({ start, end, current });
  });
});

describe("local phone formats", () => {
  it.each([
    "+49 30 1234567",
    "030 12345678",
    "+33 1 23 45 67 89",
    "06 12 34 56 78",
    "+34 612 345 678",
    "+351 912 345 678",
    "+39 02 1234 5678",
    "+31 6 12345678",
    "06-12345678",
    "+48 512 345 678",
  ])("%s", (phone) => {
    const lines = toLines(`Anna Nowak\n${phone}`);
    expect(findPhone(lines, lines)).toBe(phone);
  });

  it("does not take a birth date for a phone number", () => {
    const lines = toLines("Geburtsdatum: 14.02.1991\nTelefon: +49 341 1234567");
    expect(findPhone(lines, lines)).toBe("+49 341 1234567");
  });
});

describe("degrees in seven languages", () => {
  it.each([
    ["Laurea Magistrale in Ingegneria Gestionale", "Laurea Magistrale", "Ingegneria Gestionale"],
    ["Laurea triennale in Informatica", "Laurea triennale", "Informatica"],
    ["Magister inżynier, Informatyka", "Magister inżynier", "Informatyka"],
    ["Inżynier, Automatyka i robotyka", "Inżynier", "Automatyka i robotyka"],
    ["Licencjat, Ekonomia", "Licencjat", "Ekonomia"],
    ["HBO Commerciële Economie", "HBO", "Commerciële Economie"],
    ["Diplom-Informatiker", "Diplom-Informatiker", null],
    ["Ausbildung zur Fachinformatikerin", "Ausbildung zur Fachinformatikerin", null],
    ["Mastère spécialisé Management digital", "Mastère spécialisé", "Management digital"],
    ["Licenciatura em Engenharia Informática", "Licenciatura", "Engenharia Informática"],
    ["Máster en Ciencia de Datos", "Máster", "Ciencia de Datos"],
  ])("%s", (text, degree, field) => {
    expect(parseDegree(text)).toEqual({ degree, field });
  });
});

describe("spoken languages in Italian, Dutch and Polish", () => {
  it.each([
    ["Inglese (C1)", "Inglese"],
    ["Tedesco – base", "Tedesco"],
    ["Engels (vloeiend)", "Engels"],
    ["Duits", "Duits"],
    ["angielski – B2", "angielski"],
    ["niemiecki (B1)", "niemiecki"],
  ])("%s → %s", (item, language) => {
    expect(spokenLanguage(item)).toBe(language);
  });
});

describe("locations", () => {
  it.each([
    ["Domicile : 14 rue Paradis, 13001 Marseille", "14 rue Paradis, 13001 Marseille"],
    ["Woonplaats: Rotterdam", "Rotterdam"],
    ["Indirizzo: Via Roma 10, 00184 Roma", "Via Roma 10, 00184 Roma"],
    ["Wohnhaft in Köln", "Köln"],
    ["Residente en Sevilla", "Sevilla"],
    ["C/ Mayor 12, 28013 Madrid · 612 345 678", "Madrid"],
    ["Keizersgracht 100, 1015 CV Amsterdam | 06 - 1234 5678", "Amsterdam"],
    ["ul. Długa 5, 31-147 Kraków", "Kraków"],
    ["Gdańsk | zofia.wojcik@example.net | +48 538 161 263", "Gdańsk"],
    ["Leipzig\nmiriam.wagner@example.org", "Leipzig"],
  ])("%s → %s", (text, location) => {
    expect(findLocation(toLines(text), null)).toBe(location);
  });
});

describe("whole resumes in other languages", () => {
  it("reads a Dutch resume whose name sits under a label in a personal-details block", () => {
    const candidate = parseResumeText(
      "Persoonlijke gegevens\nNaam: Sanne de Vries\nWoonplaats: Rotterdam\nWerkervaring\nData Engineer, Coolblue B.V.\nmei 2018 – heden",
      NOW,
    );
    expect(candidate.name).toBe("Sanne de Vries");
    expect(candidate.location).toBe("Rotterdam");
    expect(candidate.experience[0]).toMatchObject({
      company: "Coolblue B.V.",
      start: "2018-05",
      current: true,
    });
  });

  it("leaves the consent clause of Polish and Italian resumes out of the summary", () => {
    const candidate = parseResumeText(
      "Magdalena Nowak\nUMIEJĘTNOŚCI\nExcel, SAP FI\nWyrażam zgodę na przetwarzanie moich danych osobowych dla potrzeb niezbędnych do realizacji procesu rekrutacji.",
      NOW,
    );
    expect(candidate.summary).toBeNull();
    expect(candidate.skills).toEqual(["Excel", "SAP FI"]);
  });

  it("finds the name glued to a link written as label and target", () => {
    const candidate = parseResumeText(
      "Alessandro Colombo LinkedIn <https://www.linkedin.com/in/alessandro-colombo-74>\nFirenze · E-mail <a.colombo@example.net> · +39 397 946 3996",
      NOW,
    );
    expect(candidate.name).toBe("Alessandro Colombo");
    expect(candidate.location).toBe("Firenze");
  });

  it("reads 'Title presso Employer' and Italian legal forms", () => {
    const candidate = parseResumeText(
      "Marco Rossi\nESPERIENZA LAVORATIVA\nDa settembre 2020 ad oggi\nSviluppatore Backend presso Bending Spoons, Milano\nGennaio 2017 – Agosto 2020\nProgrammatore Java, Reply S.p.A., Torino",
      NOW,
    );
    expect(candidate.experience.map(({ company, title, current }) => ({ company, title, current }))).toEqual([
      { company: "Bending Spoons", title: "Sviluppatore Backend", current: true },
      { company: "Reply S.p.A.", title: "Programmatore Java", current: false },
    ]);
  });
});
