/**
 * The one SQL reader behind every dashboard number. It reads ONLY metric_aggregations (never raw
 * metric rows) and answers several date ranges ("targets") in one statement:
 *
 * - each target is a list of whole periods (RangePiece: year/quarter/month/week/day rows) that
 *   tile its range exactly; a piece shared by several targets is fetched once;
 * - per target it returns the combined measure sums (flows summed; a stock takes each clinic's
 *   latest piece, then those are added across clinics), optionally the same per clinic, the number
 *   of distinct providers with gross production > 0 (the divisor of production_per_provider), and
 *   the last day with data.
 *
 * Clinic-level rows (provider_id NULL) are used unless `providerId` is given; then that provider's
 * rows are used (measures without a provider breakdown — calls, patients — have none, so they come
 * back missing rather than as zeros).
 */
import { BASE_MEASURES, MEASURE_KEYS, type MeasureKey } from "../base-measures.ts";
import type { MeasureSums } from "../kpi-compute.ts";
import { type IsoDate, addDays, compareDates } from "../iso-date.ts";
import { isPeriodStart, periodEnd } from "../period-grains.ts";
import { type RangePiece, planRangeQuery } from "../range-plan.ts";
import type { SqlClient } from "../aggregation/sql-client.ts";

export interface ReadTarget {
  pieces: readonly RangePiece[];
}

export interface TargetResult {
  /** Measures with data in the target, summed over the clinics. Missing key = no data. */
  sums: MeasureSums;
  /** Per clinic (only when `perClinic` was asked for). */
  byClinic: Map<string, MeasureSums>;
  /** Distinct providers with gross production > 0 in the target. */
  providerCount: number;
  providerCountByClinic: Map<string, number>;
}

export interface ReadResult {
  targets: TargetResult[];
  /** Last day with any data in [lastData.from, lastData.to], when asked for. */
  lastDataDate: IsoDate | null;
}

export interface ReadInput {
  clinicIds: readonly string[];
  providerId?: string | null;
  targets: readonly ReadTarget[];
  perClinic?: boolean;
  /** Also find the last day with data inside this range. */
  lastData?: { from: IsoDate; to: IsoDate };
}

const STOCKS = MEASURE_KEYS.filter((k) => BASE_MEASURES[k].kind === "stock");
const STOCK_LIST = STOCKS.map((k) => `'${k}'`).join(", ") || "NULL";

/**
 * Like planRangeQuery, but a run of seven day pieces that is a whole ISO week becomes one week
 * row (the edges of a range are partial months, answered by days otherwise): fewer rows to read.
 */
export function planPieces(from: IsoDate, to: IsoDate): RangePiece[] {
  const out: RangePiece[] = [];
  const plan = planRangeQuery(from, to);
  for (let i = 0; i < plan.length; i++) {
    const piece = plan[i]!;
    if (piece.grain === "day" && isPeriodStart(piece.periodStart, "week")) {
      const weekEnd = periodEnd(piece.periodStart, "week");
      const last = plan[i + 6];
      if (last && last.grain === "day" && last.periodStart === weekEnd) {
        out.push({ grain: "week", periodStart: piece.periodStart, periodEnd: weekEnd });
        i += 6;
        continue;
      }
    }
    out.push(piece);
  }
  return out;
}

/** Pieces for a bucket of a chart: the whole period row when the bucket is a whole period. */
export function bucketPieces(grain: "day" | "week" | "month", start: IsoDate, end: IsoDate): RangePiece[] {
  if (isPeriodStart(start, grain) && periodEnd(start, grain) === end) return [{ grain, periodStart: start, periodEnd: end }];
  return planPieces(start, end);
}

/** The buckets of `grain` that tile [from, to], clipped to the range at both ends. */
export function buckets(grain: "day" | "week" | "month", from: IsoDate, to: IsoDate): { from: IsoDate; to: IsoDate }[] {
  const out: { from: IsoDate; to: IsoDate }[] = [];
  let cursor = from;
  while (compareDates(cursor, to) <= 0) {
    const end = periodEnd(cursor, grain);
    const clipped = compareDates(end, to) <= 0 ? end : to;
    out.push({ from: cursor, to: clipped });
    cursor = addDays(clipped, 1);
  }
  return out;
}

type Row = [kind: "m" | "p" | "l", target: number | null, clinic_id: string | null, metric_key: string | null, value: number | null, day: string | null][];

