/**
 * The SQL of the aggregation engine. Every statement is set-wise (INSERT … SELECT … GROUP BY):
 * no per-row work in JavaScript. Parameters are positional; $1 is always the clinic list (text[]).
 *
 * A metric_aggregations row is one clinic (provider_id NULL) or one clinic and provider, one grain
 * and one period, with five columns per base measure (measure-columns.ts). Each computation is a
 * SELECT producing staging-shaped rows; `intoStage` writes them to the temporary table `agg_stage`
 * (dropped at commit), from which the engine upserts into metric_aggregations (rewriting only rows
 * whose numbers changed) and deletes rows of the refreshed range that the stage no longer has.
 * `intoFreshTable` writes them straight into metric_aggregations when the range has no rows yet (a
 * first build: nothing to compare or delete).
 */
import { BASE_MEASURES, MEASURE_KEYS, type MeasureKey, type SourceTable } from "../base-measures.ts";
import { MEASURE_COLUMNS, measureColumns } from "./measure-columns.ts";

/** Measures that are levels, not flows: a period keeps its last day's value. */
export const STOCK_MEASURES: readonly MeasureKey[] = MEASURE_KEYS.filter((k) => BASE_MEASURES[k].kind === "stock");

export const STAGE_TABLE = "agg_stage";

const KEY_COLUMNS = ["clinic_id", "aggregation_type", "period_start", "period_end", "provider_id"] as const;
/**
 * On a clinic's row: its providers with gross production above 0 in the period (NULL on a
 * provider's row). The dashboard reads it for a range that is one period of one clinic.
 */
const PRODUCING_PROVIDERS = "producing_providers";
/** The columns a refresh compares and rewrites: each measure's five columns, then the provider count. */
const VALUE_COLUMNS = [...MEASURE_COLUMNS, PRODUCING_PROVIDERS];
/** Every column the engine computes, in one order: the key, then the value columns. */
const ROW_COLUMNS = [...KEY_COLUMNS, ...VALUE_COLUMNS];
const quoted = (cols: readonly string[], prefix = "") => cols.map((c) => `${prefix}"${c}"`).join(", ");

export const CREATE_STAGE = `
CREATE TEMP TABLE ${STAGE_TABLE} (
  clinic_id        text NOT NULL,
  aggregation_type text NOT NULL,
  period_start     date NOT NULL,
  period_end       date NOT NULL,
  provider_id      text,
  ${MEASURE_KEYS.map((m) => {
    const c = measureColumns(m);
    return `"${c.value}" numeric(20,4), "${c.count}" integer NOT NULL, "${c.min}" numeric(20,4), "${c.max}" numeric(20,4), "${c.avg}" numeric(20,4)`;
  }).join(",\n  ")},
  ${PRODUCING_PROVIDERS} integer
) ON COMMIT DROP`;

export const DROP_STAGE = `DROP TABLE IF EXISTS pg_temp.${STAGE_TABLE}`;

/** The unique key's columns in the index's order (rows upserted in this order touch it sequentially). */
const NATURAL_KEY = "clinic_id, aggregation_type, period_start, provider_id";
const NOW_UTC = "timezone('UTC', now())";

/**
 * Row ids made in SQL: a random 16-hex-digit prefix per statement plus a running number. Unlike
 * gen_random_uuid() they arrive in order, so the primary-key index grows at its right edge instead
 * of being written all over (about twice as fast on large builds). Prisma's own default (cuid) is
 * client-side, so raw SQL must supply ids.
 */
const ID_PREFIX_CTE = "WITH k AS MATERIALIZED (SELECT substr(md5(random()::text || clock_timestamp()::text), 1, 16) AS prefix)";
const NEW_ID = "k.prefix || lpad(to_hex(row_number() OVER ()), 8, '0')";

/** Writes a computation's rows into the staging table. */
export function intoStage(select: string): string {
  return `INSERT INTO ${STAGE_TABLE} (${quoted(ROW_COLUMNS)})\n${select}`;
}

