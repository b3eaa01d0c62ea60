import { describe, expect, it } from "vitest";
import { parseDate, type DateFormat, type DateOptions } from "./date.ts";
import type { Cell } from "./result.ts";

const today = new Date(Date.UTC(2024, 0, 5)); // 2024-01-05
const auto: DateOptions = { format: "auto", today };

describe("parseDate — serial numbers (UNFORMATTED_VALUE)", () => {
  it.each<[Cell, string]>([
    [45306, "2024-01-15"],
    [45306.75, "2024-01-15"], // the time of day is dropped
    [45306.999999, "2024-01-15"],
    [32874, "1990-01-01"],
    [36951, "2001-03-01"],
    [45351, "2024-02-29"], // leap day
    [73415, "2100-12-31"],
    ["45306", "2024-01-15"], // a serial shown as text
    ["45306.5", "2024-01-15"],
  ])("%j → %s", (cell, iso) => {
    expect(parseDate(cell, auto)).toEqual({ ok: true, value: iso });
  });

  it("reads serials whatever the text format setting is", () => {
    for (const format of ["serial", "MM/DD/YYYY", "DD/MM/YYYY", "YYYY-MM-DD"] as DateFormat[]) {
      expect(parseDate(45306, { format })).toEqual({ ok: true, value: "2024-01-15" });
    }
  });

  it.each<[Cell, string]>([
    [12345, "“12345” is not a date in 1990–2100 (as a spreadsheet date number it would be 1933-10-18)"],
    [80000, "“80000” is not a date in 1990–2100 (as a spreadsheet date number it would be 2119-01-11)"],
    [-5, "“-5” is not a date"],
  ])("%j is out of range", (cell, message) => {
    expect(parseDate(cell, auto)).toEqual({ ok: false, code: "out_of_range", message });
  });
});

describe("parseDate — text dates", () => {
  it.each<[Cell, DateFormat, string]>([
    ["1/15/2024", "auto", "2024-01-15"],
    ["01/15/2024", "MM/DD/YYYY", "2024-01-15"],
    ["01/15/24", "auto", "2024-01-15"],
    ["1-15-2024", "MM/DD/YYYY", "2024-01-15"],
    ["1.15.2024", "auto", "2024-01-15"],
    ["15/01/2024", "DD/MM/YYYY", "2024-01-15"],
    ["15/01/2024", "auto", "2024-01-15"], // first part > 12 must be the day
    ["03/04/2024", "DD/MM/YYYY", "2024-04-03"],
    ["03/04/2024", "MM/DD/YYYY", "2024-03-04"],
    ["2024-01-15", "auto", "2024-01-15"],
    ["2024-01-15", "DD/MM/YYYY", "2024-01-15"], // ISO is unambiguous in every format
    ["2024/1/5", "YYYY-MM-DD", "2024-01-05"],
    ["20240115", "auto", "2024-01-15"],
    ["2024-01-15T10:00:00Z", "auto", "2024-01-15"],
    ["1/15/2024 9:30:00", "auto", "2024-01-15"],
    ["1/15/2024 9:30 PM", "auto", "2024-01-15"],
    ["15-Jan-2024", "auto", "2024-01-15"],
    ["15 Jan 2024", "MM/DD/YYYY", "2024-01-15"],
    ["15-jan-24", "auto", "2024-01-15"],
    ["Jan 15, 2024", "auto", "2024-01-15"],
    ["January 15th, 2024", "auto", "2024-01-15"],
    ["Sept. 3, 2024", "auto", "2024-09-03"],
    ["Monday, January 15, 2024", "auto", "2024-01-15"],
    ["Mon 1/15/2024", "auto", "2024-01-15"],
    ["1/15/2024 (Mon)", "auto", "2024-01-15"],
    ["Jan-24", "auto", "2024-01-01"], // month format of monthly summary sheets
    ["Jan 2024", "auto", "2024-01-01"],
    ["January 2024", "auto", "2024-01-01"],
    ["2024-01", "auto", "2024-01-01"],
    ["Jan 24", "auto", "2024-01-24"], // with a space: January 24
    ["\u00A01/15/2024\u00A0", "auto", "2024-01-15"],
    ["2/29/2024", "auto", "2024-02-29"],
    ["2/29/2000", "auto", "2000-02-29"],
  ])("%j (%s) → %s", (cell, format, iso) => {
    expect(parseDate(cell, { format, today })).toEqual({ ok: true, value: iso });
  });

  it("uses US order for an ambiguous date in auto and flags it", () => {
    expect(parseDate("03/04/2024", auto)).toEqual({ ok: true, value: "2024-03-04", ambiguous: true });
  });

  it("does not flag dates whose order cannot matter", () => {
    expect(parseDate("04/04/2024", auto)).toEqual({ ok: true, value: "2024-04-04" });
    expect(parseDate("01/15/2024", auto)).toEqual({ ok: true, value: "2024-01-15" });
  });

  it("does not flag ambiguity when the format is explicit", () => {
    expect(parseDate("03/04/2024", { format: "MM/DD/YYYY" })).toEqual({ ok: true, value: "2024-03-04" });
  });

  it("fills a missing year with the year closest to today", () => {
    expect(parseDate("12/28", auto)).toEqual({ ok: true, value: "2023-12-28" });
    expect(parseDate("1/10", auto)).toEqual({ ok: true, value: "2024-01-10", ambiguous: true });
    expect(parseDate("15 Mar", auto)).toEqual({ ok: true, value: "2024-03-15" });
    expect(parseDate("2/29", auto)).toEqual({ ok: true, value: "2024-02-29" });
  });
});

