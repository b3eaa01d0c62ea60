/**
 * The write half of a sync, set-wise and idempotent. Runs inside the caller's transaction, per
 * metric table:
 *
 *  1. stage the rows in a temporary table (json_to_recordset, in chunks; indexed on the key);
 *  2. compare them with the existing rows of the same natural key in one read-only join, counting
 *     new keys, changed values (ours), unchanged rows (ours; also when only the sheet position
 *     moved) and conflicts (the key belongs to another source, which is never touched);
 *  3. delete the rows this connection wrote earlier, in the tabs and date spans this sync read,
 *     whose key the sheet no longer produces (skipped when a count shows there are none);
 *  4. insert the new keys and update the changed rows.
 *
 * A sync with no change therefore writes no metric row at all. See docs/sync.md.
 */
import type { TenantTx } from "../tenancy/tenant-db.ts";
import { newIds } from "./ids.ts";
import { centsToText, METRIC_ROW_KINDS, type MetricRowKind, type MetricRows } from "./metric-rows.ts";
import type { Rejection } from "./transform-rows.ts";

export interface TabSpan {
  tab: string;
  from: string;
  to: string;
}

export interface WriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

export interface WriteResult extends WriteCounts {
  /** Staged rows whose key belongs to another source (left untouched), as rejections. */
  conflicts: Rejection[];
  /** First and last date whose metric rows changed (inserted, updated or deleted); null = none. */
  touched: { from: string; to: string } | null;
  perTable: Record<TableName, WriteCounts>;
}

type TableName = MetricRowKind;

/** The result of a write that found every row in place: `rows` per kind, all unchanged. */
export function allUnchanged(rows: Record<TableName, number>): WriteResult {
  const perTable = Object.fromEntries(METRIC_ROW_KINDS.map((k) => [k, { inserted: 0, updated: 0, unchanged: rows[k], deleted: 0 }])) as Record<TableName, WriteCounts>;
  const unchanged = METRIC_ROW_KINDS.reduce((n, k) => n + rows[k], 0);
  return { inserted: 0, updated: 0, unchanged, deleted: 0, conflicts: [], touched: null, perTable };
}

interface Column {
  name: string;
  type: string;
}

interface TableSpec {
  name: TableName;
  table: string;
  stage: string;
  label: (row: Record<string, unknown>) => string;
  /** Natural-key columns carried by the staged rows (clinic_id is implied). */
  key: Column[];
  /** SQL on the target alias `t` for the fixed parts of the key. */
  fixedKey: string;
  /** Extra columns written on insert with constant values. */
  insertConstants: { name: string; sql: string }[];
  values: Column[];
}

const DATE: Column = { name: "date", type: "date" };
const PROVIDER: Column = { name: "provider_id", type: "text" };
const int = (name: string): Column => ({ name, type: "integer" });

const METRIC_LABEL: Record<string, string> = {
  production: "gross production",
  adjustment: "adjustments",
  write_off: "write-offs",
  collection: "collections",
  refund: "refunds",
};

const TABLES: TableSpec[] = [
  {
    name: "financial",
    table: "financial_metrics",
    stage: "sync_stage_financial",
    label: (r) => METRIC_LABEL[String(r["metric_type"])] ?? String(r["metric_type"]),
    key: [DATE, PROVIDER, { name: "metric_type", type: "text" }],
    fixedKey: "t.category IS NULL",
    insertConstants: [],
    values: [{ name: "amount", type: "numeric(12,2)" }],
  },
  {
    name: "appointments",
    table: "appointment_metrics",
    stage: "sync_stage_appointments",
    label: () => "appointments",
    key: [DATE, PROVIDER],
    fixedKey: "t.appointment_type = 'all'",
    insertConstants: [{ name: "appointment_type", sql: "'all'" }],
    values: [int("scheduled_count"), int("completed_count"), int("cancelled_count"), int("no_show_count"), int("booked_minutes"), int("available_minutes")],
  },
  {
    name: "calls",
    table: "call_metrics",
    stage: "sync_stage_calls",
    label: () => "calls",
    key: [DATE],
    fixedKey: "t.staff_member_id IS NULL AND t.call_type = 'all'",
    insertConstants: [{ name: "call_type", sql: "'all'" }],
    values: [int("total_calls"), int("answered_calls"), int("voicemails"), int("appointments_booked")],
  },
  {
    name: "patients",
    table: "patient_metrics",
    stage: "sync_stage_patients",
    label: () => "patients",
    key: [DATE, PROVIDER],
    fixedKey: "TRUE",
    insertConstants: [],
    values: [int("active_patients"), int("new_patients"), int("reactivated_patients"), int("lost_patients")],
  },
];

