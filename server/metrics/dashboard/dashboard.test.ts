import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SqlReader, pgSqlReader } from "../../db/sql-reader.ts";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { rebuildAllAggregations, refreshAggregations } from "../aggregation/refresh.ts";
import { measureRowsSql } from "../aggregation/measure-columns.ts";
import { addDays, compareDates } from "../iso-date.ts";
import { computeKpi } from "../kpi-compute.ts";
import { combineAllMeasures, countProducingProviders, type MeasureRow } from "../measure-rollup.ts";
import { previousRange, sameRangeLastYear } from "../ranges.ts";
import { clinicComparison, dashboardSummary, measureTotals, providerBreakdown, trendSeries } from "./dashboard.ts";
import { goalVsActualSeries } from "./goal-series.ts";
import { planPieces } from "./reader.ts";
import { rawMeasureTotals } from "./raw-oracle.ts";

/**
 * Clinic A (providers A1, A2) has two years of generated daily data; clinic B (provider B1) has a
 * few hand-written days; clinic E has nothing. Everything is read through the functions under test
 * and compared with hand-computed numbers, with the raw tables (raw-oracle.ts) and with the pure
 * roll-up rules of measure-rollup.ts applied to the day rows.
 */
const A = "dash_clinic_a";
const B = "dash_clinic_b";
const E = "dash_clinic_empty";
const A1 = "dash_prov_a1";
const A2 = "dash_prov_a2";
const B1 = "dash_prov_b1";

let t: TestDatabase;
const inTx = <T>(fn: (tx: Parameters<Parameters<TestDatabase["db"]["$transaction"]>[0]>[0]) => Promise<T>) => t.db.$transaction(fn);

async function seed() {
  await t.pool.query(`INSERT INTO clinics (id, name, location) VALUES ($1, 'Alpha Dental', 'x'), ($2, 'Beta Dental', 'y'), ($3, 'Empty Dental', 'z')`, [A, B, E]);
  await t.pool.query(
    `INSERT INTO providers (id, name, clinic_id) VALUES ($1, 'Dr. Ada', $4), ($2, 'Dr. Abe', $4), ($3, 'Dr. Bea', $5)`,
    [A1, A2, B1, A, B],
  );
  // Clinic A: Mon–Fri of 2023 and 2024, values varying by day so that sums are not trivially equal.
  await t.pool.query(
    `WITH d AS (SELECT day::date AS day, extract(doy FROM day)::int AS n FROM generate_series('2023-01-02'::date, '2024-12-31'::date, interval '1 day') day
                 WHERE extract(isodow FROM day) < 6)
     INSERT INTO financial_metrics (id, clinic_id, date, provider_id, metric_type, amount)
     SELECT md5(p || day::text || t), $1, day, p, t,
            CASE t WHEN 'production' THEN 1000 + n * (CASE p WHEN $2 THEN 1 ELSE 2 END)
                   WHEN 'adjustment' THEN 40 + n % 7 ELSE 900 + n % 50 END
       FROM d CROSS JOIN unnest(ARRAY[$2, $3]) p CROSS JOIN unnest(ARRAY['production', 'adjustment', 'collection']) t`,
    [A, A1, A2],
  );
  await t.pool.query(
    `WITH d AS (SELECT day::date AS day, extract(doy FROM day)::int AS n FROM generate_series('2023-01-02'::date, '2024-12-31'::date, interval '1 day') day
                 WHERE extract(isodow FROM day) < 6)
     INSERT INTO appointment_metrics (id, clinic_id, date, provider_id, scheduled_count, completed_count, cancelled_count, no_show_count, booked_minutes, available_minutes)
     SELECT md5(p || day::text), $1, day, p, 10 + n % 5, 8, 1, 1 + n % 2, 300 + n % 60, 420 FROM d CROSS JOIN unnest(ARRAY[$2, $3]) p`,
    [A, A1, A2],
  );
  await t.pool.query(
    `WITH d AS (SELECT day::date AS day, extract(doy FROM day)::int AS n FROM generate_series('2023-01-02'::date, '2024-12-31'::date, interval '1 day') day
                 WHERE extract(isodow FROM day) < 6)
     INSERT INTO call_metrics (id, clinic_id, date, total_calls, answered_calls, appointments_booked)
     SELECT md5('c' || day::text), $1, day, 30 + n % 10, 25 + n % 5, 10 FROM d`,
    [A],
  );
  await t.pool.query(
    `WITH d AS (SELECT day::date AS day, (day::date - '2023-01-01'::date) AS n FROM generate_series('2023-01-02'::date, '2024-12-31'::date, interval '1 day') day
                 WHERE extract(isodow FROM day) < 6)
     INSERT INTO patient_metrics (id, clinic_id, date, active_patients, new_patients, reactivated_patients, lost_patients)
     SELECT md5('p' || day::text), $1, day, 2000 + n, 2, 1, 1 FROM d`,
    [A],
  );
  // Clinic B: three days in March 2024 with simple numbers; one unattributed production row.
  await t.pool.query(
    `INSERT INTO financial_metrics (id, clinic_id, date, provider_id, metric_type, amount) VALUES
       ('b1', $1, '2024-03-04', $2, 'production', 300), ('b2', $1, '2024-03-04', $2, 'collection', 30),
       ('b3', $1, '2024-03-05', NULL, 'production', 100), ('b4', $1, '2024-03-06', $2, 'refund', 5)`,
    [B, B1],
  );
  await t.pool.query(
    `INSERT INTO call_metrics (id, clinic_id, date, total_calls, answered_calls, appointments_booked) VALUES
       ('bc1', $1, '2024-03-04', 100, 10, 1)`,
    [B],
  );
  await t.pool.query(
    `INSERT INTO patient_metrics (id, clinic_id, date, active_patients, new_patients) VALUES
       ('bp1', $1, '2024-03-04', 700, 1), ('bp2', $1, '2024-03-05', 710, 0)`,
    [B],
  );
  await rebuildAllAggregations(t.db);
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seed();
});
afterAll(async () => t?.close());