export async function readAggregations(tx: SqlClient, input: ReadInput): Promise<ReadResult> {
  const targets: TargetResult[] = input.targets.map(() => ({
    sums: {},
    byClinic: new Map(),
    providerCount: 0,
    providerCountByClinic: new Map(),
  }));
  const clinicIds = [...new Set(input.clinicIds)];
  const mapTarget: number[] = [];
  const mapGrain: string[] = [];
  const mapStart: string[] = [];
  input.targets.forEach((t, i) => {
    for (const p of t.pieces) {
      mapTarget.push(i);
      mapGrain.push(p.grain);
      mapStart.push(p.periodStart);
    }
  });
  if (clinicIds.length === 0 || (mapTarget.length === 0 && !input.lastData)) return { targets, lastDataDate: null };

  const provider = input.providerId ?? null;
  const params: unknown[] = [clinicIds, mapTarget, mapGrain, mapStart];
  let providerParam = "";
  if (provider !== null) {
    params.push(provider);
    providerParam = `$${params.length}::text`;
  }
  // Rows of the level being summed, plus (clinic level only) provider rows of gross production.
  const rowFilter =
    provider === null ? "(a.provider_id IS NULL OR a.metric_key = 'gross_production')" : `a.provider_id = ${providerParam}`;
  const levelFilter = provider === null ? "provider_id IS NULL" : "TRUE";
  const clinicCol = input.perClinic ? "clinic_id" : "NULL::text";
  const clinicGroup = input.perClinic ? ", clinic_id" : "";

  let lastDataSql = "";
  if (input.lastData) {
    params.push(input.lastData.from, input.lastData.to);
    const f = `$${params.length - 1}::date`;
    const t = `$${params.length}::date`;
    lastDataSql = `
      UNION ALL
      SELECT 'l', NULL, NULL, NULL, NULL, to_char(MAX(last.day), 'YYYY-MM-DD')
        FROM unnest($1::text[]) AS c(id)
        CROSS JOIN LATERAL (
          SELECT a.period_start AS day FROM metric_aggregations a
           WHERE a.clinic_id = c.id AND a.aggregation_type = 'day' AND a.period_start BETWEEN ${f} AND ${t}
             ${provider === null ? "AND a.provider_id IS NULL" : `AND a.provider_id = ${providerParam}`}
           ORDER BY a.period_start DESC LIMIT 1) last`;
  }

  // Values are summed as float8: exact for whole cents far beyond any clinic's totals, and much
  // cheaper than numeric (PGlite especially).
  const sql = `
    WITH map AS (SELECT * FROM unnest($2::int[], $3::text[], $4::date[]) AS m(target, grain, start)),
    r AS (
      SELECT m.target, a.clinic_id, a.metric_key, a.provider_id, a.period_end, a.value::float8 AS value
        FROM (SELECT DISTINCT grain, start FROM map) p
        JOIN metric_aggregations a ON a.aggregation_type = p.grain AND a.period_start = p.start
        JOIN map m ON m.grain = p.grain AND m.start = p.start
       WHERE a.clinic_id = ANY($1::text[]) AND ${rowFilter}
    ),
    producing AS (
      SELECT target, clinic_id, provider_id FROM r
       WHERE provider_id IS NOT NULL AND metric_key = 'gross_production'
       GROUP BY target, clinic_id, provider_id HAVING SUM(value) > 0
    )
    SELECT coalesce(json_agg(json_build_array(kind, target, clinic_id, metric_key, value, day)), '[]')::text AS rows FROM (
    SELECT 'm' AS kind, target, ${clinicCol} AS clinic_id, metric_key, SUM(value) AS value, NULL::text AS day
      FROM r WHERE ${levelFilter} AND metric_key NOT IN (${STOCK_LIST})
     GROUP BY target${clinicGroup}, metric_key
    UNION ALL
    SELECT 'm', target, ${clinicCol}, metric_key, SUM(value), NULL
      FROM (SELECT DISTINCT ON (target, clinic_id, metric_key) target, clinic_id, metric_key, value
              FROM r WHERE ${levelFilter} AND metric_key IN (${STOCK_LIST})
             ORDER BY target, clinic_id, metric_key, period_end DESC) latest
     GROUP BY target${clinicGroup}, metric_key
    UNION ALL
    SELECT 'p', target, NULL, NULL, COUNT(DISTINCT provider_id)::float8, NULL FROM producing GROUP BY target
    ${input.perClinic ? "UNION ALL SELECT 'p', target, clinic_id, NULL, COUNT(*)::float8, NULL FROM producing GROUP BY target, clinic_id" : ""}
    ${lastDataSql}
    ) x`;

  // One JSON value instead of hundreds of rows: far less work for the driver and Prisma.
  const [result] = await tx.$queryRawUnsafe<{ rows: string }[]>(sql, ...params);
  const rows = (JSON.parse(result?.rows ?? "[]") as Row).map(([kind, target, clinic_id, metric_key, value, day]) => ({
    kind,
    target,
    clinic_id,
    metric_key,
    value,
    day,
  }));
  let lastDataDate: IsoDate | null = null;
  for (const row of rows) {
    if (row.kind === "l") {
      lastDataDate = row.day;
      continue;
    }
    const target = row.target === null ? undefined : targets[row.target];
    if (!target) continue;
    const value = row.value === null ? null : Number(row.value);
    if (row.kind === "p") {
      if (row.clinic_id === null) target.providerCount = value ?? 0;
      else target.providerCountByClinic.set(row.clinic_id, value ?? 0);
      continue;
    }
    const key = row.metric_key as MeasureKey;
    if (row.clinic_id === null) target.sums[key] = value;
    else {
      const sums = target.byClinic.get(row.clinic_id) ?? {};
      sums[key] = value;
      target.byClinic.set(row.clinic_id, sums);
    }
  }
  if (input.perClinic) {
    // Combined sums from the per-clinic ones (stocks: each clinic's latest, added up).
    for (const target of targets) {
      const combined: MeasureSums = {};
      for (const sums of target.byClinic.values()) {
        for (const [key, value] of Object.entries(sums) as [MeasureKey, number | null][]) {
          if (value === null) continue;
          combined[key] = (combined[key] ?? 0) + value;
        }
      }
      target.sums = combined;
    }
  }
  return { targets, lastDataDate };
}