describe("parseDate — month tabs", () => {
  const tab: DateOptions = { format: "auto", monthTab: "Jan-24", today };
  it.each<[Cell, string, string]>([
    [15, "Jan-24", "2024-01-15"],
    ["15", "Jan-24", "2024-01-15"],
    ["Mon 15", "Jan-24", "2024-01-15"],
    ["Monday 15th", "Jan-24", "2024-01-15"],
    ["1", "February 2024", "2024-02-01"],
    ["29", "Feb 2024", "2024-02-29"],
    [31, "2024-03", "2024-03-31"],
    ["12/28", "Jan-24", "2024-12-28"], // a year-less date takes the tab's year
    ["1/15/2023", "Jan-24", "2023-01-15"], // a full date is taken as written
  ])("%j in tab %s → %s", (cell, monthTab, iso) => {
    expect(parseDate(cell, { ...tab, monthTab })).toEqual({ ok: true, value: iso });
  });

  it("rejects a day that month does not have", () => {
    expect(parseDate("30", { monthTab: "Feb-24" })).toEqual({
      ok: false,
      code: "invalid_date",
      message: "“30” is not a real date: February 30 does not exist",
    });
  });

  it("explains a day-only cell without a month tab", () => {
    expect(parseDate("15", auto)).toEqual({
      ok: false,
      code: "missing_context",
      message: "“15” is only a day of the month, and there is no month tab to say which month",
    });
    expect(parseDate(15, { monthTab: "Summary" })).toEqual({
      ok: false,
      code: "missing_context",
      message: "“15” is only a day of the month, and the tab name “Summary” does not say which month",
    });
  });
});

describe("parseDate — rejected values", () => {
  it.each<[Cell, DateFormat, string, string]>([
    ["2/30/2024", "auto", "invalid_date", "“2/30/2024” is not a real date: February 30 does not exist"],
    ["2/29/2023", "auto", "invalid_date", "“2/29/2023” is not a real date: February 29 does not exist in 2023"],
    ["4/31/2024", "MM/DD/YYYY", "invalid_date", "“4/31/2024” is not a real date: April 31 does not exist"],
    ["13/13/2024", "auto", "invalid_date", "“13/13/2024” is not a real date: there is no month 13"],
    ["2024-13-01", "auto", "invalid_date", "“2024-13-01” is not a real date: there is no month 13"],
    ["1/0/2024", "auto", "invalid_date", "“1/0/2024” is not a real date: January 0 does not exist"],
    ["31-Feb-2024", "auto", "invalid_date", "“31-Feb-2024” is not a real date: February 31 does not exist"],
    ["1/15/1989", "auto", "out_of_range", "“1/15/1989” is not accepted: the year 1989 is outside 1990–2100"],
    ["2101-01-01", "auto", "out_of_range", "“2101-01-01” is not accepted: the year 2101 is outside 1990–2100"],
    [
      "15/01/2024",
      "MM/DD/YYYY",
      "invalid_date",
      "“15/01/2024” has no month 15 in the column's date format MM/DD/YYYY; if this sheet writes the day first, choose DD/MM/YYYY",
    ],
    [
      "01/15/2024",
      "DD/MM/YYYY",
      "invalid_date",
      "“01/15/2024” has no month 15 in the column's date format DD/MM/YYYY; if this sheet writes the month first, choose MM/DD/YYYY",
    ],
    ["1/15/2024", "YYYY-MM-DD", "invalid_format", "“1/15/2024” does not match the column's date format YYYY-MM-DD"],
    ["yesterday", "auto", "invalid_format", "“yesterday” is not a date"],
    ["Smarch 3, 2024", "auto", "invalid_format", "“Smarch 3, 2024” is not a date"],
    ["12.5", "auto", "invalid_format", "“12.5” is not a date"],
    [true, "auto", "invalid_type", "A TRUE/FALSE checkbox is not a date"],
  ])("%j (%s) is rejected", (cell, format, code, message) => {
    expect(parseDate(cell, { format, today })).toEqual({ ok: false, code, message });
  });

  it.each<Cell>([null, undefined, "", "  ", "-", "—"])("%j is blank", (cell) => {
    expect(parseDate(cell, auto)).toEqual({ ok: true, value: null, blank: true });
  });
});
