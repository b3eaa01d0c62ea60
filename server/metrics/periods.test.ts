import { describe, expect, it } from "vitest";
import * as periods from "./periods.ts";

describe("periods.ts facade", () => {
  it("re-exports the calendar API from one import", () => {
    for (const name of [
      "periodStart",
      "periodEnd",
      "enumeratePeriods",
      "isoWeek",
      "resolveRange",
      "previousRange",
      "sameRangeLastYear",
      "planRangeQuery",
      "chooseGrain",
      "addDays",
      "addMonths",
    ] as const) {
      expect(typeof periods[name]).toBe("function");
    }
    expect(periods.periodEnd("2024-02-10", "month")).toBe("2024-02-29");
  });
});
