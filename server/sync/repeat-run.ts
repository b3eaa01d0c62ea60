/**
 * Repeating the last successful run: the cheapest answer to "the sheet is as it was".
 *
 * When a run read exactly what the connection's last successful run read (equal source
 * fingerprint, unchanged-sheet.ts), the transform would give the same metric rows, rejected cells
 * and counts. If the clinic's metric tables also still show what that run left (equal tables
 * fingerprint, read here inside the caller's write transaction), writing would change nothing
 * either. The run then takes over the previous run's outcome: the same rows read and skipped, every
 * metric row counted unchanged, and a copy of its rejected cells, so the sync history and the
 * rejected-rows download of this run say what a full run would have said.
 */
import type { TenantTx } from "../tenancy/tenant-db.ts";
import type { SyncCounts } from "./engine.ts";
import { METRIC_ROW_KINDS, type MetricRowKind } from "./metric-rows.ts";
import type { SyncProgress } from "./runs.ts";
import { tablesFingerprint, type SyncFingerprint } from "./unchanged-sheet.ts";
import { allUnchanged, type WriteCounts } from "./write.ts";

/** What a repeated run records: its counts and its finished progress. */
export interface RepeatedRun {
  counts: SyncCounts;
  progress: Record<string, unknown>;
}

interface PreviousRun {
  rows_read: number;
  rows_rejected: number;
  progress: { rowsSkipped?: unknown; tabsSkipped?: unknown; tables?: Partial<Record<MetricRowKind, Partial<WriteCounts>>> } | null;
}

/**
 * Records the outcome of `previousRunId` as the outcome of `runId`, or returns null (having
 * written nothing) when it cannot: the tables changed since, or the previous run is gone or
 * recorded without per-table counts. The caller then transforms and writes in full.
 */
export async function repeatLastRun(
  tx: TenantTx,
  input: { runId: string; clinicId: string; previousRunId: string; fingerprint: SyncFingerprint; progress: SyncProgress },
): Promise<RepeatedRun | null> {
  if ((await tablesFingerprint(tx, input.clinicId)) !== input.fingerprint.tables) return null;
  // FOR SHARE: the previous run (and with it, by cascade, its rejected cells) stays while we copy them.
  const [previous] = await tx.$queryRawUnsafe<PreviousRun[]>(
    `SELECT rows_read, rows_rejected, progress FROM sync_runs WHERE id = $1 AND clinic_id = $2 AND status = 'succeeded' FOR SHARE`,
    input.previousRunId,
    input.clinicId,
  );
  const tables = previous?.progress?.tables;
  if (!previous || !tables || !METRIC_ROW_KINDS.every((k) => tables[k])) return null;

  // The rows the previous run left per table (deleted ones are gone), all unchanged now.
  const left = (c: Partial<WriteCounts>) => (c.inserted ?? 0) + (c.updated ?? 0) + (c.unchanged ?? 0);
  const written = allUnchanged({ financial: left(tables.financial!), appointments: left(tables.appointments!), calls: left(tables.calls!), patients: left(tables.patients!) });
  await tx.$executeRawUnsafe(
    `INSERT INTO sync_rejections (id, run_id, clinic_id, sheet_name, row_number, column_name, cell_value, reason, created_at)
     SELECT $1 || '-' || lpad((row_number() OVER (ORDER BY id))::text, 7, '0'), $1, clinic_id, sheet_name, row_number, column_name, cell_value, reason,
            timezone('UTC', now())
     FROM sync_rejections WHERE run_id = $2 AND clinic_id = $3`,
    input.runId,
    input.previousRunId,
    input.clinicId,
  );
  const counts: SyncCounts = {
    rowsRead: previous.rows_read,
    rowsInserted: 0,
    rowsUpdated: 0,
    rowsUnchanged: written.unchanged,
    rowsRejected: previous.rows_rejected,
    rowsDeleted: 0,
  };
  const progress = {
    ...input.progress,
    phase: "done",
    rowsRead: previous.rows_read,
    rowsSkipped: typeof previous.progress?.rowsSkipped === "number" ? previous.progress.rowsSkipped : 0,
    tabsSkipped: Array.isArray(previous.progress?.tabsSkipped) ? previous.progress.tabsSkipped : [],
    tables: written.perTable,
    touched: null,
    unchangedSheet: true,
    repeatedRunId: input.previousRunId,
    fingerprint: input.fingerprint,
  };
  return { counts, progress };
}