const CHUNK = 10_000;
const NOW = "timezone('UTC', now())";

/** Join condition between target `t` and stage `s` on the natural key (provider NULL = NULL). */
function keyMatch(spec: TableSpec): string {
  const parts = spec.key.map((c) => (c.name === "provider_id" ? "coalesce(t.provider_id, '') = coalesce(s.provider_id, '')" : `t.${c.name} = s.${c.name}`));
  return [...parts, spec.fixedKey].join(" AND ");
}

function stagedRecords(spec: TableSpec, rows: MetricRows): Record<string, unknown>[] {
  const records = stagedValues(spec, rows);
  const ids = newIds(records.length);
  records.forEach((r, i) => (r["id"] = ids[i]));
  return records;
}

function stagedValues(spec: TableSpec, rows: MetricRows): Record<string, unknown>[] {
  switch (spec.name) {
    case "financial":
      return rows.financial.map((r) => ({ date: r.date, provider_id: r.providerId, metric_type: r.metricType, amount: centsToText(r.amountCents), ref: r.ref }));
    case "appointments":
      return rows.appointments.map((r) => ({
        date: r.date,
        provider_id: r.providerId,
        scheduled_count: r.scheduled,
        completed_count: r.completed,
        cancelled_count: r.cancelled,
        no_show_count: r.noShow,
        booked_minutes: r.bookedMinutes,
        available_minutes: r.availableMinutes,
        ref: r.ref,
      }));
    case "calls":
      return rows.calls.map((r) => ({ date: r.date, total_calls: r.total, answered_calls: r.answered, voicemails: r.voicemails, appointments_booked: r.booked, ref: r.ref }));
    case "patients":
      return rows.patients.map((r) => ({
        date: r.date,
        provider_id: r.providerId,
        active_patients: r.active,
        new_patients: r.newPatients,
        reactivated_patients: r.reactivated,
        lost_patients: r.lost,
        ref: r.ref,
      }));
  }
}

async function stage(tx: TenantTx, spec: TableSpec, records: Record<string, unknown>[]): Promise<void> {
  const cols = [{ name: "id", type: "text" }, ...spec.key, ...spec.values, { name: "ref", type: "text" }];
  await tx.$executeRawUnsafe(`CREATE TEMP TABLE ${spec.stage} (${cols.map((c) => `${c.name} ${c.type}`).join(", ")}) ON COMMIT DROP`);
  const names = cols.map((c) => c.name).join(", ");
  const recordset = cols.map((c) => `${c.name} ${c.type}`).join(", ");
  for (let i = 0; i < records.length; i += CHUNK) {
    const chunk = JSON.stringify(records.slice(i, i + CHUNK));
    await tx.$executeRawUnsafe(`INSERT INTO ${spec.stage} (${names}) SELECT ${names} FROM json_to_recordset($1::json) AS x(${recordset})`, chunk);
  }
  if (records.length > 0) {
    // An index on the key: the anti-join of the deleted-rows rule probes the stage per existing row
    // when the planner believes the metric table is small (stale statistics right after a big
    // first sync); without it that plan is quadratic.
    await tx.$executeRawUnsafe(`CREATE INDEX ON ${spec.stage} (${spec.key.map((c) => (c.name === "provider_id" ? "coalesce(provider_id, '')" : c.name)).join(", ")})`);
    await tx.$executeRawUnsafe(`ANALYZE ${spec.stage}`);
  }
}

