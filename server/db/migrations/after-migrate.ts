/**
 * Work that must follow some migrations. metric_aggregations holds derived data only, so a
 * migration that changes its shape empties it; the rows are then rebuilt here from the raw metric
 * tables, in the same command that applied the migration, so that dashboards are never left empty
 * by an upgrade. Used by `npm run db:migrate` and by the start-up migration (bootstrap.ts).
 */
import { rebuildAllAggregations } from "../../metrics/aggregation/refresh.ts";
import { runAsSystem } from "../../tenancy/system-db.ts";
import { createPrismaClient } from "../client.ts";

/** Migrations after which metric_aggregations must be rebuilt. */
export const REBUILDS_AGGREGATIONS: readonly string[] = [
  "20261127090000_aggregations_one_row_per_period",
  "20261128090000_aggregations_producing_providers",
];

export interface AfterMigrateReport {
  /** Clinics whose aggregations were rebuilt (0 when none was needed or there was no data). */
  rebuiltClinics: number;
}

export async function afterMigrations(url: string, applied: readonly string[]): Promise<AfterMigrateReport> {
  if (!applied.some((name) => REBUILDS_AGGREGATIONS.includes(name))) return { rebuiltClinics: 0 };
  const db = createPrismaClient(url, { poolSize: 2 });
  try {
    const result = await runAsSystem(db, { reason: "aggregation:rebuild", actor: "migrate" }, (system) => rebuildAllAggregations(system));
    return { rebuiltClinics: result.clinics };
  } finally {
    await db.$disconnect();
  }
}