describe("measureTotals", () => {
  it("answers a range from planRangeQuery pieces and equals the sum of the day rows and the raw rows", async () => {
    const ranges: [string, string][] = [
      ["2023-03-15", "2024-03-15"], // days + quarters + months + days
      ["2024-01-01", "2024-12-31"], // one year row
      ["2023-12-30", "2024-01-02"], // across a year end
      ["2024-02-26", "2024-03-10"], // whole ISO weeks inside
      ["2024-02-29", "2024-02-29"], // the leap day
    ];
    for (const [from, to] of ranges) {
      const totals = await inTx((tx) => measureTotals(tx, { clinicIds: [A, B], from, to }));
      const raw = await inTx((tx) => rawMeasureTotals(tx, { clinicIds: [A, B], from, to }));
      for (const [key, value] of Object.entries(raw.sums)) expect(totals.combined[key as keyof typeof raw.sums], `${key} ${from}…${to}`).toBeCloseTo(value!, 4);
      expect(Object.keys(totals.combined).sort()).toEqual(Object.keys(raw.sums).sort());
      expect(totals.providerCount).toBe(raw.providerCount);

      // The pure roll-up rules over the day rows give the same numbers.
      const { rows } = await t.pool.query(
        `SELECT clinic_id, provider_id, metric_key, to_char(period_start, 'YYYY-MM-DD') AS d, value::float8 AS value
           FROM (${measureRowsSql({ where: "a.clinic_id = ANY($1) AND a.aggregation_type = 'day' AND a.period_start BETWEEN $2 AND $3" })}) r`,
        [[A, B], from, to],
      );
      const dayRows: MeasureRow[] = rows.map((r) => ({ clinicId: r.clinic_id, providerId: r.provider_id, metricKey: r.metric_key, periodStart: r.d, value: r.value }));
      const fromDays = combineAllMeasures(dayRows.filter((r) => r.providerId === null));
      for (const [key, value] of Object.entries(fromDays)) expect(totals.combined[key as keyof typeof fromDays], key).toBeCloseTo(value!, 4);
      expect(totals.providerCount).toBe(countProducingProviders(dayRows));
    }
  });

  it("uses few rows: a rolling year is 25 pieces (planRangeQuery's 37 with whole ISO weeks merged), not 367 days", () => {
    expect(planPieces("2023-03-15", "2024-03-15")).toHaveLength(25);
    const pieces = planPieces("2024-02-26", "2024-03-10");
    expect(pieces.map((p) => `${p.grain}:${p.periodStart}`)).toEqual(["week:2024-02-26", "week:2024-03-04"]);
    // The pieces tile the range exactly.
    let cursor = "2024-02-26";
    for (const p of pieces) {
      expect(p.periodStart).toBe(cursor);
      cursor = addDays(p.periodEnd, 1);
    }
    expect(cursor).toBe("2024-03-11");
  });

  it("per clinic and combined; ratios across clinics are Σnumerator ÷ Σdenominator", async () => {
    const totals = await inTx((tx) => measureTotals(tx, { clinicIds: [A, B], from: "2024-03-04", to: "2024-03-06" }));
    const b = totals.byClinic.get(B)!;
    expect(b).toMatchObject({ gross_production: 400, net_production: 400, collections: 25, calls_total: 100, calls_answered: 10, patients_active: 710 });
    expect(totals.providerCountByClinic.get(B)).toBe(1);
    const a = totals.byClinic.get(A)!;
    // Answer rate: A alone, B alone, and together — the combined rate is not the mean of the two.
    const rateA = computeKpi("answer_rate", a)!;
    const rateB = computeKpi("answer_rate", b)!;
    const combined = computeKpi("answer_rate", totals.combined)!;
    expect(rateB).toBeCloseTo(10, 6);
    expect(combined).toBeCloseTo(((a.calls_answered! + 10) / (a.calls_total! + 100)) * 100, 6);
    expect(combined).not.toBeCloseTo((rateA + rateB) / 2, 1);
    // The stock: each clinic's latest count, added.
    expect(totals.combined.patients_active).toBe(a.patients_active! + 710);
    expect(totals.providerCount).toBe(3);
  });

  it("a provider's totals use that provider's rows only", async () => {
    const totals = await inTx((tx) => measureTotals(tx, { clinicIds: [B], providerId: B1, from: "2024-03-01", to: "2024-03-31" }));
    expect(totals.combined).toEqual({ gross_production: 300, adjustments: 0, net_production: 300, collections: 25 });
    expect(totals.providerCount).toBe(1);
  });

  it("an empty period has no data: flows and ratios are null, not 0", async () => {
    const totals = await inTx((tx) => measureTotals(tx, { clinicIds: [E], from: "2024-01-01", to: "2024-12-31" }));
    expect(totals.hasData).toBe(false);
    expect(computeKpi("collection_rate", totals.combined)).toBeNull();
    expect(computeKpi("gross_production", totals.combined)).toBeNull();
    const old = await inTx((tx) => measureTotals(tx, { clinicIds: [A], from: "2020-01-01", to: "2020-12-31" }));
    expect(old.hasData).toBe(false);
  });

  it("reads provider ids with commas, quotes and control characters correctly", async () => {
    // The reader gets its rows back as one delimited text value; an id must not be able to break
    // it up (the second id, read unquoted, would add a row of 1,000,000 gross production).
    const C = "dash,clinic \"c\"";
    const odd = ['dash,prov "1"', "dash,prov\u001e0,0,gross_production,1000000"];
    await t.pool.query(`INSERT INTO clinics (id, name, location) VALUES ($1, 'Comma Dental', 'x')`, [C]);
    await t.pool.query(`INSERT INTO providers (id, name, clinic_id) VALUES ($1, 'Dr. One', $3), ($2, 'Dr. Two', $3)`, [...odd, C]);
    await t.pool.query(
      `INSERT INTO financial_metrics (id, clinic_id, date, provider_id, metric_type, amount) VALUES
         ('odd1', $1, '2024-03-04', $2, 'production', 120), ('odd2', $1, '2024-03-05', $3, 'production', 80),
         ('odd3', $1, '2024-03-05', $3, 'collection', 50)`,
      [C, ...odd],
    );
    await refreshAggregations(t.db, { clinicIds: [C], from: "2024-03-01", to: "2024-03-31" });
    const month = { from: "2024-03-01", to: "2024-03-31" };
    const clinic = await inTx((tx) => measureTotals(tx, { clinicIds: [C], ...month }));
    expect(clinic.combined).toMatchObject({ gross_production: 200, collections: 50 });
    expect(clinic.providerCount).toBe(2);
    expect([...clinic.byClinic.keys()]).toEqual([C]);
    const second = await inTx((tx) => measureTotals(tx, { clinicIds: [C], providerId: odd[1], ...month }));
    expect(second.combined).toMatchObject({ gross_production: 80, collections: 50 });
    expect(second.providerCount).toBe(1);
    const summary = await inTx((tx) => dashboardSummary(tx, { clinicIds: [C], ...month, granularity: "week", kpis: ["production_per_provider"] }));
    expect(summary.kpis[0]!.value).toBe(100); // 200 ÷ 2 producing providers
  });
});

