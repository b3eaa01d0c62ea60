import { describe, expect, it } from "vitest";
import { BASE_MEASURE_LIST, BASE_MEASURES, MEASURE_KEYS, getMeasure, isMeasureKey } from "./base-measures.ts";

describe("base measures", () => {
  it("each entry is keyed by its own key and listed once", () => {
    expect(new Set(MEASURE_KEYS).size).toBe(MEASURE_KEYS.length);
    for (const key of MEASURE_KEYS) expect(BASE_MEASURES[key].key).toBe(key);
    expect(BASE_MEASURE_LIST.map((m) => m.key)).toEqual([...MEASURE_KEYS]);
  });

  it("only active patients is a stock", () => {
    expect(BASE_MEASURE_LIST.filter((m) => m.kind === "stock").map((m) => m.key)).toEqual(["patients_active"]);
  });

  it("calls and patients have no provider breakdown; money and appointments do", () => {
    for (const m of BASE_MEASURE_LIST) {
      const clinicOnly = m.source.table === "call_metrics" || m.source.table === "patient_metrics";
      expect(m.hasProviderBreakdown).toBe(!clinicOnly);
    }
  });

  it("units follow the source", () => {
    expect(getMeasure("collections").unit).toBe("money");
    expect(getMeasure("booked_minutes").unit).toBe("minutes");
    expect(getMeasure("calls_booked").unit).toBe("count");
    for (const m of BASE_MEASURE_LIST) {
      if (m.source.table === "financial_metrics") expect(m.unit).toBe("money");
    }
  });

  it("describes the SQL for derived financial measures", () => {
    expect(getMeasure("net_production").source.expression).toMatch(/production.*−.*adjustment.*write_off/);
    expect(getMeasure("collections").source.expression).toMatch(/collection.*−.*refund/);
  });

  it("definitions are frozen", () => {
    expect(Object.isFrozen(BASE_MEASURES)).toBe(true);
    expect(Object.isFrozen(BASE_MEASURES.collections.source)).toBe(true);
  });

  it("isMeasureKey", () => {
    expect(isMeasureKey("patients_active")).toBe(true);
    expect(isMeasureKey("collection_rate")).toBe(false);
  });
});
