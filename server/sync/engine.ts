/**
 * The sync engine: `runSync(db, { runId })` turns one queued run into metric rows.
 *
 *   read    spreadsheets.get (tab titles, merges) + values.batchGet in batches of tabs,
 *           UNFORMATTED_VALUE / SERIAL_NUMBER, retried with backoff; no database transaction open
 *   repeat  when the run read what the last successful run read and the tables are as that run
 *           left them, record that run's outcome and stop (repeat-run.ts)
 *   shape   transform and validate every row (transform-rows.ts), build metric rows (metric-rows.ts)
 *   write   ONE transaction: upsert/delete set-wise (write.ts), rejected cells, aggregation refresh,
 *           the run's counts and the connection's status
 *
 * Anything that goes wrong before the commit leaves the metric tables exactly as they were and
 * marks the run failed with a message written for clinic staff.
 */
import type { Auth, sheets_v4 } from "googleapis";
import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import type { Prisma } from "../db/generated/client.ts";
import { AppError } from "../errors/app-error.ts";
import { CredentialNeedsReauthError } from "../google/credentials/index.ts";
import { logger } from "../log/logger.ts";
import { refreshAggregations as defaultRefreshAggregations } from "../metrics/aggregation/index.ts";
import { daysInMonth } from "../metrics/iso-date.ts";
import { mappingConfigSchema, type MappingConfig } from "../sheets/mapping-config.ts";
import { matchesTabPattern, parseMonthTab } from "../sheets/transform/index.ts";
import type { TenantTx } from "../tenancy/tenant-db.ts";
import { tabRange } from "./a1.ts";
import { defaultSheetsProvider, markNeedsReauth, persistRefreshedTokens, type CredentialRef, type SheetsProvider } from "./google-access.ts";
import { buildMetricRows, rowsPerKind } from "./metric-rows.ts";
import { DEFAULT_RETRY_POLICY, RetryExhaustedError, withRetry, type RetryHooks, type RetryPolicy } from "./retry.ts";
import { claimRun, saveProgress, type ClaimedRun, type SyncProgress } from "./runs.ts";
import { mappingProblem, transformTab, type Rejection, type TabInput, type TabResult } from "./transform-rows.ts";
import { repeatLastRun } from "./repeat-run.ts";
import { codeFingerprint, contentFingerprint, recordedFingerprint, sameSource, sourceHasher, tablesFingerprint, type SyncFingerprint } from "./unchanged-sheet.ts";
import { allUnchanged, insertRejections, writeMetricRows, type TabSpan, type WriteResult } from "./write.ts";

/** A failure whose message is already written for clinic staff. */
export class SyncFailure extends Error {
  override name = "SyncFailure";
  constructor(
    message: string,
    /** True when someone must reconnect Google before syncing can work again. */
    readonly needsReauth = false,
  ) {
    super(message);
  }
}

export interface SyncDeps {
  /** Sheets client for the connection's credential (default: the stored, encrypted credential). */
  sheets?: SheetsProvider;
  refreshAggregations?: (tx: TenantTx, input: { clinicIds: string[]; from: string; to: string }) => Promise<unknown>;
  retryPolicy?: RetryPolicy;
  retryHooks?: RetryHooks;
  /** Tabs per values.batchGet call (default 10). */
  tabsPerBatch?: number;
  /** Replaces the row transform (tests use it to simulate a crash). */
  transformTab?: typeof transformTab;
  /** The clock the transform resolves year-less dates against (default: now). */
  now?: () => Date;
  log?: Logger;
}

export interface SyncCounts {
  rowsRead: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsUnchanged: number;
  rowsRejected: number;
  rowsDeleted: number;
}

export interface SyncOutcome {
  runId: string;
  /** "skipped": the run was not queued (already taken by another worker, or finished). */
  status: "succeeded" | "failed" | "skipped";
  counts: SyncCounts;
  errorMessage: string | null;
  /** Dates whose metric rows changed, as refreshed in metric_aggregations. */
  touched: { from: string; to: string } | null;
  /** Wall time of the phases, in milliseconds (read = Google calls + transform; write = the transaction). */
  timings: SyncTimings;
}

