import { describe, expect, it } from "vitest";
import { TargetRuleSchema } from "../goals/target-rule-schema.ts";
import { getKpi, isKpiKey } from "../metrics/kpi-registry.ts";
import { fromEpochDay } from "../metrics/iso-date.ts";
import { holidayClosures, isHolidayClosure } from "./demo-calendar.ts";
import {
  DEMO_CLINIC_IDS,
  DEMO_CLINICS,
  DEMO_PROVIDER_IDS,
  demoClinicId,
  demoProviderEmail,
  demoProviderId,
} from "./demo-group.ts";
import { GOAL_TEMPLATE_KPI_KEYS, SYSTEM_GOAL_TEMPLATES } from "./goal-templates.ts";
import { resolveDemoEndDate } from "./write-demo-data.ts";

describe("demo group", () => {
  it("has three clinics with stable, unique codes and ids", () => {
    expect(DEMO_CLINICS.map((c) => c.clinicCode)).toEqual(["HARBOR_DOWNTOWN", "HARBOR_WESTSIDE", "HARBOR_LAKEVIEW"]);
    expect(DEMO_CLINIC_IDS).toEqual(["demo_clinic_downtown", "demo_clinic_westside", "demo_clinic_lakeview"]);
    expect(DEMO_CLINICS.map(demoClinicId)).toEqual(DEMO_CLINIC_IDS);
  });

  it("gives each clinic 3–5 providers, dentists and hygienists, with unique codes, ids and emails", () => {
    for (const clinic of DEMO_CLINICS) {
      expect(clinic.providers.length).toBeGreaterThanOrEqual(3);
      expect(clinic.providers.length).toBeLessThanOrEqual(5);
      expect(clinic.providers.some((p) => p.providerType === "dentist")).toBe(true);
      expect(clinic.providers.some((p) => p.providerType === "hygienist")).toBe(true);
    }
    const providers = DEMO_CLINICS.flatMap((c) => c.providers);
    expect(new Set(providers.map((p) => p.providerCode)).size).toBe(providers.length);
    expect(new Set(DEMO_PROVIDER_IDS).size).toBe(providers.length);
    expect(new Set(providers.map(demoProviderEmail)).size).toBe(providers.length);
    expect(demoProviderId({ providerCode: "HARBOR_DT_CHEN" })).toBe("demo_prov_harbor_dt_chen");
  });

  it("opens Saturdays at exactly one clinic", () => {
    expect(DEMO_CLINICS.filter((c) => c.openSaturdays)).toHaveLength(1);
  });
});

describe("demo calendar", () => {
  it("closes on US holidays, moving weekend ones to the nearest weekday", () => {
    expect([...holidayClosures(2023)].map(fromEpochDay).sort()).toEqual([
      "2023-01-01", // a Sunday: closed anyway, and observed on Monday
      "2023-01-02",
      "2023-05-29",
      "2023-07-04",
      "2023-09-04",
      "2023-11-23",
      "2023-11-24",
      "2023-12-25",
    ]);
    // 2022: New Year's Day 2022 was a Saturday (observed Fri 2021-12-31), Christmas a Sunday.
    expect(isHolidayClosure("2021-12-31")).toBe(true);
    expect(isHolidayClosure("2022-01-01")).toBe(true);
    expect(isHolidayClosure("2022-12-26")).toBe(true);
    expect(isHolidayClosure("2022-12-27")).toBe(false);
    // 2026: July 4th on a Saturday, observed Friday the 3rd.
    expect(isHolidayClosure("2026-07-03")).toBe(true);
  });
});

describe("system goal templates", () => {
  it("has about eight system templates with stable unique ids", () => {
    expect(SYSTEM_GOAL_TEMPLATES.length).toBeGreaterThanOrEqual(8);
    expect(SYSTEM_GOAL_TEMPLATES.length).toBeLessThanOrEqual(10);
    const ids = SYSTEM_GOAL_TEMPLATES.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain("tmpl_monthly_net_production_ly_plus_5");
    for (const t of SYSTEM_GOAL_TEMPLATES) {
      expect(t.id).toMatch(/^tmpl_[a-z0-9_]+$/);
      expect(t.clinicId).toBeNull();
      expect(t.isSystemTemplate).toBe(true);
      expect(t.name.length).toBeGreaterThan(0);
      expect(t.description.length).toBeGreaterThan(0);
    }
  });

  it("uses goalable KPIs, valid periods, categories and target rules", () => {
    for (const t of SYSTEM_GOAL_TEMPLATES) {
      expect(GOAL_TEMPLATE_KPI_KEYS).toContain(t.kpiKey);
      expect(isKpiKey(t.kpiKey)).toBe(true);
      if (isKpiKey(t.kpiKey)) expect(getKpi(t.kpiKey).goalable).toBe(true);
      expect(["month", "quarter", "year"]).toContain(t.periodType);
      expect(["financial", "operational", "patient"]).toContain(t.category);
      expect(TargetRuleSchema.parse(t.targetRule)).toEqual(t.targetRule);
    }
    const ruleTypes = new Set(SYSTEM_GOAL_TEMPLATES.map((t) => t.targetRule.type));
    expect([...ruleTypes].sort()).toEqual(["fixed", "per_working_day", "trailing_3_month_avg", "vs_last_year"]);
    expect(new Set(SYSTEM_GOAL_TEMPLATES.map((t) => t.periodType)).size).toBe(3);
  });
});

describe("resolveDemoEndDate", () => {
  it("prefers the option, then DEMO_END_DATE, then today in UTC", () => {
    expect(resolveDemoEndDate("2024-06-01", { DEMO_END_DATE: "2023-01-31" })).toBe("2024-06-01");
    expect(resolveDemoEndDate(undefined, { DEMO_END_DATE: "2023-01-31" })).toBe("2023-01-31");
    expect(resolveDemoEndDate(undefined, {})).toBe(new Date().toISOString().slice(0, 10));
    expect(resolveDemoEndDate(undefined, { DEMO_END_DATE: "" })).toBe(new Date().toISOString().slice(0, 10));
  });

  it("rejects a malformed date", () => {
    expect(() => resolveDemoEndDate(undefined, { DEMO_END_DATE: "June 1" })).toThrow(/DEMO_END_DATE/);
  });
});
