import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { createTenantDb } from "../../tenancy/tenant-db.ts";
import { MEASURE_KEYS } from "../base-measures.ts";
import { readAggregations } from "./reader.ts";

/**
 * The reader's SQL lives in the database function dashboard_aggregation_rows(), which writes the 17
 * measures out in MEASURE_KEYS order. These rows give every measure its own value, so a measure
 * read into another's place, or one dropped, changes an answer below.
 */
const A = "reader_clinic_a";
const B = "reader_clinic_b";
const P1 = "reader_prov_1";
const P2 = "reader_prov_2";
const DAY = "2025-03-04";
const piece = { grain: "day", periodStart: DAY, periodEnd: DAY } as const;

/** Measure m of clinic row c: 1000·(c+1) + m + 0.25 — different for every measure and clinic. */
const valueOf = (clinicNo: number, m: number) => 1000 * (clinicNo + 1) + m + 0.25;
const allMeasures = (clinicNo: number) => Object.fromEntries(MEASURE_KEYS.map((k, m) => [k, valueOf(clinicNo, m)]));

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await t.pool.query(`INSERT INTO clinics (id, name, location) VALUES ($1, 'Reader A', 'x'), ($2, 'Reader B', 'y')`, [A, B]);
  await t.pool.query(`INSERT INTO providers (id, name, clinic_id) VALUES ($1, 'Dr. One', $3), ($2, 'Dr. Two', $3)`, [P1, P2, A]);
  const insert = (id: string, clinic: string, provider: string | null, values: Record<string, number>) =>
    t.pool.query(
      `INSERT INTO metric_aggregations (id, clinic_id, provider_id, aggregation_type, period_start, period_end, ${Object.keys(values).join(", ")})
       VALUES ($1, $2, $3, 'day', $4, $4, ${Object.keys(values).map((_, i) => `$${i + 5}`).join(", ")})`,
      [id, clinic, provider, DAY, ...Object.values(values)],
    );
  // producing_providers as the aggregation engine writes it: A has one producing provider (P1).
  await insert("ra", A, null, { ...allMeasures(0), producing_providers: 1 });
  await insert("rb", B, null, { ...allMeasures(1), producing_providers: 0 });
  // Provider rows: P1 has every provider measure, P2 gross production only (and none of it).
  await insert("rp1", A, P1, { gross_production: 7.5, net_production: 6.5, collections: 5.5, appointments_completed: 3 });
  await insert("rp2", A, P2, { gross_production: 0 });
});

afterAll(async () => {
  await t?.close();
});

describe("readAggregations (dashboard_aggregation_rows)", () => {
  it("reads every measure into its own key, per clinic and combined", async () => {
    const { targets, lastDataDate } = await readAggregations(t.db, {
      clinicIds: [A, B],
      targets: [{ pieces: [piece] }],
      perClinic: true,
      lastData: { from: "2025-03-01", to: "2025-03-31" },
    });
    const [target] = targets;
    expect(target!.byClinic.get(A)).toEqual(allMeasures(0));
    expect(target!.byClinic.get(B)).toEqual(allMeasures(1));
    expect(target!.sums).toEqual(Object.fromEntries(MEASURE_KEYS.map((k, m) => [k, valueOf(0, m) + valueOf(1, m)])));
    // Producing providers: P1 (7.5); P2's gross production is 0.
    expect(target!.providerCount).toBe(1);
    expect(lastDataDate).toBe(DAY);
  });

  it("reads one provider's rows only; what the provider has no row for stays missing", async () => {
    const { targets, lastDataDate } = await readAggregations(t.db, {
      clinicIds: [A],
      providerId: P1,
      targets: [{ pieces: [piece] }],
      lastData: { from: "2025-03-01", to: "2025-03-31" },
    });
    expect(targets[0]!.sums).toEqual({ gross_production: 7.5, net_production: 6.5, collections: 5.5, appointments_completed: 3 });
    expect(targets[0]!.providerCount).toBe(1);
    expect(lastDataDate).toBe(DAY);
  });

  it("takes a one-period range of one clinic's producing providers from the clinic's row, and adds up provider rows otherwise", async () => {
    const nextDay = { grain: "day", periodStart: "2025-03-05", periodEnd: "2025-03-05" } as const;
    await t.pool.query(
      `INSERT INTO metric_aggregations (id, clinic_id, provider_id, aggregation_type, period_start, period_end, gross_production, producing_providers)
       VALUES ('ra2', $1, NULL, 'day', '2025-03-05', '2025-03-05', 9, 1), ('rp2b', $1, $2, 'day', '2025-03-05', '2025-03-05', 9, NULL)`,
      [A, P2],
    );
    try {
      const { targets } = await readAggregations(t.db, {
        clinicIds: [A],
        targets: [{ pieces: [piece] }, { pieces: [nextDay] }, { pieces: [piece, nextDay] }],
        perClinic: true,
      });
      expect(targets.map((x) => x.providerCount)).toEqual([1, 1, 2]);
      expect(targets.map((x) => x.providerCountByClinic.get(A))).toEqual([1, 1, 2]);

      // The stored count is what a one-period range reports (the provider rows are not read for it).
      await t.pool.query(`UPDATE metric_aggregations SET producing_providers = 2 WHERE id = 'ra'`);
      const again = await readAggregations(t.db, { clinicIds: [A], targets: [{ pieces: [piece] }] });
      expect(again.targets[0]!.providerCount).toBe(2);
    } finally {
      await t.pool.query(`UPDATE metric_aggregations SET producing_providers = 1 WHERE id = 'ra'`);
      await t.pool.query(`DELETE FROM metric_aggregations WHERE id IN ('ra2', 'rp2b')`);
    }
  });

  it("without a lastData range, reports no last day", async () => {
    const { lastDataDate } = await readAggregations(t.db, { clinicIds: [A], targets: [{ pieces: [piece] }] });
    expect(lastDataDate).toBeNull();
  });

  it("through the tenant handle, a clinic outside the user's scope reads as empty even when asked for by id", async () => {
    const user = await t.db.user.create({ data: { email: "reader-owner@example.test", name: "Reader Owner" } });
    await t.db.userClinicRole.create({ data: { userId: user.id, clinicId: A, role: "owner" } });
    const tenant = createTenantDb(t.db, user.id, [A]);
    const { targets, lastDataDate } = await tenant.run((tx) =>
      readAggregations(tx, { clinicIds: [A, B], targets: [{ pieces: [piece] }], perClinic: true, lastData: { from: DAY, to: DAY } }),
    );
    expect([...targets[0]!.byClinic.keys()]).toEqual([A]);
    expect(targets[0]!.sums).toEqual(allMeasures(0));
    expect(lastDataDate).toBe(DAY);

    const outsider = await tenant.run((tx) => readAggregations(tx, { clinicIds: [B], targets: [{ pieces: [piece] }], lastData: { from: DAY, to: DAY } }));
    expect(outsider.targets[0]!.sums).toEqual({});
    expect(outsider.lastDataDate).toBeNull();
  });
});
