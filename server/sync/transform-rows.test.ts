import { describe, expect, it } from "vitest";
import { mappingConfigSchema, type MappingConfig } from "../sheets/mapping-config.ts";
import { columnIndex, columnLetter, tabRange } from "./a1.ts";
import { buildMetricRows, centsToText, tabOfRef } from "./metric-rows.ts";
import { fillMerges, headerKey, mappingProblem, toCents, transformTab } from "./transform-rows.ts";

const config: MappingConfig = mappingConfigSchema.parse({
  version: 1,
  tabs: { mode: "pattern", pattern: "monthly" },
  headerRow: 3,
  range: { startColumn: "A", endColumn: "H" },
  columns: [
    { header: "Date", index: 0, field: "date", transform: { kind: "date" } },
    { header: "Provider", index: 1, field: "provider", transform: { kind: "provider" } },
    { header: "Gross Production", index: 2, field: "gross_production", transform: { kind: "currency" } },
    { header: "Adjustments", index: 3, field: "adjustments", transform: { kind: "currency" } },
    { header: "Scheduled Appts", index: 4, field: "appointments_scheduled", transform: { kind: "integer" } },
    { header: "No Shows", index: 5, field: "appointments_no_show", transform: { kind: "integer" } },
    { header: "New Patients", index: 6, field: "patients_new", transform: { kind: "integer" } },
    { header: "Total Calls", index: 7, field: "calls_total", transform: { kind: "integer" } },
  ],
  providerMap: { "maria chen": "prov-chen", "sam patel": "prov-patel", "office": null, "ghost": "prov-of-another-clinic" },
});

const HEADER = ["Date", "Provider", "Gross Production", "Adjustments", "Scheduled Appts", "No-Shows ", "New Patients", "Total Calls"];
const env = { clinicProviderIds: new Set(["prov-chen", "prov-patel"]) };
const JAN2 = 45293; // 2024-01-02 as a serial number

describe("a1 helpers", () => {
  it("converts column letters and builds quoted ranges", () => {
    expect(columnIndex("A")).toBe(0);
    expect(columnIndex("AA")).toBe(26);
    expect(columnLetter(27)).toBe("AB");
    expect(tabRange("Dana's Jan-24", 3, "A", "M")).toBe("'Dana''s Jan-24'!A3:M");
  });
});

describe("transformTab", () => {
  it("imports good rows, and records every bad cell with tab, row, column, value and reason", () => {
    const result = transformTab(
      config,
      {
        title: "Jan-24",
        values: [
          HEADER,
          [JAN2, "Dr. Maria Chen", 3318.93, -253.83, 12, 1, 2, 87],
          [JAN2, "Dr. Sam Patel", "$1,2a4", -10, 10, "two", 0],
          [],
          ["2/30/2024", "Dr. Maria Chen", 100, 0, 1, 0, 0],
          [JAN2, "Dr. Unknown Person", 100, 0, 1, 0, 0],
          [JAN2, "Office", 50],
          [JAN2, "Ghost", 50],
          [null, "Dr. Sam Patel", 10],
          [JAN2, "Dr. Sam Patel"],
          ["Total", null, 9999, -1, 30, 3, 4, 87],
        ],
      },
      env,
    );
    expect(result.headerMatches).toBe(true);
    expect(result.rowsRead).toBe(9);
    expect(result.records).toEqual([
      { tab: "Jan-24", row: 4, date: "2024-01-02", providerId: "prov-chen", money: { gross_production: 331893, adjustments: -25383 }, counts: { appointments_scheduled: 12, appointments_no_show: 1, patients_new: 2, calls_total: 87 } },
      { tab: "Jan-24", row: 5, date: "2024-01-02", providerId: "prov-patel", money: { adjustments: -1000 }, counts: { appointments_scheduled: 10, patients_new: 0 } },
    ]);
    const byRow = (row: number) => result.rejections.filter((r) => r.rowNumber === row);
    expect(byRow(5).map((r) => [r.columnName, r.cellValue])).toEqual([["Gross Production", "$1,2a4"], ["No Shows", "two"]]);
    expect(byRow(5)[0]!.reason).toMatch(/left out/);
    expect(byRow(7)).toMatchObject([{ columnName: "Date", cellValue: "2/30/2024", reason: expect.stringMatching(/not a real date.*whole row/) }]);
    expect(byRow(8)).toMatchObject([{ columnName: "Provider", reason: "Provider “Dr. Unknown Person” is not linked to a provider of this clinic, so the whole row was not imported. Link the name in the mapping." }]);
    expect(byRow(10)[0]!.reason).toMatch(/not linked/); // mapped to a provider outside this clinic
    expect(byRow(11)).toMatchObject([{ columnName: "Date", cellValue: null, reason: expect.stringMatching(/date is missing/) }]);
    expect(result.rowsRejected).toBe(5);
    expect(result.rowsSkipped).toBe(3); // "Office" (mapped to skip), no values, Total
    expect(result.dateSpan).toEqual({ from: "2024-01-02", to: "2024-01-02" });
  });

  it("fills vertically merged dates, and reads day numbers in a month tab", () => {
    const values = [HEADER, [1, "Maria Chen", 10], [null, "Sam Patel", 20], [2, "Maria Chen", 30]];
    const merges = [{ startRowIndex: 3, endRowIndex: 5, startColumnIndex: 0, endColumnIndex: 1 }];
    const result = transformTab(config, { title: "Mar-24", values, merges }, env);
    expect(result.records.map((r) => [r.row, r.date, r.providerId])).toEqual([
      [4, "2024-03-01", "prov-chen"],
      [5, "2024-03-01", "prov-patel"],
      [6, "2024-03-02", "prov-chen"],
    ]);
    expect(fillMerges([["a"], []], [{ startRowIndex: 0, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 2 }], 0, 0)).toEqual([["a", "a"], ["a", "a"]]);
  });

  it("skips a whole tab whose header no longer matches the mapping", () => {
    const moved = ["Date", "Provider", "Collections", "Gross Production", "Scheduled Appts", "No Shows", "New Patients", "Total Calls"];
    const result = transformTab(config, { title: "Feb-24", values: [moved, [JAN2, "Maria Chen", 1, 2]] }, env);
    expect(result.headerMatches).toBe(false);
    expect(result.records).toEqual([]);
    expect(result.rejections[0]).toMatchObject({ rowNumber: 3, columnName: "Gross Production", cellValue: "Collections", reason: expect.stringMatching(/moved/) });
    expect(headerKey(" No-Shows ")).toBe(headerKey("no shows"));
  });

  it("refuses mappings that cannot fill their fields", () => {
    expect(mappingProblem(config)).toBeNull();
    const bad = { ...config, columns: config.columns.map((c) => (c.field === "gross_production" ? { ...c, transform: { kind: "percent" as const } } : c)) };
    expect(mappingProblem(bad)).toMatch(/Gross Production.*percent/);
    expect(mappingProblem({ ...config, range: { startColumn: "A", endColumn: "C" } })).toMatch(/outside the columns/);
  });
});

