import type { Db } from "../db/client.ts";
import { logger } from "../log/logger.ts";

/**
 * The explicit, audited way around Row Level Security, for work that is not done on behalf of one
 * signed-in user in one clinic: sheet syncs and aggregation refreshes run by the job queue, demo
 * seeding, the legacy data migration. It hands `fn` the connection's own role (the owner, which
 * RLS does not restrict — see docs/migration/rls.md), so such code never opens a tenant handle
 * with a made-up user, and every use leaves a log line saying who and why:
 *
 *   await runAsSystem(db, { reason: "sync:run", actor: `job:${job.id}` }, (db) => runSync(db, runId));
 *
 * `reason` is a short, stable label ("aggregation:refresh", "seed:demo", "migration:data") that
 * log searches can group by; `actor` names the job, user or command that triggered it. With
 * `transaction: true`, `fn` runs in one transaction whose `app.system_reason` setting names the
 * reason (visible to triggers and in pg_stat_activity-based tooling).
 *
 * Tenant request handlers must not call this: they get `ctx.tenant.db` from clinicProcedure.
 */
export interface SystemAccess {
  /** Why the system path is used: a short label such as "sync:run". Required. */
  reason: string;
  /** Who or what asked: a job id, a user id, a command line. */
  actor?: string | null;
  /** Extra fields for the log line (clinic ids, run ids…). */
  details?: Record<string, unknown>;
}

export type SystemTx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const REASON = /^[a-z][a-z0-9_.:-]{1,63}$/;

export async function runAsSystem<T>(db: Db, access: SystemAccess & { transaction: true }, fn: (tx: SystemTx) => Promise<T>): Promise<T>;
export async function runAsSystem<T>(db: Db, access: SystemAccess & { transaction?: false }, fn: (db: Db) => Promise<T>): Promise<T>;
export async function runAsSystem<T>(
  db: Db,
  access: SystemAccess & { transaction?: boolean },
  fn: ((db: Db) => Promise<T>) | ((tx: SystemTx) => Promise<T>),
): Promise<T> {
  if (!REASON.test(access.reason ?? "")) {
    throw new Error(`runAsSystem needs a reason label like "sync:run" (lowercase, 2–64 characters); got ${JSON.stringify(access.reason)}.`);
  }
  const log = logger().child({ system: true, reason: access.reason, actor: access.actor ?? null, ...access.details });
  const started = performance.now();
  log.info("system database access started");
  try {
    const result = access.transaction
      ? await db.$transaction(async (tx) => {
          await tx.$executeRaw`SELECT set_config('app.system_reason', ${access.reason}, true)`;
          return (fn as (tx: SystemTx) => Promise<T>)(tx);
        })
      : await (fn as (db: Db) => Promise<T>)(db);
    log.info({ durationMs: Math.round(performance.now() - started), ok: true }, "system database access finished");
    return result;
  } catch (error) {
    log.warn({ durationMs: Math.round(performance.now() - started), ok: false, err: (error as Error).message }, "system database access failed");
    throw error;
  }
}
