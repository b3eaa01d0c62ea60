import { runChecks, type Check } from "./checks.ts";
import { deleteOrphans, findOrphans, type OrphanGroup, type Relation } from "./orphans.ts";
import { buildReport, type MigrationReport } from "./report.ts";
import { exec, rows, tableExists, type PgClient } from "./sql.ts";
import { planSteps, type StepDetails } from "./steps.ts";

/**
 * Phase 4, the data migration (`npm run db:migrate-data`, docs/migration/plan.md): moves the
 * legacy single-tenant data into the multi-tenant tables, step by step, and validates the result.
 *
 * - Resumable: each step commits together with its row in data_migration_steps; a run skips the
 *   steps already recorded, so an interrupted run, started again, finishes the rest and ends with
 *   exactly the database an uninterrupted run produces (ids and timestamps come from the legacy
 *   rows, not from the clock).
 * - Idempotent: a second run finds every step done and changes nothing.
 * - Dry run: the whole run inside one transaction that is rolled back after the report.
 * - The report (Markdown + JSON) is recomputed from the database on every run.
 *
 * It runs on the system path (the connection's own role, not the tenant role): see cli.ts.
 */
export interface DataMigrationOptions {
  dryRun?: boolean;
  /** Only check (no step runs): lists orphans and what the checks say. Works before phase 3. */
  validateOnly?: boolean;
  /** Remove orphaned rows (required reference missing) or clear the reference (optional one) first. */
  deleteOrphans?: boolean;
  /** Accept rows skipped for data errors: the check passes and lists them. */
  acceptSkipped?: boolean;
  /** Only rebuild metric_aggregations (after a phase-4 rollback). */
  rebuildAggregationsOnly?: boolean;
  log?: (line: string) => void;
  /** Called after each step that ran, with its wall time (the benchmark). */
  onStep?: (step: string, ms: number, counts: { read: number; migrated: number; skipped: number }) => void;
  /** Test hook: fail inside the named step's transaction, after its writes, before it commits. */
  interruptAfter?: string;
}

export interface DataMigrationResult {
  ok: boolean;
  report: MigrationReport;
}

export class InterruptedForTest extends Error {}

/** Serialises data migrations of one database (pg_advisory_lock; PGlite: one session anyway). */
const LOCK_KEY = 72707370;

