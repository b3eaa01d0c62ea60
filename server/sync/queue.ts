/**
 * The sync job queue and scheduler, on pg-boss 10 in the app's own database (schema "pgboss"), so
 * jobs survive restarts and every app instance shares them:
 *
 *  - queue "sheet-sync": one job per sync run ({ runId }), singletonKey = the connection id, policy
 *    "stately" (at most one waiting and one active job per connection). The worker claims the run
 *    (queued → running) under the connection's advisory lock, so even a duplicated job runs a sync
 *    once;
 *  - queue "sheet-sync-schedule": pg-boss's cron sends one job per minute for the whole cluster
 *    (its cron jobs are singletons per minute); the job fails runs that stopped responding, queues
 *    a run for every connection that is due, and re-sends runs left queued without a job (requested
 *    on an instance whose worker is off).
 *
 * SYNC_WORKER=off: this instance neither works jobs nor schedules (syncNow then only records the
 * queued run; a worker instance picks it up within a minute). Tests call runSync directly.
 */
import PgBoss from "pg-boss";
import type { Db } from "../db/client.ts";
import { db as appDb } from "../db/client.ts";
import { logger } from "../log/logger.ts";
import { runAsSystem } from "../tenancy/system-db.ts";
import { runSync, type SyncDeps } from "./engine.ts";
import { expireStaleRuns, requestRun } from "./runs.ts";

export const SYNC_QUEUE = "sheet-sync";
export const SCHEDULE_QUEUE = "sheet-sync-schedule";
export const PGBOSS_SCHEMA = "pgboss";
/** A queued run with no job after this long is sent again by the scheduler. */
export const ORPHAN_AFTER_SECONDS = 60;

export interface SyncJob {
  runId: string;
  connectionId: string;
  clinicId: string;
}

interface Running {
  boss: PgBoss;
  db: Db;
  workerIds: string[];
}

// Kept on globalThis (like the Prisma client) so the launcher, which starts the worker, and the
// bundled app, whose tRPC router enqueues, share one pg-boss instance.
const GLOBAL_KEY = Symbol.for("clinic-pulse.sync-queue");
type Holder = { [GLOBAL_KEY]?: { running: Running | null; starting: Promise<boolean> | null } };
const shared = ((globalThis as Holder)[GLOBAL_KEY] ??= { running: null, starting: null });

export function syncWorkerEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = (env.SYNC_WORKER ?? "on").trim().toLowerCase();
  return !["off", "false", "0", "no"].includes(v);
}

export interface StartOptions {
  db?: Db;
  /** Default: DATABASE_URL. */
  connectionString?: string;
  /** Jobs worked at once by this instance (SYNC_CONCURRENCY, default 1). */
  concurrency?: number;
  /** Seconds between polls for new jobs (default 2). */
  pollingIntervalSeconds?: number;
  /** Register the every-minute schedule (default true). */
  schedule?: boolean;
  /** Ignore SYNC_WORKER (tests). */
  force?: boolean;
  deps?: SyncDeps;
}

/**
 * Starts the worker (and the schedule) once per process; returns false when disabled by
 * SYNC_WORKER=off. Call after the database is migrated.
 */
export async function startSyncWorker(opts: StartOptions = {}): Promise<boolean> {
  if (!opts.force && !syncWorkerEnabled()) {
    logger().info("sync worker disabled (SYNC_WORKER=off)");
    return false;
  }
  if (shared.running) return true;
  shared.starting ??= start(opts).finally(() => {
    shared.starting = null;
  });
  return shared.starting;
}

async function start(opts: StartOptions): Promise<boolean> {
  const log = logger().child({ component: "sync-queue" });
  const connectionString = opts.connectionString ?? process.env.DATABASE_URL;
  if (!connectionString) throw new Error("startSyncWorker: DATABASE_URL is not set.");
  const db = opts.db ?? appDb();
  const boss = new PgBoss({ connectionString, schema: PGBOSS_SCHEMA, max: 4, application_name: "clinic-pulse-sync" });
  boss.on("error", (error: Error) => log.error({ err: error }, "pg-boss error"));
  await boss.start();
  await ensureQueues(boss);

  const concurrency = Math.max(1, Math.min(8, opts.concurrency ?? (Number(process.env.SYNC_CONCURRENCY) || 1)));
  const pollingIntervalSeconds = opts.pollingIntervalSeconds ?? 2;
  const workerIds: string[] = [];
  for (let i = 0; i < concurrency; i++) {
    workerIds.push(
      await boss.work<SyncJob>(SYNC_QUEUE, { batchSize: 1, pollingIntervalSeconds }, async ([job]) => {
        if (!job) return;
        await runAsSystem(db, { reason: "sync:run", actor: `job:${job.id}`, details: { runId: job.data.runId, clinicId: job.data.clinicId } }, (system) =>
          runSync(system, { runId: job.data.runId }, opts.deps),
        );
      }),
    );
  }
  if (opts.schedule !== false) {
    await boss.work(SCHEDULE_QUEUE, { batchSize: 1, pollingIntervalSeconds: Math.max(pollingIntervalSeconds, 5) }, async ([job]) => {
      if (!job) return;
      await runAsSystem(db, { reason: "sync:schedule", actor: `job:${job.id}` }, (system) => scheduleDueSyncs(system, (j) => sendJob(boss, j)));
    });
    await boss.schedule(SCHEDULE_QUEUE, "* * * * *", {}, { retryLimit: 0, expireInSeconds: 5 * 60 });
  }
  shared.running = { boss, db, workerIds };
  log.info({ concurrency, schedule: opts.schedule !== false }, "sync worker started");
  return true;
}