export interface SyncTimings {
  /** Google calls and the row transform. */
  readMs: number;
  /** The write transaction: upsert + aggregation refresh + bookkeeping. */
  writeMs: number;
  /** Of writeMs: staging, comparing and writing the metric rows and rejections. */
  upsertMs: number;
  /** Of writeMs: refreshAggregations for the touched dates. */
  aggregateMs: number;
  totalMs: number;
}

const NO_TIMINGS: SyncTimings = { readMs: 0, writeMs: 0, upsertMs: 0, aggregateMs: 0, totalMs: 0 };
const ZERO: SyncCounts = { rowsRead: 0, rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 0, rowsRejected: 0, rowsDeleted: 0 };
const WRITE_TRANSACTION = { maxWait: 120_000, timeout: 30 * 60_000 } as const;
const GET_FIELDS = "sheets(properties(title,hidden,sheetType,sheetId),merges)";

interface Prepared {
  connection: { id: string; clinicId: string; credentialId: string; spreadsheetId: string; spreadsheetName: string };
  config: MappingConfig;
  mappingVersion: number;
  providerIds: Set<string>;
}

async function prepare(db: Db, run: ClaimedRun): Promise<Prepared> {
  const connection = await db.spreadsheetConnection.findFirst({
    where: { id: run.connectionId, clinicId: run.clinicId },
    select: { id: true, clinicId: true, credentialId: true, spreadsheetId: true, spreadsheetName: true },
  });
  if (!connection) throw new SyncFailure("This spreadsheet connection no longer exists, so there was nothing to sync.");
  const mapping = await db.columnMappingV2.findFirst({
    where: { connectionId: connection.id, clinicId: connection.clinicId, isActive: true },
    orderBy: { version: "desc" },
    select: { version: true, mappingConfig: true },
  });
  if (!mapping) throw new SyncFailure(`“${connection.spreadsheetName}” has no saved column mapping yet. Finish mapping its columns, then sync again.`);
  const parsed = mappingConfigSchema.safeParse(mapping.mappingConfig);
  if (!parsed.success) {
    throw new SyncFailure(`The saved column mapping (version ${mapping.version}) cannot be used: ${parsed.error.issues[0]?.message ?? "it is not valid"}. Edit the mapping and save it again.`);
  }
  const problem = mappingProblem(parsed.data);
  if (problem) throw new SyncFailure(problem);
  const providers = await db.provider.findMany({ where: { clinicId: connection.clinicId }, select: { id: true } });
  await db.syncRun.update({ where: { id: run.id }, data: { mappingVersion: mapping.version } });
  return { connection, config: parsed.data, mappingVersion: mapping.version, providerIds: new Set(providers.map((p) => p.id)) };
}

interface SheetMeta {
  title: string;
  hidden: boolean;
  grid: boolean;
  merges: sheets_v4.Schema$GridRange[];
}

/** The tabs to read, in the spreadsheet's order. */
export function resolveTabs(config: MappingConfig, sheets: readonly SheetMeta[]): SheetMeta[] {
  if (config.tabs.mode === "list") {
    const chosen: SheetMeta[] = [];
    for (const name of config.tabs.names) {
      const found = sheets.find((s) => s.title === name) ?? sheets.find((s) => s.title.toLowerCase() === name.toLowerCase());
      if (!found) throw new SyncFailure(`The tab “${name}” is not in the spreadsheet any more (it may have been renamed or deleted). Edit the mapping to choose its tabs again.`);
      if (!found.grid) throw new SyncFailure(`The tab “${name}” is a chart, not a sheet of cells. Edit the mapping to choose other tabs.`);
      if (!chosen.includes(found)) chosen.push(found);
    }
    return sheets.filter((s) => chosen.includes(s));
  }
  const pattern = config.tabs.pattern;
  const matching = sheets.filter((s) => s.grid && !s.hidden && matchesTabPattern(s.title, pattern));
  if (matching.length === 0) throw new SyncFailure(`No tab of the spreadsheet matches “${pattern}”. Check the tab names, or edit the mapping's tab pattern.`);
  return matching;
}

/**
 * The dates a tab speaks for, used by the deleted-rows rule: the dates seen in it, widened to the
 * whole month for a month tab ("Jan-24"), so deleting the last rows of a month still removes them.
 */
