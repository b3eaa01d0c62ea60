/**
 * Dashboard data, computed ONLY from metric_aggregations (see reader.ts). Every function takes a
 * SqlReader (the tenant handle's `read` transaction, or a Prisma client) and clinic ids the caller
 * has already been checked for; it never widens them. Ratios are Σnumerator ÷ Σdenominator over
 * the period and the clinics (computeKpi), never an average of rates; a ratio with no denominator
 * is null, not 0.
 */
import { LRUCache } from "lru-cache";
import type { SqlReader } from "../../db/sql-reader.ts";
import type { MeasureKey } from "../base-measures.ts";
import { deepFreeze } from "../deep-freeze.ts";
import { type IsoDate, type DateRange, compareDates } from "../iso-date.ts";
import { type MeasureSums, computeKpi } from "../kpi-compute.ts";
import { KPI_LIST, KPIS, type KpiDefinition, type KpiKey, requiredMeasures } from "../kpi-registry.ts";
import { type RangePreset, previousRange, sameRangeLastYear } from "../ranges.ts";
import { type ReadTarget, bucketPieces, buckets, countsProvidersOnClinicRow, planPieces, readAggregations } from "./reader.ts";

export type Granularity = "day" | "week" | "month";

export interface ScopeInput {
  clinicIds: readonly string[];
  /** One provider's numbers instead of the whole clinics'. */
  providerId?: string | null;
}

export interface RangeInput extends ScopeInput {
  from: IsoDate;
  to: IsoDate;
}

// ───────────────────────────── measureTotals ─────────────────────────────

export interface MeasureTotals {
  /** All clinics together. A missing key means no data for that measure. */
  combined: MeasureSums;
  byClinic: Map<string, MeasureSums>;
  /** Distinct providers with gross production > 0 in the range (production_per_provider). */
  providerCount: number;
  providerCountByClinic: Map<string, number>;
  hasData: boolean;
}

/**
 * Every base measure over [from, to] for the clinics (or one provider), answered from the few
 * year/quarter/month/week/day rows that tile the range (planRangeQuery).
 */
export async function measureTotals(tx: SqlReader, input: RangeInput): Promise<MeasureTotals> {
  if (compareDates(input.from, input.to) > 0) {
    return { combined: {}, byClinic: new Map(), providerCount: 0, providerCountByClinic: new Map(), hasData: false };
  }
  const { targets } = await readAggregations(tx, {
    clinicIds: input.clinicIds,
    providerId: input.providerId,
    targets: [{ pieces: planPieces(input.from, input.to) }],
    perClinic: true,
  });
  const t = targets[0]!;
  return {
    combined: t.sums,
    byClinic: t.byClinic,
    providerCount: input.providerId ? (t.providerCount > 0 ? 1 : 0) : t.providerCount,
    providerCountByClinic: t.providerCountByClinic,
    hasData: Object.keys(t.sums).length > 0,
  };
}

/** The KPI's value from summed measures (per-provider KPIs need the provider count). */
export function kpiValue(kpi: KpiDefinition, sums: MeasureSums, providerCount: number): number | null {
  return computeKpi(kpi, sums, { providerCount });
}

function kpiValues(keys: readonly KpiKey[], sums: MeasureSums, providerCount: number): Record<KpiKey, number | null> {
  return Object.fromEntries(keys.map((k) => [k, kpiValue(KPIS[k], sums, providerCount)])) as Record<KpiKey, number | null>;
}

// ───────────────────────────── summary ─────────────────────────────

export interface SparkPoint {
  /** First day of the bucket (clipped to the range); its last day is in DashboardSummary.buckets. */
  periodStart: IsoDate;
  value: number | null;
}

/** Change against a comparison value (the UI formats it with formatDelta from kpi-format.ts). */
export interface DeltaInfo {
  /** current − comparison (percentage points for percent KPIs); null when either is missing. */
  absolute: number | null;
  /** (current − comparison) ÷ |comparison| × 100; null when either is missing or the comparison is 0. */
  relative: number | null;
}

/**
 * One KPI's numbers. Labels, units, direction and help text are not repeated here: the UI reads
 * them from the shared registry (server/metrics/kpi-registry.ts, KPIS[key]).
 */
export interface KpiSummary {
  key: KpiKey;
  value: number | null;
  previous: number | null;
  lastYear: number | null;
  vsPrevious: DeltaInfo;
  vsLastYear: DeltaInfo;
  /** One value per bucket of `buckets`, same order. */
  sparkline: SparkPoint[];
}

