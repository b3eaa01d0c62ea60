/**
 * The columns of metric_aggregations that hold a base measure, and a way to read them back one
 * measure per row.
 *
 * A metric_aggregations row is one clinic (or clinic and provider), one grain and one period; each
 * base measure has five columns there (migration 20261127090000_aggregations_one_row_per_period):
 *
 * | column            | holds                                                                  |
 * |-------------------|------------------------------------------------------------------------|
 * | `<measure>`       | the period's value (flows: sum of the days; stocks: last day's value); NULL without data |
 * | `<measure>_count` | days with data for the measure (0 when none)                           |
 * | `<measure>_min`, `_max`, `_avg` | over those days' values                                  |
 */
import { MEASURE_KEYS, type MeasureKey } from "../base-measures.ts";

export interface MeasureColumnNames {
  value: string;
  count: string;
  min: string;
  max: string;
  avg: string;
}

export function measureColumns(measure: MeasureKey): MeasureColumnNames {
  return { value: measure, count: `${measure}_count`, min: `${measure}_min`, max: `${measure}_max`, avg: `${measure}_avg` };
}

/** Every measure column, measure by measure in MEASURE_KEYS order (value, count, min, max, avg). */
export const MEASURE_COLUMNS: readonly string[] = MEASURE_KEYS.flatMap((m) => Object.values(measureColumns(m)));

/**
 * A SELECT over metric_aggregations giving one row per measure with data — `clinic_id,
 * aggregation_type, period_start, period_end, provider_id, metric_key, value, count, minimum,
 * maximum, average` — for readers that want a few measures as rows (goal series, provider
 * breakdown) and for tests and ad-hoc SQL. `where` filters the table rows (alias `a`), so indexes
 * still apply; `measures` limits the measures returned.
 */
export function measureRowsSql(opts: { where?: string; measures?: readonly MeasureKey[] } = {}): string {
  const measures = opts.measures ?? MEASURE_KEYS;
  const values = measures
    .map((m) => {
      const c = measureColumns(m);
      return `('${m}', a."${c.value}", a."${c.count}", a."${c.min}", a."${c.max}", a."${c.avg}")`;
    })
    .join(",\n                  ");
  return `SELECT a.clinic_id, a.aggregation_type, a.period_start, a.period_end, a.provider_id,
         m.metric_key, m.value, m.count, m.minimum, m.maximum, m.average
    FROM metric_aggregations a
    CROSS JOIN LATERAL (VALUES ${values}) AS m(metric_key, value, count, minimum, maximum, average)
   WHERE m.value IS NOT NULL${opts.where ? ` AND (${opts.where})` : ""}`;
}
