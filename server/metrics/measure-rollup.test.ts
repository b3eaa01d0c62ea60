import { describe, expect, it } from "vitest";
import { type MeasureRow, combineAllMeasures, combineMeasureValues, countProducingProviders } from "./measure-rollup.ts";

describe("combineMeasureValues — flows", () => {
  it("sums across clinics and periods", () => {
    const rows: MeasureRow[] = [
      { clinicId: "a", periodStart: "2024-01-01", value: 100 },
      { clinicId: "a", periodStart: "2024-02-01", value: 50 },
      { clinicId: "b", periodStart: "2024-01-01", value: 25.5 },
    ];
    expect(combineMeasureValues(rows, "gross_production")).toBe(175.5);
  });

  it("provider rows sum to the clinic total", () => {
    const rows: MeasureRow[] = [
      { clinicId: "a", providerId: "p1", periodStart: "2024-03-01", value: 1_000 },
      { clinicId: "a", providerId: "p2", periodStart: "2024-03-01", value: 2_500 },
      { clinicId: "b", providerId: "p3", periodStart: "2024-03-01", value: 500 },
    ];
    expect(combineMeasureValues(rows, "net_production")).toBe(4_000);
  });

  it("no data is null, not 0; null rows are skipped", () => {
    expect(combineMeasureValues([], "collections")).toBeNull();
    expect(combineMeasureValues([{ clinicId: "a", periodStart: "2024-03-01", value: null }], "collections")).toBeNull();
    expect(
      combineMeasureValues(
        [
          { clinicId: "a", periodStart: "2024-03-01", value: null },
          { clinicId: "b", periodStart: "2024-03-01", value: 0 },
        ],
        "collections",
      ),
    ).toBe(0);
  });

  it("ignores rows tagged with another measure", () => {
    const rows: MeasureRow[] = [
      { clinicId: "a", metricKey: "collections", periodStart: "2024-03-01", value: 10 },
      { clinicId: "a", metricKey: "gross_production", periodStart: "2024-03-01", value: 99 },
    ];
    expect(combineMeasureValues(rows, "collections")).toBe(10);
  });

  it("refuses clinic-level and provider-level rows of one clinic together", () => {
    const rows: MeasureRow[] = [
      { clinicId: "a", providerId: null, periodStart: "2024-03-01", value: 3_500 },
      { clinicId: "a", providerId: "p1", periodStart: "2024-03-01", value: 1_000 },
    ];
    expect(() => combineMeasureValues(rows, "gross_production")).toThrow(/both clinic-level and provider-level/);
  });
});

describe("combineMeasureValues — stocks", () => {
  const rows: MeasureRow[] = [
    // Clinic A: Jan, Feb month rows and a Mar 1 day row (the latest).
    { clinicId: "a", periodStart: "2024-01-01", periodEnd: "2024-01-31", value: 1_200 },
    { clinicId: "a", periodStart: "2024-03-01", periodEnd: "2024-03-01", value: 1_260 },
    { clinicId: "a", periodStart: "2024-02-01", periodEnd: "2024-02-29", value: 1_250 },
    // Clinic B has no March data: its latest is February.
    { clinicId: "b", periodStart: "2024-02-01", periodEnd: "2024-02-29", value: 790 },
    { clinicId: "b", periodStart: "2024-01-01", periodEnd: "2024-01-31", value: 800 },
  ];

  it("adds each clinic's latest value, never sums over time", () => {
    expect(combineMeasureValues(rows, "patients_active")).toBe(1_260 + 790);
  });

  it("does not depend on row order", () => {
    expect(combineMeasureValues([...rows].reverse(), "patients_active")).toBe(2_050);
  });

  it("skips a null latest row in favour of the latest row with data", () => {
    const withGap: MeasureRow[] = [
      ...rows,
      { clinicId: "b", periodStart: "2024-03-01", periodEnd: "2024-03-01", value: null },
    ];
    expect(combineMeasureValues(withGap, "patients_active")).toBe(2_050);
  });

  it("orders by periodStart when periodEnd is absent", () => {
    expect(
      combineMeasureValues(
        [
          { clinicId: "a", periodStart: "2024-03-02", value: 7 },
          { clinicId: "a", periodStart: "2024-03-01", value: 5 },
        ],
        "patients_active",
      ),
    ).toBe(7);
  });
});

describe("combineAllMeasures", () => {
  it("combines each measure present, by its own rule", () => {
    const rows: MeasureRow[] = [
      { clinicId: "a", metricKey: "patients_new", periodStart: "2024-01-01", value: 10 },
      { clinicId: "a", metricKey: "patients_new", periodStart: "2024-02-01", value: 12 },
      { clinicId: "a", metricKey: "patients_active", periodStart: "2024-01-01", value: 900 },
      { clinicId: "a", metricKey: "patients_active", periodStart: "2024-02-01", value: 910 },
      { clinicId: "a", metricKey: "calls_total", periodStart: "2024-01-01", value: null },
    ];
    expect(combineAllMeasures(rows)).toEqual({ patients_new: 22, patients_active: 910, calls_total: null });
  });
});

describe("countProducingProviders", () => {
  it("counts distinct providers whose period production is above 0", () => {
    const rows: MeasureRow[] = [
      { clinicId: "a", providerId: "p1", metricKey: "gross_production", periodStart: "2024-03-01", value: 100 },
      { clinicId: "a", providerId: "p1", metricKey: "gross_production", periodStart: "2024-03-02", value: 200 },
      { clinicId: "a", providerId: "p2", metricKey: "gross_production", periodStart: "2024-03-01", value: 0 },
      { clinicId: "a", providerId: "p3", metricKey: "gross_production", periodStart: "2024-03-01", value: -50 },
      { clinicId: "a", providerId: "p3", metricKey: "gross_production", periodStart: "2024-03-02", value: 50 },
      // p4 works at two clinics: one provider.
      { clinicId: "a", providerId: "p4", metricKey: "gross_production", periodStart: "2024-03-01", value: 10 },
      { clinicId: "b", providerId: "p4", metricKey: "gross_production", periodStart: "2024-03-01", value: 10 },
      // Not production, or not a provider row.
      { clinicId: "a", providerId: "p5", metricKey: "collections", periodStart: "2024-03-01", value: 500 },
      { clinicId: "a", providerId: null, metricKey: "gross_production", periodStart: "2024-03-01", value: 360 },
      { clinicId: "a", providerId: "p6", metricKey: "gross_production", periodStart: "2024-03-01", value: null },
    ];
    expect(countProducingProviders(rows)).toBe(2);
    expect(countProducingProviders([])).toBe(0);
  });
});