export async function runDataMigration(client: PgClient, opts: DataMigrationOptions = {}): Promise<DataMigrationResult> {
  const log = opts.log ?? (() => {});
  const started = new Date();
  const hasPhase4 = await tableExists(client, "data_migration_steps");
  if (!opts.validateOnly && !opts.deleteOrphans && !opts.rebuildAggregationsOnly && !hasPhase4) {
    throw new Error("Phase 4 is not applied: run `npm run db:migrate` first (the data migration records its progress in tables phase 4 creates).");
  }
  await exec(client, `SELECT pg_advisory_lock($1)`, [LOCK_KEY]);
  const ranNow: string[] = [];
  let removedOrphans: { relation: Relation; action: string; rows: Record<string, unknown>[] }[] = [];
  let orphansBefore: OrphanGroup[] = [];
  let inOuter = false;
  try {
    if (opts.dryRun) {
      await exec(client, "BEGIN");
      inOuter = true;
    }
    orphansBefore = await findOrphans(client);
    if (opts.deleteOrphans && orphansBefore.length > 0) {
      if (!inOuter) await exec(client, "BEGIN");
      try {
        removedOrphans = await deleteOrphans(client);
        if (!inOuter) await exec(client, "COMMIT");
      } catch (error) {
        if (!inOuter) await exec(client, "ROLLBACK").catch(() => {});
        throw error;
      }
      for (const r of removedOrphans) log(`orphans: ${r.action} ${r.rows.length} row(s) of ${r.relation.table}.${r.relation.column}`);
    }

    if (opts.rebuildAggregationsOnly) {
      const { aggregationsStep } = await import("./steps.ts");
      await inStep(client, inOuter, async () => {
        const out = await aggregationsStep.run(client);
        log(`aggregations rebuilt: ${JSON.stringify(out.details.notes)}`);
      });
    } else if (!opts.validateOnly && hasPhase4) {
      const done = new Set((await rows<{ step: string }>(client, `SELECT step FROM data_migration_steps`)).map((r) => r.step));
      for (const step of await planSteps(client)) {
        if (done.has(step.name)) {
          log(`${step.name}: done earlier`);
          continue;
        }
        const t0 = performance.now();
        await inStep(client, inOuter, async () => {
          const stepStarted = new Date();
          const out = await step.run(client);
          if (opts.interruptAfter && opts.interruptAfter === step.name) throw new InterruptedForTest(`interrupted after ${step.name} (test)`);
          await exec(
            client,
            `INSERT INTO data_migration_steps (step, status, rows_read, rows_migrated, rows_skipped, details, started_at, finished_at)
             VALUES ($1, 'done', $2, $3, $4, $5, $6, $7)`,
            [step.name, out.read, out.migrated, out.skipped, JSON.stringify(out.details), stepStarted, new Date()],
          );
          log(`${step.name}: read ${out.read}, migrated ${out.migrated}, skipped ${out.skipped} (${Math.round(performance.now() - t0)} ms)`);
        });
        ranNow.push(step.name);
        opts.onStep?.(step.name, performance.now() - t0, (await rows<{ read: number; migrated: number; skipped: number }>(
          client,
          `SELECT rows_read AS read, rows_migrated AS migrated, rows_skipped AS skipped FROM data_migration_steps WHERE step = $1`,
          [step.name],
        ))[0] ?? { read: 0, migrated: 0, skipped: 0 });
      }
    }

    const steps = hasPhase4
      ? await rows<{ step: string; details: StepDetails | null; rows_read: number; rows_migrated: number; rows_skipped: number; started_at: Date; finished_at: Date }>(
          client,
          `SELECT step, details, rows_read, rows_migrated, rows_skipped, started_at, finished_at FROM data_migration_steps ORDER BY started_at, step`,
        )
      : [];
    const checks: Check[] = await inReadTransaction(client, inOuter, () => runChecks({ client, steps, acceptSkipped: opts.acceptSkipped === true }));
    const report = await buildReport(client, {
      started,
      finished: new Date(),
      dryRun: opts.dryRun === true,
      validateOnly: opts.validateOnly === true,
      ranNow,
      steps,
      checks,
      orphansBefore,
      removedOrphans,
      hasPhase4,
    });
    if (inOuter) {
      await exec(client, "ROLLBACK");
      inOuter = false;
    }
    return { ok: report.ok, report };
  } catch (error) {
    if (inOuter) await exec(client, "ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await exec(client, `SELECT pg_advisory_unlock($1)`, [LOCK_KEY]).catch(() => {});
  }
}

/** One step: its own transaction, or a savepoint inside the dry run's transaction. */
async function inStep(client: PgClient, inOuter: boolean, fn: () => Promise<void>): Promise<void> {
  await exec(client, inOuter ? "SAVEPOINT dm_step" : "BEGIN");
  try {
    await fn();
    await exec(client, inOuter ? "RELEASE SAVEPOINT dm_step" : "COMMIT");
  } catch (error) {
    await exec(client, inOuter ? "ROLLBACK TO SAVEPOINT dm_step" : "ROLLBACK").catch(() => {});
    throw error;
  }
}

/** The checks use temp tables ON COMMIT DROP: give them a transaction that changes nothing. */
async function inReadTransaction<T>(client: PgClient, inOuter: boolean, fn: () => Promise<T>): Promise<T> {
  await exec(client, inOuter ? "SAVEPOINT dm_checks" : "BEGIN");
  try {
    return await fn();
  } finally {
    await exec(client, inOuter ? "ROLLBACK TO SAVEPOINT dm_checks" : "ROLLBACK").catch(() => {});
  }
}
