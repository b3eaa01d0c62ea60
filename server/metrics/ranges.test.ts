import { describe, expect, it } from "vitest";
import { rangeLength } from "./iso-date.ts";
import { formatRangeLabel, isRangePreset, previousRange, resolveRange, sameRangeLastYear } from "./ranges.ts";

const r = (from: string, to: string) => ({ from, to });

describe("resolveRange", () => {
  it("this_month is month-to-date including today", () => {
    expect(resolveRange("this_month", "2024-03-15")).toEqual({
      from: "2024-03-01",
      to: "2024-03-15",
      label: "This month (Mar 1 – 15, 2024)",
      preset: "this_month",
    });
  });

  it("this_month on the 1st is a single day", () => {
    expect(resolveRange("this_month", "2024-03-01")).toMatchObject({
      from: "2024-03-01",
      to: "2024-03-01",
      label: "This month (Mar 1, 2024)",
    });
  });

  it("last_month is the whole previous calendar month, across a year end", () => {
    expect(resolveRange("last_month", "2024-03-15")).toMatchObject(r("2024-02-01", "2024-02-29"));
    expect(resolveRange("last_month", "2024-01-10")).toMatchObject({
      ...r("2023-12-01", "2023-12-31"),
      label: "Last month (Dec 1 – 31, 2023)",
    });
  });

  it("quarter_to_date and year_to_date", () => {
    expect(resolveRange("quarter_to_date", "2024-05-20")).toMatchObject({
      ...r("2024-04-01", "2024-05-20"),
      label: "Quarter to date (Apr 1 – May 20, 2024)",
    });
    expect(resolveRange("year_to_date", "2024-03-15")).toMatchObject(r("2024-01-01", "2024-03-15"));
  });

  it("trailing_12_months is the rolling year ending today", () => {
    expect(resolveRange("trailing_12_months", "2024-03-15")).toMatchObject({
      ...r("2023-03-16", "2024-03-15"),
      label: "Last 12 months (Mar 16, 2023 – Mar 15, 2024)",
    });
    expect(resolveRange("trailing_12_months", "2024-02-29")).toMatchObject(r("2023-03-01", "2024-02-29"));
  });

  it("custom ranges are validated", () => {
    expect(resolveRange("custom", "2024-03-15", r("2023-12-01", "2024-01-31"))).toEqual({
      ...r("2023-12-01", "2024-01-31"),
      label: "Dec 1, 2023 – Jan 31, 2024",
      preset: "custom",
    });
    expect(() => resolveRange("custom", "2024-03-15")).toThrow(RangeError);
    expect(() => resolveRange("custom", "2024-03-15", r("2024-02-02", "2024-02-01"))).toThrow(/after it ends/);
    expect(() => resolveRange("custom", "2024-03-15", r("2023-02-29", "2024-02-01"))).toThrow(RangeError);
  });

  it("rejects an invalid today", () => {
    expect(() => resolveRange("this_month", "2024-02-30")).toThrow(RangeError);
  });

  it("recognises presets", () => {
    expect(isRangePreset("year_to_date")).toBe(true);
    expect(isRangePreset("last_week")).toBe(false);
  });
});