describe("dashboardSummary", () => {
  it("gives every KPI with the previous range and the same range last year", async () => {
    const range = { from: "2024-03-01", to: "2024-03-31" };
    const s = await inTx((tx) => dashboardSummary(tx, { clinicIds: [A, B], ...range, granularity: "week" }));
    expect(s.previousRange).toEqual(previousRange(range));
    expect(s.previousRange).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(s.lastYearRange).toEqual(sameRangeLastYear(range));
    expect(s.hasData).toBe(true);
    expect(s.lastDataDate).toBe("2024-03-29"); // the last weekday of March 2024

    for (const [r, field] of [[range, "value"], [s.previousRange, "previous"], [s.lastYearRange, "lastYear"]] as const) {
      const raw = await inTx((tx) => rawMeasureTotals(tx, { clinicIds: [A, B], ...r }));
      for (const kpi of s.kpis) {
        const expected = computeKpi(kpi.key, raw.sums, { providerCount: raw.providerCount });
        if (expected === null) expect(kpi[field], `${kpi.key} ${field}`).toBeNull();
        else expect(kpi[field], `${kpi.key} ${field}`).toBeCloseTo(expected, 6);
      }
    }
    const net = s.kpis.find((k) => k.key === "net_production")!;
    expect(net.vsPrevious.absolute).toBeCloseTo(net.value! - net.previous!, 6);
    expect(net.vsLastYear.relative).toBeCloseTo(((net.value! - net.lastYear!) / Math.abs(net.lastYear!)) * 100, 6);
  });

  it("builds the sparkline from buckets that tile the range (partial weeks at the edges)", async () => {
    const s = await inTx((tx) => dashboardSummary(tx, { clinicIds: [A], from: "2024-03-01", to: "2024-03-31", granularity: "week" }));
    const gross = s.kpis.find((k) => k.key === "gross_production")!;
    expect(gross.sparkline.map((p) => p.periodStart)).toEqual(["2024-03-01", "2024-03-04", "2024-03-11", "2024-03-18", "2024-03-25"]);
    expect(s.buckets[0]).toEqual({ periodStart: "2024-03-01", periodEnd: "2024-03-03" });
    expect(s.buckets.at(-1)!.periodEnd).toBe("2024-03-31");
    const sum = gross.sparkline.reduce((acc, p) => acc + (p.value ?? 0), 0);
    expect(sum).toBeCloseTo(gross.value!, 4);
    // The first bucket (Fri 1 – Sun 3) has one weekday of data.
    const rate = s.kpis.find((k) => k.key === "answer_rate")!;
    for (const p of rate.sparkline) expect(p.value).not.toBeNull();
  });

  it("asked for the same view again (its period plan kept), gives the same answer, whatever the caller did to the first", async () => {
    const view = { clinicIds: [A], from: "2024-03-01", to: "2024-03-31", granularity: "week" } as const;
    const first = await inTx((tx) => dashboardSummary(tx, view));
    const expected = structuredClone(first);
    first.previousRange.from = "1999-01-01";
    first.lastYearRange.to = "1999-12-31";
    first.buckets[0]!.periodStart = "1999-01-01";
    const again = await inTx((tx) => dashboardSummary(tx, view));
    expect(again).toEqual(expected);
    // Another view of the same dates keeps its own plan.
    const byDay = await inTx((tx) => dashboardSummary(tx, { ...view, granularity: "day" }));
    expect(byDay.buckets).toHaveLength(31);
    expect(byDay.kpis.find((k) => k.key === "gross_production")!.value).toBeCloseTo(expected.kpis.find((k) => k.key === "gross_production")!.value!, 4);
  });

  it("reports an empty state for a clinic without data", async () => {
    const s = await inTx((tx) => dashboardSummary(tx, { clinicIds: [E], from: "2024-03-01", to: "2024-03-31", granularity: "day" }));
    expect(s.hasData).toBe(false);
    expect(s.lastDataDate).toBeNull();
    for (const k of s.kpis) {
      expect(k.value).toBeNull();
      expect(k.sparkline.every((p) => p.value === null)).toBe(true);
    }
  });
});

