import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { inProcessLock, MIGRATION_LOCK_KEY, MigrationError, withClient } from "./migration-runner.ts";

/**
 * The legacy → multi-tenant migration is delivered in phases; each phase is one Prisma migration
 * with a rollback script in prisma/rollback/phase-N.sql.
 */
export interface Phase {
  phase: number;
  migration: string;
  title: string;
  /**
   * Later app migrations that change only this phase's objects (e.g. an index on a Phase 1 table).
   * Rolling the phase back removes those objects with it, so their records are removed too and
   * re-applying the phase re-applies them.
   */
  dependents?: string[];
}

export const PHASES: Phase[] = [
  {
    phase: 1,
    migration: "20250524004250_add_multi_tenant_tables",
    title: "Add the ten multi-tenant tables",
    dependents: [
      "20261126100000_aggregations_read_order",
      "20261126110000_aggregations_dashboard_read_index",
      "20261127090000_aggregations_one_row_per_period",
      "20261128090000_aggregations_producing_providers",
      "20261128100000_dashboard_read_function",
    ],
  },
  { phase: 2, migration: "20261125150000_phase_2_dual_ids", title: "Dual ids: UUIDs beside CUIDs, id_mappings, sessions keyed by the user's UUID" },
  { phase: 3, migration: "20261125160000_phase_3_row_level_security", title: "Row Level Security, the app role and the deferred foreign keys" },
  { phase: 4, migration: "20261125170000_phase_4_data_migration", title: "Data migration bookkeeping (npm run db:migrate-data moves the legacy data)" },
];

/** The phase with this number; an operator's typo gets the list of known phases. */
export function findPhase(phaseNumber: number): Phase {
  const phase = PHASES.find((p) => p.phase === phaseNumber);
  if (!phase) throw new MigrationError(`Unknown phase ${phaseNumber}. Known phases: ${PHASES.map((p) => p.phase).join(", ")}.`);
  return phase;
}

/** The migrations a phase owns: its own and its dependents (rolled back and re-applied together). */
export function phaseMigrations(phase: Phase): string[] {
  return [phase.migration, ...(phase.dependents ?? [])];
}

export const DEFAULT_ROLLBACK_DIR = path.resolve(process.cwd(), "prisma/rollback");

export function rollbackScript(phase: number, dir = DEFAULT_ROLLBACK_DIR): string {
  const file = path.join(dir, `phase-${phase}.sql`);
  if (!existsSync(file)) throw new MigrationError(`There is no rollback script for phase ${phase} (${file}).`);
  return readFileSync(file, "utf8");
}

/**
 * Runs prisma/rollback/phase-N.sql and removes the records of the phase's migration and its
 * dependents, in one transaction.
 * Refuses when the phase is not applied or when a later phase still is (roll back in reverse order).
 */
export async function rollbackPhase(url: string, phaseNumber: number, opts: { dir?: string } = {}): Promise<void> {
  const phase = findPhase(phaseNumber);
  const sql = rollbackScript(phaseNumber, opts.dir);
  await inProcessLock(url, () => withClient(url, async (client) => {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      const applied = new Set(
        (
          await client.query<{ migration_name: string }>(
            `SELECT migration_name FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
          )
        ).rows.map((r) => r.migration_name),
      );
      if (!applied.has(phase.migration)) {
        throw new MigrationError(`Phase ${phaseNumber} (${phase.migration}) is not applied; nothing to roll back.`);
      }
      const later = PHASES.filter((p) => p.phase > phaseNumber && applied.has(p.migration));
      if (later.length > 0) {
        throw new MigrationError(
          `Roll back phase ${later.map((p) => p.phase).sort((a, b) => b - a).join(", then ")} first: phases are undone in reverse order.`,
        );
      }
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query(`DELETE FROM "_prisma_migrations" WHERE migration_name = ANY($1::text[])`, [phaseMigrations(phase)]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw new MigrationError(`Rollback of phase ${phaseNumber} failed and changed nothing: ${(error as Error).message}`);
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    }
  }));
}
