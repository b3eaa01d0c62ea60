import { describe, expect, it } from "vitest";
import { getKpi } from "../metrics/kpi-registry.ts";
import {
  type MonthActual,
  TargetRuleSchema,
  allowedRuleTypes,
  resolveTarget,
  trailingMonthsFor,
  validateTargetRule,
} from "./target-rules.ts";
import { DEFAULT_WORKING_CALENDAR, type WorkingCalendar } from "./working-days.ts";

const march = { from: "2024-03-01", to: "2024-03-31" }; // 21 Mon–Fri days
const cal = DEFAULT_WORKING_CALENDAR;

describe("TargetRuleSchema", () => {
  it.each([
    { type: "fixed", value: 98 },
    { type: "vs_last_year", changePct: 5 },
    { type: "vs_last_year", changePct: -10 },
    { type: "trailing_3_month_avg", changePct: 0 },
    { type: "per_working_day", value: 5_000 },
  ])("accepts %j", (rule) => {
    expect(TargetRuleSchema.parse(rule)).toEqual(rule);
  });

  it.each([
    ["unknown type", { type: "stretch", value: 1 }],
    ["missing value", { type: "fixed" }],
    ["negative fixed value", { type: "fixed", value: -1 }],
    ["change below −100%", { type: "vs_last_year", changePct: -150 }],
    ["string number", { type: "per_working_day", value: "5000" }],
    ["extra key (typo)", { type: "vs_last_year", changePct: 5, value: 10 }],
    ["not an object", "fixed"],
  ])("rejects %s", (_name, input) => {
    expect(TargetRuleSchema.safeParse(input).success).toBe(false);
  });
});