/**
 * Writes a computation's rows straight into metric_aggregations, in the order the computation
 * yields them, or with `byPeriod` sorted so that each clinic-period's rows lie together in the
 * table (the dashboard reads them per clinic-period). The sort uses the "C" collation: physical
 * closeness needs no linguistic order, and text sorts under the database collation are several
 * times slower. Day rows come out grouped by clinic and day already.
 */
export function intoFreshTable(select: string, opts: { byPeriod?: boolean } = {}): string {
  // Sorted in a subquery, so the running numbers of the ids follow the insert order too.
  const rows = opts.byPeriod
    ? `(SELECT * FROM (${select}) u ORDER BY u.clinic_id COLLATE "C", u.aggregation_type COLLATE "C", u.period_start,
                u.provider_id COLLATE "C")`
    : `(${select})`;
  return `${ID_PREFIX_CTE}
INSERT INTO metric_aggregations (id, ${quoted(ROW_COLUMNS)}, created_at, updated_at)
SELECT ${NEW_ID}, ${quoted(ROW_COLUMNS, "r.")}, ${NOW_UTC}, ${NOW_UTC}
  FROM ${rows} r CROSS JOIN k`;
}

/** How each raw table's day sums are computed, per measure (the SQL behind BASE_MEASURES' `source`). */
const DAY_SUMS: Record<SourceTable, { byProvider: boolean; where?: string; sums: Partial<Record<MeasureKey, string>> }> = {
  financial_metrics: {
    byProvider: true,
    // Rows of other metric types carry no measure: they must not create zero rows.
    where: "metric_type IN ('production', 'adjustment', 'write_off', 'collection', 'refund')",
    sums: {
      gross_production: "COALESCE(SUM(amount) FILTER (WHERE metric_type = 'production'), 0)",
      adjustments: "COALESCE(SUM(amount) FILTER (WHERE metric_type IN ('adjustment', 'write_off')), 0)",
      net_production:
        "COALESCE(SUM(amount) FILTER (WHERE metric_type = 'production'), 0) - COALESCE(SUM(amount) FILTER (WHERE metric_type IN ('adjustment', 'write_off')), 0)",
      collections:
        "COALESCE(SUM(amount) FILTER (WHERE metric_type = 'collection'), 0) - COALESCE(SUM(amount) FILTER (WHERE metric_type = 'refund'), 0)",
    },
  },
  appointment_metrics: {
    byProvider: true,
    sums: {
      appointments_scheduled: "SUM(scheduled_count)",
      appointments_completed: "SUM(completed_count)",
      appointments_cancelled: "SUM(cancelled_count)",
      appointments_no_show: "SUM(no_show_count)",
      // NULL when every row of the day left the minutes empty: no value rather than a false 0.
      booked_minutes: "SUM(booked_minutes)",
      available_minutes: "SUM(available_minutes)",
    },
  },
  // Calls and patients are clinic-level only, even when a raw patient row names a provider.
  call_metrics: {
    byProvider: false,
    sums: { calls_total: "SUM(total_calls)", calls_answered: "SUM(answered_calls)", calls_booked: "SUM(appointments_booked)" },
  },
  patient_metrics: {
    byProvider: false,
    sums: {
      patients_new: "SUM(new_patients)",
      patients_reactivated: "SUM(reactivated_patients)",
      patients_lost: "SUM(lost_patients)",
      patients_active: "SUM(active_patients)",
    },
  },
};

for (const m of MEASURE_KEYS) {
  if (!DAY_SUMS[BASE_MEASURES[m].source.table].sums[m]) throw new Error(`No day sum for measure ${m}`);
}

/**
 * Day rows of [$2, $3] from the four raw tables in one computation: each table's sums per clinic,
 * day (and provider, where the table has a provider breakdown), stacked, then added up per clinic
 * and day and per clinic, day and provider (GROUPING SETS). A raw row with a NULL provider counts in
 * its clinic's total but makes no provider row. Parameters: $1 clinics, $2 from, $3 to.
 */