export function tabSpan(result: TabResult): TabSpan | null {
  const month = parseMonthTab(result.tab);
  let from = result.dateSpan?.from ?? null;
  let to = result.dateSpan?.to ?? null;
  if (month) {
    const mm = String(month.month).padStart(2, "0");
    const first = `${month.year}-${mm}-01`;
    const last = `${month.year}-${mm}-${String(daysInMonth(month.year, month.month)).padStart(2, "0")}`;
    from = from === null || first < from ? first : from;
    to = to === null || last > to ? last : to;
  }
  return from && to ? { tab: result.tab, from, to } : null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Walks an error's causes for the first one that matches. */
function findCause<T>(error: unknown, test: (e: unknown) => e is T): T | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    if (test(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; meta?: { code?: unknown }; message?: unknown } | null;
  if (!e || typeof e !== "object") return false;
  if (e.code === "P2002" || e.code === "23505" || e.meta?.code === "23505") return true;
  return typeof e.message === "string" && /\b23505\b|duplicate key value violates unique constraint/.test(e.message);
}

/** A plain-English message for staff, and whether the Google connection must be redone. */
export function describeFailure(error: unknown): { message: string; needsReauth: boolean; unexpected: boolean } {
  const reauth = findCause(error, (e): e is CredentialNeedsReauthError => e instanceof CredentialNeedsReauthError);
  if (reauth) return { message: reauth.message, needsReauth: true, unexpected: false };
  if (error instanceof SyncFailure) return { message: error.message, needsReauth: error.needsReauth, unexpected: false };
  if (error instanceof AppError) return { message: error.message, needsReauth: false, unexpected: false };
  if (isUniqueViolation(error)) {
    // Another writer added a row with one of our keys between the comparison and the insert.
    return { message: "Another sync or import changed the same days at the same moment, so nothing was changed. Run the sync again.", needsReauth: false, unexpected: false };
  }
  if (error instanceof RetryExhaustedError) {
    const c = error.classified;
    const tries = error.attempts === 1 ? "" : ` after ${error.attempts} tries`;
    const nothing = "Nothing was changed; the next sync will try again.";
    switch (c.kind) {
      case "rate_limit":
        return {
          message: `Google Sheets asked us to slow down (too many requests) and was still refusing${tries}${error.reason === "budget" ? " within the time a sync may wait" : ""}. ${nothing}`,
          needsReauth: false,
          unexpected: false,
        };
      case "server":
        return { message: `Google Sheets had a problem on its side (HTTP ${c.status ?? "5xx"})${tries}. ${nothing}`, needsReauth: false, unexpected: false };
      case "network":
        return { message: `Google Sheets could not be reached (network error)${tries}. ${nothing}`, needsReauth: false, unexpected: false };
      case "unauthenticated":
        return {
          message: "Google no longer accepts this connection's sign-in. Reconnect Google to keep syncing.",
          needsReauth: true,
          unexpected: false,
        };
      case "forbidden":
        return {
          message: "Google refused to open the spreadsheet: the Google account that connected it may no longer have access. Share the spreadsheet with that account again, or reconnect Google.",
          needsReauth: false,
          unexpected: false,
        };
      case "not_found":
        return { message: "Google could not find the spreadsheet: it may have been deleted. Connect the spreadsheet again.", needsReauth: false, unexpected: false };
      case "bad_request":
        return { message: `Google could not read the spreadsheet${c.googleMessage ? ` (${c.googleMessage})` : ""}. Check the tabs and the mapping.`, needsReauth: false, unexpected: false };
      default:
        break;
    }
  }
  return { message: "The sync stopped because of an unexpected error. Nothing was changed. Try again; if it keeps happening, tell your administrator.", needsReauth: false, unexpected: true };
}

async function recordFailure(db: Db, run: ClaimedRun, failure: { message: string; needsReauth: boolean }, progress: SyncProgress): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.syncRun.updateMany({
      where: { id: run.id, status: "running" },
      data: { status: "failed", finishedAt: new Date(), errorMessage: failure.message, progress: { ...progress, phase: "failed" } },
    });
    await tx.$executeRawUnsafe(
      `UPDATE spreadsheet_connections SET last_error = $3, last_sync_at = timezone('UTC', now()), updated_at = timezone('UTC', now()),
         sync_status = CASE WHEN $4 THEN 'error' ELSE sync_status END
       WHERE id = $1 AND clinic_id = $2`,
      run.connectionId,
      run.clinicId,
      failure.message,
      failure.needsReauth,
    );
  });
}

