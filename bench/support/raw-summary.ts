/**
 * The dashboard summary computed from RAW metric rows: the yardstick for the aggregation path.
 * Same KPIs, ranges and sparkline as dashboardSummary (server/metrics/dashboard), answered in one
 * statement over the raw tables (rawBucketTotals) plus one for the last day with data.
 * The sparkline's carrying of a closed clinic's active patients (readAggregations'
 * carryStocksFrom) is not repeated here: every bench clinic is open on the same days, so it never
 * applies, and the benchmark's same-numbers check would show it if it did.
 */
import type { SqlReader } from "../../server/db/sql-reader.ts";
import type { Granularity } from "../../server/metrics/dashboard/dashboard.ts";
import { rawBucketTotals } from "../../server/metrics/dashboard/raw-oracle.ts";
import { buckets } from "../../server/metrics/dashboard/reader.ts";
import type { IsoDate } from "../../server/metrics/iso-date.ts";
import { computeKpi } from "../../server/metrics/kpi-compute.ts";
import { KPI_LIST, type KpiKey } from "../../server/metrics/kpi-registry.ts";
import { previousRange, sameRangeLastYear } from "../../server/metrics/ranges.ts";

export interface RawSummary {
  lastDataDate: IsoDate | null;
  kpis: { key: KpiKey; value: number | null; previous: number | null; lastYear: number | null; sparkline: (number | null)[] }[];
}

export async function rawDashboardSummary(
  tx: SqlReader,
  input: { clinicIds: readonly string[]; from: IsoDate; to: IsoDate; granularity: Granularity },
): Promise<RawSummary> {
  const range = { from: input.from, to: input.to };
  const spark = buckets(input.granularity, input.from, input.to);
  const totals = await rawBucketTotals(tx, {
    clinicIds: input.clinicIds,
    buckets: [range, previousRange(range), sameRangeLastYear(range), ...spark],
  });
  const [last] = await tx.$queryRawUnsafe<{ d: string | null }[]>(
    `SELECT to_char(MAX(d), 'YYYY-MM-DD') AS d FROM (
       SELECT MAX(date) AS d FROM financial_metrics WHERE clinic_id = ANY($1::text[]) AND date BETWEEN $2::date AND $3::date
       UNION ALL SELECT MAX(date) FROM appointment_metrics WHERE clinic_id = ANY($1::text[]) AND date BETWEEN $2::date AND $3::date
       UNION ALL SELECT MAX(date) FROM call_metrics WHERE clinic_id = ANY($1::text[]) AND date BETWEEN $2::date AND $3::date
       UNION ALL SELECT MAX(date) FROM patient_metrics WHERE clinic_id = ANY($1::text[]) AND date BETWEEN $2::date AND $3::date) x`,
    [...input.clinicIds],
    input.from,
    input.to,
  );
  const value = (key: KpiKey, i: number) => {
    const t = totals[i]!;
    return computeKpi(key, t.sums, { providerCount: t.providerCount });
  };
  return {
    lastDataDate: last?.d ?? null,
    kpis: KPI_LIST.map((k) => ({
      key: k.key,
      value: value(k.key, 0),
      previous: value(k.key, 1),
      lastYear: value(k.key, 2),
      sparkline: spark.map((_, i) => value(k.key, 3 + i)),
    })),
  };
}