describe("money", () => {
  it("converts to exact cents", () => {
    expect(toCents("1234.5")).toBe(123450);
    expect(toCents("-0.07")).toBe(-7);
    expect(toCents(3318.93)).toBe(331893);
    expect(toCents(0.1 + 0.2)).toBe(30);
    expect(toCents(1.234)).toMatch(/decimal/);
    expect(centsToText(-123405)).toBe("-1234.05");
    expect(centsToText(7)).toBe("0.07");
  });
});

describe("buildMetricRows", () => {
  it("writes one row per natural key, adds duplicates, keeps calls clinic-level and stores deductions as positive", () => {
    const rows = buildMetricRows([
      { tab: "Jan-24", row: 4, date: "2024-01-02", providerId: "p1", money: { gross_production: 1000, adjustments: -100 }, counts: { appointments_scheduled: 5, calls_total: 40, patients_new: 1 } },
      { tab: "Jan-24", row: 5, date: "2024-01-02", providerId: "p2", money: { gross_production: 500 }, counts: { appointments_no_show: 1, calls_total: 2 } },
      { tab: "Jan-24", row: 6, date: "2024-01-02", providerId: "p1", money: { gross_production: 1 }, counts: {} },
    ]);
    expect(rows.financial).toEqual([
      { date: "2024-01-02", providerId: "p1", metricType: "production", amountCents: 1001, ref: "Jan-24!4" },
      { date: "2024-01-02", providerId: "p1", metricType: "adjustment", amountCents: 100, ref: "Jan-24!4" },
      { date: "2024-01-02", providerId: "p2", metricType: "production", amountCents: 500, ref: "Jan-24!5" },
    ]);
    expect(rows.appointments.map((a) => [a.providerId, a.scheduled, a.noShow, a.bookedMinutes])).toEqual([["p1", 5, 0, null], ["p2", 0, 1, null]]);
    expect(rows.calls).toEqual([{ date: "2024-01-02", total: 42, answered: 0, voicemails: 0, booked: 0, ref: "Jan-24!4" }]);
    expect(rows.patients).toEqual([{ date: "2024-01-02", providerId: "p1", active: null, newPatients: 1, reactivated: 0, lost: 0, ref: "Jan-24!4" }]);
    expect(tabOfRef("A!B!12")).toBe("A!B");
  });
});