/**
 * Runs one queued sync run to the end. Returns "skipped" when the run was not queued (another
 * worker took it, or it already finished); never throws for a failed sync — the run says why.
 */
export async function runSync(db: Db, { runId }: { runId: string }, deps: SyncDeps = {}): Promise<SyncOutcome> {
  const log = (deps.log ?? logger()).child({ runId });
  const run = await claimRun(db, runId);
  if (!run) {
    const current = await db.syncRun.findUnique({ where: { id: runId }, select: { status: true, errorMessage: true } });
    log.info({ status: current?.status }, "sync run not claimed (not queued)");
    return { runId, status: "skipped", counts: { ...ZERO }, errorMessage: current?.errorMessage ?? null, touched: null, timings: { ...NO_TIMINGS } };
  }
  const progress: SyncProgress = { phase: "reading", tabsDone: 0, tabsTotal: 0, rowsRead: 0 };
  let ref: CredentialRef | null = null;
  let refreshed: Auth.Credentials | null = null;
  const started = performance.now();
  try {
    const prepared = await prepare(db, run);
    ref = { clinicId: prepared.connection.clinicId, credentialId: prepared.connection.credentialId };
    const handle = await (deps.sheets ?? defaultSheetsProvider)(db, ref);
    handle.auth.on("tokens", (tokens: Auth.Credentials) => {
      refreshed = { ...(refreshed ?? {}), ...tokens };
    });

    const now = (deps.now ?? (() => new Date()))();
    const today = now.toISOString().slice(0, 10);
    const sheet = await readSheet(db, run, prepared, handle.sheets, progress, deps);
    const last = await db.syncRun.findFirst({
      where: { connectionId: run.connectionId, clinicId: run.clinicId, status: "succeeded" },
      orderBy: { finishedAt: "desc" },
      select: { id: true, progress: true },
    });
    const previous = recordedFingerprint(last?.progress);

    if (last && previous && sameSource(previous, sheet.source, today)) {
      // The sheet read as the last successful run read it: repeat that run if the tables allow.
      const readDone = performance.now();
      const repeated = await db.$transaction(async (tx) => {
        await markSystemReason(tx);
        const r = await repeatLastRun(tx, { runId: run.id, clinicId: run.clinicId, previousRunId: last.id, fingerprint: previous, progress });
        if (r) await finishRun(tx, run, r.counts, r.progress);
        return r;
      }, WRITE_TRANSACTION);
      if (repeated) {
        const end = performance.now();
        const timings: SyncTimings = { readMs: Math.round(readDone - started), writeMs: Math.round(end - readDone), upsertMs: Math.round(end - readDone), aggregateMs: 0, totalMs: Math.round(end - started) };
        log.info({ ...repeated.counts, ...timings, repeatedRunId: last.id }, "sync run succeeded (sheet unchanged since the last run)");
        return { runId, status: "succeeded", counts: repeated.counts, errorMessage: null, touched: null, timings };
      }
    }

    // The clock is handed to the transform as a function, so we learn whether any cell needed it.
    let usedToday = false;
    const clock = () => {
      usedToday = true;
      return now;
    };
    const results = transformTabs(sheet.tabs, prepared, progress, deps, clock);
    const readDone = performance.now();
    const phases = { upsertMs: 0, aggregateMs: 0 };
    progress.phase = "writing";
    await saveProgress(db, run.id, progress);

    const rows = buildMetricRows(results.flatMap((r) => r.records));
    for (const r of results) r.records = []; // only the metric rows are needed from here on (less memory held during the write)
    const spans = results.filter((r) => r.headerMatches).map(tabSpan).filter((s): s is TabSpan => s !== null);
    const rejections: Rejection[] = results.flatMap((r) => r.rejections);
    const rejectedRows = new Set(rejections.map((r) => `${r.sheetName}\u0000${r.rowNumber}`));
    const refresh = deps.refreshAggregations ?? ((tx, input) => defaultRefreshAggregations(tx, input));
    // The unchanged-sheet shortcut (unchanged-sheet.ts): did the sheet produce what the last run wrote?
    const content = contentFingerprint({ mapping: prepared.config, rows, spans, rejections });

    const outcome = await db.$transaction(async (tx) => {
      await markSystemReason(tx);
      const t0 = performance.now();
      const tablesBefore = previous?.content === content ? await tablesFingerprint(tx, run.clinicId) : null;
      const unchangedSheet = previous !== null && tablesBefore === previous.tables;
      const written: WriteResult = unchangedSheet
        ? allUnchanged(rowsPerKind(rows))
        : await writeMetricRows(tx, { clinicId: run.clinicId, connectionId: run.connectionId, rows, spans });
      for (const c of written.conflicts) rejectedRows.add(`${c.sheetName}\u0000${c.rowNumber}`);
      await insertRejections(tx, run.id, run.clinicId, [...rejections, ...written.conflicts]);
      const t1 = performance.now();
      if (written.touched) await refresh(tx, { clinicIds: [run.clinicId], from: written.touched.from, to: written.touched.to });
      phases.upsertMs = Math.round(t1 - t0);
      phases.aggregateMs = Math.round(performance.now() - t1);
      const counts: SyncCounts = {
        rowsRead: progress.rowsRead,
        rowsInserted: written.inserted,
        rowsUpdated: written.updated,
        rowsUnchanged: written.unchanged,
        rowsRejected: rejectedRows.size,
        rowsDeleted: written.deleted,
      };
      const done = {
        ...progress,
        phase: "done" as const,
        rowsSkipped: results.reduce((n, r) => n + r.rowsSkipped, 0),
        tabsSkipped: results.filter((r) => !r.headerMatches).map((r) => r.tab),
        tables: written.perTable,
        touched: written.touched,
        unchangedSheet,
        fingerprint:
          written.conflicts.length > 0
            ? null
            : ({
                content,
                tables: unchangedSheet ? tablesBefore! : await tablesFingerprint(tx, run.clinicId),
                source: sheet.source,
                day: usedToday ? today : null,
              } satisfies SyncFingerprint),
      };
      await finishRun(tx, run, counts, done);
      return { counts, touched: written.touched };
    }, WRITE_TRANSACTION);
    const end = performance.now();
    const timings: SyncTimings = { readMs: Math.round(readDone - started), writeMs: Math.round(end - readDone), ...phases, totalMs: Math.round(end - started) };
    log.info({ ...outcome.counts, ...timings }, "sync run succeeded");
    return { runId, status: "succeeded", counts: outcome.counts, errorMessage: null, touched: outcome.touched, timings };
  } catch (error) {
    const failure = describeFailure(error);
    if (failure.unexpected) log.error({ err: error }, "sync run failed unexpectedly");
    else log.warn({ err: error instanceof Error ? error.message : String(error) }, "sync run failed");
    const reauth = findCause(error, (e): e is CredentialNeedsReauthError => e instanceof CredentialNeedsReauthError);
    if (reauth && ref) await markNeedsReauth(db, ref, reauth.reason).catch((e: unknown) => log.warn({ err: e }, "could not mark the credential"));
    await recordFailure(db, run, failure, progress);
    const totalMs = Math.round(performance.now() - started);
    return { runId, status: "failed", counts: { ...ZERO, rowsRead: progress.rowsRead }, errorMessage: failure.message, touched: null, timings: { ...NO_TIMINGS, totalMs } };
  } finally {
    const tokens = refreshed as Auth.Credentials | null;
    if (tokens && ref && tokens.access_token) {
      await persistRefreshedTokens(db, ref, tokens).catch((e: unknown) => log.warn({ err: e }, "could not store refreshed Google tokens"));
    }
  }
}

