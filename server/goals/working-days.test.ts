import { describe, expect, it } from "vitest";
import { addDays, fromEpochDay, rangeLength, toEpochDay } from "../metrics/iso-date.ts";
import {
  DEFAULT_WORKING_CALENDAR,
  type WorkingCalendar,
  WorkingCalendarSchema,
  countWorkingDays,
  isWorkingDay,
} from "./working-days.ts";

const monToSat: WorkingCalendar = {
  weekdays: [1, 2, 3, 4, 5, 6],
  closedDates: ["2024-03-29", "2024-03-10"], // Good Friday; a Sunday (already closed)
  extraOpenDates: ["2024-03-31"], // Easter Sunday clinic
};

describe("isWorkingDay", () => {
  it("uses weekdays by default", () => {
    expect(isWorkingDay("2024-03-15", DEFAULT_WORKING_CALENDAR)).toBe(true); // Friday
    expect(isWorkingDay("2024-03-16", DEFAULT_WORKING_CALENDAR)).toBe(false); // Saturday
    expect(isWorkingDay("2024-03-17", DEFAULT_WORKING_CALENDAR)).toBe(false); // Sunday
  });

  it("applies closures and extra open days; closed wins over extra-open", () => {
    expect(isWorkingDay("2024-03-16", monToSat)).toBe(true);
    expect(isWorkingDay("2024-03-29", monToSat)).toBe(false);
    expect(isWorkingDay("2024-03-31", monToSat)).toBe(true);
    const both: WorkingCalendar = { weekdays: [1, 2, 3, 4, 5], closedDates: ["2024-03-17"], extraOpenDates: ["2024-03-17"] };
    expect(isWorkingDay("2024-03-17", both)).toBe(false);
  });
});

describe("countWorkingDays", () => {
  it("counts Mon–Fri in hand-checked months", () => {
    expect(countWorkingDays("2024-03-01", "2024-03-31", DEFAULT_WORKING_CALENDAR)).toBe(21);
    expect(countWorkingDays("2024-02-01", "2024-02-29", DEFAULT_WORKING_CALENDAR)).toBe(21);
    expect(countWorkingDays("2024-01-01", "2024-01-31", DEFAULT_WORKING_CALENDAR)).toBe(23);
    expect(countWorkingDays("2023-12-01", "2023-12-31", DEFAULT_WORKING_CALENDAR)).toBe(21);
    expect(countWorkingDays("2024-01-01", "2024-12-31", DEFAULT_WORKING_CALENDAR)).toBe(262);
  });

  it("is inclusive at both ends and 0 for an empty range", () => {
    expect(countWorkingDays("2024-03-15", "2024-03-15", DEFAULT_WORKING_CALENDAR)).toBe(1);
    expect(countWorkingDays("2024-03-16", "2024-03-17", DEFAULT_WORKING_CALENDAR)).toBe(0);
    expect(countWorkingDays("2024-03-15", "2024-03-14", DEFAULT_WORKING_CALENDAR)).toBe(0);
  });

  it("custom calendar: Saturdays open, a holiday, an extra open Sunday", () => {
    // Mon–Fri 21 + five Saturdays (2, 9, 16, 23, 30) − Good Friday + Easter Sunday.
    expect(countWorkingDays("2024-03-01", "2024-03-31", monToSat)).toBe(21 + 5 - 1 + 1);
    // Closures outside the range and duplicates change nothing.
    const dupes = { ...monToSat, closedDates: [...monToSat.closedDates, "2024-03-29", "2024-04-01"] };
    expect(countWorkingDays("2024-03-01", "2024-03-31", dupes)).toBe(26);
  });

  it("a clinic with no weekdays works only its extra days", () => {
    const cal: WorkingCalendar = { weekdays: [], closedDates: [], extraOpenDates: ["2024-03-05", "2024-03-05"] };
    expect(countWorkingDays("2024-03-01", "2024-03-31", cal)).toBe(1);
  });

  it("matches a day-by-day count for random calendars and ranges", () => {
    let seed = 1;
    const rand = (max: number) => {
      seed = (seed * 16_807) % 2_147_483_647;
      return seed % max;
    };
    const dateNear = () => fromEpochDay(toEpochDay("2024-01-01") + rand(120));
    for (let trial = 0; trial < 300; trial++) {
      const cal: WorkingCalendar = {
        weekdays: [0, 1, 2, 3, 4, 5, 6].filter(() => rand(3) > 0),
        closedDates: Array.from({ length: rand(6) }, dateNear),
        extraOpenDates: Array.from({ length: rand(6) }, dateNear),
      };
      const from = dateNear();
      const to = addDays(from, rand(100) - 5);
      let brute = 0;
      for (let i = 0; i < rangeLength(from, to); i++) if (isWorkingDay(addDays(from, i), cal)) brute++;
      expect(countWorkingDays(from, to, cal)).toBe(brute);
    }
  });
});

describe("WorkingCalendarSchema", () => {
  it("fills defaults", () => {
    expect(WorkingCalendarSchema.parse({})).toEqual({ weekdays: [1, 2, 3, 4, 5], closedDates: [] });
  });

  it("accepts a full calendar", () => {
    expect(WorkingCalendarSchema.parse(monToSat)).toEqual(monToSat);
  });

  it.each([
    ["weekday out of range", { weekdays: [1, 7] }],
    ["fractional weekday", { weekdays: [1.5] }],
    ["repeated weekday", { weekdays: [1, 1] }],
    ["invalid closed date", { closedDates: ["2023-02-29"] }],
    ["invalid extra date", { extraOpenDates: ["next tuesday"] }],
    ["unknown key", { holidays: [] }],
  ])("rejects %s", (_name, input) => {
    expect(WorkingCalendarSchema.safeParse(input).success).toBe(false);
  });
});
