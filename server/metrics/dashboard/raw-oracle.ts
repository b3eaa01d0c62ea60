/**
 * The same measure sums as measureTotals, computed straight from the RAW metric tables. Never used
 * by the app (the dashboard reads metric_aggregations only): it is the yardstick for tests (does
 * the aggregation path give the same numbers?) and for the benchmark (how much faster is it?).
 *
 * Semantics match the aggregation engine: financial types production / adjustment + write_off /
 * collection − refund; provider-level numbers only from rows with a provider; calls and patients
 * only for whole clinics; the stock patients_active is, per clinic, the total of its last day with
 * a count, then added across clinics.
 */
import type { SqlClient } from "../aggregation/sql-client.ts";
import type { MeasureKey } from "../base-measures.ts";
import type { IsoDate } from "../iso-date.ts";
import type { MeasureSums } from "../kpi-compute.ts";

export interface RawTotals {
  sums: MeasureSums;
  providerCount: number;
}

export async function rawMeasureTotals(
  tx: SqlClient,
  input: { clinicIds: readonly string[]; providerId?: string | null; from: IsoDate; to: IsoDate },
): Promise<RawTotals> {
  const params: unknown[] = [[...input.clinicIds], input.from, input.to];
  let provider = "TRUE";
  if (input.providerId) {
    params.push(input.providerId);
    provider = "provider_id = $4::text";
  }
  const scope = `clinic_id = ANY($1::text[]) AND date BETWEEN $2::date AND $3::date`;
  const clinicOnly = input.providerId ? "FALSE" : "TRUE";
  const rows = await tx.$queryRawUnsafe<Record<string, number | null>[]>(
    `WITH fin AS (
       SELECT SUM(amount) FILTER (WHERE metric_type = 'production') AS gross,
              SUM(amount) FILTER (WHERE metric_type IN ('adjustment', 'write_off')) AS adj,
              SUM(amount) FILTER (WHERE metric_type = 'collection') AS coll,
              SUM(amount) FILTER (WHERE metric_type = 'refund') AS refund,
              COUNT(*) AS n
         FROM financial_metrics
        WHERE ${scope} AND ${provider} AND metric_type IN ('production', 'adjustment', 'write_off', 'collection', 'refund')
     ),
     appt AS (
       SELECT SUM(scheduled_count) AS s, SUM(completed_count) AS c, SUM(cancelled_count) AS x, SUM(no_show_count) AS ns,
              SUM(booked_minutes) AS bm, SUM(available_minutes) AS am, COUNT(*) AS n
         FROM appointment_metrics WHERE ${scope} AND ${provider}
     ),
     calls AS (
       SELECT SUM(total_calls) AS t, SUM(answered_calls) AS a, SUM(appointments_booked) AS b, COUNT(*) AS n
         FROM call_metrics WHERE ${scope} AND ${clinicOnly}
     ),
     pat AS (
       SELECT SUM(new_patients) AS nw, SUM(reactivated_patients) AS re, SUM(lost_patients) AS lo, COUNT(*) AS n
         FROM patient_metrics WHERE ${scope} AND ${clinicOnly}
     ),
     active AS (
       SELECT SUM(v) AS active FROM (
         SELECT DISTINCT ON (clinic_id) clinic_id, SUM(active_patients) AS v
           FROM patient_metrics WHERE ${scope} AND ${clinicOnly} AND active_patients IS NOT NULL
          GROUP BY clinic_id, date ORDER BY clinic_id, date DESC) last_days
     ),
     producing AS (
       SELECT COUNT(*) AS providers FROM (
         SELECT provider_id FROM financial_metrics
          WHERE ${scope} AND ${provider} AND provider_id IS NOT NULL AND metric_type = 'production'
          GROUP BY provider_id HAVING SUM(amount) > 0) p
     )
     SELECT CASE WHEN fin.n > 0 THEN coalesce(gross, 0)::float8 END AS gross_production,
            CASE WHEN fin.n > 0 THEN coalesce(adj, 0)::float8 END AS adjustments,
            CASE WHEN fin.n > 0 THEN (coalesce(gross, 0) - coalesce(adj, 0))::float8 END AS net_production,
            CASE WHEN fin.n > 0 THEN (coalesce(coll, 0) - coalesce(refund, 0))::float8 END AS collections,
            CASE WHEN appt.n > 0 THEN s::float8 END AS appointments_scheduled,
            CASE WHEN appt.n > 0 THEN c::float8 END AS appointments_completed,
            CASE WHEN appt.n > 0 THEN x::float8 END AS appointments_cancelled,
            CASE WHEN appt.n > 0 THEN ns::float8 END AS appointments_no_show,
            bm::float8 AS booked_minutes, am::float8 AS available_minutes,
            CASE WHEN calls.n > 0 THEN t::float8 END AS calls_total,
            CASE WHEN calls.n > 0 THEN a::float8 END AS calls_answered,
            CASE WHEN calls.n > 0 THEN b::float8 END AS calls_booked,
            CASE WHEN pat.n > 0 THEN nw::float8 END AS patients_new,
            CASE WHEN pat.n > 0 THEN re::float8 END AS patients_reactivated,
            CASE WHEN pat.n > 0 THEN lo::float8 END AS patients_lost,
            active.active::float8 AS patients_active,
            producing.providers::float8 AS provider_count
       FROM fin, appt, calls, pat, active, producing`,
    ...params,
  );
  const row = rows[0] ?? {};
  const sums: MeasureSums = {};
  let providerCount = 0;
  for (const [key, value] of Object.entries(row)) {
    if (key === "provider_count") providerCount = Number(value ?? 0);
    else if (value !== null && value !== undefined) sums[key as MeasureKey] = Number(value);
  }
  return { sums, providerCount };
}
