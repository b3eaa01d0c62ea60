import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { measureRowsSql } from "./measure-columns.ts";
import { rebuildAllAggregations, refreshAggregations } from "./refresh.ts";

/**
 * Hand-computed fixtures against a real database. Clinic C1 has provider P1 (with data) and P2
 * (no data at all); some raw rows have no provider. Clinic C2 only exists to prove that a refresh
 * of C1 leaves it alone.
 */
const C1 = "agg_clinic_1";
const C2 = "agg_clinic_2";
const P1 = "agg_provider_1";
const P2 = "agg_provider_2";

type Fin = [clinic: string, date: string, provider: string | null, type: string, amount: number, category?: string];
type Appt = [clinic: string, date: string, provider: string | null, sched: number, done: number, cancel: number, noShow: number, booked: number | null, avail: number | null];
type Call = [clinic: string, date: string, total: number, answered: number, booked: number];
type Pat = [clinic: string, date: string, provider: string | null, active: number | null, newP: number, react: number, lost: number];

const FINANCIAL: Fin[] = [
  [C1, "2023-12-30", P1, "production", 100],
  [C1, "2023-12-30", P1, "adjustment", 10],
  [C1, "2023-12-30", null, "collection", 50],
  [C1, "2023-12-31", P1, "production", 200],
  [C1, "2023-12-31", P1, "write_off", 5],
  [C1, "2023-12-31", null, "refund", 20],
  [C1, "2023-12-31", null, "collection", 100],
  [C1, "2024-01-01", P1, "production", 300],
  [C1, "2024-01-01", null, "production", 40],
  [C1, "2024-01-02", P1, "collection", 80],
  [C1, "2024-02-29", P1, "production", 500],
  // An unknown metric type carries no measure and must not create rows.
  [C1, "2024-03-05", P1, "estimate", 999],
  [C2, "2024-01-01", null, "production", 7000],
];

const APPOINTMENTS: Appt[] = [
  [C1, "2024-02-29", P1, 10, 8, 1, 1, 400, null],
  [C1, "2024-02-29", null, 2, 2, 0, 0, null, null],
  [C1, "2024-03-01", P1, 4, 3, 0, 1, 120, 420],
];

const CALLS: Call[] = [
  [C1, "2020-12-31", 10, 8, 3],
  [C1, "2021-01-01", 5, 4, 1],
];

const PATIENTS: Pat[] = [
  [C1, "2023-12-30", null, 1000, 2, 0, 0],
  [C1, "2023-12-31", P1, 600, 1, 0, 0],
  [C1, "2023-12-31", null, 403, 2, 1, 1],
  [C1, "2024-01-01", null, null, 5, 0, 0],
  [C1, "2024-01-02", null, 1010, 0, 0, 3],
];

async function loadRaw(t: TestDatabase) {
  for (const [clinic, date, provider, type, amount, category] of FINANCIAL) {
    await t.pool.query(
      `INSERT INTO financial_metrics (id, clinic_id, date, provider_id, metric_type, category, amount)
       VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5, $6)`,
      [clinic, date, provider, type, category ?? null, amount],
    );
  }
  for (const [clinic, date, provider, s, c, x, n, b, a] of APPOINTMENTS) {
    await t.pool.query(
      `INSERT INTO appointment_metrics (id, clinic_id, date, provider_id, scheduled_count, completed_count, cancelled_count, no_show_count, booked_minutes, available_minutes)
       VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [clinic, date, provider, s, c, x, n, b, a],
    );
  }
  for (const [clinic, date, total, answered, booked] of CALLS) {
    await t.pool.query(
      `INSERT INTO call_metrics (id, clinic_id, date, total_calls, answered_calls, appointments_booked)
       VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5)`,
      [clinic, date, total, answered, booked],
    );
  }
  for (const [clinic, date, provider, active, n, r, l] of PATIENTS) {
    await t.pool.query(
      `INSERT INTO patient_metrics (id, clinic_id, date, provider_id, active_patients, new_patients, reactivated_patients, lost_patients)
       VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5, $6, $7)`,
      [clinic, date, provider, active, n, r, l],
    );
  }
}

interface AggRow {
  clinic: string;
  key: string;
  type: string;
  start: string;
  end: string;
  provider: string | null;
  value: number;
  count: number;
  min: number | null;
  max: number | null;
  avg: number | null;
}

async function rows(t: TestDatabase, where = "TRUE", params: unknown[] = []): Promise<AggRow[]> {
  const { rows } = await t.pool.query(
    `SELECT clinic_id AS clinic, metric_key AS key, aggregation_type AS type,
            to_char(period_start, 'YYYY-MM-DD') AS start, to_char(period_end, 'YYYY-MM-DD') AS "end",
            provider_id AS provider, value::float8 AS value, count, minimum::float8 AS min, maximum::float8 AS max,
            average::float8 AS avg
       FROM (${measureRowsSql()}) r WHERE ${where}
      ORDER BY clinic_id, metric_key, aggregation_type, period_start, provider_id NULLS FIRST`,
    params,
  );
  return rows as AggRow[];
}

async function one(t: TestDatabase, clinic: string, key: string, type: string, start: string, provider: string | null = null) {
  const found = await rows(t, "clinic_id = $1 AND metric_key = $2 AND aggregation_type = $3 AND period_start = $4 AND provider_id IS NOT DISTINCT FROM $5", [
    clinic,
    key,
    type,
    start,
    provider,
  ]);
  expect(found.length, `${clinic} ${key} ${type} ${start} ${provider}`).toBeLessThanOrEqual(1);
  return found[0];
}

/** producing_providers of every row, keyed "clinic type start provider" (NULL provider: "-"). */
async function producing(t: TestDatabase): Promise<Record<string, number | null>> {
  const { rows } = await t.pool.query(
    `SELECT clinic_id || ' ' || aggregation_type || ' ' || to_char(period_start, 'YYYY-MM-DD') || ' ' || COALESCE(provider_id, '-') AS k,
            producing_providers AS n
       FROM metric_aggregations ORDER BY 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.k, r.n]));
}