describe("trendSeries", () => {
  it("one point per bucket; ratios per point from summed numerator and denominator", async () => {
    const trend = await inTx((tx) =>
      trendSeries(tx, { clinicIds: [A, B], from: "2024-02-15", to: "2024-04-10", granularity: "month", kpis: ["answer_rate", "collections", "patients_active"] }),
    );
    expect(trend.points.map((p) => [p.periodStart, p.periodEnd])).toEqual([
      ["2024-02-15", "2024-02-29"],
      ["2024-03-01", "2024-03-31"],
      ["2024-04-01", "2024-04-10"],
    ]);
    for (const p of trend.points) {
      const raw = await inTx((tx) => rawMeasureTotals(tx, { clinicIds: [A, B], from: p.periodStart, to: p.periodEnd }));
      expect(p.values.answer_rate).toBeCloseTo(computeKpi("answer_rate", raw.sums)!, 6);
      expect(p.values.collections).toBeCloseTo(raw.sums.collections!, 4);
      // B has active patients only in March: April carries its March count (710) forward.
      const carriedB = p.periodStart === "2024-04-01" ? 710 : 0;
      expect(p.values.patients_active).toBe(raw.sums.patients_active! + carriedB);
    }
  });

  it("a roll-up of several clinics carries a closed clinic's active patients forward instead of dipping", async () => {
    const days = { from: "2024-03-01", to: "2024-03-10", granularity: "day" as const, kpis: ["patients_active" as const] };
    const trend = await inTx((tx) => trendSeries(tx, { clinicIds: [A, B], ...days }));
    const both = new Map(trend.points.map((p) => [p.periodStart, p.values.patients_active]));
    const aOnly = async (day: string) => (await inTx((tx) => rawMeasureTotals(tx, { clinicIds: [A], from: day, to: day }))).sums.patients_active!;
    expect(both.get("2024-03-01")).toBe(await aOnly("2024-03-01")); // B has no count yet
    expect(both.get("2024-03-04")).toBe((await aOnly("2024-03-04")) + 700); // both counted that day
    expect(both.get("2024-03-05")).toBe((await aOnly("2024-03-05")) + 710);
    expect(both.get("2024-03-06")).toBe((await aOnly("2024-03-06")) + 710); // B closed: its last count
    expect(both.get("2024-03-09")).toBeNull(); // a Saturday: nobody open, no point
    expect(trend.points).toHaveLength(10); // one point per day of the range, closed days included

    // One clinic alone: a day without its count stays empty.
    const alone = await inTx((tx) => trendSeries(tx, { clinicIds: [B], ...days }));
    expect(new Map(alone.points.map((p) => [p.periodStart, p.values.patients_active])).get("2024-03-06")).toBeNull();

    // The summary's sparkline follows the same rule, and its last point equals the range's value.
    const s = await inTx((tx) => dashboardSummary(tx, { clinicIds: [A, B], ...days }));
    const active = s.kpis[0]!;
    expect(active.sparkline.find((p) => p.periodStart === "2024-03-06")!.value).toBe(both.get("2024-03-06"));
    expect(active.sparkline.find((p) => p.periodStart === "2024-03-08")!.value).toBe(active.value);
  });

  it("gives null (not 0) for buckets without data", async () => {
    const trend = await inTx((tx) => trendSeries(tx, { clinicIds: [B], from: "2024-03-01", to: "2024-03-10", granularity: "day", kpis: ["answer_rate", "gross_production"] }));
    const byDay = new Map(trend.points.map((p) => [p.periodStart, p.values]));
    expect(byDay.get("2024-03-04")).toEqual({ answer_rate: 10, gross_production: 300 });
    expect(byDay.get("2024-03-05")).toEqual({ answer_rate: null, gross_production: 100 });
    expect(byDay.get("2024-03-09")).toEqual({ answer_rate: null, gross_production: null });
  });
});

