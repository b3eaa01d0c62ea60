/**
 * What the tRPC sync router does inside a tenant transaction: request a run, read the history, change
 * a connection's schedule. Every lookup is by id AND clinic, so an id from another clinic is simply
 * not found (NOT_FOUND), never shown.
 */
import type { Prisma } from "../db/generated/client.ts";
import { AppError } from "../errors/app-error.ts";
import type { TenantTx } from "../tenancy/tenant-db.ts";
import { rejectionsCsvFilename, rejectionsToCsv } from "./rejections-csv.ts";
import type { SyncCounts } from "./engine.ts";
import { requestRun, type RequestedRun, type RunStatus, type SyncProgress } from "./runs.ts";

type Tx = TenantTx;

const CONNECTION_NOT_FOUND = "That spreadsheet connection was not found in this clinic.";
const RUN_NOT_FOUND = "That sync run was not found in this clinic.";

export const MIN_FREQUENCY_MINUTES = 15;
export const MAX_FREQUENCY_MINUTES = 1440;
export const MAX_CSV_ROWS = 100_000;

async function connectionOf(tx: Tx, clinicId: string, connectionId: string) {
  const connection = await tx.spreadsheetConnection.findFirst({ where: { id: connectionId, clinicId }, select: { id: true, spreadsheetName: true, syncStatus: true } });
  if (!connection) throw new AppError("NOT_FOUND", CONNECTION_NOT_FOUND);
  return connection;
}

/** A manual run for the connection, or the one already queued or running. */
export async function requestSync(tx: Tx, input: { clinicId: string; connectionId: string; createdBy: string }): Promise<RequestedRun> {
  await connectionOf(tx, input.clinicId, input.connectionId);
  const hasMapping = await tx.columnMappingV2.count({ where: { connectionId: input.connectionId, clinicId: input.clinicId, isActive: true } });
  if (hasMapping === 0) throw new AppError("PRECONDITION_FAILED", "This spreadsheet has no saved column mapping yet. Finish mapping its columns first.");
  return requestRun(tx, { clinicId: input.clinicId, connectionId: input.connectionId, trigger: "manual", createdBy: input.createdBy });
}

const RUN_SELECT = {
  id: true,
  connectionId: true,
  mappingVersion: true,
  trigger: true,
  status: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  rowsRead: true,
  rowsInserted: true,
  rowsUpdated: true,
  rowsUnchanged: true,
  rowsRejected: true,
  rowsDeleted: true,
  errorMessage: true,
  progress: true,
  createdBy: true,
} as const;

export interface RunSummary extends SyncCounts {
  id: string;
  connectionId: string;
  spreadsheetName: string;
  mappingVersion: number | null;
  trigger: string;
  status: RunStatus;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  errorMessage: string | null;
  progress: SyncProgress & Record<string, unknown>;
  createdByName: string | null;
}

type RunRow = Prisma.SyncRunGetPayload<{ select: typeof RUN_SELECT }>;

function toSummary(run: RunRow, names: Map<string, string>, people: Map<string, string>): RunSummary {
  const progress = (run.progress && typeof run.progress === "object" ? run.progress : {}) as Record<string, unknown>;
  return {
    id: run.id,
    connectionId: run.connectionId,
    spreadsheetName: names.get(run.connectionId) ?? "Spreadsheet",
    mappingVersion: run.mappingVersion,
    trigger: run.trigger,
    status: run.status as RunStatus,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
    rowsRead: run.rowsRead,
    rowsInserted: run.rowsInserted,
    rowsUpdated: run.rowsUpdated,
    rowsUnchanged: run.rowsUnchanged,
    rowsRejected: run.rowsRejected,
    rowsDeleted: run.rowsDeleted,
    errorMessage: run.errorMessage,
    progress: {
      phase: (progress.phase as SyncProgress["phase"]) ?? (run.status === "queued" ? "queued" : run.status === "failed" ? "failed" : "done"),
      tabsDone: Number(progress.tabsDone ?? 0),
      tabsTotal: Number(progress.tabsTotal ?? 0),
      rowsRead: Number(progress.rowsRead ?? run.rowsRead),
      ...progress,
    },
    createdByName: run.createdBy ? (people.get(run.createdBy) ?? null) : null,
  };
}

async function decorate(tx: Tx, clinicId: string, runs: RunRow[]): Promise<RunSummary[]> {
  const connectionIds = [...new Set(runs.map((r) => r.connectionId))];
  const userIds = [...new Set(runs.map((r) => r.createdBy).filter((u): u is string => !!u))];
  const [connections, users] = await Promise.all([
    connectionIds.length ? tx.spreadsheetConnection.findMany({ where: { id: { in: connectionIds }, clinicId }, select: { id: true, spreadsheetName: true } }) : [],
    userIds.length ? tx.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : [],
  ]);
  const names = new Map(connections.map((c) => [c.id, c.spreadsheetName]));
  const people = new Map(users.map((u) => [u.id, u.name]));
  return runs.map((r) => toSummary(r, names, people));
}

/** A clinic's runs, newest first (optionally of one connection). */
export async function listRuns(tx: Tx, input: { clinicId: string; connectionId?: string; limit?: number; offset?: number }): Promise<{ runs: RunSummary[]; total: number }> {
  if (input.connectionId) await connectionOf(tx, input.clinicId, input.connectionId);
  const where = { clinicId: input.clinicId, ...(input.connectionId ? { connectionId: input.connectionId } : {}) };
  const [rows, total] = await Promise.all([
    tx.syncRun.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: input.limit ?? 50, skip: input.offset ?? 0, select: RUN_SELECT }),
    tx.syncRun.count({ where }),
  ]);
  return { runs: await decorate(tx, input.clinicId, rows), total };
}