export function daySelect(): string {
  const parts = (Object.keys(DAY_SUMS) as SourceTable[]).map((table) => {
    const spec = DAY_SUMS[table];
    const values = MEASURE_KEYS.map((m) => `${spec.sums[m] ?? "NULL::numeric"} AS "${m}"`).join(",\n           ");
    return `SELECT clinic_id, date, ${spec.byProvider ? "provider_id" : "NULL::text AS provider_id"},
           ${values}
      FROM ${table}
     WHERE clinic_id = ANY($1::text[]) AND date BETWEEN $2::date AND $3::date${spec.where ? ` AND ${spec.where}` : ""}
     GROUP BY clinic_id, date${spec.byProvider ? ", provider_id" : ""}`;
  });
  const columns = MEASURE_KEYS.map((m) => {
    const c = measureColumns(m);
    const v = `g."${m}"::numeric(20,4)`;
    return `${v} AS "${c.value}", (g."${m}" IS NOT NULL)::int AS "${c.count}", ${v} AS "${c.min}", ${v} AS "${c.max}", ${v} AS "${c.avg}"`;
  }).join(",\n       ");
  return `
SELECT g.clinic_id, 'day' AS aggregation_type, g.date AS period_start, g.date AS period_end, g.provider_id,
       ${columns},
       ${producingProviders("g.clinic_id, g.date", "g.")}
  FROM (
    SELECT clinic_id, date, CASE WHEN GROUPING(provider_id) = 0 THEN provider_id END AS provider_id,
           ${MEASURE_KEYS.map((m) => `SUM("${m}") AS "${m}"`).join(", ")}
      FROM (
    ${parts.join("\n    UNION ALL\n    ")}
      ) t
     GROUP BY GROUPING SETS ((clinic_id, date, provider_id), (clinic_id, date))
    HAVING GROUPING(provider_id) = 1 OR provider_id IS NOT NULL
  ) g`;
}

/**
 * The producing_providers column of a computation whose rows are one period's clinic row and its
 * provider rows (partitioned by `period`): on the clinic row, the provider rows of the same period
 * with gross production above 0; NULL on provider rows. A window over the grouped rows, so the
 * count needs no second pass.
 */
function producingProviders(period: string, alias = ""): string {
  return `CASE WHEN ${alias}provider_id IS NULL
            THEN (COUNT(*) FILTER (WHERE ${alias}provider_id IS NOT NULL AND ${alias}"gross_production" > 0) OVER (PARTITION BY ${period}))::int
       END AS ${PRODUCING_PROVIDERS}`;
}

const PERIOD_END = `(CASE grain WHEN 'week' THEN pstart + 6
                   WHEN 'month' THEN (pstart + interval '1 month')::date - 1
                   WHEN 'quarter' THEN (pstart + interval '3 months')::date - 1
                   ELSE (pstart + interval '1 year')::date - 1 END)`;

/**
 * Week, month, quarter and year rows from the day rows of metric_aggregations, in one pass over
 * the day rows of [$2 lo, $3 hi] (GROUPING SETS), keeping only periods that overlap
 * [$4 from, $5 to]. The caller picks lo/hi so that every kept period lies wholly inside [lo, hi].
 * Flows sum their days; stocks keep the value of their last day with data. count/min/max/avg are
 * over the days with data. Parameters: $1 clinics, $2 lo, $3 hi, $4 from, $5 to.
 */