describe("providerBreakdown and clinicComparison", () => {
  it("lists each provider with names, KPIs and share of the clinic's production", async () => {
    const rows = await inTx((tx) => providerBreakdown(tx, { clinicIds: [A, B], from: "2024-03-01", to: "2024-03-31" }));
    expect(rows.map((r) => r.providerName)).toEqual(["Dr. Abe", "Dr. Ada", "Dr. Bea"]); // by gross production
    const bea = rows.find((r) => r.providerId === B1)!;
    expect(bea).toMatchObject({ clinicId: B, clinicName: "Beta Dental" });
    expect(bea.values).toMatchObject({ gross_production: 300, net_production: 300, collections: 25, appointments_completed: null, no_show_rate: null });
    expect(bea.productionShare).toBeCloseTo(75, 6); // 300 of the clinic's 400 (100 unattributed)
    const [abe, ada] = [rows[0]!, rows[1]!];
    expect(abe.productionShare! + ada.productionShare!).toBeCloseTo(100, 6);
    const raw = await inTx((tx) => rawMeasureTotals(tx, { clinicIds: [A], providerId: A1, from: "2024-03-01", to: "2024-03-31" }));
    expect(ada.values.no_show_rate).toBeCloseTo(computeKpi("no_show_rate", raw.sums)!, 6);
  });

  it("compares clinics and totals them with ratios recomputed from sums", async () => {
    const cmp = await inTx((tx) => clinicComparison(tx, { clinicIds: [A, B, E], from: "2024-03-01", to: "2024-03-31", kpis: ["collection_rate", "answer_rate", "production_per_provider", "patients_active"] }));
    expect(cmp.rows.map((r) => r.clinicName)).toEqual(["Alpha Dental", "Beta Dental", "Empty Dental", "All selected clinics"]);
    const [a, b, e, total] = cmp.rows as [typeof cmp.rows[0], typeof cmp.rows[0], typeof cmp.rows[0], typeof cmp.rows[0]];
    expect(e.hasData).toBe(false);
    expect(e.values.collection_rate).toBeNull();
    expect(b.values.production_per_provider).toBe(400); // 400 gross ÷ 1 producing provider
    const raw = await inTx((tx) => rawMeasureTotals(tx, { clinicIds: [A, B, E], from: "2024-03-01", to: "2024-03-31" }));
    expect(total.isTotal).toBe(true);
    expect(total.values.collection_rate).toBeCloseTo(computeKpi("collection_rate", raw.sums)!, 6);
    expect(total.values.answer_rate).toBeCloseTo(computeKpi("answer_rate", raw.sums)!, 6);
    expect(total.values.production_per_provider).toBeCloseTo(raw.sums.gross_production! / 3, 6);
    expect(total.values.patients_active).toBe(a.values.patients_active! + b.values.patients_active!);
  });
});

