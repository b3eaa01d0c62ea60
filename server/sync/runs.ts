/**
 * Sync runs: queued → running → succeeded | failed, one active run per connection.
 *
 * "One at a time" is decided in the database, so it holds across app instances: every change of a
 * connection's active run happens under a transaction-scoped advisory lock keyed on the
 * connection, and re-checks for a queued/running run inside the lock. (Transaction-scoped on
 * purpose: embedded PGlite is one backend session shared by every pooled connection, where
 * session-level advisory locks would not exclude anyone.)
 */
import type { Db } from "../db/client.ts";
import type { TenantTx } from "../tenancy/tenant-db.ts";

export const ACTIVE_STATUSES = ["queued", "running"] as const;
export type RunStatus = "queued" | "running" | "succeeded" | "failed";
export type RunTrigger = "manual" | "schedule";

/** A running run whose row has not moved for this long is considered dead (its process stopped). */
export const STALE_RUN_MINUTES = 30;

export interface SyncProgress {
  phase: "queued" | "reading" | "writing" | "done" | "failed";
  tabsDone: number;
  tabsTotal: number;
  rowsRead: number;
}

export const QUEUED_PROGRESS: SyncProgress = { phase: "queued", tabsDone: 0, tabsTotal: 0, rowsRead: 0 };

export const STALE_MESSAGE = "The sync stopped before it finished (the server running it restarted or stopped responding). Nothing was changed; run it again.";

type Tx = TenantTx;

/** Takes the connection's lock for the rest of the transaction. */
export async function lockConnection(tx: Tx, connectionId: string): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext('sheet-sync:' || $1))`, connectionId);
}

/** Fails running runs of the connection that have shown no sign of life for STALE_RUN_MINUTES. */
export async function expireStaleRuns(tx: Tx, where: { connectionId?: string } = {}): Promise<number> {
  const params: unknown[] = [STALE_RUN_MINUTES, STALE_MESSAGE];
  let filter = "";
  if (where.connectionId) {
    params.push(where.connectionId);
    filter = "AND connection_id = $3";
  }
  return tx.$executeRawUnsafe(
    `UPDATE sync_runs SET status = 'failed', error_message = $2, finished_at = timezone('UTC', now()), updated_at = timezone('UTC', now()),
       progress = jsonb_set(coalesce(progress, '{}'::jsonb), '{phase}', '"failed"')
     WHERE status = 'running' AND updated_at < timezone('UTC', now()) - make_interval(mins => $1) ${filter}`,
    ...params,
  );
}

export interface RequestedRun {
  runId: string;
  status: RunStatus;
  /** False when an active run already existed and was returned instead. */
  created: boolean;
}

/**
 * The connection's active run, or a new queued one. Call inside a transaction (tenant or system);
 * the caller has already checked that the connection belongs to `clinicId`.
 */
export async function requestRun(tx: Tx, input: { clinicId: string; connectionId: string; trigger: RunTrigger; createdBy?: string | null }): Promise<RequestedRun> {
  await lockConnection(tx, input.connectionId);
  await expireStaleRuns(tx, { connectionId: input.connectionId });
  const active = await tx.syncRun.findFirst({
    where: { connectionId: input.connectionId, clinicId: input.clinicId, status: { in: [...ACTIVE_STATUSES] } },
    orderBy: { createdAt: "desc" },
    select: { id: true, status: true },
  });
  if (active) return { runId: active.id, status: active.status as RunStatus, created: false };
  const run = await tx.syncRun.create({
    data: {
      clinicId: input.clinicId,
      connectionId: input.connectionId,
      trigger: input.trigger,
      status: "queued",
      progress: { ...QUEUED_PROGRESS },
      createdBy: input.createdBy ?? null,
    },
    select: { id: true },
  });
  return { runId: run.id, status: "queued", created: true };
}

export interface ClaimedRun {
  id: string;
  clinicId: string;
  connectionId: string;
  trigger: string;
}

/** queued → running, exactly once: a second worker holding the same job gets null. */
export async function claimRun(db: Db, runId: string): Promise<ClaimedRun | null> {
  const run = await db.syncRun.findUnique({ where: { id: runId }, select: { connectionId: true, status: true } });
  if (!run || run.status !== "queued") return null;
  return db.$transaction(async (tx) => {
    await lockConnection(tx, run.connectionId);
    const rows = await tx.$queryRawUnsafe<ClaimedRun[]>(
      `UPDATE sync_runs SET status = 'running', started_at = timezone('UTC', now()), updated_at = timezone('UTC', now()),
         progress = jsonb_build_object('phase', 'reading', 'tabsDone', 0, 'tabsTotal', 0, 'rowsRead', 0)
       WHERE id = $1 AND status = 'queued'
       RETURNING id, clinic_id AS "clinicId", connection_id AS "connectionId", trigger`,
      runId,
    );
    return rows[0] ?? null;
  });
}

export async function saveProgress(db: Db, runId: string, progress: SyncProgress): Promise<void> {
  await db.syncRun.updateMany({ where: { id: runId, status: "running" }, data: { progress: { ...progress }, rowsRead: progress.rowsRead } });
}
