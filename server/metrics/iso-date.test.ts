import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  addYears,
  compareDates,
  dayOfWeek,
  daysInMonth,
  diffDays,
  fromEpochDay,
  isIsoDate,
  isLastDayOfMonth,
  isLeapYear,
  isoDateFromUtc,
  isoDateToUtcDate,
  isWithin,
  lastDayOfMonth,
  maxDate,
  minDate,
  parseIsoDate,
  rangeLength,
  toEpochDay,
} from "./iso-date.ts";

describe("parseIsoDate / isIsoDate", () => {
  it("accepts real days including leap day", () => {
    expect(parseIsoDate("2024-02-29")).toEqual({ year: 2024, month: 2, day: 29 });
    expect(isIsoDate("2000-02-29")).toBe(true);
  });

  it.each(["2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-1-01", "2024-01-01 ", "20240101", ""])(
    "rejects %j",
    (bad) => {
      expect(isIsoDate(bad)).toBe(false);
      expect(() => parseIsoDate(bad)).toThrow(RangeError);
    },
  );

  it("rejects non-strings", () => {
    expect(isIsoDate(20240101)).toBe(false);
    expect(isIsoDate(null)).toBe(false);
  });
});

describe("leap years and month lengths", () => {
  it("follows the Gregorian rules", () => {
    expect([1900, 2000, 2023, 2024].map(isLeapYear)).toEqual([false, true, false, true]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2024, 4)).toBe(30);
    expect(daysInMonth(2024, 12)).toBe(31);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(() => daysInMonth(2024, 13)).toThrow(RangeError);
  });
});

describe("epoch days and day arithmetic", () => {
  it("round-trips through epoch days", () => {
    expect(toEpochDay("1970-01-01")).toBe(0);
    expect(toEpochDay("1970-01-02")).toBe(1);
    expect(fromEpochDay(toEpochDay("2024-02-29"))).toBe("2024-02-29");
    expect(fromEpochDay(-1)).toBe("1969-12-31");
  });

  it("adds days across month, leap-day and year boundaries", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2023-02-28", 1)).toBe("2023-03-01");
    expect(addDays("2024-12-31", 1)).toBe("2025-01-01");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
  });

  it("measures differences and inclusive lengths", () => {
    expect(diffDays("2024-02-28", "2024-03-01")).toBe(2);
    expect(diffDays("2023-02-28", "2023-03-01")).toBe(1);
    expect(rangeLength("2024-01-01", "2024-12-31")).toBe(366);
    expect(rangeLength("2024-03-10", "2024-03-10")).toBe(1);
    expect(rangeLength("2024-03-10", "2024-03-09")).toBe(0);
  });

  it("compares, min and max", () => {
    expect(compareDates("2024-01-31", "2024-02-01")).toBe(-1);
    expect(compareDates("2024-02-01", "2024-02-01")).toBe(0);
    expect(minDate("2024-05-01", "2024-04-30")).toBe("2024-04-30");
    expect(maxDate("2024-05-01", "2024-04-30")).toBe("2024-05-01");
    expect(isWithin("2024-03-31", { from: "2024-03-01", to: "2024-03-31" })).toBe(true);
    expect(isWithin("2024-04-01", { from: "2024-03-01", to: "2024-03-31" })).toBe(false);
  });
});

describe("addMonths / addYears", () => {
  it("clamps to the end of shorter months", () => {
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2023-01-31", 1)).toBe("2023-02-28");
    expect(addMonths("2024-03-31", -1)).toBe("2024-02-29");
    expect(addMonths("2024-05-31", -1)).toBe("2024-04-30");
  });

  it("crosses year boundaries both ways", () => {
    expect(addMonths("2023-12-15", 1)).toBe("2024-01-15");
    expect(addMonths("2024-01-15", -1)).toBe("2023-12-15");
    expect(addMonths("2024-01-15", -13)).toBe("2022-12-15");
    expect(addMonths("2024-11-30", 3)).toBe("2025-02-28");
  });

  it("maps Feb 29 to Feb 28 in non-leap years", () => {
    expect(addYears("2024-02-29", -1)).toBe("2023-02-28");
    expect(addYears("2024-02-29", 4)).toBe("2028-02-29");
    expect(addYears("2023-03-01", 1)).toBe("2024-03-01");
  });

  it("rejects fractional months", () => {
    expect(() => addMonths("2024-01-15", 1.5)).toThrow(RangeError);
  });
});

describe("weekday and month helpers", () => {
  it("numbers weekdays 0 = Sunday … 6 = Saturday", () => {
    expect(dayOfWeek("1970-01-01")).toBe(4); // Thursday
    expect(dayOfWeek("2024-02-29")).toBe(4); // Thursday
    expect(dayOfWeek("2024-03-15")).toBe(5); // Friday
    expect(dayOfWeek("2024-03-17")).toBe(0); // Sunday
    expect(dayOfWeek("1969-12-28")).toBe(0); // before the epoch
  });

  it("agrees with Date#getUTCDay over many days", () => {
    for (let d = toEpochDay("1999-12-20"); d < toEpochDay("2001-01-10"); d++) {
      expect(dayOfWeek(fromEpochDay(d))).toBe(new Date(d * 86_400_000).getUTCDay());
    }
  });

  it("finds month ends", () => {
    expect(lastDayOfMonth("2024-02-10")).toBe("2024-02-29");
    expect(isLastDayOfMonth("2023-02-28")).toBe(true);
    expect(isLastDayOfMonth("2024-02-28")).toBe(false);
  });
});

describe("Date interop", () => {
  it("uses the UTC calendar day", () => {
    expect(isoDateFromUtc(new Date("2024-03-15T23:30:00-05:00"))).toBe("2024-03-16");
    expect(isoDateToUtcDate("2024-03-15").toISOString()).toBe("2024-03-15T00:00:00.000Z");
    expect(() => isoDateFromUtc(new Date("nope"))).toThrow(RangeError);
  });
});
