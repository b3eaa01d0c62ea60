/**
 * Rolls metric_aggregations rows up across periods, clinics and providers.
 *
 * Flows are summed. Stocks (patients_active) take, for each clinic (and
 * provider), the row of its latest period, then add those across clinics.
 * Pass either clinic-level rows (providerId null/absent) or provider rows for
 * a measure, never both: both together would count the same money twice, so
 * that throws.
 */
import { BASE_MEASURES, MEASURE_KEYS, type MeasureKey } from "./base-measures.ts";
import { type IsoDate, compareDates } from "./iso-date.ts";

export interface MeasureRow {
  clinicId: string;
  /** null/undefined = whole clinic. */
  providerId?: string | null;
  /** When set, rows for other measures are ignored. */
  metricKey?: MeasureKey;
  periodStart: IsoDate;
  /** Used to order stock rows; defaults to periodStart. */
  periodEnd?: IsoDate;
  value: number | null;
}

function rowsFor(rows: readonly MeasureRow[], measure: MeasureKey): MeasureRow[] {
  const out = rows.filter(
    (r) => (r.metricKey === undefined || r.metricKey === measure) && r.value !== null && Number.isFinite(r.value),
  );
  const levels = new Map<string, "clinic" | "provider">();
  for (const r of out) {
    const level = r.providerId == null ? "clinic" : "provider";
    const seen = levels.get(r.clinicId);
    if (seen && seen !== level) {
      throw new Error(
        `${measure}: clinic ${r.clinicId} has both clinic-level and provider-level rows; pass one level only`,
      );
    }
    levels.set(r.clinicId, level);
  }
  return out;
}

/**
 * Combined value of one measure over the rows, or null when no row has a value
 * (no data is not the same as 0).
 */
export function combineMeasureValues(rows: readonly MeasureRow[], measure: MeasureKey): number | null {
  const usable = rowsFor(rows, measure);
  if (usable.length === 0) return null;

  if (BASE_MEASURES[measure].kind === "flow") {
    return usable.reduce((sum, r) => sum + (r.value ?? 0), 0);
  }

  const latest = new Map<string, MeasureRow>();
  for (const r of usable) {
    const key = `${r.clinicId}\u0000${r.providerId ?? ""}`;
    const prev = latest.get(key);
    if (!prev || compareDates(r.periodEnd ?? r.periodStart, prev.periodEnd ?? prev.periodStart) > 0) {
      latest.set(key, r);
    }
  }
  let total = 0;
  for (const r of latest.values()) total += r.value ?? 0;
  return total;
}

/** combineMeasureValues for every measure present in rows (rows must carry metricKey). */
export function combineAllMeasures(rows: readonly MeasureRow[]): Partial<Record<MeasureKey, number | null>> {
  const present = new Set(rows.map((r) => r.metricKey).filter((k): k is MeasureKey => k !== undefined));
  const out: Partial<Record<MeasureKey, number | null>> = {};
  for (const key of MEASURE_KEYS) {
    if (present.has(key)) out[key] = combineMeasureValues(rows, key);
  }
  return out;
}

/**
 * Distinct providers whose gross production summed over the rows is > 0:
 * the divisor of production_per_provider. Rows without providerId, or for
 * another measure, are ignored. The same provider working at two clinics
 * counts once.
 */
export function countProducingProviders(rows: readonly MeasureRow[]): number {
  const totals = new Map<string, number>();
  for (const r of rows) {
    if (r.providerId == null || r.value === null || !Number.isFinite(r.value)) continue;
    if (r.metricKey !== undefined && r.metricKey !== "gross_production") continue;
    totals.set(r.providerId, (totals.get(r.providerId) ?? 0) + r.value);
  }
  let count = 0;
  for (const total of totals.values()) if (total > 0) count++;
  return count;
}