/** Creates the two queues if they do not exist yet (idempotent). */
export async function ensureQueues(boss: PgBoss): Promise<void> {
  await boss.createQueue(SYNC_QUEUE, { name: SYNC_QUEUE, policy: "stately", retryLimit: 0, expireInSeconds: 45 * 60 });
  await boss.createQueue(SCHEDULE_QUEUE, { name: SCHEDULE_QUEUE, policy: "stately", retryLimit: 0, expireInSeconds: 5 * 60 });
}

/** Sends a sync job with the options every sender must use (singleton per connection). */
export async function sendJob(boss: PgBoss, job: SyncJob): Promise<boolean> {
  const id = await boss.send(SYNC_QUEUE, job, { singletonKey: job.connectionId, retryLimit: 0, expireInSeconds: 45 * 60 });
  return id !== null;
}

/** Stops taking jobs, waits (up to 30 s) for the ones running, and closes pg-boss's pool. */
export async function stopSyncWorker(opts: { timeoutMs?: number } = {}): Promise<void> {
  if (shared.starting) await shared.starting.catch(() => false);
  const current = shared.running;
  shared.running = null;
  if (!current) return;
  await current.boss.stop({ graceful: true, wait: true, timeout: opts.timeoutMs ?? 30_000 });
  logger().info({ component: "sync-queue" }, "sync worker stopped");
}

/**
 * Hands a queued run to the workers. False when this process runs no queue (SYNC_WORKER=off or not
 * started): the run stays queued and the scheduler of a worker instance sends it within a minute.
 */
export async function enqueueRun(job: SyncJob): Promise<boolean> {
  const current = shared.running;
  if (!current) return false;
  const sent = await sendJob(current.boss, job);
  // Wake this instance's workers now instead of at their next poll.
  for (const id of current.workerIds) current.boss.notifyWorker(id);
  return sent;
}

export interface ScheduleResult {
  /** Runs failed because they stopped responding. */
  expired: number;
  /** Connections that got a new scheduled run. */
  queued: string[];
  /** Queued runs (re)sent to the queue. */
  sent: number;
}

/**
 * One scheduler tick (system path): expire dead runs, queue a run for each due connection (active,
 * mapped, last sync older than its frequency, nothing queued or running), and send every queued
 * run that has waited over a minute without being picked up. Safe to run on several instances at
 * once: requestRun decides under the connection's lock, and duplicate jobs are dropped.
 */
export async function scheduleDueSyncs(db: Db, send: (job: SyncJob) => Promise<boolean>, now: Date = new Date()): Promise<ScheduleResult> {
  const expired = await db.$transaction((tx) => expireStaleRuns(tx));
  const due = await db.$queryRawUnsafe<{ id: string; clinic_id: string }[]>(
    `SELECT c.id, c.clinic_id FROM spreadsheet_connections c
      WHERE c.sync_status = 'active'
        AND (c.last_sync_at IS NULL OR c.last_sync_at <= $1::timestamp - make_interval(mins => c.sync_frequency_minutes))
        AND EXISTS (SELECT 1 FROM column_mappings_v2 m WHERE m.connection_id = c.id AND m.clinic_id = c.clinic_id AND m.is_active)
        AND NOT EXISTS (SELECT 1 FROM sync_runs r WHERE r.connection_id = c.id AND r.status IN ('queued', 'running'))
      ORDER BY c.last_sync_at NULLS FIRST, c.id
      LIMIT 500`,
    now.toISOString().replace("T", " ").replace("Z", ""),
  );
  const queued: string[] = [];
  const justQueued = new Set<string>();
  let sent = 0;
  for (const c of due) {
    const run = await db.$transaction((tx) => requestRun(tx, { clinicId: c.clinic_id, connectionId: c.id, trigger: "schedule" }));
    if (!run.created) continue;
    queued.push(c.id);
    justQueued.add(run.runId);
    if (await send({ runId: run.runId, connectionId: c.id, clinicId: c.clinic_id }).catch(() => false)) sent++;
  }
  const orphans = await db.$queryRawUnsafe<{ id: string; connection_id: string; clinic_id: string }[]>(
    `SELECT id, connection_id, clinic_id FROM sync_runs
      WHERE status = 'queued' AND created_at <= $1::timestamp - make_interval(secs => $2) ORDER BY created_at LIMIT 500`,
    now.toISOString().replace("T", " ").replace("Z", ""),
    ORPHAN_AFTER_SECONDS,
  );
  for (const o of orphans) {
    if (justQueued.has(o.id)) continue;
    if (await send({ runId: o.id, connectionId: o.connection_id, clinicId: o.clinic_id }).catch(() => false)) sent++;
  }
  if (expired || queued.length || sent) logger().info({ component: "sync-scheduler", expired, queued: queued.length, sent }, "sync schedule tick");
  return { expired, queued, sent };
}