describe("previousRange", () => {
  it.each([
    ["a calendar month → previous month (leap Feb)", r("2024-03-01", "2024-03-31"), r("2024-02-01", "2024-02-29")],
    ["month-to-date → same days of the previous month", r("2024-03-01", "2024-03-15"), r("2024-02-01", "2024-02-15")],
    ["month-to-date clamped to a shorter month", r("2024-03-01", "2024-03-30"), r("2024-02-01", "2024-02-29")],
    ["a 30-day month → the whole 31-day month before", r("2024-04-01", "2024-04-30"), r("2024-03-01", "2024-03-31")],
    ["May 1–30 → all of April", r("2024-05-01", "2024-05-30"), r("2024-04-01", "2024-04-30")],
    ["January → December of the previous year", r("2024-01-01", "2024-01-31"), r("2023-12-01", "2023-12-31")],
    ["a single first-of-month day", r("2024-03-01", "2024-03-01"), r("2024-02-01", "2024-02-01")],
    ["a full quarter → previous quarter", r("2024-04-01", "2024-06-30"), r("2024-01-01", "2024-03-31")],
    ["Q1 → Q4 of the previous year", r("2024-01-01", "2024-03-31"), r("2023-10-01", "2023-12-31")],
    ["quarter-to-date → previous quarter to the same day", r("2024-04-01", "2024-05-20"), r("2024-01-01", "2024-02-20")],
    ["a full year → previous year", r("2024-01-01", "2024-12-31"), r("2023-01-01", "2023-12-31")],
    ["whole months not aligned to a quarter", r("2024-02-01", "2024-03-31"), r("2023-12-01", "2024-01-31")],
    ["a rolling year → the rolling year before", r("2023-03-16", "2024-03-15"), r("2022-03-16", "2023-03-15")],
    ["a rolling year ending Feb 29", r("2023-03-01", "2024-02-29"), r("2022-03-01", "2023-02-28")],
    ["an arbitrary range → same length immediately before", r("2024-03-05", "2024-03-20"), r("2024-02-18", "2024-03-04")],
    ["a single mid-month day → the day before", r("2024-03-10", "2024-03-10"), r("2024-03-09", "2024-03-09")],
  ])("%s", (_name, range, expected) => {
    expect(previousRange(range)).toEqual(expected);
  });

  it("same-length fallback keeps the length", () => {
    const prev = previousRange(r("2024-02-20", "2024-03-10"));
    expect(rangeLength(prev.from, prev.to)).toBe(rangeLength("2024-02-20", "2024-03-10"));
    expect(prev.to).toBe("2024-02-19");
  });

  it("this_month resolved on Mar 31 compares with Feb 1–29", () => {
    expect(previousRange(resolveRange("this_month", "2024-03-31"))).toEqual(r("2024-02-01", "2024-02-29"));
  });

  it("the preset pins year-to-date to last year's year-to-date", () => {
    const ytd = resolveRange("year_to_date", "2024-02-10");
    expect(previousRange(ytd)).toEqual(r("2023-01-01", "2023-02-10"));
    // The same dates with no preset read as quarter-to-date.
    expect(previousRange(r("2024-01-01", "2024-02-10"))).toEqual(r("2023-10-01", "2023-11-10"));
  });

  it("quarter_to_date and trailing_12_months presets", () => {
    expect(previousRange(resolveRange("quarter_to_date", "2024-05-31"))).toEqual(r("2024-01-01", "2024-02-29"));
    expect(previousRange(resolveRange("trailing_12_months", "2024-03-15"))).toEqual(r("2022-03-16", "2023-03-15"));
  });

  it("throws for an inverted range", () => {
    expect(() => previousRange(r("2024-03-02", "2024-03-01"))).toThrow(RangeError);
  });
});

describe("sameRangeLastYear", () => {
  it.each([
    ["leap day → Feb 28", r("2024-02-29", "2024-02-29"), r("2023-02-28", "2023-02-28")],
    ["leap February → February", r("2024-02-01", "2024-02-29"), r("2023-02-01", "2023-02-28")],
    ["February → leap February keeps the month end", r("2025-02-01", "2025-02-28"), r("2024-02-01", "2024-02-29")],
    ["month-to-date", r("2024-03-01", "2024-03-15"), r("2023-03-01", "2023-03-15")],
    ["a year", r("2024-01-01", "2024-12-31"), r("2023-01-01", "2023-12-31")],
    ["a range starting on Feb 29", r("2024-02-29", "2024-03-10"), r("2023-02-28", "2023-03-10")],
    ["Feb 28 in a leap year is not a month end", r("2024-02-10", "2024-02-28"), r("2023-02-10", "2023-02-28")],
  ])("%s", (_name, range, expected) => {
    expect(sameRangeLastYear(range)).toEqual(expected);
  });

  it("throws for an inverted range", () => {
    expect(() => sameRangeLastYear(r("2024-03-02", "2024-03-01"))).toThrow(RangeError);
  });
});

describe("formatRangeLabel", () => {
  it.each([
    [r("2024-03-15", "2024-03-15"), "Mar 15, 2024"],
    [r("2024-03-01", "2024-03-15"), "Mar 1 – 15, 2024"],
    [r("2024-02-01", "2024-03-15"), "Feb 1 – Mar 15, 2024"],
    [r("2023-12-01", "2024-01-31"), "Dec 1, 2023 – Jan 31, 2024"],
  ])("%j → %s", (range, label) => {
    expect(formatRangeLabel(range)).toBe(label);
  });
});