describe("goalVsActualSeries", () => {
  it("accumulates the actual day by day and paces the target by working days", async () => {
    const calendar = { weekdays: [1, 2, 3, 4, 5], closedDates: ["2024-03-29"] };
    const series = await inTx((tx) =>
      goalVsActualSeries(tx, { clinicId: B, kpiKey: "gross_production", period: { from: "2024-03-01", to: "2024-03-31" }, target: 2000, calendar, today: "2024-03-06" }),
    );
    expect(series).toHaveLength(31);
    const at = (d: string) => series.find((p) => p.label === d)!;
    expect(at("2024-03-01")).toEqual({ label: "2024-03-01", actual: 0, pace: 2000 / 20 });
    expect(at("2024-03-04").actual).toBe(300);
    expect(at("2024-03-05").actual).toBe(400);
    expect(at("2024-03-06").actual).toBe(400);
    expect(at("2024-03-07").actual).toBeNull(); // after today
    expect(at("2024-03-31").pace).toBeCloseTo(2000, 6);
    expect(at("2024-03-29").pace).toBeCloseTo(at("2024-03-28").pace!, 6); // closed: no progress expected
    for (let i = 1; i < series.length; i++) expect(compareDates(series[i - 1]!.label, series[i]!.label)).toBe(-1);
  });

  it("a ratio goal is the running Σnum ÷ Σden with a flat pace", async () => {
    const series = await inTx((tx) =>
      goalVsActualSeries(tx, { clinicId: A, kpiKey: "answer_rate", period: { from: "2024-03-01", to: "2024-03-31" }, target: 90, calendar: { weekdays: [1, 2, 3, 4, 5], closedDates: [] }, today: "2024-04-15" }),
    );
    const raw = await inTx((tx) => rawMeasureTotals(tx, { clinicIds: [A], from: "2024-03-01", to: "2024-03-12" }));
    expect(series.find((p) => p.label === "2024-03-12")!.actual).toBeCloseTo(computeKpi("answer_rate", raw.sums)!, 6);
    expect(series.every((p) => p.pace === 90)).toBe(true);
  });
});