describe("validateTargetRule", () => {
  it("percent KPIs only take fixed targets", () => {
    const kpi = getKpi("collection_rate");
    expect(allowedRuleTypes(kpi)).toEqual(["fixed"]);
    expect(validateTargetRule(kpi, { type: "fixed", value: 98 })).toEqual({ ok: true, rule: { type: "fixed", value: 98 } });
    expect(validateTargetRule(kpi, { type: "vs_last_year", changePct: 2 })).toEqual({
      ok: false,
      errors: ["collection_rate only allows 'fixed' targets"],
    });
    expect(validateTargetRule(getKpi("no_show_rate"), { type: "per_working_day", value: 1 }).ok).toBe(false);
  });

  it("percent targets stay within 0–100", () => {
    const result = validateTargetRule(getKpi("utilization"), { type: "fixed", value: 120 });
    expect(result.ok).toBe(false);
  });

  it("stocks take fixed and vs_last_year only", () => {
    const kpi = getKpi("patients_active");
    expect(allowedRuleTypes(kpi)).toEqual(["fixed", "vs_last_year"]);
    expect(validateTargetRule(kpi, { type: "vs_last_year", changePct: 3 }).ok).toBe(true);
    expect(validateTargetRule(kpi, { type: "per_working_day", value: 10 })).toEqual({
      ok: false,
      errors: ["patients_active only allows 'fixed' or 'vs_last_year' targets"],
    });
  });

  it("flows take every rule", () => {
    const kpi = getKpi("gross_production");
    expect(allowedRuleTypes(kpi)).toEqual(["fixed", "vs_last_year", "trailing_3_month_avg", "per_working_day"]);
    for (const rule of [
      { type: "fixed", value: 200_000 },
      { type: "vs_last_year", changePct: 5 },
      { type: "trailing_3_month_avg", changePct: 3 },
      { type: "per_working_day", value: 10_000 },
    ]) {
      expect(validateTargetRule(kpi, rule).ok).toBe(true);
    }
  });

  it("non-goalable KPIs take nothing", () => {
    expect(validateTargetRule(getKpi("calls_total"), { type: "fixed", value: 10 })).toEqual({
      ok: false,
      errors: ["calls_total does not take goals"],
    });
  });

  it("reports schema problems with their path", () => {
    const result = validateTargetRule(getKpi("gross_production"), { type: "fixed", value: -5 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(/^value: /);
  });
});

describe("resolveTarget", () => {
  it("fixed", () => {
    expect(resolveTarget({ type: "fixed", value: 98 }, { period: march, calendar: cal })).toEqual({ value: 98 });
  });

  it("per working day × working days in the period", () => {
    expect(resolveTarget({ type: "per_working_day", value: 5_000 }, { period: march, calendar: cal })).toEqual({
      value: 105_000,
    });
    const satOpen: WorkingCalendar = { weekdays: [1, 2, 3, 4, 5, 6], closedDates: ["2024-03-29"] };
    expect(resolveTarget({ type: "per_working_day", value: 5_000 }, { period: march, calendar: satOpen }).value).toBe(
      125_000,
    );
  });

  it("vs last year scales last year's actual", () => {
    const ctx = { period: march, calendar: cal, lastYearActual: 200_000 };
    expect(resolveTarget({ type: "vs_last_year", changePct: 10 }, ctx).value).toBeCloseTo(220_000, 6);
    expect(resolveTarget({ type: "vs_last_year", changePct: -5 }, ctx).value).toBeCloseTo(190_000, 6);
    expect(resolveTarget({ type: "vs_last_year", changePct: 10 }, { ...ctx, lastYearActual: 0 })).toEqual({ value: 0 });
  });

  it("vs last year without last year's data gives null and a reason", () => {
    for (const lastYearActual of [null, undefined, Number.NaN]) {
      expect(resolveTarget({ type: "vs_last_year", changePct: 5 }, { period: march, calendar: cal, lastYearActual })).toEqual({
        value: null,
        reason: "no_last_year_data",
        message: "No data for the same period last year",
      });
    }
  });

  describe("trailing 3-month average", () => {
    const months: MonthActual[] = [
      { from: "2023-12-01", to: "2023-12-31", value: 210_000 }, // 21 working days
      { from: "2024-01-01", to: "2024-01-31", value: 230_000 }, // 23
      { from: "2024-02-01", to: "2024-02-29", value: 210_000 }, // 21
    ];

    it("uses the 3 full months before the period start", () => {
      expect(trailingMonthsFor(march)).toEqual([
        { from: "2023-12-01", to: "2023-12-31" },
        { from: "2024-01-01", to: "2024-01-31" },
        { from: "2024-02-01", to: "2024-02-29" },
      ]);
      expect(trailingMonthsFor({ from: "2024-03-15", to: "2024-04-14" })[2]).toEqual({ from: "2024-02-01", to: "2024-02-29" });
      expect(trailingMonthsFor({ from: "2024-01-10", to: "2024-01-31" }).map((m) => m.from)).toEqual([
        "2023-10-01",
        "2023-11-01",
        "2023-12-01",
      ]);
    });

    it("650,000 over 65 working days = 10,000/day × 21 days in March", () => {
      const ctx = { period: march, calendar: cal, trailing3MonthActuals: months };
      expect(resolveTarget({ type: "trailing_3_month_avg", changePct: 0 }, ctx).value).toBeCloseTo(210_000, 6);
      expect(resolveTarget({ type: "trailing_3_month_avg", changePct: 3 }, ctx).value).toBeCloseTo(216_300, 6);
    });

    it("uses the clinic calendar for both the history and the period", () => {
      const holidays: WorkingCalendar = {
        weekdays: [1, 2, 3, 4, 5],
        closedDates: ["2023-12-25", "2024-01-01", "2024-03-29"],
      };
      // 630,000 over 20 + 22 + 21 = 63 working days = 10,000/day; March has 20 working days.
      const actuals = months.map((m, i) => ({ ...m, value: [200_000, 220_000, 210_000][i]! }));
      const ctx = { period: march, calendar: holidays, trailing3MonthActuals: actuals };
      expect(resolveTarget({ type: "trailing_3_month_avg", changePct: 0 }, ctx).value).toBeCloseTo(200_000, 6);
    });

    it("ignores extra months and order", () => {
      const extra = [{ from: "2023-11-01", to: "2023-11-30", value: 1 }, ...[...months].reverse()];
      const ctx = { period: march, calendar: cal, trailing3MonthActuals: extra };
      expect(resolveTarget({ type: "trailing_3_month_avg", changePct: 0 }, ctx).value).toBeCloseTo(210_000, 6);
    });

    it("a missing or empty month gives null with a reason", () => {
      const missing = { period: march, calendar: cal, trailing3MonthActuals: months.slice(1) };
      expect(resolveTarget({ type: "trailing_3_month_avg", changePct: 0 }, missing)).toEqual({
        value: null,
        reason: "missing_trailing_months",
        message: "No data for 2023-12; the 3 months before the period are needed",
      });
      const nullMonth = months.map((m, i) => (i === 1 ? { ...m, value: null } : m));
      expect(
        resolveTarget({ type: "trailing_3_month_avg", changePct: 0 }, { period: march, calendar: cal, trailing3MonthActuals: nullMonth })
          .reason,
      ).toBe("missing_trailing_months");
      expect(resolveTarget({ type: "trailing_3_month_avg", changePct: 0 }, { period: march, calendar: cal }).reason).toBe(
        "missing_trailing_months",
      );
    });

    it("a clinic closed all three months gives null", () => {
      const closed: WorkingCalendar = { weekdays: [], closedDates: [] };
      const ctx = { period: march, calendar: closed, trailing3MonthActuals: months };
      expect(resolveTarget({ type: "trailing_3_month_avg", changePct: 0 }, ctx).reason).toBe("no_trailing_working_days");
    });
  });

  it("rejects an inverted period", () => {
    expect(() =>
      resolveTarget({ type: "fixed", value: 1 }, { period: { from: "2024-03-02", to: "2024-03-01" }, calendar: cal }),
    ).toThrow(RangeError);
  });
});
