/**
 * The aggregation engine: keeps metric_aggregations equal to what the raw metric tables say.
 *
 * - `refreshAggregations(tx, { clinicIds, from, to })` is incremental: it recomputes the day rows of
 *   [from, to] from the raw tables, then every week, month, quarter and year that overlaps
 *   [from, to] (whole periods, from the day rows), upserts them (rows whose numbers did not change
 *   are not rewritten) and deletes rows of that range whose source data is gone.
 * - `rebuildAllAggregations(db)` does the same for every clinic over its whole date span, a batch
 *   of clinics at a time.
 *
 * Both run inside the caller's transaction when given one (a Prisma interactive-transaction
 * client), or open their own when given the app's client. When rows changed, the clinics get a
 * new aggregations_version (see bumpVersions). Refreshes of the same clinic are
 * serialised with transaction-scoped advisory locks.
 */
import { type IsoDate, assertIsoDate, compareDates, maxDate, minDate } from "../iso-date.ts";
import { type Grain, periodEnd, periodStart } from "../period-grains.ts";
import {
  ANY_EXISTING,
  CREATE_STAGE,
  DELETE_STALE,
  DROP_STAGE,
  STAGE_TABLE,
  UPSERT_FROM_STAGE,
  daySelect,
  intoFreshTable,
  intoStage,
  periodSelect,
} from "./aggregation-sql.ts";
import { type SqlClient, type SqlClientOrDb, inTransaction } from "./sql-client.ts";

export interface RefreshInput {
  clinicIds: readonly string[];
  /** First day to recompute, YYYY-MM-DD. */
  from: IsoDate;
  /** Last day to recompute (inclusive), YYYY-MM-DD. */
  to: IsoDate;
}

export interface RefreshCounts {
  /** Day rows computed from the raw tables for the range. */
  dayRows: number;
  /** Week/month/quarter/year rows computed for the periods overlapping the range. */
  periodRows: number;
  /** Rows written that did not exist before. */
  inserted: number;
  /** Existing rows whose numbers changed. */
  updated: number;
  /** Rows removed because their source data is gone. */
  deleted: number;
  /** Computed rows that were already up to date (not rewritten). */
  unchanged: number;
}

export interface RefreshOptions {
  /** Called after each step with its wall time (for the CLI and the benchmark). */
  onStep?: (step: string, ms: number) => void;
}

const HIGHER_GRAINS = ["week", "month", "quarter", "year"] as const satisfies readonly Grain[];
/** work_mem while the engine runs (transaction-local). */
const WORK_MEM = "64MB";

const emptyCounts = (): RefreshCounts => ({ dayRows: 0, periodRows: 0, inserted: 0, updated: 0, deleted: 0, unchanged: 0 });

function addCounts(total: RefreshCounts, more: RefreshCounts): void {
  for (const key of Object.keys(total) as (keyof RefreshCounts)[]) total[key] += more[key];
}

export async function refreshAggregations(
  client: SqlClientOrDb,
  input: RefreshInput,
  opts: RefreshOptions = {},
): Promise<RefreshCounts> {
  const from = assertIsoDate(input.from);
  const to = assertIsoDate(input.to);
  if (compareDates(from, to) > 0) throw new RangeError(`Refresh range starts after it ends (${from} > ${to})`);
  const clinicIds = [...new Set(input.clinicIds)].sort();
  if (clinicIds.length === 0) return emptyCounts();
  return inTransaction(client, (tx) => refreshInTransaction(tx, clinicIds, from, to, opts));
}

export interface RebuildResult extends RefreshCounts {
  clinics: number;
  from: IsoDate | null;
  to: IsoDate | null;
  /** Wall time in milliseconds. */
  ms: number;
}

export interface RebuildOptions extends RefreshOptions {
  /** Clinics per transaction (default 10): keeps sorts in memory and transactions short. */
  batchSize?: number;
}

/**
 * Recomputes metric_aggregations for every clinic over its whole span of raw data (and of its
 * existing aggregation rows, so rows of deleted data disappear too). Given the app's client, each
 * batch of clinics is its own transaction (a clinic is never half rebuilt); given a transaction
 * client, everything runs in that transaction.
 */
