/**
 * Turns summed base measures into a KPI value.
 *
 * Inputs are period totals already combined across days, clinics and
 * providers (see measure-rollup.ts). A ratio is Σnumerator ÷ Σdenominator ×
 * 100, so two clinics' collection rates combine as Σcollections ÷ Σnet
 * production — never as the mean of their rates.
 */
import type { MeasureKey } from "./base-measures.ts";
import { type KpiDefinition, type KpiKey, getKpi } from "./kpi-registry.ts";

export type MeasureSums = Partial<Record<MeasureKey, number | null>>;

export interface ComputeKpiOptions {
  /** Distinct providers with gross production > 0 in the period (per-provider KPIs only). */
  providerCount?: number;
}

function finite(value: number | null | undefined): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/**
 * The KPI's value for the period, or null when it cannot be known: a measure
 * is missing/null, a ratio's denominator is 0 or negative, or a per-provider
 * KPI has no providers. Never NaN or ±Infinity.
 */
export function computeKpi(
  kpi: KpiDefinition | KpiKey,
  sums: MeasureSums,
  opts: ComputeKpiOptions = {},
): number | null {
  const def = typeof kpi === "string" ? getKpi(kpi) : kpi;
  const c = def.compute;
  switch (c.type) {
    case "measure":
      return finite(sums[c.measure]);
    case "ratio": {
      const num = finite(sums[c.numerator]);
      const den = finite(sums[c.denominator]);
      if (num === null || den === null || den <= 0) return null;
      return finite((num / den) * 100);
    }
    case "per-provider": {
      const total = finite(sums[c.measure]);
      const providers = finite(opts.providerCount);
      if (total === null || providers === null || providers <= 0) return null;
      return finite(total / providers);
    }
  }
}