describe("aggregation engine", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await t.pool.query(`INSERT INTO clinics (id, name, location) VALUES ($1, 'Agg One', 'x'), ($2, 'Agg Two', 'y')`, [C1, C2]);
    await t.pool.query(`INSERT INTO providers (id, name, clinic_id) VALUES ($1, 'Dr One', $3), ($2, 'Dr Two', $3)`, [P1, P2, C1]);
  });
  afterAll(async () => t?.close());

  beforeEach(async () => {
    await t.pool.query(
      "TRUNCATE financial_metrics, appointment_metrics, call_metrics, patient_metrics, metric_aggregations",
    );
    await loadRaw(t);
  });

  it("computes day rows from the raw tables: net = gross − adjustments, refunds subtract, NULL providers count in the clinic only", async () => {
    const result = await rebuildAllAggregations(t.db);
    expect(result.clinics).toBe(2);
    expect(result.from).toBe("2020-12-31");
    expect(result.to).toBe("2024-03-05");

    expect(await one(t, C1, "gross_production", "day", "2023-12-30")).toMatchObject({ value: 100, count: 1, min: 100, max: 100, avg: 100, end: "2023-12-30" });
    expect(await one(t, C1, "adjustments", "day", "2023-12-31")).toMatchObject({ value: 5 });
    expect(await one(t, C1, "net_production", "day", "2023-12-30")).toMatchObject({ value: 90 });
    expect(await one(t, C1, "net_production", "day", "2023-12-31")).toMatchObject({ value: 195 });
    expect(await one(t, C1, "collections", "day", "2023-12-31")).toMatchObject({ value: 80 }); // 100 − 20 refund
    // The unattributed $40 is in the clinic total but makes no provider row.
    expect(await one(t, C1, "gross_production", "day", "2024-01-01")).toMatchObject({ value: 340 });
    expect(await one(t, C1, "gross_production", "day", "2024-01-01", P1)).toMatchObject({ value: 300 });
    // P1's own financial rows that day: production only, so collections 0 for P1 and for nobody else.
    expect(await one(t, C1, "collections", "day", "2023-12-30", P1)).toMatchObject({ value: 0 });
    expect(await one(t, C1, "collections", "day", "2023-12-30")).toMatchObject({ value: 50 });

    const providerIds = (await rows(t, "provider_id IS NOT NULL")).map((r) => r.provider);
    expect(new Set(providerIds)).toEqual(new Set([P1])); // no NULL-provider rows at provider level, nothing for P2
    expect(await rows(t, "clinic_id = $1 AND provider_id IS NOT NULL", [C2])).toEqual([]);
    // Calls and patients are clinic-level only, even when a raw patient row names a provider.
    expect(await rows(t, "provider_id IS NOT NULL AND (metric_key LIKE 'calls_%' OR metric_key LIKE 'patients_%')")).toEqual([]);
    // The unknown metric type made nothing.
    expect(await rows(t, "period_start = '2024-03-05'")).toEqual([]);

    // Minutes: booked from P1 only; available is NULL on every row that day, so no row at all.
    expect(await one(t, C1, "booked_minutes", "day", "2024-02-29")).toMatchObject({ value: 400 });
    expect(await one(t, C1, "available_minutes", "day", "2024-02-29")).toBeUndefined();
    expect(await one(t, C1, "appointments_scheduled", "day", "2024-02-29")).toMatchObject({ value: 12 });
    expect(await one(t, C1, "appointments_scheduled", "day", "2024-02-29", P1)).toMatchObject({ value: 10 });
  });

  it("rolls days up across month and year boundaries", async () => {
    await rebuildAllAggregations(t.db);
    expect(await one(t, C1, "gross_production", "month", "2023-12-01")).toMatchObject({ value: 300, count: 2, min: 100, max: 200, avg: 150, end: "2023-12-31" });
    expect(await one(t, C1, "gross_production", "month", "2024-01-01")).toMatchObject({ value: 340, count: 2, min: 0, max: 340, avg: 170, end: "2024-01-31" });
    expect(await one(t, C1, "gross_production", "quarter", "2023-10-01")).toMatchObject({ value: 300, end: "2023-12-31" });
    expect(await one(t, C1, "gross_production", "quarter", "2024-01-01")).toMatchObject({ value: 840, count: 3, end: "2024-03-31" });
    expect(await one(t, C1, "gross_production", "year", "2023-01-01")).toMatchObject({ value: 300, end: "2023-12-31" });
    expect(await one(t, C1, "gross_production", "year", "2024-01-01")).toMatchObject({ value: 840, count: 3, end: "2024-12-31" });
    expect(await one(t, C1, "gross_production", "year", "2024-01-01", P1)).toMatchObject({ value: 800 });
    expect(await one(t, C1, "collections", "year", "2024-01-01")).toMatchObject({ value: 80 });
    expect(await one(t, C1, "net_production", "year", "2023-01-01")).toMatchObject({ value: 285 });
  });

  it("uses ISO weeks (Monday–Sunday) across year boundaries", async () => {
    await rebuildAllAggregations(t.db);
    // 2020-12-31 (Thu) and 2021-01-01 (Fri) are in the week starting Monday 2020-12-28.
    expect(await one(t, C1, "calls_total", "week", "2020-12-28")).toMatchObject({ value: 15, count: 2, min: 5, max: 10, end: "2021-01-03" });
    expect(await one(t, C1, "calls_total", "year", "2020-01-01")).toMatchObject({ value: 10 });
    expect(await one(t, C1, "calls_total", "year", "2021-01-01")).toMatchObject({ value: 5 });
    expect(await one(t, C1, "calls_total", "month", "2020-12-01")).toMatchObject({ value: 10 });
    // 2023-12-30/31 are the end of the week of Monday 2023-12-25; 2024-01-01 starts a new week.
    expect(await one(t, C1, "gross_production", "week", "2023-12-25")).toMatchObject({ value: 300, end: "2023-12-31" });
    expect(await one(t, C1, "gross_production", "week", "2024-01-01")).toMatchObject({ value: 340, count: 2, end: "2024-01-07" });
  });

  it("handles the leap day", async () => {
    await rebuildAllAggregations(t.db);
    expect(await one(t, C1, "gross_production", "day", "2024-02-29")).toMatchObject({ value: 500 });
    expect(await one(t, C1, "gross_production", "month", "2024-02-01")).toMatchObject({ value: 500, end: "2024-02-29" });
    expect(await one(t, C1, "appointments_scheduled", "week", "2024-02-26")).toMatchObject({ value: 16, count: 2, end: "2024-03-03" });
    expect(await one(t, C1, "appointments_scheduled", "month", "2024-02-01")).toMatchObject({ value: 12 });
    expect(await one(t, C1, "appointments_scheduled", "month", "2024-03-01")).toMatchObject({ value: 4 });
  });

  it("keeps the last day's value for the stock patients_active and sums the flows", async () => {
    await rebuildAllAggregations(t.db);
    // Sum over that day's rows (with or without provider): 600 + 403.
    expect(await one(t, C1, "patients_active", "day", "2023-12-31")).toMatchObject({ value: 1003 });
    expect(await one(t, C1, "patients_active", "day", "2024-01-01")).toBeUndefined(); // no count that day
    expect(await one(t, C1, "patients_active", "month", "2023-12-01")).toMatchObject({ value: 1003, count: 2, min: 1000, max: 1003, avg: 1001.5 });
    expect(await one(t, C1, "patients_active", "quarter", "2023-10-01")).toMatchObject({ value: 1003 });
    expect(await one(t, C1, "patients_active", "month", "2024-01-01")).toMatchObject({ value: 1010, count: 1 });
    expect(await one(t, C1, "patients_active", "week", "2024-01-01")).toMatchObject({ value: 1010 });
    expect(await one(t, C1, "patients_new", "month", "2023-12-01")).toMatchObject({ value: 5 });
    expect(await one(t, C1, "patients_new", "week", "2024-01-01")).toMatchObject({ value: 5, count: 2, min: 0, max: 5 });
    expect(await one(t, C1, "patients_lost", "year", "2024-01-01")).toMatchObject({ value: 3 });
  });

  it("stores on each clinic row how many of its providers produced in the period (gross production above 0)", async () => {
    await rebuildAllAggregations(t.db);
    const n = await producing(t);
    expect(n[`${C1} day 2023-12-30 -`]).toBe(1); // P1 produced 100
    expect(n[`${C1} day 2024-01-01 -`]).toBe(1); // P1's 300; the 40 without a provider counts for nobody
    expect(n[`${C1} day 2024-01-02 -`]).toBe(0); // P1 only collected
    expect(n[`${C1} day 2024-03-01 -`]).toBe(0); // appointments only
    expect(n[`${C1} week 2023-12-25 -`]).toBe(1);
    expect(n[`${C1} month 2024-01-01 -`]).toBe(1);
    expect(n[`${C1} year 2024-01-01 -`]).toBe(1);
    expect(n[`${C2} year 2024-01-01 -`]).toBe(0); // production without a provider
    // Providers' rows leave it empty.
    expect(n[`${C1} day 2023-12-30 ${P1}`]).toBeNull();
    expect(n[`${C1} year 2024-01-01 ${P1}`]).toBeNull();
  });

  it("an incremental refresh after changing raw data equals a full rebuild, row for row", async () => {
    await rebuildAllAggregations(t.db);
    const c2Before = await rows(t, "clinic_id = $1", [C2]);

    // Change one day, add a provider's first row, remove an adjustment, and change a stock.
    await t.pool.query(`UPDATE financial_metrics SET amount = 350 WHERE clinic_id = $1 AND date = '2024-01-01' AND provider_id = $2`, [C1, P1]);
    await t.pool.query(
      `INSERT INTO financial_metrics (id, clinic_id, date, provider_id, metric_type, amount) VALUES (gen_random_uuid()::text, $1, '2024-01-01', $2, 'production', 70)`,
      [C1, P2],
    );
    await t.pool.query(`UPDATE patient_metrics SET active_patients = 1200 WHERE clinic_id = $1 AND date = '2024-01-01'`, [C1]);
    const first = await refreshAggregations(t.db, { clinicIds: [C1], from: "2024-01-01", to: "2024-01-01" });
    expect(first.updated).toBeGreaterThan(0);
    expect(first.inserted).toBeGreaterThan(0); // P2's rows and the new patients_active day

    await t.pool.query(`DELETE FROM financial_metrics WHERE clinic_id = $1 AND date = '2023-12-30' AND metric_type = 'adjustment'`, [C1]);
    await refreshAggregations(t.db, { clinicIds: [C1], from: "2023-12-30", to: "2023-12-30" });

    const incremental = await rows(t);
    const incrementalProducing = await producing(t);
    // P2's first production: two producing providers that day, week, month and year.
    for (const k of ["day 2024-01-01", "week 2024-01-01", "month 2024-01-01", "year 2024-01-01"]) expect(incrementalProducing[`${C1} ${k} -`], k).toBe(2);
    expect(incrementalProducing[`${C1} month 2023-12-01 -`]).toBe(1);
    expect(await one(t, C1, "gross_production", "year", "2024-01-01")).toMatchObject({ value: 960 });
    expect(await one(t, C1, "gross_production", "month", "2024-01-01", P2)).toMatchObject({ value: 70, count: 1 });
    expect(await one(t, C1, "patients_active", "month", "2024-01-01")).toMatchObject({ value: 1010, count: 2, max: 1200 });
    expect(await rows(t, "clinic_id = $1", [C2])).toEqual(c2Before);

    await t.pool.query("TRUNCATE metric_aggregations");
    await rebuildAllAggregations(t.db);
    expect(incremental).toEqual(await rows(t));
    expect(incrementalProducing).toEqual(await producing(t));
  });

  it("removes or updates rows when raw rows are deleted", async () => {
    await rebuildAllAggregations(t.db);
    await t.pool.query(`DELETE FROM financial_metrics WHERE clinic_id = $1 AND date = '2024-02-29'`, [C1]);
    await t.pool.query(`DELETE FROM appointment_metrics WHERE clinic_id = $1 AND date = '2024-02-29'`, [C1]);
    const result = await refreshAggregations(t.db, { clinicIds: [C1], from: "2024-02-29", to: "2024-02-29" });
    expect(result.deleted).toBeGreaterThan(0);

    expect(await rows(t, "clinic_id = $1 AND period_start = '2024-02-29'", [C1])).toEqual([]);
    // February had data only on the 29th: its rows are gone; Q1 and 2024 shrink.
    expect(await one(t, C1, "gross_production", "month", "2024-02-01")).toBeUndefined();
    expect(await one(t, C1, "gross_production", "week", "2024-02-26")).toBeUndefined();
    expect(await one(t, C1, "gross_production", "quarter", "2024-01-01")).toMatchObject({ value: 340, count: 2 });
    expect(await one(t, C1, "appointments_scheduled", "week", "2024-02-26")).toMatchObject({ value: 4, count: 1 });
    const incremental = await rows(t);
    await t.pool.query("TRUNCATE metric_aggregations");
    await rebuildAllAggregations(t.db);
    expect(incremental).toEqual(await rows(t));
  });

  it("writes nothing on a second refresh with no change", async () => {
    await rebuildAllAggregations(t.db);
    const before = await t.pool.query(`SELECT id, updated_at FROM metric_aggregations ORDER BY id`);
    await new Promise((r) => setTimeout(r, 20));
    const again = await refreshAggregations(t.db, { clinicIds: [C1, C2], from: "2020-01-01", to: "2024-12-31" });
    expect(again).toMatchObject({ inserted: 0, updated: 0, deleted: 0 });
    expect(again.unchanged).toBe(again.dayRows + again.periodRows);
    const rebuilt = await rebuildAllAggregations(t.db);
    expect(rebuilt).toMatchObject({ inserted: 0, updated: 0, deleted: 0 });
    const after = await t.pool.query(`SELECT id, updated_at FROM metric_aggregations ORDER BY id`);
    expect(after.rows).toEqual(before.rows);
  });

  it("gives a clinic a new aggregations version when its rows change, and only then", async () => {
    const versions = async () => {
      const { rows } = await t.pool.query<{ id: string; v: string }>(`SELECT id, aggregations_version::text AS v FROM clinics WHERE id = ANY($1) ORDER BY id`, [[C1, C2]]);
      return Object.fromEntries(rows.map((r) => [r.id, r.v]));
    };
    await rebuildAllAggregations(t.db);
    const built = await versions();
    await refreshAggregations(t.db, { clinicIds: [C1, C2], from: "2020-01-01", to: "2024-12-31" });
    expect(await versions()).toEqual(built); // nothing changed: cached dashboards stay valid

    await t.pool.query(`UPDATE financial_metrics SET amount = amount + 1 WHERE clinic_id = $1 AND date = '2024-02-29'`, [C1]);
    await refreshAggregations(t.db, { clinicIds: [C1, C2], from: "2024-02-29", to: "2024-02-29" });
    const after = await versions();
    expect(after[C1]).not.toEqual(built[C1]);
    expect(after[C2]).toEqual(built[C2]); // C2's rows did not change

    // Deleting data is a change too.
    await t.pool.query(`DELETE FROM financial_metrics WHERE clinic_id = $1`, [C2]);
    await refreshAggregations(t.db, { clinicIds: [C2], from: "2024-01-01", to: "2024-01-01" });
    expect((await versions())[C2]).not.toEqual(built[C2]);
  });

  it("runs inside the caller's transaction and rolls back with it", async () => {
    await rebuildAllAggregations(t.db);
    await t.pool.query(`UPDATE financial_metrics SET amount = 1 WHERE clinic_id = $1 AND date = '2024-02-29'`, [C1]);
    await expect(
      t.db.$transaction(async (tx) => {
        const counts = await refreshAggregations(tx, { clinicIds: [C1], from: "2024-02-29", to: "2024-02-29" });
        expect(counts.updated).toBeGreaterThan(0);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await one(t, C1, "gross_production", "day", "2024-02-29")).toMatchObject({ value: 500 });
    await t.db.$transaction((tx) => refreshAggregations(tx, { clinicIds: [C1], from: "2024-02-29", to: "2024-02-29" }));
    expect(await one(t, C1, "gross_production", "day", "2024-02-29")).toMatchObject({ value: 1 });
  });

  it("refuses an inverted range and does nothing for no clinics", async () => {
    await expect(refreshAggregations(t.db, { clinicIds: [C1], from: "2024-02-02", to: "2024-02-01" })).rejects.toThrow(RangeError);
    expect(await refreshAggregations(t.db, { clinicIds: [], from: "2024-02-01", to: "2024-02-01" })).toMatchObject({ dayRows: 0 });
  });
});
