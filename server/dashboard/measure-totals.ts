import { combineAllMeasures, countProducingProviders } from "../metrics/measure-rollup.ts";
import type { MeasureSums } from "../metrics/kpi-compute.ts";
import { planRangeQuery } from "../metrics/range-plan.ts";
import type { TenantTx } from "../tenancy/tenant-db.ts";
import { readAggregations } from "./aggregation-reader.ts";

export interface RangeTotals {
  combined: MeasureSums;
  byClinic: Map<string, MeasureSums>;
  providerCount: number;
  providerCountByClinic: Map<string, number>;
  hasData: boolean;
}

/**
 * Every base measure summed over [from, to] for the clinics (or one provider), answered from the
 * fewest aggregation rows that cover the range exactly (whole years, quarters, months, then days).
 */
export async function measureTotals(tx: TenantTx, input: { clinicIds: readonly string[]; from: string; to: string; providerId?: string }): Promise<RangeTotals> {
  const pieces = planRangeQuery(input.from, input.to);
  const rows = input.providerId
    ? await readAggregations(tx, { clinicIds: input.clinicIds, pieces, level: "provider", providerId: input.providerId })
    : await readAggregations(tx, { clinicIds: input.clinicIds, pieces, level: "clinic" });
  const providerRows = await readAggregations(tx, { clinicIds: input.clinicIds, pieces, level: "provider", measures: ["gross_production"], ...(input.providerId ? { providerId: input.providerId } : {}) });
  const byClinic = new Map<string, MeasureSums>();
  const providerCountByClinic = new Map<string, number>();
  for (const clinicId of input.clinicIds) {
    byClinic.set(clinicId, combineAllMeasures(rows.filter((r) => r.clinicId === clinicId)));
    providerCountByClinic.set(clinicId, countProducingProviders(providerRows.filter((r) => r.clinicId === clinicId)));
  }
  return {
    combined: combineAllMeasures(rows),
    byClinic,
    providerCount: countProducingProviders(providerRows),
    providerCountByClinic,
    hasData: rows.length > 0,
  };
}