/** The worker's own role (system path, server/tenancy/system-db.ts); the setting names why, for triggers and tooling. */
async function markSystemReason(tx: TenantTx): Promise<void> {
  await tx.$executeRaw`SELECT set_config('app.system_reason', 'sync:run', true)`;
}

/** Marks the run succeeded with its counts and the connection synced, inside the write transaction. */
async function finishRun(tx: TenantTx, run: ClaimedRun, counts: SyncCounts, progress: Record<string, unknown>): Promise<void> {
  const updated = await tx.syncRun.updateMany({
    where: { id: run.id, status: "running" },
    data: { status: "succeeded", finishedAt: new Date(), errorMessage: null, progress: progress as Prisma.InputJsonValue, ...counts },
  });
  // A run declared dead meanwhile (stale) must not commit: its replacement may already be running.
  if (updated.count !== 1) throw new SyncFailure("The sync took too long and was stopped. Nothing was changed; run it again.");
  await tx.$executeRawUnsafe(
    `UPDATE spreadsheet_connections SET last_sync_at = timezone('UTC', now()), last_error = NULL, updated_at = timezone('UTC', now()),
       sync_status = CASE WHEN sync_status = 'error' THEN 'active' ELSE sync_status END
     WHERE id = $1 AND clinic_id = $2`,
    run.connectionId,
    run.clinicId,
  );
}

