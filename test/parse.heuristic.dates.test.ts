import { describe, expect, it } from "vitest";
import { findDateSpan, withoutDates } from "../src/parse/heuristic/dates.ts";

function span(text: string) {
  const match = findDateSpan(text);
  return match === null ? null : { start: match.start, end: match.end, current: match.current };
}

describe("findDateSpan", () => {
  it.each([
    ["Jan 2019 – Present", "2019-01", null, true],
    ["January 2019 - Current", "2019-01", null, true],
    ["03/2017 - 12/2018", "2017-03", "2018-12", false],
    ["2017-03 to 2018-12", "2017-03", "2018-12", false],
    ["2015–2017", "2015", "2017", false],
    ["2015-2017", "2015", "2017", false],
    ["2015 - now", "2015", null, true],
    ["September 2012 to May 2014", "2012-09", "2014-05", false],
    ["Sept. 2012 – Dec. 2013", "2012-09", "2013-12", false],
    ["Q3 2019 – Present", "2019", null, true],
    ["Summer 2014 - Fall 2015", "2014", "2015", false],
    ["Jan 2019-2020", "2019-01", "2020", false],
    ["04.2015 – 10.2019", "2015-04", "2019-10", false],
    ["March 2019 to date", "2019-03", null, true],
    ["2019 – Today", "2019", null, true],
    ["since 2020", "2020", null, true],
    ["January, 2019 – May, 2020", "2019-01", "2020-05", false],
  ])("%s", (text, start, end, current) => {
    expect(span(text)).toEqual({ start, end, current });
  });

  it.each([
    ["enero 2020 – actualidad", "2020-01", null, true],
    ["mar. 2016 – dic. 2019", "2016-03", "2019-12", false],
    ["septiembre de 2015 a junio de 2017", "2015-09", "2017-06", false],
    ["janvier 2020 – aujourd'hui", "2020-01", null, true],
    ["sept. 2016 - déc. 2019", "2016-09", "2019-12", false],
    ["févr. 2014 – août 2015", "2014-02", "2015-08", false],
    ["März 2015 – Februar 2019", "2015-03", "2019-02", false],
    ["03/2019 – heute", "2019-03", null, true],
    ["seit 2021", "2021", null, true],
    ["Okt. 2010 bis Dez. 2012", "2010-10", "2012-12", false],
    ["jan 2018 – atual", "2018-01", null, true],
    ["ago. 2014 - dez. 2017", "2014-08", "2017-12", false],
    ["2019年3月 - 至今", "2019-03", null, true],
    ["2015年4月〜2019年3月", "2015-04", "2019-03", false],
    ["2019년 3월 ~ 현재", "2019-03", null, true],
    ["2018.03 - 2020.12", "2018-03", "2020-12", false],
  ])("non-English: %s", (text, start, end, current) => {
    expect(span(text)).toEqual({ start, end, current });
  });

  it("finds a range inside a header line and removes it cleanly", () => {
    const text = "Senior Engineer — Acme Inc. | Austin, TX | Jan 2019 – Present";
    const match = findDateSpan(text);
    expect(match).not.toBeNull();
    if (match === null) return;
    expect(withoutDates(text, match)).toBe("Senior Engineer — Acme Inc. | Austin, TX");
  });

  it("removes parenthesized dates without leaving empty brackets", () => {
    const text = "MSc in Applied Mathematics (2013)";
    const match = findDateSpan(text);
    expect(match && withoutDates(text, match)).toBe("MSc in Applied Mathematics");
  });

  it("keeps the word before a bare year in the text", () => {
    const text = "Acme Corp 2019";
    const match = findDateSpan(text);
    expect(match?.start).toBe("2019");
    expect(match && withoutDates(text, match)).toBe("Acme Corp");
  });

  it("reads a lone date as a start with no end and not current", () => {
    expect(findDateSpan("Software Engineering Intern, Summer 2014")).toMatchObject({
      start: "2014",
      end: null,
      current: false,
      range: false,
    });
  });

  it.each(["No dates here", "Built 3 services in 12 weeks", "13/2019", "WCAG 2.1", "", "Present"])(
    "finds no date in %j",
    (text) => {
      expect(findDateSpan(text)).toBeNull();
    },
  );

  it("ignores years outside 1950–2099", () => {
    expect(findDateSpan("Founded 1848")).toBeNull();
  });
});