export interface DashboardSummary {
  range: DateRange;
  previousRange: DateRange;
  lastYearRange: DateRange;
  granularity: Granularity;
  /** The sparkline buckets: the day/week/month periods that tile the range, clipped to it. */
  buckets: { periodStart: IsoDate; periodEnd: IsoDate }[];
  clinicIds: string[];
  /** Last day with any data in the range (for "data up to …"); null when there is none. */
  lastDataDate: IsoDate | null;
  /** False when the range has no data at all: the UI shows its empty state. */
  hasData: boolean;
  kpis: KpiSummary[];
}

export interface SummaryInput extends RangeInput {
  granularity: Granularity;
  /** A ResolvedRange preset pins how the previous period is chosen (see previousRange). */
  preset?: RangePreset;
  kpis?: readonly KpiKey[];
}

function delta(current: number | null, comparison: number | null): DeltaInfo {
  if (current === null || comparison === null) return { absolute: null, relative: null };
  const absolute = current - comparison;
  return { absolute, relative: comparison === 0 ? null : (absolute / Math.abs(comparison)) * 100 };
}

const SPARK = 3; // the sparkline's targets follow the range, the previous range and last year

interface SummaryPlan {
  prev: DateRange;
  lastYear: DateRange;
  spark: readonly DateRange[];
  targets: readonly ReadTarget[];
}

/**
 * The periods a summary reads depend on nothing but its dates, and the same few views (this month,
 * the last 12 months…) are asked for all day: each plan is worked out once and kept. A plan is a
 * few dozen small frozen objects.
 */
const summaryPlans = new LRUCache<string, SummaryPlan>({ max: 500 });

function summaryPlan(input: SummaryInput): SummaryPlan {
  // When single-period ranges take their producing providers from the clinic's row, the range is
  // read as the fewest whole periods (planPieces) and only those fetch provider rows. Otherwise the
  // range reuses the sparkline buckets' rows, which are fetched anyway.
  const rangeOwnPieces = countsProvidersOnClinicRow(input.clinicIds, input.providerId);
  const key = `${input.from}|${input.to}|${input.granularity}|${input.preset ?? ""}|${rangeOwnPieces ? 1 : 0}`;
  const known = summaryPlans.get(key);
  if (known) return known;
  const range: DateRange = { from: input.from, to: input.to };
  const prev = previousRange(input.preset ? { ...range, preset: input.preset } : range);
  const lastYear = sameRangeLastYear(range);
  const spark = buckets(input.granularity, input.from, input.to);
  const sparkTargets: ReadTarget[] = spark.map((b, i) => ({
    pieces: bucketPieces(input.granularity, b.from, b.to),
    carryStocksFrom: i > 0 ? SPARK + i - 1 : undefined,
  }));
  const targets: ReadTarget[] = [
    { pieces: rangeOwnPieces ? planPieces(input.from, input.to) : sparkTargets.flatMap((t) => t.pieces) },
    { pieces: planPieces(prev.from, prev.to) },
    { pieces: planPieces(lastYear.from, lastYear.to) },
    ...sparkTargets,
  ];
  const plan = deepFreeze({ prev: { from: prev.from, to: prev.to }, lastYear: { from: lastYear.from, to: lastYear.to }, spark, targets });
  summaryPlans.set(key, plan);
  return plan;
}

/**
 * Every KPI (or `kpis`) for the range, the previous range and the same range last year, with
 * deltas and a sparkline at `granularity`, all in one query.
 */
export async function dashboardSummary(tx: SqlReader, input: SummaryInput): Promise<DashboardSummary> {
  const range: DateRange = { from: input.from, to: input.to };
  const { prev, lastYear, spark, targets } = summaryPlan(input);
  const { targets: results, lastDataDate } = await readAggregations(tx, {
    clinicIds: input.clinicIds,
    providerId: input.providerId,
    targets,
    lastData: range,
  });
  const providerCount = (i: number) => {
    const n = results[i]?.providerCount ?? 0;
    return input.providerId ? Math.min(n, 1) : n;
  };
  const [current, previous, ly] = [results[0]!, results[1]!, results[2]!];
  const keys = input.kpis ?? KPI_LIST.map((k) => k.key);

  const kpis = keys.map((key): KpiSummary => {
    const def = KPIS[key];
    const value = kpiValue(def, current.sums, providerCount(0));
    const previousValue = kpiValue(def, previous.sums, providerCount(1));
    const lastYearValue = kpiValue(def, ly.sums, providerCount(2));
    return {
      key,
      value,
      previous: previousValue,
      lastYear: lastYearValue,
      vsPrevious: delta(value, previousValue),
      vsLastYear: delta(value, lastYearValue),
      sparkline: spark.map((b, i) => ({ periodStart: b.from, value: kpiValue(def, results[SPARK + i]!.sums, providerCount(SPARK + i)) })),
    };
  });

  return {
    range,
    previousRange: { ...prev },
    lastYearRange: { ...lastYear },
    granularity: input.granularity,
    buckets: spark.map((b) => ({ periodStart: b.from, periodEnd: b.to })),
    clinicIds: [...input.clinicIds],
    lastDataDate,
    hasData: lastDataDate !== null,
    kpis,
  };
}