interface ReadSheet {
  /** The tabs read, in the spreadsheet's order, with their raw cells. */
  tabs: TabInput[];
  /** What the transform's output depends on, hashed (unchanged-sheet.ts). */
  source: string;
}

async function readSheet(db: Db, run: ClaimedRun, prepared: Prepared, sheets: sheets_v4.Sheets, progress: SyncProgress, deps: SyncDeps): Promise<ReadSheet> {
  const policy = deps.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const hooks: RetryHooks = { sleep, ...deps.retryHooks };
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await withRetry(fn, policy, hooks);
    } catch (error) {
      // Errors that are not Google's HTTP answers (a refused refresh token) keep their own type.
      if (error instanceof RetryExhaustedError && error.reason === "not_retryable" && error.classified.kind === "other" && error.cause instanceof Error) throw error.cause;
      throw error;
    }
  };
  const { config, connection } = prepared;
  const perCall = { retry: false } as const;

  const meta = await call(() => sheets.spreadsheets.get({ spreadsheetId: connection.spreadsheetId, fields: GET_FIELDS }, perCall));
  const all: SheetMeta[] = (meta.data.sheets ?? []).map((s) => ({
    title: s.properties?.title ?? "",
    hidden: s.properties?.hidden === true,
    grid: (s.properties?.sheetType ?? "GRID") === "GRID",
    merges: s.merges ?? [],
  }));
  const tabs = resolveTabs(config, all);
  progress.tabsTotal = tabs.length;
  await saveProgress(db, run.id, progress);

  const source = sourceHasher({ code: await codeFingerprint(), mapping: config, providerIds: prepared.providerIds });
  const batchSize = Math.max(1, deps.tabsPerBatch ?? 10);
  const read: TabInput[] = [];
  for (let i = 0; i < tabs.length; i += batchSize) {
    const batch = tabs.slice(i, i + batchSize);
    const ranges = batch.map((t) => tabRange(t.title, config.headerRow, config.range.startColumn, config.range.endColumn));
    const res = await call(() =>
      sheets.spreadsheets.values.batchGet(
        { spreadsheetId: connection.spreadsheetId, ranges, valueRenderOption: "UNFORMATTED_VALUE", dateTimeRenderOption: "SERIAL_NUMBER", majorDimension: "ROWS" },
        perCall,
      ),
    );
    const valueRanges = res.data.valueRanges ?? [];
    batch.forEach((tab, j) => {
      const input: TabInput = { title: tab.title, values: (valueRanges[j]?.values ?? []) as TabInput["values"], merges: tab.merges };
      source.addTab({ title: input.title, merges: input.merges, values: input.values });
      read.push(input);
      // Live progress while reading: the rows below the header (transformTabs counts the non-blank ones).
      progress.rowsRead += Math.max(0, input.values.length - 1);
    });
    progress.tabsDone += batch.length;
    await saveProgress(db, run.id, progress);
  }
  return { tabs: read, source: source.digest() };
}

/** Transforms the tabs read, letting go of each tab's raw cells once it is done. */
function transformTabs(tabs: TabInput[], prepared: Prepared, progress: SyncProgress, deps: SyncDeps, today: () => Date): TabResult[] {
  const transform = deps.transformTab ?? transformTab;
  const env = { clinicProviderIds: prepared.providerIds, today };
  const results: TabResult[] = [];
  progress.rowsRead = 0;
  for (let i = 0; i < tabs.length; i++) {
    const result = transform(prepared.config, tabs[i]!, env);
    tabs[i] = { title: tabs[i]!.title, values: [] };
    results.push(result);
    progress.rowsRead += result.rowsRead;
  }
  return results;
}
