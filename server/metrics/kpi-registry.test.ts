import { describe, expect, it } from "vitest";
import { validateTargetRule } from "../goals/target-rules.ts";
import { BASE_MEASURES } from "./base-measures.ts";
import {
  KPI_CATEGORIES,
  KPI_KEYS,
  KPI_LIST,
  KPIS,
  getKpi,
  isKpiKey,
  kpisInCategory,
  needsProviderCount,
  requiredMeasures,
} from "./kpi-registry.ts";

const REQUIRED = [
  "gross_production",
  "net_production",
  "collections",
  "adjustments",
  "collection_rate",
  "appointments_scheduled",
  "appointments_completed",
  "appointments_cancelled",
  "appointments_no_show",
  "no_show_rate",
  "cancellation_rate",
  "utilization",
  "calls_total",
  "calls_answered",
  "answer_rate",
  "calls_booked",
  "booking_rate",
  "patients_new",
  "patients_active",
  "patients_reactivated",
  "production_per_provider",
];

describe("KPI registry", () => {
  it("has every required KPI, each once", () => {
    for (const key of REQUIRED) expect(KPI_KEYS).toContain(key);
    expect(new Set(KPI_KEYS).size).toBe(KPI_KEYS.length);
    for (const kpi of KPI_LIST) expect(KPIS[kpi.key]).toBe(kpi);
  });

  it("ratios are percent and read the documented measures", () => {
    const ratios = {
      collection_rate: ["collections", "net_production"],
      no_show_rate: ["appointments_no_show", "appointments_scheduled"],
      cancellation_rate: ["appointments_cancelled", "appointments_scheduled"],
      utilization: ["booked_minutes", "available_minutes"],
      answer_rate: ["calls_answered", "calls_total"],
      booking_rate: ["calls_booked", "calls_answered"],
    } as const;
    for (const [key, [numerator, denominator]] of Object.entries(ratios)) {
      const kpi = getKpi(key as keyof typeof ratios);
      expect(kpi.compute).toEqual({ type: "ratio", numerator, denominator });
      expect(kpi.unit).toBe("percent");
      expect(kpi.help).toContain("÷");
    }
    expect(KPI_LIST.filter((k) => k.compute.type === "ratio").every((k) => k.unit === "percent")).toBe(true);
  });

  it("single-measure KPIs share the measure's unit", () => {
    for (const kpi of KPI_LIST) {
      if (kpi.compute.type === "measure") expect(kpi.unit).toBe(BASE_MEASURES[kpi.compute.measure].unit);
    }
  });

  it("production per provider divides gross production by producing providers", () => {
    const kpi = getKpi("production_per_provider");
    expect(kpi.compute).toEqual({ type: "per-provider", measure: "gross_production" });
    expect(kpi.unit).toBe("money");
    expect(needsProviderCount(kpi)).toBe(true);
    expect(needsProviderCount(getKpi("gross_production"))).toBe(false);
  });

  it("lower is better exactly where expected", () => {
    const lower = KPI_LIST.filter((k) => k.direction === "lower").map((k) => k.key).sort();
    expect(lower).toEqual(
      ["adjustments", "appointments_cancelled", "appointments_no_show", "cancellation_rate", "no_show_rate", "patients_lost"].sort(),
    );
  });

  it("derives accumulates from the computation", () => {
    expect(getKpi("gross_production").accumulates).toBe(true);
    expect(getKpi("production_per_provider").accumulates).toBe(true);
    expect(getKpi("collection_rate").accumulates).toBe(false);
    expect(getKpi("patients_active").accumulates).toBe(false);
  });

  it("every KPI has labels, a category and tooltip help", () => {
    for (const kpi of KPI_LIST) {
      expect(kpi.label.length).toBeGreaterThan(0);
      expect(kpi.shortLabel.length).toBeGreaterThan(0);
      expect(kpi.shortLabel.length).toBeLessThanOrEqual(kpi.label.length);
      expect(KPI_CATEGORIES).toContain(kpi.category);
      expect(kpi.help.length).toBeGreaterThan(20);
    }
    expect(getKpi("collection_rate").help).toBe("Collections ÷ net production over the period. 98%+ is healthy.");
    expect(getKpi("patients_active").help).toMatch(/last day/);
  });

  it("default goals are valid for their KPI; non-goalable KPIs have none", () => {
    for (const kpi of KPI_LIST) {
      if (!kpi.goalable) expect(kpi.defaultGoal).toBeUndefined();
      if (kpi.defaultGoal) expect(validateTargetRule(kpi, kpi.defaultGoal)).toEqual({ ok: true, rule: kpi.defaultGoal });
    }
    expect(getKpi("collection_rate").defaultGoal).toEqual({ type: "fixed", value: 98 });
  });

  it("lookups", () => {
    expect(isKpiKey("utilization")).toBe(true);
    expect(isKpiKey("toString")).toBe(false);
    expect(kpisInCategory("calls").map((k) => k.key)).toEqual([
      "calls_total",
      "calls_answered",
      "answer_rate",
      "calls_booked",
      "booking_rate",
    ]);
    expect(requiredMeasures(getKpi("utilization"))).toEqual(["booked_minutes", "available_minutes"]);
    expect(requiredMeasures(getKpi("patients_new"))).toEqual(["patients_new"]);
  });

  it("definitions are frozen", () => {
    const kpi = getKpi("collection_rate");
    expect(() => {
      (kpi as { label: string }).label = "changed";
    }).toThrow(TypeError);
    expect(() => {
      (kpi.compute as { type: string }).type = "measure";
    }).toThrow(TypeError);
    expect(Object.isFrozen(kpi.defaultGoal)).toBe(true);
  });
});