export async function rebuildAllAggregations(client: SqlClientOrDb, opts: RebuildOptions = {}): Promise<RebuildResult> {
  const started = performance.now();
  const spans = await client.$queryRawUnsafe<{ clinic_id: string; lo: string; hi: string }[]>(`
    WITH spans AS (
      SELECT clinic_id, MIN(date) AS lo, MAX(date) AS hi FROM financial_metrics GROUP BY clinic_id
      UNION ALL SELECT clinic_id, MIN(date), MAX(date) FROM appointment_metrics GROUP BY clinic_id
      UNION ALL SELECT clinic_id, MIN(date), MAX(date) FROM call_metrics GROUP BY clinic_id
      UNION ALL SELECT clinic_id, MIN(date), MAX(date) FROM patient_metrics GROUP BY clinic_id
      UNION ALL SELECT clinic_id, MIN(period_start), MAX(period_end) FROM metric_aggregations GROUP BY clinic_id
    )
    SELECT clinic_id, to_char(MIN(lo), 'YYYY-MM-DD') AS lo, to_char(MAX(hi), 'YYYY-MM-DD') AS hi
      FROM spans GROUP BY clinic_id ORDER BY clinic_id`);
  opts.onStep?.("find clinics and date spans", performance.now() - started);

  const total = emptyCounts();
  let from: IsoDate | null = null;
  let to: IsoDate | null = null;
  const batchSize = Math.max(1, opts.batchSize ?? 10);
  for (let i = 0; i < spans.length; i += batchSize) {
    const batch = spans.slice(i, i + batchSize);
    const lo = batch.map((s) => s.lo).reduce(minDate);
    const hi = batch.map((s) => s.hi).reduce(maxDate);
    from = from ? minDate(from, lo) : lo;
    to = to ? maxDate(to, hi) : hi;
    const counts = await inTransaction(client, (tx) =>
      refreshInTransaction(tx, batch.map((s) => s.clinic_id), lo, hi, opts),
    );
    addCounts(total, counts);
  }
  if (spans.length > 0) {
    // Fresh planner statistics for the dashboard's reads (PGlite has no autovacuum to do it).
    const t0 = performance.now();
    await client.$executeRawUnsafe("ANALYZE metric_aggregations");
    opts.onStep?.("analyze", performance.now() - t0);
  }
  return { ...total, clinics: spans.length, from, to, ms: performance.now() - started };
}

async function refreshInTransaction(
  tx: SqlClient,
  clinicIds: readonly string[],
  from: IsoDate,
  to: IsoDate,
  opts: RefreshOptions,
): Promise<RefreshCounts> {
  let mark = performance.now();
  const step = (name: string) => {
    const now = performance.now();
    opts.onStep?.(name, now - mark);
    mark = now;
  };
  const ids = [...clinicIds];
  // One refresh per clinic at a time (sorted ids: no lock-order deadlocks).
  await tx.$executeRawUnsafe(
    `SELECT pg_advisory_xact_lock(hashtext('metric_aggregations:' || id)) FROM unnest($1::text[]) AS id ORDER BY id`,
    ids,
  );
  // Room for the sorts and hash aggregates to stay in memory; put back afterwards, since this may
  // be the caller's transaction.
  const [saved] = await tx.$queryRawUnsafe<{ work_mem: string }[]>(
    `SELECT current_setting('work_mem') AS work_mem, set_config('work_mem', $1, true)`,
    WORK_MEM,
  );
  try {
    const { counts, changed } = await computeAndWrite(tx, ids, from, to, step);
    if (changed.size > 0) await bumpVersions(tx, [...changed]);
    return counts;
  } finally {
    if (saved) await tx.$executeRawUnsafe(`SELECT set_config('work_mem', $1, true)`, saved.work_mem);
  }
}

