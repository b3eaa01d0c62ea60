import { BASE_MEASURES, type MeasureKey } from "../metrics/base-measures.ts";
import { computeKpi } from "../metrics/kpi-compute.ts";
import { KPI_LIST, KPIS, type KpiKey } from "../metrics/kpi-registry.ts";
import { combineAllMeasures, countProducingProviders } from "../metrics/measure-rollup.ts";
import { periodStart, type Grain } from "../metrics/period-grains.ts";
import { planRangeQuery } from "../metrics/range-plan.ts";
import { previousRange, sameRangeLastYear } from "../metrics/ranges.ts";
import type { TenantTx } from "../tenancy/tenant-db.ts";
import { readAggregations, readGrainSeries } from "./aggregation-reader.ts";
import { measureTotals } from "./measure-totals.ts";

/** What the dashboard shows, computed only from metric_aggregations. Ratios: Σ numerator ÷ Σ denominator. */

export type Granularity = "day" | "week" | "month";
export interface RangeInput {
  clinicIds: readonly string[];
  from: string;
  to: string;
}

function kpiValues(sums: Parameters<typeof computeKpi>[1], providerCount: number, keys: readonly KpiKey[]) {
  return Object.fromEntries(keys.map((k) => [k, computeKpi(KPIS[k], sums, { providerCount })])) as Record<KpiKey, number | null>;
}

export async function trendSeries(tx: TenantTx, input: RangeInput & { granularity: Granularity; kpis: readonly KpiKey[] }) {
  const fromStart = periodStart(input.from, input.granularity as Grain);
  const [clinicRows, providerRows] = await Promise.all([
    readGrainSeries(tx, { clinicIds: input.clinicIds, grain: input.granularity, fromStart, to: input.to }),
    input.kpis.includes("production_per_provider")
      ? readGrainSeries(tx, { clinicIds: input.clinicIds, grain: input.granularity, fromStart, to: input.to, providerLevel: true, measures: ["gross_production"] })
      : Promise.resolve([]),
  ]);
  const starts = [...new Set(clinicRows.map((r) => r.periodStart))].sort();
  return {
    points: starts.map((start) => {
      const rows = clinicRows.filter((r) => r.periodStart === start);
      const sums = combineAllMeasures(rows);
      return {
        periodStart: start,
        periodEnd: rows[0]?.periodEnd ?? start,
        values: kpiValues(sums, countProducingProviders(providerRows.filter((r) => r.periodStart === start)), input.kpis),
      };
    }),
  };
}

export async function dashboardSummary(tx: TenantTx, input: RangeInput & { granularity: Granularity }) {
  const range = { from: input.from, to: input.to };
  const prev = previousRange(range);
  const lastYear = sameRangeLastYear(range);
  const keys = KPI_LIST.map((k) => k.key);
  const [current, previous, ly, trend, last] = await Promise.all([
    measureTotals(tx, { clinicIds: input.clinicIds, ...range }),
    measureTotals(tx, { clinicIds: input.clinicIds, ...prev }),
    measureTotals(tx, { clinicIds: input.clinicIds, ...lastYear }),
    trendSeries(tx, { ...input, kpis: keys }),
    tx.$queryRawUnsafe<{ last: string | null }[]>(
      `SELECT to_char(max(period_start), 'YYYY-MM-DD') AS last FROM metric_aggregations WHERE clinic_id = ANY($1::text[]) AND aggregation_type = 'day' AND provider_id IS NULL AND period_start <= $2::date`,
      [...input.clinicIds],
      input.to,
    ),
  ]);
  const cur = kpiValues(current.combined, current.providerCount, keys);
  const pre = kpiValues(previous.combined, previous.providerCount, keys);
  const lyv = kpiValues(ly.combined, ly.providerCount, keys);
  return {
    range,
    previousRange: { from: prev.from, to: prev.to },
    lastYearRange: lastYear,
    hasData: current.hasData,
    lastDataDate: last[0]?.last ?? null,
    kpis: keys.map((key) => ({
      key,
      value: cur[key],
      previous: pre[key],
      lastYear: lyv[key],
      sparkline: trend.points.map((p) => ({ periodStart: p.periodStart, value: p.values[key] })),
    })),
  };
}