interface TableOutcome extends WriteCounts {
  conflicts: Rejection[];
  touched: { from: string | null; to: string | null };
}

interface Classified {
  /** Matched rows of ours that lie in a span the deleted-rows rule covers. */
  kept_in_spans: number;
  inserts: number;
  conflicts: number;
  updates: number;
  moved: number;
  same: number;
  min_changed: string | null;
  max_changed: string | null;
}

const debugTimings = () => !!process.env.SYNC_DEBUG_TIMINGS;

/** The tab part of source_reference "<tab>!<row>" (everything before the last "!"). */
const REF_TAB = "left(t.source_reference, length(t.source_reference) - strpos(reverse(t.source_reference), '!'))";
const IN_SPAN = `${REF_TAB} = sp.tab AND t.date BETWEEN sp.from_date AND sp.to_date`;

async function writeTable(tx: TenantTx, spec: TableSpec, clinicId: string, connectionId: string, records: Record<string, unknown>[]): Promise<TableOutcome> {
  const marks: [string, number][] = [["start", performance.now()]];
  const mark = (label: string) => marks.push([label, performance.now()]);
  await stage(tx, spec, records);
  mark("stage");
  const s = spec.stage;
  const valueList = spec.values.map((c) => c.name);
  const tValues = `(${valueList.map((c) => `t.${c}`).join(", ")})`;
  const sValues = `(${valueList.map((c) => `s.${c}`).join(", ")})`;
  const ours = "t.source_connection_id = $2";
  const differs = `${tValues} IS DISTINCT FROM ${sValues}`;

  // Compare every staged row with the existing row of the same key, in one read-only pass.
  const [c] = (await tx.$queryRawUnsafe<Classified[]>(
    `SELECT count(*) FILTER (WHERE t.id IS NULL)::int AS inserts,
            count(*) FILTER (WHERE t.id IS NOT NULL AND t.source_connection_id IS DISTINCT FROM $2)::int AS conflicts,
            count(*) FILTER (WHERE ${ours} AND ${differs})::int AS updates,
            count(*) FILTER (WHERE ${ours} AND NOT (${differs}) AND t.source_reference IS DISTINCT FROM s.ref)::int AS moved,
            count(*) FILTER (WHERE ${ours} AND NOT (${differs}) AND t.source_reference IS NOT DISTINCT FROM s.ref)::int AS same,
            min(s.date) FILTER (WHERE t.id IS NULL OR (${ours} AND ${differs}))::text AS min_changed,
            max(s.date) FILTER (WHERE t.id IS NULL OR (${ours} AND ${differs}))::text AS max_changed,
            count(sp.tab)::int AS kept_in_spans
       FROM ${s} s
       LEFT JOIN ${spec.table} t ON t.clinic_id = $1 AND ${keyMatch(spec)}
       LEFT JOIN sync_stage_spans sp ON ${ours} AND ${IN_SPAN}`,
    clinicId,
    connectionId,
  )) as Classified[];
  const counts: Classified = c ?? { kept_in_spans: 0, inserts: 0, conflicts: 0, updates: 0, moved: 0, same: 0, min_changed: null, max_changed: null };
  mark("classify");

  const conflictRows = counts.conflicts
    ? await tx.$queryRawUnsafe<Record<string, unknown>[]>(
        `SELECT s.date::text AS date, s.ref${spec.key.some((k) => k.name === "metric_type") ? ", s.metric_type" : ""}
           FROM ${s} s JOIN ${spec.table} t ON t.clinic_id = $1 AND ${keyMatch(spec)}
          WHERE t.source_connection_id IS DISTINCT FROM $2 ORDER BY s.ref`,
        clinicId,
        connectionId,
      )
    : [];
  const conflicts: Rejection[] = conflictRows.map((r) => {
    const ref = String(r["ref"]);
    const m = /^(.*)!(\d+)$/.exec(ref);
    return {
      sheetName: m?.[1] ?? ref,
      rowNumber: Number(m?.[2] ?? 0),
      columnName: null,
      cellValue: null,
      reason: `The ${spec.label(r)} for ${String(r["date"])} already come from another source (another spreadsheet or an entry made in Clinic Pulse), so this row's ${spec.label(r)} were not imported and the existing numbers were kept.`,
    };
  });

  // Deleted sheet rows first: rows about to be inserted are not there yet, so there is less to scan.
  // When every row of ours in the spans was matched above, there is nothing to delete: a count is
  // much cheaper than the anti-join (an unchanged re-sync, and every first sync).
  const [inSpans] = (await tx.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM ${spec.table} t JOIN sync_stage_spans sp ON ${IN_SPAN}
      WHERE t.clinic_id = $1 AND t.source_connection_id = $2 AND ${spec.fixedKey}`,
    clinicId,
    connectionId,
  )) as { n: number }[];
  const deleted = (inSpans?.n ?? 0) <= counts.kept_in_spans ? [] : (await tx.$queryRawUnsafe<{ n: number; min: string | null; max: string | null }[]>(
    `WITH d AS (
       DELETE FROM ${spec.table} t USING sync_stage_spans sp
       WHERE t.clinic_id = $1 AND t.source_connection_id = $2
         AND ${IN_SPAN}
         AND ${spec.fixedKey}
         AND NOT EXISTS (SELECT 1 FROM ${s} s WHERE ${keyMatch(spec)})
       RETURNING t.date)
     SELECT count(*)::int AS n, min(date)::text AS min, max(date)::text AS max FROM d`,
    clinicId,
    connectionId,
  )) as { n: number; min: string | null; max: string | null }[];
  const del = deleted[0] ?? { n: 0, min: null, max: null };
  mark("delete");

  let inserted = 0;
  if (counts.inserts) {
    const insertCols = ["id", "clinic_id", ...spec.key.map((k) => k.name), ...spec.insertConstants.map((k) => k.name), ...valueList, "source_connection_id", "source_reference", "created_at", "updated_at"];
    const selectCols = ["s.id", "$1", ...spec.key.map((k) => `s.${k.name}`), ...spec.insertConstants.map((k) => k.sql), ...valueList.map((v) => `s.${v}`), "$2", "s.ref", NOW, NOW];
    // When every staged key is new (a first sync), no per-row existence check is needed. A plain
    // INSERT (no ON CONFLICT: its speculative insertion costs ~45% on PGlite): should another writer
    // add one of these keys meanwhile, the unique index stops the whole sync, which then fails
    // cleanly and its next run reports the clash (KeyClashError in the engine).
    const onlyNew = counts.inserts === records.length;
    inserted = await tx.$executeRawUnsafe(
      `INSERT INTO ${spec.table} (${insertCols.join(", ")})
       SELECT ${selectCols.join(", ")} FROM ${s} s
       ${onlyNew ? "" : `WHERE NOT EXISTS (SELECT 1 FROM ${spec.table} t WHERE t.clinic_id = $1 AND ${keyMatch(spec)})`}`,
      clinicId,
      connectionId,
    );
  }
  mark("insert");
  if (counts.updates || counts.moved) {
    await tx.$executeRawUnsafe(
      `UPDATE ${spec.table} t SET ${valueList.map((v) => `${v} = s.${v}`).join(", ")}, source_reference = s.ref, updated_at = ${NOW}
         FROM ${s} s
        WHERE t.clinic_id = $1 AND ${keyMatch(spec)} AND ${ours}
          AND (${tValues.slice(1, -1)}, t.source_reference) IS DISTINCT FROM (${sValues.slice(1, -1)}, s.ref)`,
      clinicId,
      connectionId,
    );
  }
  mark("update");
  if (debugTimings()) console.error(`[sync] ${spec.name} ${records.length} rows: ${marks.slice(1).map(([l, t], i) => `${l} ${Math.round(t - marks[i]![1])}ms`).join(", ")}`);

  const mins = [counts.min_changed, del.n > 0 ? del.min : null].filter((d): d is string => !!d).sort();
  const maxs = [counts.max_changed, del.n > 0 ? del.max : null].filter((d): d is string => !!d).sort();
  return {
    inserted,
    updated: counts.updates,
    // Rows whose only change is their position in the sheet (a row above was deleted) count as unchanged.
    unchanged: counts.same + counts.moved + (counts.inserts - inserted),
    deleted: del.n,
    conflicts,
    touched: { from: mins[0] ?? null, to: maxs.at(-1) ?? null },
  };
}

/** Stages, classifies, writes and deletes the rows of all four tables. Call inside one transaction. */
export async function writeMetricRows(tx: TenantTx, input: { clinicId: string; connectionId: string; rows: MetricRows; spans: TabSpan[] }): Promise<WriteResult> {
  await tx.$executeRawUnsafe(`CREATE TEMP TABLE sync_stage_spans (tab text NOT NULL, from_date date NOT NULL, to_date date NOT NULL) ON COMMIT DROP`);
  if (input.spans.length > 0) {
    await tx.$executeRawUnsafe(
      `INSERT INTO sync_stage_spans (tab, from_date, to_date) SELECT tab, from_date, to_date FROM json_to_recordset($1::json) AS x(tab text, from_date date, to_date date)`,
      JSON.stringify(input.spans.map((s) => ({ tab: s.tab, from_date: s.from, to_date: s.to }))),
    );
  }
  const result: WriteResult = {
    inserted: 0,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    conflicts: [],
    touched: null,
    perTable: {} as Record<TableName, WriteCounts>,
  };
  let from: string | null = null;
  let to: string | null = null;
  for (const spec of TABLES) {
    const outcome = await writeTable(tx, spec, input.clinicId, input.connectionId, stagedRecords(spec, input.rows));
    result.inserted += outcome.inserted;
    result.updated += outcome.updated;
    result.unchanged += outcome.unchanged;
    result.deleted += outcome.deleted;
    result.conflicts.push(...outcome.conflicts);
    result.perTable[spec.name] = { inserted: outcome.inserted, updated: outcome.updated, unchanged: outcome.unchanged, deleted: outcome.deleted };
    if (outcome.touched.from && (from === null || outcome.touched.from < from)) from = outcome.touched.from;
    if (outcome.touched.to && (to === null || outcome.touched.to > to)) to = outcome.touched.to;
  }
  result.touched = from && to ? { from, to } : null;
  return result;
}

/**
 * Inserts rejected cells for a run, set-wise. Their ids are "<runId>-<000001…>" in the order the
 * sync met them (tab order, then row), so listing by id shows them as they appear in the sheet.
 */
export async function insertRejections(tx: TenantTx, runId: string, clinicId: string, rejections: readonly Rejection[]): Promise<void> {
  for (let i = 0; i < rejections.length; i += CHUNK) {
    const chunk = rejections.slice(i, i + CHUNK).map((r) => ({ sheet_name: r.sheetName, row_number: r.rowNumber, column_name: r.columnName, cell_value: r.cellValue, reason: r.reason }));
    await tx.$executeRawUnsafe(
      `INSERT INTO sync_rejections (id, run_id, clinic_id, sheet_name, row_number, column_name, cell_value, reason, created_at)
       SELECT $1 || '-' || lpad((x.ord + $4)::text, 7, '0'), $1, $2, x.sheet_name, x.row_number, x.column_name, x.cell_value, x.reason, ${NOW}
       FROM ROWS FROM (json_to_recordset($3::json) AS (sheet_name text, row_number integer, column_name text, cell_value text, reason text))
            WITH ORDINALITY AS x(sheet_name, row_number, column_name, cell_value, reason, ord)`,
      runId,
      clinicId,
      JSON.stringify(chunk),
      i,
    );
  }
}
