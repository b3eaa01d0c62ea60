import { describe, expect, it } from "vitest";
import { addDays, fromEpochDay, parseIsoDate, toEpochDay } from "./iso-date.ts";
import {
  enumeratePeriods,
  formatIsoWeek,
  isGrain,
  isoWeek,
  isPeriodEnd,
  isPeriodStart,
  periodEnd,
  periodOf,
  periodStart,
} from "./period-grains.ts";

describe("periodStart / periodEnd", () => {
  it("day is the date itself", () => {
    expect(periodOf("2024-02-29", "day")).toEqual({ grain: "day", start: "2024-02-29", end: "2024-02-29" });
  });

  it("weeks run Monday to Sunday, across month and year ends", () => {
    expect(periodOf("2024-02-29", "week")).toEqual({ grain: "week", start: "2024-02-26", end: "2024-03-03" });
    expect(periodOf("2024-12-31", "week")).toEqual({ grain: "week", start: "2024-12-30", end: "2025-01-05" });
    expect(periodStart("2023-01-01", "week")).toBe("2022-12-26"); // a Sunday belongs to the week before
    expect(periodStart("2024-03-04", "week")).toBe("2024-03-04"); // a Monday starts its own week
  });

  it("months know their length, including February", () => {
    expect(periodOf("2024-02-10", "month")).toEqual({ grain: "month", start: "2024-02-01", end: "2024-02-29" });
    expect(periodEnd("2023-02-10", "month")).toBe("2023-02-28");
    expect(periodEnd("2024-12-01", "month")).toBe("2024-12-31");
  });

  it("quarters", () => {
    expect(periodOf("2024-05-20", "quarter")).toEqual({ grain: "quarter", start: "2024-04-01", end: "2024-06-30" });
    expect(periodOf("2024-03-31", "quarter")).toEqual({ grain: "quarter", start: "2024-01-01", end: "2024-03-31" });
    expect(periodOf("2024-12-31", "quarter")).toEqual({ grain: "quarter", start: "2024-10-01", end: "2024-12-31" });
    expect(periodOf("2024-08-01", "quarter")).toEqual({ grain: "quarter", start: "2024-07-01", end: "2024-09-30" });
  });

  it("years", () => {
    expect(periodOf("2024-07-04", "year")).toEqual({ grain: "year", start: "2024-01-01", end: "2024-12-31" });
  });

  it("boundary predicates", () => {
    expect(isPeriodStart("2024-04-01", "quarter")).toBe(true);
    expect(isPeriodStart("2024-05-01", "quarter")).toBe(false);
    expect(isPeriodEnd("2024-02-29", "month")).toBe(true);
    expect(isPeriodEnd("2024-03-03", "week")).toBe(true);
  });

  it("validates inputs", () => {
    expect(() => periodStart("2023-02-29", "month")).toThrow(RangeError);
    expect(() => periodEnd("2023-02-29", "day")).toThrow(RangeError);
    expect(isGrain("week")).toBe(true);
    expect(isGrain("fortnight")).toBe(false);
  });
});

describe("enumeratePeriods", () => {
  it("lists months overlapping the range with full bounds, across a year end", () => {
    expect(enumeratePeriods("2023-11-15", "2024-02-10", "month")).toEqual([
      { grain: "month", start: "2023-11-01", end: "2023-11-30" },
      { grain: "month", start: "2023-12-01", end: "2023-12-31" },
      { grain: "month", start: "2024-01-01", end: "2024-01-31" },
      { grain: "month", start: "2024-02-01", end: "2024-02-29" },
    ]);
  });

  it("lists quarters and ISO weeks", () => {
    expect(enumeratePeriods("2023-11-15", "2024-02-10", "quarter").map((p) => p.start)).toEqual([
      "2023-10-01",
      "2024-01-01",
    ]);
    expect(enumeratePeriods("2024-12-28", "2025-01-06", "week").map((p) => [p.start, p.end])).toEqual([
      ["2024-12-23", "2024-12-29"],
      ["2024-12-30", "2025-01-05"],
      ["2025-01-06", "2025-01-12"],
    ]);
  });

  it("lists days inclusively and returns [] for an empty range", () => {
    expect(enumeratePeriods("2024-02-28", "2024-03-01", "day").map((p) => p.start)).toEqual([
      "2024-02-28",
      "2024-02-29",
      "2024-03-01",
    ]);
    expect(enumeratePeriods("2024-03-02", "2024-03-01", "day")).toEqual([]);
  });

  it("periods are contiguous and non-overlapping", () => {
    for (const grain of ["week", "month", "quarter", "year"] as const) {
      const periods = enumeratePeriods("2019-06-15", "2025-03-03", grain);
      for (let i = 1; i < periods.length; i++) {
        expect(periods[i]!.start).toBe(addDays(periods[i - 1]!.end, 1));
      }
    }
  });
});

describe("isoWeek", () => {
  it.each([
    ["2020-12-31", 2020, 53],
    ["2021-01-03", 2020, 53],
    ["2021-01-04", 2021, 1],
    ["2024-12-30", 2025, 1],
    ["2025-01-01", 2025, 1],
    ["2024-01-01", 2024, 1],
    ["2023-01-01", 2022, 52],
    ["2026-12-31", 2026, 53],
    ["2024-02-29", 2024, 9],
  ])("%s is %i-W%i", (date, year, week) => {
    expect(isoWeek(date)).toEqual({ year, week });
  });

  it("formats as YYYY-Www", () => {
    expect(formatIsoWeek(isoWeek("2021-01-03"))).toBe("2020-W53");
    expect(formatIsoWeek({ year: 2025, week: 1 })).toBe("2025-W01");
  });

  it("holds ISO-8601 invariants for every day 1999–2031", () => {
    let prev = isoWeek("1998-12-31");
    for (let d = toEpochDay("1999-01-01"); d <= toEpochDay("2031-12-31"); d++) {
      const date = fromEpochDay(d);
      const w = isoWeek(date);
      const monday = periodStart(date, "week");
      // Every day of a week shares the week of its Monday …
      expect(w).toEqual(isoWeek(monday));
      // … whose week-year is the calendar year of its Thursday.
      expect(w.year).toBe(parseIsoDate(addDays(monday, 3)).year);
      // Jan 4 is always in week 1.
      if (date.endsWith("-01-04")) expect(w.week).toBe(1);
      // Week numbers step by one or restart at 1 on Mondays.
      if (monday === date) {
        expect(w.week === prev.week + 1 || (w.week === 1 && w.year === prev.year + 1)).toBe(true);
      }
      expect(w.week).toBeGreaterThanOrEqual(1);
      expect(w.week).toBeLessThanOrEqual(53);
      prev = w;
    }
  });
});
