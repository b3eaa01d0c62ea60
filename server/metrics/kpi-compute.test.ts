import { describe, expect, it } from "vitest";
import { MEASURE_KEYS } from "./base-measures.ts";
import { type MeasureSums, computeKpi } from "./kpi-compute.ts";
import { KPI_LIST, getKpi } from "./kpi-registry.ts";
import { type MeasureRow, combineAllMeasures } from "./measure-rollup.ts";

describe("computeKpi", () => {
  it("combines two clinics' collection rates as Σcollections ÷ Σnet, not the mean of rates", () => {
    const rows: MeasureRow[] = [
      // Clinic A: 90,000 / 100,000 = 90%
      { clinicId: "a", metricKey: "collections", periodStart: "2024-03-01", value: 90_000 },
      { clinicId: "a", metricKey: "net_production", periodStart: "2024-03-01", value: 100_000 },
      // Clinic B: 9,900 / 10,000 = 99%
      { clinicId: "b", metricKey: "collections", periodStart: "2024-03-01", value: 9_900 },
      { clinicId: "b", metricKey: "net_production", periodStart: "2024-03-01", value: 10_000 },
    ];
    const rateA = computeKpi("collection_rate", { collections: 90_000, net_production: 100_000 });
    const rateB = computeKpi("collection_rate", { collections: 9_900, net_production: 10_000 });
    expect(rateA).toBeCloseTo(90, 10);
    expect(rateB).toBeCloseTo(99, 10);

    const combined = computeKpi("collection_rate", combineAllMeasures(rows));
    // 99,900 / 110,000 = 90.8181…%
    expect(combined).toBeCloseTo((99_900 / 110_000) * 100, 10);
    expect(combined).toBeCloseTo(90.818, 3);
    expect(combined).not.toBeCloseTo((rateA! + rateB!) / 2, 1); // 94.5 would be wrong
  });

  it("returns percentage points for ratios", () => {
    expect(computeKpi("no_show_rate", { appointments_no_show: 3, appointments_scheduled: 60 })).toBeCloseTo(5, 10);
    expect(computeKpi("utilization", { booked_minutes: 8_500, available_minutes: 10_000 })).toBeCloseTo(85, 10);
  });

  it("a zero numerator over a real denominator is 0, not null", () => {
    expect(computeKpi("no_show_rate", { appointments_no_show: 0, appointments_scheduled: 40 })).toBe(0);
  });

  it.each<[string, MeasureSums]>([
    ["denominator 0 (empty period)", { calls_answered: 0, calls_total: 0 }],
    ["both missing", {}],
    ["denominator missing", { calls_answered: 10 }],
    ["numerator missing", { calls_total: 10 }],
    ["numerator null", { calls_answered: null, calls_total: 10 }],
    ["denominator negative", { calls_answered: 5, calls_total: -10 }],
    ["NaN input", { calls_answered: Number.NaN, calls_total: 10 }],
    ["infinite input", { calls_answered: 5, calls_total: Number.POSITIVE_INFINITY }],
  ])("ratio is null when %s", (_name, sums) => {
    expect(computeKpi("answer_rate", sums)).toBeNull();
  });

  it("measure KPIs pass the sum through; null stays null", () => {
    expect(computeKpi(getKpi("gross_production"), { gross_production: 123_456 })).toBe(123_456);
    expect(computeKpi("gross_production", { gross_production: 0 })).toBe(0);
    expect(computeKpi("gross_production", { gross_production: null })).toBeNull();
    expect(computeKpi("gross_production", {})).toBeNull();
    expect(computeKpi("patients_active", { patients_active: 2_050 })).toBe(2_050);
  });

  it("production per provider divides by the provider count", () => {
    expect(computeKpi("production_per_provider", { gross_production: 300_000 }, { providerCount: 3 })).toBe(100_000);
    expect(computeKpi("production_per_provider", { gross_production: 300_000 }, { providerCount: 0 })).toBeNull();
    expect(computeKpi("production_per_provider", { gross_production: 300_000 })).toBeNull();
    expect(computeKpi("production_per_provider", {}, { providerCount: 2 })).toBeNull();
  });

  it("never returns NaN or Infinity for any KPI and awkward inputs", () => {
    const samples = [null, undefined, 0, -1, 1, 1e-300, 1e300, Number.NaN, Number.POSITIVE_INFINITY];
    let seed = 7;
    const pick = () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return samples[seed % samples.length];
    };
    for (let trial = 0; trial < 500; trial++) {
      const sums: MeasureSums = {};
      for (const key of MEASURE_KEYS) {
        const v = pick();
        if (v !== undefined) sums[key] = v;
      }
      const providerCount = pick() ?? undefined;
      for (const kpi of KPI_LIST) {
        const value = computeKpi(kpi, sums, { providerCount });
        if (value !== null) expect(Number.isFinite(value)).toBe(true);
      }
    }
  });
});