async function computeAndWrite(
  tx: SqlClient,
  ids: string[],
  from: IsoDate,
  to: IsoDate,
  step: (name: string) => void,
): Promise<{ counts: RefreshCounts; changed: Set<string> }> {
  // Every period overlapping [from, to] lies wholly inside [lo, hi].
  const lo = minDate(periodStart(from, "week"), periodStart(from, "year"));
  const hi = maxDate(periodEnd(to, "week"), periodEnd(to, "year"));
  const [existing] = await tx.$queryRawUnsafe<{ any: boolean }[]>(ANY_EXISTING, ids, lo, hi);
  const counts = emptyCounts();

  if (!existing?.any) {
    // First build for these clinics and dates: nothing to compare with or delete.
    counts.dayRows += await tx.$executeRawUnsafe(intoFreshTable(daySelect()), ids, from, to);
    step("insert day rows");
    counts.periodRows += await tx.$executeRawUnsafe(intoFreshTable(periodSelect(), { byPeriod: true }), ids, lo, hi, from, to);
    step("insert week/month/quarter/year rows");
    counts.inserted = counts.dayRows + counts.periodRows;
    // Clinics without any data got no rows; a new version for them only costs a cache miss.
    return { counts, changed: new Set(counts.inserted > 0 ? ids : []) };
  }
  const changed = new Set<string>();

  await tx.$executeRawUnsafe(DROP_STAGE);
  await tx.$executeRawUnsafe(CREATE_STAGE);

  // 1. Day rows from the raw tables.
  counts.dayRows += await tx.$executeRawUnsafe(intoStage(daySelect()), ids, from, to);
  await prepareStageForJoins(tx);
  step("compute day rows");
  await upsertStage(tx, ["day"], counts, changed);
  counts.deleted += await deleteStale(tx, ids, "day", from, to, changed);
  step("upsert day rows");

  // 2. Week/month/quarter/year rows from the (now current) day rows.
  await tx.$executeRawUnsafe(DROP_STAGE);
  await tx.$executeRawUnsafe(CREATE_STAGE);
  counts.periodRows += await tx.$executeRawUnsafe(intoStage(periodSelect()), ids, lo, hi, from, to);
  await prepareStageForJoins(tx);
  step("compute week/month/quarter/year rows");
  await upsertStage(tx, HIGHER_GRAINS, counts, changed);
  for (const grain of HIGHER_GRAINS) {
    counts.deleted += await deleteStale(tx, ids, grain, periodStart(from, grain), periodStart(to, grain), changed);
  }
  step("upsert week/month/quarter/year rows");

  await tx.$executeRawUnsafe(DROP_STAGE);
  counts.unchanged = counts.dayRows + counts.periodRows - counts.inserted - counts.updated;
  return { counts, changed };
}

/**
 * Gives the clinics a new clinics.aggregations_version (unique, from a sequence), in this
 * transaction: the dashboard's cached answers (server/metrics/dashboard/answer-cache.ts) are keyed
 * by it, so they stop being used exactly when these rows become visible. Runs last, so the clinic
 * rows stay locked only until the caller commits.
 */
async function bumpVersions(tx: SqlClient, ids: string[]): Promise<void> {
  await tx.$executeRawUnsafe(
    `UPDATE clinics SET aggregations_version = nextval('aggregations_version_seq') WHERE id = ANY($1::text[])`,
    ids,
  );
}

/**
 * Statistics and an index for the stage, which is joined against metric_aggregations by the
 * upsert and the stale-row delete: without them the planner may pick a nested loop over a
 * sequential scan of the stage (minutes instead of milliseconds).
 */
async function prepareStageForJoins(tx: SqlClient): Promise<void> {
  await tx.$executeRawUnsafe(`CREATE INDEX ON ${STAGE_TABLE} (clinic_id, aggregation_type, period_start, provider_id)`);
  await tx.$executeRawUnsafe(`ANALYZE ${STAGE_TABLE}`);
}

async function upsertStage(tx: SqlClient, grains: readonly Grain[], counts: RefreshCounts, changed: Set<string>): Promise<void> {
  const [row] = await tx.$queryRawUnsafe<{ inserted: number; updated: number; clinics: string[] }[]>(UPSERT_FROM_STAGE, [...grains]);
  counts.inserted += row?.inserted ?? 0;
  counts.updated += row?.updated ?? 0;
  for (const id of row?.clinics ?? []) changed.add(id);
}

async function deleteStale(
  tx: SqlClient,
  ids: string[],
  grain: Grain,
  firstStart: IsoDate,
  lastStart: IsoDate,
  changed: Set<string>,
): Promise<number> {
  const [row] = await tx.$queryRawUnsafe<{ deleted: number; clinics: string[] }[]>(DELETE_STALE, ids, grain, firstStart, lastStart);
  for (const id of row?.clinics ?? []) changed.add(id);
  return row?.deleted ?? 0;
}
