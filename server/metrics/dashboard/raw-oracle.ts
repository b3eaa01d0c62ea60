/**
 * The same measure sums as the dashboard reader, computed straight from the RAW metric tables.
 * Never used by the app (the dashboard reads metric_aggregations only): it is the yardstick for
 * tests (does the aggregation path give the same numbers?) and for the benchmark (how much faster
 * is it?). Several date ranges ("buckets") are answered in one statement, like the reader.
 *
 * Semantics match the aggregation engine: financial types production / adjustment + write_off /
 * collection − refund; provider-level numbers only from rows with a provider; calls and patients
 * only for whole clinics; the stock patients_active is, per clinic, the total of its last day with
 * a count, then added across clinics.
 */
import type { SqlReader } from "../../db/sql-reader.ts";
import type { MeasureKey } from "../base-measures.ts";
import type { DateRange, IsoDate } from "../iso-date.ts";
import type { MeasureSums } from "../kpi-compute.ts";

export interface RawTotals {
  sums: MeasureSums;
  providerCount: number;
}

export interface RawInput {
  clinicIds: readonly string[];
  providerId?: string | null;
}

export async function rawMeasureTotals(tx: SqlReader, input: RawInput & { from: IsoDate; to: IsoDate }): Promise<RawTotals> {
  const [totals] = await rawBucketTotals(tx, { ...input, buckets: [{ from: input.from, to: input.to }] });
  return totals!;
}

export async function rawBucketTotals(tx: SqlReader, input: RawInput & { buckets: readonly DateRange[] }): Promise<RawTotals[]> {
  // Identical ranges (e.g. a rolling year's previous range and the same range last year) are read once.
  const distinct = [...new Map(input.buckets.map((b) => [`${b.from}|${b.to}`, b])).values()];
  const index = new Map(distinct.map((b, i) => [`${b.from}|${b.to}`, i]));
  const totals = await distinctBucketTotals(tx, { ...input, buckets: distinct });
  return input.buckets.map((b) => totals[index.get(`${b.from}|${b.to}`)!]!);
}

async function distinctBucketTotals(tx: SqlReader, input: RawInput & { buckets: readonly DateRange[] }): Promise<RawTotals[]> {
  const params: unknown[] = [[...input.clinicIds], input.buckets.map((b) => b.from), input.buckets.map((b) => b.to)];
  let provider = "TRUE";
  if (input.providerId) {
    params.push(input.providerId);
    provider = "m.provider_id = $4::text";
  }
  const clinicOnly = input.providerId ? "FALSE" : "TRUE";
  const join = (table: string, extra = "TRUE") =>
    `FROM ${table} m JOIN b ON m.date BETWEEN b.b_from AND b.b_to WHERE m.clinic_id = ANY($1::text[]) AND ${extra}`;
  const rows = await tx.$queryRawUnsafe<({ i: number } & Record<string, number | null>)[]>(
    `WITH b AS (SELECT b_from, b_to, i::int AS i FROM unnest($2::date[], $3::date[]) WITH ORDINALITY AS b(b_from, b_to, i)),
     fin AS (
       SELECT b.i, SUM(m.amount) FILTER (WHERE m.metric_type = 'production') AS gross,
              SUM(m.amount) FILTER (WHERE m.metric_type IN ('adjustment', 'write_off')) AS adj,
              SUM(m.amount) FILTER (WHERE m.metric_type = 'collection') AS coll,
              SUM(m.amount) FILTER (WHERE m.metric_type = 'refund') AS refund
         ${join("financial_metrics", `${provider} AND m.metric_type IN ('production', 'adjustment', 'write_off', 'collection', 'refund')`)}
        GROUP BY b.i
     ),
     appt AS (
       SELECT b.i, SUM(m.scheduled_count) AS s, SUM(m.completed_count) AS c, SUM(m.cancelled_count) AS x,
              SUM(m.no_show_count) AS ns, SUM(m.booked_minutes) AS bm, SUM(m.available_minutes) AS am
         ${join("appointment_metrics", provider)} GROUP BY b.i
     ),
     calls AS (
       SELECT b.i, SUM(m.total_calls) AS t, SUM(m.answered_calls) AS a, SUM(m.appointments_booked) AS bk
         ${join("call_metrics", clinicOnly)} GROUP BY b.i
     ),
     pat AS (
       SELECT b.i, SUM(m.new_patients) AS nw, SUM(m.reactivated_patients) AS re, SUM(m.lost_patients) AS lo
         ${join("patient_metrics", clinicOnly)} GROUP BY b.i
     ),
     active AS (
       SELECT i, SUM(v) AS active FROM (
         SELECT DISTINCT ON (b.i, m.clinic_id) b.i, SUM(m.active_patients) AS v
           ${join("patient_metrics", `${clinicOnly} AND m.active_patients IS NOT NULL`)}
          GROUP BY b.i, m.clinic_id, m.date ORDER BY b.i, m.clinic_id, m.date DESC) last_days
        GROUP BY i
     ),
     producing AS (
       SELECT i, COUNT(*) AS providers FROM (
         SELECT b.i, m.provider_id ${join("financial_metrics", `${provider} AND m.provider_id IS NOT NULL AND m.metric_type = 'production'`)}
          GROUP BY b.i, m.provider_id HAVING SUM(m.amount) > 0) p
        GROUP BY i
     )
     SELECT b.i,
            CASE WHEN fin.i IS NOT NULL THEN coalesce(gross, 0)::float8 END AS gross_production,
            CASE WHEN fin.i IS NOT NULL THEN coalesce(adj, 0)::float8 END AS adjustments,
            CASE WHEN fin.i IS NOT NULL THEN (coalesce(gross, 0) - coalesce(adj, 0))::float8 END AS net_production,
            CASE WHEN fin.i IS NOT NULL THEN (coalesce(coll, 0) - coalesce(refund, 0))::float8 END AS collections,
            s::float8 AS appointments_scheduled, c::float8 AS appointments_completed, x::float8 AS appointments_cancelled,
            ns::float8 AS appointments_no_show, bm::float8 AS booked_minutes, am::float8 AS available_minutes,
            t::float8 AS calls_total, a::float8 AS calls_answered, bk::float8 AS calls_booked,
            nw::float8 AS patients_new, re::float8 AS patients_reactivated, lo::float8 AS patients_lost,
            active.active::float8 AS patients_active, coalesce(producing.providers, 0)::float8 AS provider_count
       FROM b LEFT JOIN fin USING (i) LEFT JOIN appt USING (i) LEFT JOIN calls USING (i) LEFT JOIN pat USING (i)
       LEFT JOIN active USING (i) LEFT JOIN producing USING (i)
      ORDER BY b.i`,
    ...params,
  );
  return rows.map((row) => {
    const sums: MeasureSums = {};
    let providerCount = 0;
    for (const [key, value] of Object.entries(row)) {
      if (key === "i") continue;
      if (key === "provider_count") providerCount = Number(value ?? 0);
      else if (value !== null && value !== undefined) sums[key as MeasureKey] = Number(value);
    }
    return { sums, providerCount };
  });
}