export async function getRun(tx: Tx, input: { clinicId: string; runId: string }): Promise<RunSummary> {
  const row = await tx.syncRun.findFirst({ where: { id: input.runId, clinicId: input.clinicId }, select: RUN_SELECT });
  if (!row) throw new AppError("NOT_FOUND", RUN_NOT_FOUND);
  const [summary] = await decorate(tx, input.clinicId, [row]);
  return summary!;
}

export async function listRejections(tx: Tx, input: { clinicId: string; runId: string; limit: number; offset: number }) {
  const run = await tx.syncRun.findFirst({ where: { id: input.runId, clinicId: input.clinicId }, select: { id: true } });
  if (!run) throw new AppError("NOT_FOUND", RUN_NOT_FOUND);
  const where = { runId: run.id, clinicId: input.clinicId };
  const [items, total] = await Promise.all([
    tx.syncRejection.findMany({
      where,
      orderBy: { id: "asc" },
      take: input.limit,
      skip: input.offset,
      select: { id: true, sheetName: true, rowNumber: true, columnName: true, cellValue: true, reason: true },
    }),
    tx.syncRejection.count({ where }),
  ]);
  return { total, items };
}

export async function rejectionsCsv(tx: Tx, input: { clinicId: string; runId: string }): Promise<{ filename: string; csv: string; rows: number }> {
  const run = await tx.syncRun.findFirst({ where: { id: input.runId, clinicId: input.clinicId }, select: { id: true, connectionId: true, startedAt: true, createdAt: true } });
  if (!run) throw new AppError("NOT_FOUND", RUN_NOT_FOUND);
  const connection = await tx.spreadsheetConnection.findFirst({ where: { id: run.connectionId, clinicId: input.clinicId }, select: { spreadsheetName: true } });
  const rows = await tx.syncRejection.findMany({
    where: { runId: run.id, clinicId: input.clinicId },
    orderBy: { id: "asc" },
    take: MAX_CSV_ROWS,
    select: { sheetName: true, rowNumber: true, columnName: true, cellValue: true, reason: true },
  });
  return { filename: rejectionsCsvFilename(connection?.spreadsheetName ?? "spreadsheet", run.startedAt ?? run.createdAt), csv: rejectionsToCsv(rows), rows: rows.length };
}

export interface ConnectionSummary {
  id: string;
  spreadsheetName: string;
  syncStatus: string;
  syncFrequencyMinutes: number;
  lastSyncAt: Date | null;
  lastError: string | null;
  lastRun: RunSummary | null;
  activeRunId: string | null;
}

/** The clinic's spreadsheet connections with their latest run. */
export async function listConnections(tx: Tx, clinicId: string): Promise<ConnectionSummary[]> {
  const connections = await tx.spreadsheetConnection.findMany({
    where: { clinicId },
    orderBy: [{ spreadsheetName: "asc" }, { id: "asc" }],
    select: { id: true, spreadsheetName: true, syncStatus: true, syncFrequencyMinutes: true, lastSyncAt: true, lastError: true },
  });
  if (connections.length === 0) return [];
  const latest = (await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT DISTINCT ON (connection_id) id FROM sync_runs WHERE clinic_id = $1 AND connection_id = ANY($2::text[]) ORDER BY connection_id, created_at DESC, id DESC`,
    clinicId,
    connections.map((c) => c.id),
  )) as { id: string }[];
  const runs = latest.length ? await tx.syncRun.findMany({ where: { id: { in: latest.map((l) => l.id) }, clinicId }, select: RUN_SELECT }) : [];
  const summaries = await decorate(tx, clinicId, runs);
  const byConnection = new Map(summaries.map((s) => [s.connectionId, s]));
  return connections.map((c) => {
    const lastRun = byConnection.get(c.id) ?? null;
    return { ...c, lastRun, activeRunId: lastRun && (lastRun.status === "queued" || lastRun.status === "running") ? lastRun.id : null };
  });
}

/** Sync every N minutes (15–1440), or "off" (paused). A connection in error stays in error. */
export async function setSchedule(tx: Tx, input: { clinicId: string; connectionId: string; frequencyMinutes: number | "off" }): Promise<ConnectionSummary> {
  const connection = await connectionOf(tx, input.clinicId, input.connectionId);
  if (input.frequencyMinutes === "off") {
    await tx.spreadsheetConnection.update({ where: { id: connection.id }, data: { syncStatus: "paused" } });
  } else {
    const minutes = input.frequencyMinutes;
    if (!Number.isInteger(minutes) || minutes < MIN_FREQUENCY_MINUTES || minutes > MAX_FREQUENCY_MINUTES) {
      throw new AppError("BAD_REQUEST", `Choose between ${MIN_FREQUENCY_MINUTES} minutes and 24 hours.`, "frequencyMinutes");
    }
    await tx.spreadsheetConnection.update({
      where: { id: connection.id },
      data: { syncFrequencyMinutes: minutes, ...(connection.syncStatus === "paused" ? { syncStatus: "active" } : {}) },
    });
  }
  const all = await listConnections(tx, input.clinicId);
  return all.find((c) => c.id === connection.id)!;
}
