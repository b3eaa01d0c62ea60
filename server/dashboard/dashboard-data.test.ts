import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { createTenantDb, type TenantTx } from "../tenancy/tenant-db.ts";
import { clinicComparison, dashboardSummary, providerBreakdown, trendSeries } from "./dashboard-data.ts";
import { measureTotals } from "./measure-totals.ts";

/**
 * The dashboard reads metric_aggregations only. These fixtures write aggregation rows by hand
 * (day rows for January 2024 plus the month row), so the expected numbers are easy to check.
 */
describe("dashboard data from metric_aggregations", () => {
  let t: TestDatabase;
  const A = "clinic-a";
  const B = "clinic-b";
  async function agg(clinic: string, key: string, type: string, start: string, end: string, value: number, provider: string | null = null) {
    await t.pool.query(
      `INSERT INTO metric_aggregations (id, clinic_id, metric_key, aggregation_type, period_start, period_end, provider_id, value, count) VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5, $6, $7, 1)`,
      [clinic, key, type, start, end, provider, value],
    );
  }
  // A real member of both clinics: with Row Level Security the handle sees only the caller's clinics.
  const run = <T>(clinicIds: string[], fn: (tx: TenantTx) => Promise<T>) => createTenantDb(t.db, "dash-user", clinicIds).run(fn);

  beforeAll(async () => {
    t = await createTestDatabase();
    await t.pool.query(`INSERT INTO clinics (id, name, location) VALUES ($1, 'Alpha', ''), ($2, 'Beta', '')`, [A, B]);
    await t.pool.query(`INSERT INTO users (id, email, name) VALUES ('dash-user', 'dash@example.test', 'Dash')`);
    await t.pool.query(`INSERT INTO user_clinic_roles (id, user_id, clinic_id, role) VALUES ('r1', 'dash-user', $1, 'owner'), ('r2', 'dash-user', $2, 'viewer')`, [A, B]);
    await t.pool.query(`INSERT INTO providers (id, name, clinic_id) VALUES ('p1', 'Dr. One', $1), ('p2', 'Dr. Two', $1)`, [A]);
    // Clinic A: collections 90 of net 100 on Jan 2, and 9,000 of 10,000 over January.
    await agg(A, "collections", "day", "2024-01-02", "2024-01-02", 90);
    await agg(A, "net_production", "day", "2024-01-02", "2024-01-02", 100);
    await agg(A, "collections", "month", "2024-01-01", "2024-01-31", 9_000);
    await agg(A, "net_production", "month", "2024-01-01", "2024-01-31", 10_000);
    // Clinic B: 99,000 of 100,000 (99%) over January.
    await agg(B, "collections", "month", "2024-01-01", "2024-01-31", 99_000);
    await agg(B, "net_production", "month", "2024-01-01", "2024-01-31", 100_000);
    // Providers of A in January.
    await agg(A, "gross_production", "month", "2024-01-01", "2024-01-31", 6_000, "p1");
    await agg(A, "gross_production", "month", "2024-01-01", "2024-01-31", 4_000, "p2");
    await agg(A, "gross_production", "month", "2024-01-01", "2024-01-31", 10_000);
    // Active patients (a stock): the month row holds the last day's value.
    await agg(A, "patients_active", "month", "2024-01-01", "2024-01-31", 2_000);
    await agg(B, "patients_active", "month", "2024-01-01", "2024-01-31", 3_000);
  });
  afterAll(async () => t?.close());

  it("combines ratios across clinics as Σ numerator ÷ Σ denominator, never the mean of rates", async () => {
    const summary = await run([A, B], (tx) => dashboardSummary(tx, { clinicIds: [A, B], from: "2024-01-01", to: "2024-01-31", granularity: "month" }));
    const rate = summary.kpis.find((k) => k.key === "collection_rate")!.value!;
    expect(rate).toBeCloseTo((108_000 / 110_000) * 100, 6); // 98.18%, not (90% + 99%) / 2 = 94.5%
    expect(summary.kpis.find((k) => k.key === "patients_active")!.value).toBe(5_000);
    expect(summary.hasData).toBe(true);
  });

  it("answers a whole month from the month row and a part month from day rows", async () => {
    const month = await run([A], (tx) => measureTotals(tx, { clinicIds: [A], from: "2024-01-01", to: "2024-01-31" }));
    expect(month.combined.collections).toBe(9_000);
    const part = await run([A], (tx) => measureTotals(tx, { clinicIds: [A], from: "2024-01-02", to: "2024-01-10" }));
    expect(part.combined.collections).toBe(90);
  });

  it("gives null, not zero, for ratios of an empty period, and reports no data", async () => {
    const summary = await run([A], (tx) => dashboardSummary(tx, { clinicIds: [A], from: "2023-06-01", to: "2023-06-30", granularity: "day" }));
    expect(summary.hasData).toBe(false);
    expect(summary.kpis.find((k) => k.key === "collection_rate")!.value).toBeNull();
    expect(summary.kpis.find((k) => k.key === "collections")!.value).toBeNull();
  });

  it("compares with the previous period and the same period last year", async () => {
    const summary = await run([A], (tx) => dashboardSummary(tx, { clinicIds: [A], from: "2024-02-01", to: "2024-02-29", granularity: "day" }));
    expect(summary.previousRange).toEqual({ from: "2024-01-01", to: "2024-01-31" });
    expect(summary.lastYearRange).toEqual({ from: "2023-02-01", to: "2023-02-28" });
    expect(summary.kpis.find((k) => k.key === "collections")!.previous).toBe(9_000);
  });

  it("breaks production down by provider and divides per producing provider", async () => {
    const rows = await run([A], (tx) => providerBreakdown(tx, { clinicIds: [A], from: "2024-01-01", to: "2024-01-31" }));
    expect(rows.map((r) => [r.providerName, r.values.gross_production, Math.round(r.productionShare!)])).toEqual([
      ["Dr. One", 6_000, 60],
      ["Dr. Two", 4_000, 40],
    ]);
    const summary = await run([A], (tx) => dashboardSummary(tx, { clinicIds: [A], from: "2024-01-01", to: "2024-01-31", granularity: "month" }));
    expect(summary.kpis.find((k) => k.key === "production_per_provider")!.value).toBe(5_000);
  });

  it("rolls clinics up with a total row whose rates are recomputed", async () => {
    const { rows } = await run([A, B], (tx) => clinicComparison(tx, { clinicIds: [A, B], from: "2024-01-01", to: "2024-01-31" }));
    expect(rows.map((r) => r.clinicName)).toEqual(["Alpha", "Beta", "All clinics"]);
    expect(rows[0]!.values.collection_rate).toBeCloseTo(90, 6);
    expect(rows[2]!.values.collection_rate).toBeCloseTo(98.1818, 3);
  });

  it("charts a trend per period at the chosen granularity", async () => {
    const trend = await run([A], (tx) => trendSeries(tx, { clinicIds: [A], from: "2024-01-01", to: "2024-01-31", granularity: "day", kpis: ["collections", "collection_rate"] }));
    expect(trend.points).toEqual([{ periodStart: "2024-01-02", periodEnd: "2024-01-02", values: { collections: 90, collection_rate: 90 } }]);
  });
});
