import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { REBUILDS_AGGREGATIONS, afterMigrations } from "./after-migrate.ts";

/**
 * A migration that reshapes metric_aggregations empties it; the migrate command must then rebuild
 * it from the raw tables, or every dashboard would show "no data" after an upgrade.
 */
describe("after migrations", () => {
  let t: TestDatabase;
  const grossOfJanuary = async () =>
    (
      await t.pool.query<{ v: string | null }>(
        `SELECT gross_production::text AS v FROM metric_aggregations
          WHERE clinic_id = 'am_clinic' AND aggregation_type = 'month' AND period_start = '2024-01-01' AND provider_id IS NULL`,
      )
    ).rows[0]?.v ?? null;

  beforeAll(async () => {
    t = await createTestDatabase();
    await t.pool.query(`INSERT INTO clinics (id, name, location) VALUES ('am_clinic', 'After Migrate', 'x')`);
    await t.pool.query(
      `INSERT INTO financial_metrics (id, clinic_id, date, metric_type, amount)
       VALUES ('am1', 'am_clinic', '2024-01-02', 'production', 120.50), ('am2', 'am_clinic', '2024-01-03', 'production', 79.50)`,
    );
  });
  afterAll(async () => t?.close());

  it("leaves metric_aggregations alone when no reshaping migration was applied", async () => {
    expect(await afterMigrations(t.url, [])).toEqual({ rebuiltClinics: 0 });
    expect(await afterMigrations(t.url, ["20261125150000_phase_2_dual_ids"])).toEqual({ rebuiltClinics: 0 });
    expect(await grossOfJanuary()).toBeNull();
  });

  it("rebuilds metric_aggregations from the raw tables after a reshaping migration", async () => {
    expect(REBUILDS_AGGREGATIONS).toContain("20261127090000_aggregations_one_row_per_period");
    expect(await afterMigrations(t.url, ["20261127090000_aggregations_one_row_per_period"])).toEqual({ rebuiltClinics: 1 });
    expect(await grossOfJanuary()).toBe("200.0000");
  });
});