const PROVIDER_KPIS = ["gross_production", "net_production", "collections", "adjustments", "appointments_scheduled", "appointments_completed", "no_show_rate", "cancellation_rate", "utilization"] as const satisfies readonly KpiKey[];

export async function providerBreakdown(tx: TenantTx, input: RangeInput) {
  const pieces = planRangeQuery(input.from, input.to);
  const rows = await readAggregations(tx, { clinicIds: input.clinicIds, pieces, level: "provider" });
  const ids = [...new Set(rows.map((r) => r.providerId!).filter(Boolean))];
  if (ids.length === 0) return [];
  const providers = await tx.provider.findMany({ where: { id: { in: ids }, clinicId: { in: [...input.clinicIds] } }, select: { id: true, name: true, clinicId: true } });
  const clinics = await tx.clinic.findMany({ where: { id: { in: [...input.clinicIds] } }, select: { id: true, name: true } });
  const clinicName = new Map(clinics.map((c) => [c.id, c.name]));
  const totalGross = rows.filter((r) => r.metricKey === "gross_production").reduce((s, r) => s + (r.value ?? 0), 0);
  return providers
    .map((p) => {
      const sums = combineAllMeasures(rows.filter((r) => r.providerId === p.id));
      const values = kpiValues(sums, 1, PROVIDER_KPIS);
      return {
        providerId: p.id,
        providerName: p.name,
        clinicId: p.clinicId,
        clinicName: clinicName.get(p.clinicId) ?? "",
        values,
        productionShare: totalGross > 0 && values.gross_production !== null ? (values.gross_production / totalGross) * 100 : null,
      };
    })
    .sort((a, b) => (b.values.gross_production ?? 0) - (a.values.gross_production ?? 0));
}

export async function clinicComparison(tx: TenantTx, input: RangeInput) {
  const keys = KPI_LIST.map((k) => k.key);
  const totals = await measureTotals(tx, input);
  const clinics = await tx.clinic.findMany({ where: { id: { in: [...input.clinicIds] } }, select: { id: true, name: true }, orderBy: { name: "asc" } });
  return {
    rows: [
      ...clinics.map((c) => ({ clinicId: c.id, clinicName: c.name, isTotal: false, values: kpiValues(totals.byClinic.get(c.id) ?? {}, totals.providerCountByClinic.get(c.id) ?? 0, keys) })),
      { clinicId: null, clinicName: "All clinics", isTotal: true, values: kpiValues(totals.combined, totals.providerCount, keys) },
    ],
  };
}

/** Daily cumulative actual for a goal's KPI across its period (for the goal-versus-pace chart). */
export async function dailyCumulative(tx: TenantTx, input: { clinicId: string; providerId?: string | null; kpi: KpiKey; from: string; to: string }) {
  const kpi = KPIS[input.kpi];
  const rows = await readGrainSeries(tx, { clinicIds: [input.clinicId], grain: "day", fromStart: input.from, to: input.to, providerLevel: !!input.providerId });
  const mine = input.providerId ? rows.filter((r) => r.providerId === input.providerId) : rows;
  const days = [...new Set(mine.map((r) => r.periodStart))].sort();
  const running: Partial<Record<MeasureKey, number>> = {};
  return days.map((day) => {
    for (const r of mine.filter((x) => x.periodStart === day)) {
      if (BASE_MEASURES[r.metricKey].kind === "flow") running[r.metricKey] = (running[r.metricKey] ?? 0) + (r.value ?? 0);
      else running[r.metricKey] = r.value ?? 0;
    }
    return { day, value: computeKpi(kpi, { ...running }, { providerCount: 1 }) };
  });
}
