/**
 * Goal versus actual, day by day across a goal's period, from the day rows of metric_aggregations:
 *
 * - actual: the KPI's value from the period start through that day — a running sum for flows,
 *   Σnumerator ÷ Σdenominator so far for ratios, the latest count for stocks, running gross
 *   production ÷ providers who produced so far for production per provider. null after `today`
 *   (and, for ratios and stocks, until there is data).
 * - pace: where the KPI should be by the end of that day to hit the target on time: target ×
 *   working days elapsed (period start … that day) ÷ working days in the period, on the clinic's
 *   working calendar; the flat target for KPIs that do not accumulate (ratios, stocks).
 */
import { countWorkingDays, type WorkingCalendar } from "../../goals/working-days.ts";
import type { SqlReader } from "../../db/sql-reader.ts";
import { measureRowsSql } from "../aggregation/measure-columns.ts";
import type { MeasureKey } from "../base-measures.ts";
import { BASE_MEASURES } from "../base-measures.ts";
import { type IsoDate, addDays, compareDates, minDate } from "../iso-date.ts";
import type { MeasureSums } from "../kpi-compute.ts";
import { KPIS, type KpiKey, needsProviderCount, requiredMeasures } from "../kpi-registry.ts";
import { kpiValue } from "./dashboard.ts";

export interface GoalSeriesPoint {
  /** The day (YYYY-MM-DD); named `label` for the chart. */
  label: IsoDate;
  actual: number | null;
  pace: number | null;
}

export interface GoalSeriesInput {
  clinicId: string;
  providerId?: string | null;
  kpiKey: KpiKey;
  period: { from: IsoDate; to: IsoDate };
  target: number;
  calendar: WorkingCalendar;
  today: IsoDate;
}

export async function goalVsActualSeries(tx: SqlReader, input: GoalSeriesInput): Promise<GoalSeriesPoint[]> {
  const kpi = KPIS[input.kpiKey];
  const { from, to } = input.period;
  if (compareDates(from, to) > 0) return [];
  const measures = requiredMeasures(kpi);
  const perProvider = needsProviderCount(kpi);
  const lastActualDay = minDate(to, input.today);

  const rows =
    compareDates(from, lastActualDay) <= 0
      ? await tx.$queryRawUnsafe<{ day: string; metric_key: string; provider_id: string | null; value: number }[]>(
          `SELECT to_char(period_start, 'YYYY-MM-DD') AS day, metric_key, provider_id, value::float8 AS value
             FROM (${measureRowsSql({
               measures,
               where: `a.clinic_id = $1 AND a.aggregation_type = 'day' AND a.period_start BETWEEN $2::date AND $3::date
                       AND ${input.providerId ? "a.provider_id = $4::text" : perProvider ? "TRUE" : "a.provider_id IS NULL"}`,
             })}) r
            ORDER BY period_start`,
          input.clinicId,
          from,
          lastActualDay,
          ...(input.providerId ? [input.providerId] : []),
        )
      : [];

  const byDay = new Map<string, typeof rows>();
  for (const r of rows) {
    const list = byDay.get(r.day) ?? [];
    list.push(r);
    byDay.set(r.day, list);
  }

  const totalWorkingDays = countWorkingDays(from, to, input.calendar);
  const running: MeasureSums = {};
  const providerTotals = new Map<string, number>();
  const points: GoalSeriesPoint[] = [];
  for (let day = from; compareDates(day, to) <= 0; day = addDays(day, 1)) {
    const pace = kpi.accumulates
      ? totalWorkingDays > 0
        ? (input.target * countWorkingDays(from, day, input.calendar)) / totalWorkingDays
        : compareDates(day, to) === 0
          ? input.target
          : 0
      : input.target;
    if (compareDates(day, lastActualDay) > 0) {
      points.push({ label: day, actual: null, pace });
      continue;
    }
    for (const r of byDay.get(day) ?? []) {
      const key = r.metric_key as MeasureKey;
      const level = input.providerId ? true : r.provider_id === null;
      if (level) {
        running[key] = BASE_MEASURES[key].kind === "stock" ? Number(r.value) : (running[key] ?? 0) + Number(r.value);
      }
      if (perProvider && r.provider_id !== null && key === "gross_production") {
        providerTotals.set(r.provider_id, (providerTotals.get(r.provider_id) ?? 0) + Number(r.value));
      }
    }
    let producing = 0;
    for (const total of providerTotals.values()) if (total > 0) producing++;
    let actual = kpiValue(kpi, running, input.providerId ? Math.min(producing, 1) : producing);
    // Nothing recorded yet for a running total means 0 so far, not unknown.
    if (actual === null && kpi.accumulates && !perProvider) actual = 0;
    points.push({ label: day, actual, pace });
  }
  return points;
}