// ───────────────────────────── trend ─────────────────────────────

export interface TrendPoint {
  periodStart: IsoDate;
  periodEnd: IsoDate;
  values: Record<KpiKey, number | null>;
}

export interface TrendSeries {
  granularity: Granularity;
  kpis: KpiKey[];
  points: TrendPoint[];
}

/**
 * One point per day/week/month bucket of [from, to] (edge buckets clipped to the range). Ratios
 * per point are Σnumerator ÷ Σdenominator over the bucket and the clinics.
 */
export async function trendSeries(
  tx: SqlReader,
  input: RangeInput & { granularity: Granularity; kpis?: readonly KpiKey[] },
): Promise<TrendSeries> {
  const keys = [...(input.kpis ?? KPI_LIST.map((k) => k.key))];
  const spark = buckets(input.granularity, input.from, input.to);
  const { targets } = await readAggregations(tx, {
    clinicIds: input.clinicIds,
    providerId: input.providerId,
    targets: spark.map((b, i) => ({ pieces: bucketPieces(input.granularity, b.from, b.to), carryStocksFrom: i > 0 ? i - 1 : undefined })),
  });
  return {
    granularity: input.granularity,
    kpis: keys,
    points: spark.map((b, i) => {
      const t = targets[i]!;
      const count = input.providerId ? Math.min(t.providerCount, 1) : t.providerCount;
      return { periodStart: b.from, periodEnd: b.to, values: kpiValues(keys, t.sums, count) };
    }),
  };
}

// ───────────────────────────── providers ─────────────────────────────

export const PROVIDER_KPIS = [
  "gross_production",
  "net_production",
  "collections",
  "appointments_completed",
  "no_show_rate",
] as const satisfies readonly KpiKey[];
export type ProviderKpi = (typeof PROVIDER_KPIS)[number];

/** The base measures behind PROVIDER_KPIS (gross production is among them: the production share uses it). */
const BREAKDOWN_MEASURES: readonly MeasureKey[] = [...new Set(PROVIDER_KPIS.flatMap((k) => requiredMeasures(KPIS[k])))];

export interface ProviderRow {
  providerId: string;
  providerName: string;
  clinicId: string;
  clinicName: string;
  values: Record<ProviderKpi, number | null>;
  /** Gross production as a percentage of the provider's clinic's gross production; null without data. */
  productionShare: number | null;
}

/**
 * KPIs per provider for the range, from provider-level rows, with names from `providers` and
 * `clinics`. Every provider of the clinics is listed (values null when they have no data), plus any
 * provider id that has rows; sorted by gross production, highest first.
 */
