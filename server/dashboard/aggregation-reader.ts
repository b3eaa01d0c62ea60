import type { MeasureKey } from "../metrics/base-measures.ts";
import type { MeasureRow } from "../metrics/measure-rollup.ts";
import type { Grain } from "../metrics/period-grains.ts";
import type { TenantTx } from "../tenancy/tenant-db.ts";

/**
 * Reads metric_aggregations — and nothing else: the dashboard never touches raw metric rows.
 * `pieces` are (grain, period_start) pairs, e.g. from planRangeQuery, or every period of one grain.
 */
export interface AggregationRow extends MeasureRow {
  metricKey: MeasureKey;
  grain: Grain;
}

type Level = { level: "clinic" } | { level: "provider"; providerId?: string };

export async function readAggregations(
  tx: TenantTx,
  input: { clinicIds: readonly string[]; pieces: readonly { grain: Grain; periodStart: string }[]; measures?: readonly MeasureKey[] } & Level,
): Promise<AggregationRow[]> {
  if (input.pieces.length === 0 || input.clinicIds.length === 0) return [];
  const grains = input.pieces.map((p) => p.grain);
  const starts = input.pieces.map((p) => p.periodStart);
  const measures = input.measures ?? null;
  const providerFilter = input.level === "clinic" ? "a.provider_id IS NULL" : input.providerId ? "a.provider_id = $5" : "a.provider_id IS NOT NULL";
  const params: unknown[] = [[...input.clinicIds], grains, starts, measures];
  if (input.level === "provider" && input.providerId) params.push(input.providerId);
  const rows = await tx.$queryRawUnsafe<{ clinic_id: string; provider_id: string | null; metric_key: string; aggregation_type: string; period_start: string; period_end: string; value: number }[]>(
    `SELECT a.clinic_id, a.provider_id, a.metric_key, a.aggregation_type,
            to_char(a.period_start, 'YYYY-MM-DD') AS period_start, to_char(a.period_end, 'YYYY-MM-DD') AS period_end,
            a.value::float8 AS value
       FROM metric_aggregations a
       JOIN unnest($2::text[], $3::date[]) AS p(grain, start) ON a.aggregation_type = p.grain AND a.period_start = p.start
      WHERE a.clinic_id = ANY($1::text[]) AND ${providerFilter}
        AND ($4::text[] IS NULL OR a.metric_key = ANY($4::text[]))`,
    ...params,
  );
  return rows.map((r) => ({
    clinicId: r.clinic_id,
    providerId: r.provider_id,
    metricKey: r.metric_key as MeasureKey,
    grain: r.aggregation_type as Grain,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    value: r.value,
  }));
}

/** Every period of `grain` that starts in [fromStart, to], clinic level. */
export async function readGrainSeries(
  tx: TenantTx,
  input: { clinicIds: readonly string[]; grain: Grain; fromStart: string; to: string; providerLevel?: boolean; measures?: readonly MeasureKey[] },
): Promise<AggregationRow[]> {
  const rows = await tx.$queryRawUnsafe<{ clinic_id: string; provider_id: string | null; metric_key: string; period_start: string; period_end: string; value: number }[]>(
    `SELECT clinic_id, provider_id, metric_key, to_char(period_start, 'YYYY-MM-DD') AS period_start, to_char(period_end, 'YYYY-MM-DD') AS period_end, value::float8 AS value
       FROM metric_aggregations
      WHERE clinic_id = ANY($1::text[]) AND aggregation_type = $2 AND period_start BETWEEN $3::date AND $4::date
        AND ${input.providerLevel ? "provider_id IS NOT NULL" : "provider_id IS NULL"}
        AND ($5::text[] IS NULL OR metric_key = ANY($5::text[]))`,
    [...input.clinicIds],
    input.grain,
    input.fromStart,
    input.to,
    input.measures ?? null,
  );
  return rows.map((r) => ({
    clinicId: r.clinic_id,
    providerId: r.provider_id,
    metricKey: r.metric_key as MeasureKey,
    grain: input.grain,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    value: r.value,
  }));
}