export function periodSelect(): string {
  const aggregates = MEASURE_KEYS.map((m) => {
    const c = measureColumns(m);
    const value =
      BASE_MEASURES[m].kind === "stock"
        ? `(array_agg("${m}" ORDER BY period_start DESC) FILTER (WHERE "${m}" IS NOT NULL))[1]`
        : `SUM("${m}")`;
    return `${value}::numeric(20,4) AS "${c.value}", COUNT("${m}")::int AS "${c.count}", MIN("${m}")::numeric(20,4) AS "${c.min}",
           MAX("${m}")::numeric(20,4) AS "${c.max}", AVG("${m}")::numeric(20,4) AS "${c.avg}"`;
  }).join(",\n           ");
  return `
SELECT clinic_id, grain AS aggregation_type, pstart AS period_start, ${PERIOD_END} AS period_end, provider_id,
       ${quoted(MEASURE_COLUMNS)},
       ${producingProviders("clinic_id, grain, pstart")}
  FROM (
    SELECT clinic_id, provider_id,
           CASE WHEN GROUPING(w) = 0 THEN 'week' WHEN GROUPING(m) = 0 THEN 'month'
                WHEN GROUPING(q) = 0 THEN 'quarter' ELSE 'year' END AS grain,
           CASE WHEN GROUPING(w) = 0 THEN w WHEN GROUPING(m) = 0 THEN m
                WHEN GROUPING(q) = 0 THEN q ELSE y END AS pstart,
           ${aggregates}
      FROM (
        SELECT clinic_id, provider_id, period_start, ${quoted(MEASURE_KEYS)},
               date_trunc('week', period_start::timestamp)::date AS w,
               date_trunc('month', period_start::timestamp)::date AS m,
               date_trunc('quarter', period_start::timestamp)::date AS q,
               date_trunc('year', period_start::timestamp)::date AS y
          FROM metric_aggregations
         WHERE clinic_id = ANY($1::text[]) AND aggregation_type = 'day'
           AND period_start BETWEEN $2::date AND $3::date
      ) d
     GROUP BY clinic_id, provider_id, GROUPING SETS ((w), (m), (q), (y))
  ) x
 WHERE pstart <= $5::date AND ${PERIOD_END} >= $4::date`;
}

/**
 * Upserts the staged rows of the grains in $1; unchanged rows are not rewritten. Returns counts
 * and the clinics whose rows changed.
 */
export const UPSERT_FROM_STAGE = `
${ID_PREFIX_CTE},
up AS (
  INSERT INTO metric_aggregations AS a (id, ${quoted(ROW_COLUMNS)}, created_at, updated_at)
  SELECT ${NEW_ID}, ${quoted(ROW_COLUMNS, "s.")}, ${NOW_UTC}, ${NOW_UTC}
    FROM (SELECT * FROM ${STAGE_TABLE} WHERE aggregation_type = ANY($1::text[]) ORDER BY ${NATURAL_KEY}) s CROSS JOIN k
  ON CONFLICT (${NATURAL_KEY}) DO UPDATE
     SET period_end = EXCLUDED.period_end, ${VALUE_COLUMNS.map((c) => `"${c}" = EXCLUDED."${c}"`).join(", ")},
         updated_at = EXCLUDED.updated_at
   WHERE (a.period_end, ${quoted(VALUE_COLUMNS, "a.")})
         IS DISTINCT FROM (EXCLUDED.period_end, ${quoted(VALUE_COLUMNS, "EXCLUDED.")})
  RETURNING (xmax = 0) AS inserted, a.clinic_id
)
SELECT COUNT(*) FILTER (WHERE inserted)::int AS inserted, COUNT(*) FILTER (WHERE NOT inserted)::int AS updated,
       COALESCE(array_agg(DISTINCT clinic_id), '{}') AS clinics
  FROM up`;

/**
 * Deletes rows of grain $2 whose period starts in [$3, $4] (for the clinics in $1) and that the
 * stage does not hold any more: their source data is gone. Returns the count and the clinics.
 */
export const DELETE_STALE = `
WITH del AS (
  DELETE FROM metric_aggregations a
   WHERE a.clinic_id = ANY($1::text[]) AND a.aggregation_type = $2::text
     AND a.period_start BETWEEN $3::date AND $4::date
     AND NOT EXISTS (
       SELECT 1 FROM ${STAGE_TABLE} s
        WHERE s.clinic_id = a.clinic_id AND s.aggregation_type = a.aggregation_type AND s.period_start = a.period_start
          AND COALESCE(s.provider_id, '') = COALESCE(a.provider_id, ''))
  RETURNING a.clinic_id
)
SELECT COUNT(*)::int AS deleted, COALESCE(array_agg(DISTINCT clinic_id), '{}') AS clinics FROM del`;

/** Whether metric_aggregations has any row for the clinics overlapping [$2, $3]. */
export const ANY_EXISTING = `
SELECT EXISTS (SELECT 1 FROM metric_aggregations
                WHERE clinic_id = ANY($1::text[]) AND period_start <= $3::date AND period_end >= $2::date) AS any`;