describe("through node-postgres (the tenant handle's read) and through Prisma", () => {
  it("every dashboard read gives the same answer, provider filter and several clinics included", async () => {
    const client = await t.pool.connect();
    try {
      const viaPg = pgSqlReader(client);
      const calendar = { weekdays: [1, 2, 3, 4, 5], closedDates: [] };
      const reads: [string, (sql: SqlReader) => Promise<unknown>][] = [
        ["measureTotals", (sql) => measureTotals(sql, { clinicIds: [A, B], from: "2023-11-15", to: "2024-03-31" })],
        ["measureTotals of a provider", (sql) => measureTotals(sql, { clinicIds: [A], providerId: A1, from: "2024-01-01", to: "2024-12-31" })],
        ["dashboardSummary", (sql) => dashboardSummary(sql, { clinicIds: [A, B, E], from: "2024-01-01", to: "2024-03-31", granularity: "week" })],
        ["dashboardSummary of one clinic", (sql) => dashboardSummary(sql, { clinicIds: [A], from: "2024-02-01", to: "2024-02-29", granularity: "day", preset: "this_month" })],
        ["trendSeries", (sql) => trendSeries(sql, { clinicIds: [A, B], from: "2023-06-01", to: "2024-05-31", granularity: "month" })],
        ["providerBreakdown", (sql) => providerBreakdown(sql, { clinicIds: [A, B], from: "2024-01-01", to: "2024-06-30" })],
        ["clinicComparison", (sql) => clinicComparison(sql, { clinicIds: [A, B, E], from: "2024-01-01", to: "2024-06-30" })],
        ["goalVsActualSeries", (sql) => goalVsActualSeries(sql, { clinicId: A, kpiKey: "collection_rate", period: { from: "2024-03-01", to: "2024-03-31" }, target: 95, calendar, today: "2024-03-20" })],
      ];
      for (const [name, read] of reads) {
        const expected = await read(t.db);
        expect(await read(viaPg), name).toEqual(expected);
      }
    } finally {
      client.release();
    }
  });
});