export async function providerBreakdown(tx: SqlReader, input: RangeInput): Promise<ProviderRow[]> {
  const clinicIds = [...new Set(input.clinicIds)];
  if (clinicIds.length === 0 || compareDates(input.from, input.to) > 0) return [];
  const pieces = planPieces(input.from, input.to);
  // Per provider (and, for the production share, per clinic): the sums of the breakdown's measures.
  const rows = await tx.$queryRawUnsafe<({ clinic_id: string; provider_id: string | null } & Partial<Record<MeasureKey, number | null>>)[]>(
    `WITH map AS (SELECT * FROM unnest($2::text[], $3::date[]) AS m(grain, start))
     SELECT a.clinic_id, a.provider_id, ${BREAKDOWN_MEASURES.map((m) => `SUM(a."${m}")::float8 AS "${m}"`).join(", ")}
       FROM map JOIN metric_aggregations a ON a.aggregation_type = map.grain AND a.period_start = map.start
      WHERE a.clinic_id = ANY($1::text[])
        ${input.providerId ? "AND (a.provider_id IS NULL OR a.provider_id = $4::text)" : ""}
      GROUP BY a.clinic_id, a.provider_id`,
    clinicIds,
    pieces.map((p) => p.grain),
    pieces.map((p) => p.periodStart),
    ...(input.providerId ? [input.providerId] : []),
  );
  const names = await tx.$queryRawUnsafe<{ id: string; name: string; clinic_id: string; clinic_name: string }[]>(
    `SELECT p.id, p.name, p.clinic_id, c.name AS clinic_name
       FROM providers p JOIN clinics c ON c.id = p.clinic_id
      WHERE p.clinic_id = ANY($1::text[]) ${input.providerId ? "AND p.id = $2::text" : "AND p.status = 'active'"}`,
    clinicIds,
    ...(input.providerId ? [input.providerId] : []),
  );

  const clinicGross = new Map<string, number>();
  const sumsByProvider = new Map<string, { clinicId: string; sums: MeasureSums }>();
  for (const r of rows) {
    if (r.provider_id === null) {
      if (r.gross_production != null) clinicGross.set(r.clinic_id, Number(r.gross_production));
      continue;
    }
    const sums: MeasureSums = {};
    for (const m of BREAKDOWN_MEASURES) {
      const value = r[m];
      if (value != null) sums[m] = Number(value);
    }
    sumsByProvider.set(r.provider_id, { clinicId: r.clinic_id, sums });
  }
  const info = new Map(names.map((n) => [n.id, n]));
  const clinicNames = new Map(names.map((n) => [n.clinic_id, n.clinic_name]));
  const ids = new Set([...names.map((n) => n.id), ...sumsByProvider.keys()]);

  const out: ProviderRow[] = [];
  for (const id of ids) {
    const entry = sumsByProvider.get(id);
    const meta = info.get(id);
    const clinicId = meta?.clinic_id ?? entry?.clinicId ?? "";
    const sums = entry?.sums ?? {};
    const gross = sums.gross_production ?? null;
    const produced = typeof gross === "number" && gross > 0 ? 1 : 0;
    const clinicTotal = clinicGross.get(clinicId);
    out.push({
      providerId: id,
      providerName: meta?.name ?? "Unknown provider",
      clinicId,
      clinicName: meta?.clinic_name ?? clinicNames.get(clinicId) ?? "",
      values: kpiValues(PROVIDER_KPIS, sums, produced) as Record<ProviderKpi, number | null>,
      productionShare: gross !== null && clinicTotal !== undefined && clinicTotal > 0 ? (gross / clinicTotal) * 100 : null,
    });
  }
  out.sort(
    (a, b) =>
      (b.values.gross_production ?? -Infinity) - (a.values.gross_production ?? -Infinity) ||
      a.providerName.localeCompare(b.providerName),
  );
  return out;
}

// ───────────────────────────── clinics ─────────────────────────────

export interface ClinicComparisonRow {
  /** null for the total row. */
  clinicId: string | null;
  clinicName: string;
  isTotal: boolean;
  hasData: boolean;
  values: Record<KpiKey, number | null>;
}

export interface ClinicComparison {
  kpis: KpiKey[];
  rows: ClinicComparisonRow[];
}

/**
 * One row per clinic (by name) plus a total row whose ratios are recomputed from the summed
 * numerators and denominators (never averaged across clinics).
 */
export async function clinicComparison(
  tx: SqlReader,
  input: RangeInput & { kpis?: readonly KpiKey[] },
): Promise<ClinicComparison> {
  const keys = [...(input.kpis ?? KPI_LIST.map((k) => k.key))];
  const clinicIds = [...new Set(input.clinicIds)];
  const totals = await measureTotals(tx, { clinicIds, from: input.from, to: input.to, providerId: input.providerId });
  const clinics = await tx.$queryRawUnsafe<{ id: string; name: string }[]>(
    `SELECT id, name FROM clinics WHERE id = ANY($1::text[]) ORDER BY name, id`,
    clinicIds,
  );
  const rows: ClinicComparisonRow[] = clinics.map((c) => {
    const sums = totals.byClinic.get(c.id) ?? {};
    return {
      clinicId: c.id,
      clinicName: c.name,
      isTotal: false,
      hasData: Object.keys(sums).length > 0,
      values: kpiValues(keys, sums, totals.providerCountByClinic.get(c.id) ?? 0),
    };
  });
  rows.push({
    clinicId: null,
    clinicName: "All selected clinics",
    isTotal: true,
    hasData: totals.hasData,
    values: kpiValues(keys, totals.combined, totals.providerCount),
  });
  return { kpis: keys, rows };
}
