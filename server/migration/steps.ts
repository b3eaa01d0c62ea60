import { getKpi, isKpiKey } from "../metrics/kpi-registry.ts";
import { rebuildAllAggregations } from "../metrics/aggregation/refresh.ts";
import {
  CATEGORY_MAP,
  LEGACY_METRICS,
  LEGACY_PERIOD_MAP,
  LEGACY_ROLE_MAP,
  LEGACY_SOURCE_REFERENCE,
  MIGRATED_ID_PREFIX as P,
  MIGRATION_ACTOR,
  UNKNOWN_ROLE_FALLBACK,
  type ValueKind,
} from "./legacy-map.ts";
import { fastPathSql, parseLegacyValue } from "./parse.ts";
import { exec, lit, pgSqlClient, rows, type PgClient } from "./sql.ts";

/**
 * The steps of the data migration. Each is set-wise SQL (INSERT … SELECT … GROUP BY) run in one
 * transaction together with its checkpoint row, so a step is either fully done or not at all;
 * ids of written rows are derived from the legacy ids, so the result does not depend on when or
 * how often the migration ran. Only the distinct value texts the SQL fast path cannot read go
 * through the JavaScript parsers.
 */

export interface ClinicCounts {
  read: number;
  migrated: number;
  skipped: Record<string, number>;
}

export interface StepDetails {
  /** The legacy table the step reads. */
  table: string;
  /** Per clinic ("" = no clinic): rows read, rows migrated, rows skipped by reason. */
  clinics: Record<string, ClinicCounts>;
  /** Rows written per target table. */
  written: Record<string, number>;
  /** Other counts worth reporting (merged duplicates, normalised signs, …). */
  notes: Record<string, number>;
}

export interface StepOutcome {
  read: number;
  migrated: number;
  skipped: number;
  details: StepDetails;
}

export interface Step {
  name: string;
  table: string;
  run(client: PgClient): Promise<StepOutcome>;
}

const ISSUE_INSERT = `INSERT INTO data_migration_issues (id, step, source_table, source_id, clinic_id, code, severity, message, raw_value)`;

function emptyDetails(table: string): StepDetails {
  return { table, clinics: {}, written: {}, notes: {} };
}

function bump(details: StepDetails, clinic: string | null, field: "read" | "migrated", n: number): void {
  const c = (details.clinics[clinic ?? ""] ??= { read: 0, migrated: 0, skipped: {} });
  c[field] += n;
}

function skip(details: StepDetails, clinic: string | null, reason: string, n: number): void {
  if (n === 0) return;
  const c = (details.clinics[clinic ?? ""] ??= { read: 0, migrated: 0, skipped: {} });
  c.skipped[reason] = (c.skipped[reason] ?? 0) + n;
}

export function outcome(details: StepDetails): StepOutcome {
  let read = 0;
  let migrated = 0;
  let skipped = 0;
  for (const c of Object.values(details.clinics)) {
    read += c.read;
    migrated += c.migrated;
    skipped += Object.values(c.skipped).reduce((a, b) => a + b, 0);
  }
  return { read, migrated, skipped, details };
}

// ───────────────────────── shared temp tables ─────────────────────────

/** dm_metric_map: legacy metric_definitions joined with LEGACY_METRICS (this transaction only). */
export async function prepareMetricMap(client: PgClient): Promise<void> {
  await exec(client, `DROP TABLE IF EXISTS pg_temp.dm_metric_map`);
  await exec(
    client,
    `CREATE TEMP TABLE dm_metric_map (definition_id text PRIMARY KEY, name text, category text, kind text, target text, metric_type text,
       col text, stock boolean, magnitude boolean, field text, kpi text, kpi_label text) ON COMMIT DROP`,
  );
  const values = Object.entries(LEGACY_METRICS).map(([name, m]) => {
    const target = m.target?.table ?? null;
    const metricType = m.target && "metricType" in m.target ? m.target.metricType : null;
    const column = m.target && "column" in m.target ? m.target.column : null;
    const label = m.kpi && isKpiKey(m.kpi) ? getKpi(m.kpi).label : null;
    const t = (v: string | null) => (v === null ? "NULL::text" : `${lit(v)}::text`);
    return `(${t(name)}, ${t(m.kind)}, ${t(target)}, ${t(metricType)}, ${t(column)}, ${m.stock === true}, ${m.magnitude === true}, ${t(m.field)}, ${t(m.kpi)}, ${t(label)})`;
  });
  await exec(
    client,
    `INSERT INTO dm_metric_map
     SELECT d.id, d.name, d.category, m.kind, m.target, m.metric_type, m.col, m.stock, m.magnitude, m.field, m.kpi, m.kpi_label
       FROM metric_definitions d
       JOIN (VALUES ${values.join(",\n ")}) AS m(name, kind, target, metric_type, col, stock, magnitude, field, kpi, kpi_label) ON m.name = lower(btrim(d.name))`,
  );
}

/**
 * Parses, with the sheet parsers, the distinct (kind, raw) texts of `table` whose `value` is still
 * NULL and that are not skipped; writes the value back, or marks the rows invalid/blank and records
 * an issue per row. Returns how many rows failed and how many were blank.
 */
async function parseRemaining(
  client: PgClient,
  opts: { table: string; step: string; sourceTable: string; clinicExpr: string; severity?: string },
): Promise<{ invalid: number; blank: number }> {
  const distinct = await rows<{ kind: ValueKind; raw: string }>(client, `SELECT DISTINCT kind, raw FROM ${opts.table} WHERE skip IS NULL AND value IS NULL AND kind IS NOT NULL`);
  if (distinct.length === 0) return { invalid: 0, blank: 0 };
  const kinds: string[] = [];
  const raws: string[] = [];
  const values: (string | null)[] = [];
  const codes: (string | null)[] = [];
  const messages: (string | null)[] = [];
  for (const d of distinct) {
    const parsed = parseLegacyValue(d.kind, d.raw);
    kinds.push(d.kind);
    raws.push(d.raw);
    values.push(parsed.ok ? parsed.value : null);
    codes.push(parsed.ok ? null : parsed.blank ? "blank_value" : "invalid_value");
    messages.push(parsed.ok ? null : parsed.message);
  }
  await exec(client, `DROP TABLE IF EXISTS pg_temp.dm_parsed`);
  await exec(client, `CREATE TEMP TABLE dm_parsed (kind text, raw text, value numeric, code text, message text, PRIMARY KEY (kind, raw)) ON COMMIT DROP`);
  const chunk = 20_000;
  for (let i = 0; i < kinds.length; i += chunk) {
    await exec(
      client,
      `INSERT INTO dm_parsed SELECT * FROM unnest($1::text[], $2::text[], $3::numeric[], $4::text[], $5::text[])`,
      [kinds.slice(i, i + chunk), raws.slice(i, i + chunk), values.slice(i, i + chunk), codes.slice(i, i + chunk), messages.slice(i, i + chunk)],
    );
  }
  await exec(client, `UPDATE ${opts.table} v SET value = p.value FROM dm_parsed p WHERE v.skip IS NULL AND v.value IS NULL AND p.kind = v.kind AND p.raw = v.raw AND p.code IS NULL`);
  await exec(
    client,
    `${ISSUE_INSERT}
     SELECT ${lit(opts.sourceTable)} || ':' || v.id, $1, ${lit(opts.sourceTable)}, v.id, ${opts.clinicExpr}, 'invalid_value', ${lit(opts.severity ?? "error")},
            'Not a valid ' || CASE v.kind WHEN 'money' THEN 'amount' WHEN 'count' THEN 'count' ELSE 'percentage' END || ': ' || p.message || '. Correct the value in ${opts.sourceTable} and run the migration again.',
            v.raw
       FROM ${opts.table} v JOIN dm_parsed p ON p.kind = v.kind AND p.raw = v.raw
      WHERE v.skip IS NULL AND v.value IS NULL AND p.code = 'invalid_value'
     ON CONFLICT (id) DO NOTHING`,
    [opts.step],
  );
  const invalid = await exec(client, `UPDATE ${opts.table} v SET skip = p.code FROM dm_parsed p WHERE v.skip IS NULL AND v.value IS NULL AND p.kind = v.kind AND p.raw = v.raw AND p.code IS NOT NULL AND p.code = 'invalid_value'`);
  const blank = await exec(client, `UPDATE ${opts.table} v SET skip = p.code FROM dm_parsed p WHERE v.skip IS NULL AND v.value IS NULL AND p.kind = v.kind AND p.raw = v.raw AND p.code = 'blank_value'`);
  return { invalid, blank };
}

// ───────────────────────── memberships ─────────────────────────

export const membershipsStep: Step = {
  name: "memberships",
  table: "users",
  async run(client) {
    const details = emptyDetails("users");
    const roleValues = Object.entries(LEGACY_ROLE_MAP).map(([legacy, role]) => `(${lit(legacy)}, ${lit(role)})`).join(", ");
    for (const r of await rows<{ clinic: string | null; n: number }>(client, `SELECT clinic_id AS clinic, count(*)::int AS n FROM users GROUP BY 1`)) {
      bump(details, r.clinic, "read", r.n);
    }
    // Users without a clinic: members of new-system clinics already, or legacy users to invite by hand.
    const alreadyMembers = await rows<{ n: number }>(
      client,
      `SELECT count(*)::int AS n FROM users u WHERE u.clinic_id IS NULL AND EXISTS (SELECT 1 FROM user_clinic_roles r WHERE r.user_id = u.id)`,
    );
    skip(details, null, "already_member", alreadyMembers[0]?.n ?? 0);
    const without = await exec(
      client,
      `${ISSUE_INSERT}
       SELECT 'users:' || u.id, $1, 'users', u.id, NULL, 'user_without_clinic', 'warning',
              'User ' || u.email || ' (legacy role ' || u.role || ') has no clinic in the legacy install, so no membership was created. Invite them to their clinic (Members → Invite), or delete the account.',
              u.role
         FROM users u
        WHERE u.clinic_id IS NULL AND NOT EXISTS (SELECT 1 FROM user_clinic_roles r WHERE r.user_id = u.id)
       ON CONFLICT (id) DO NOTHING`,
      ["memberships"],
    );
    skip(details, null, "user_without_clinic", without);
    const unknown = await rows<{ clinic: string; n: number }>(
      client,
      `WITH ins AS (
         ${ISSUE_INSERT}
         SELECT 'users:' || u.id || ':role', $1, 'users', u.id, u.clinic_id, 'unknown_role', 'warning',
                'Legacy role “' || u.role || '” of ' || u.email || ' is not known; the membership was created as ${UNKNOWN_ROLE_FALLBACK}. Change it in Members if needed.', u.role
           FROM users u LEFT JOIN (VALUES ${roleValues}) AS m(legacy, role) ON m.legacy = lower(btrim(u.role))
          WHERE u.clinic_id IS NOT NULL AND m.role IS NULL
         ON CONFLICT (id) DO NOTHING RETURNING clinic_id)
       SELECT clinic_id AS clinic, count(*)::int AS n FROM ins GROUP BY 1`,
      ["memberships"],
    );
    for (const u of unknown) details.notes.unknownRoles = (details.notes.unknownRoles ?? 0) + u.n;
    const inserted = await rows<{ clinic: string; n: number }>(
      client,
      `WITH ins AS (
         INSERT INTO user_clinic_roles (id, user_id, clinic_id, role, is_active, created_by, created_at, updated_at)
         SELECT ${lit(P.membership)} || substr(md5(u.id || ':' || u.clinic_id), 1, 24), u.id, u.clinic_id, coalesce(m.role, ${lit(UNKNOWN_ROLE_FALLBACK)}), true,
                ${lit(MIGRATION_ACTOR)}, u.created_at, u.updated_at
           FROM users u LEFT JOIN (VALUES ${roleValues}) AS m(legacy, role) ON m.legacy = lower(btrim(u.role))
          WHERE u.clinic_id IS NOT NULL
         ON CONFLICT (user_id, clinic_id) DO NOTHING
         RETURNING clinic_id)
       SELECT clinic_id AS clinic, count(*)::int AS n FROM ins GROUP BY 1`,
    );
    let written = 0;
    for (const r of inserted) {
      bump(details, r.clinic, "migrated", r.n);
      written += r.n;
    }
    for (const [clinic, c] of Object.entries(details.clinics)) {
      if (clinic !== "") skip(details, clinic, "membership_exists", c.read - c.migrated);
    }
    details.written.user_clinic_roles = written;
    return outcome(details);
  },
};

// ───────────────────────── data sources → spreadsheet connections ─────────────────────────

export const connectionsStep: Step = {
  name: "connections",
  table: "data_sources",
  async run(client) {
    const details = emptyDetails("data_sources");
    for (const r of await rows<{ clinic: string; n: number }>(client, `SELECT clinic_id AS clinic, count(*)::int AS n FROM data_sources GROUP BY 1`)) {
      bump(details, r.clinic, "read", r.n);
      bump(details, r.clinic, "migrated", r.n);
    }
    const created = await exec(
      client,
      `INSERT INTO spreadsheet_connections (id, clinic_id, credential_id, spreadsheet_id, spreadsheet_name, sheet_names, last_sync_at, sync_status,
                                            sync_frequency_minutes, last_error, created_by, created_at, updated_at)
       SELECT ${lit(P.connection)} || substr(md5(ds.clinic_id || ':' || ds.spreadsheet_id), 1, 24), ds.clinic_id, 'legacy:' || min(ds.id), ds.spreadsheet_id,
              string_agg(DISTINCT ds.name, ' / ' ORDER BY ds.name), array_agg(DISTINCT ds.sheet_name ORDER BY ds.sheet_name), max(ds.last_synced_at), 'paused',
              min(CASE lower(ds.sync_frequency) WHEN 'hourly' THEN 60 WHEN 'weekly' THEN 10080 ELSE 1440 END),
              'Moved from the legacy install, which synced this spreadsheet with a stored Google token (not carried over). Connect Google again and review the mapping to resume syncing.',
              ${lit(MIGRATION_ACTOR)}, min(ds.created_at), max(ds.updated_at)
         FROM data_sources ds
        WHERE NOT EXISTS (SELECT 1 FROM spreadsheet_connections c WHERE c.clinic_id = ds.clinic_id AND c.spreadsheet_id = ds.spreadsheet_id)
        GROUP BY ds.clinic_id, ds.spreadsheet_id`,
    );
    const reused = await rows<{ n: number }>(
      client,
      `SELECT count(DISTINCT c.id)::int AS n FROM data_sources ds JOIN spreadsheet_connections c ON c.clinic_id = ds.clinic_id AND c.spreadsheet_id = ds.spreadsheet_id WHERE c.id NOT LIKE '${P.connection}%'`,
    );
    const total = Object.values(details.clinics).reduce((a, c) => a + c.read, 0);
    details.written.spreadsheet_connections = created;
    details.notes.connectionsReused = reused[0]?.n ?? 0;
    details.notes.dataSourcesSharingASpreadsheet = total - created - (reused[0]?.n ?? 0);
    details.notes.plaintextTokensNotCopied = total;
    return outcome(details);
  },
};

// ───────────────────────── v1 column mappings → column_mappings_v2 ─────────────────────────

export const columnMappingsStep: Step = {
  name: "column_mappings",
  table: "column_mappings",
  async run(client) {
    const details = emptyDetails("column_mappings");
    await prepareMetricMap(client);
    await exec(client, `DROP TABLE IF EXISTS pg_temp.dm_map`);
    await exec(
      client,
      `CREATE TEMP TABLE dm_map ON COMMIT DROP AS
       SELECT cm.id, btrim(cm.column_name) AS column_name, cm.transformation_rule, cm.data_source_id, cm.metric_definition_id, cm.created_at, cm.updated_at,
              d.name AS def_name, m.field, ds.clinic_id, ds.sheet_name, c.id AS connection_id, NULL::text AS skip,
              row_number() OVER (PARTITION BY cm.data_source_id, lower(btrim(cm.column_name)), cm.metric_definition_id ORDER BY cm.created_at, cm.id) AS dup_rank
         FROM column_mappings cm
         JOIN data_sources ds ON ds.id = cm.data_source_id
         JOIN metric_definitions d ON d.id = cm.metric_definition_id
         LEFT JOIN dm_metric_map m ON m.definition_id = cm.metric_definition_id
         LEFT JOIN spreadsheet_connections c ON c.clinic_id = ds.clinic_id AND c.spreadsheet_id = ds.spreadsheet_id`,
    );
    await exec(client, `UPDATE dm_map SET skip = 'no_connection' WHERE connection_id IS NULL`);
    await exec(client, `UPDATE dm_map SET skip = 'duplicate_mapping' WHERE skip IS NULL AND dup_rank > 1`);
    await exec(
      client,
      `UPDATE dm_map x SET skip = 'column_mapped_twice'
         FROM (SELECT id, row_number() OVER (PARTITION BY data_source_id, lower(column_name) ORDER BY created_at, id) AS r FROM dm_map WHERE skip IS NULL) y
        WHERE x.id = y.id AND y.r > 1`,
    );
    await exec(
      client,
      `UPDATE dm_map x SET skip = 'metric_mapped_twice'
         FROM (SELECT id, row_number() OVER (PARTITION BY data_source_id, metric_definition_id ORDER BY created_at, id) AS r FROM dm_map WHERE skip IS NULL) y
        WHERE x.id = y.id AND y.r > 1`,
    );
    await exec(
      client,
      `${ISSUE_INSERT}
       SELECT 'column_mappings:' || x.id, $1, 'column_mappings', x.id, x.clinic_id, x.skip,
              CASE x.skip WHEN 'duplicate_mapping' THEN 'info' WHEN 'no_connection' THEN 'error' ELSE 'warning' END,
              CASE x.skip
                WHEN 'duplicate_mapping' THEN 'Column “' || x.column_name || '” → ' || x.def_name || ' is listed more than once for data source ' || x.data_source_id || '; kept once.'
                WHEN 'column_mapped_twice' THEN 'Column “' || x.column_name || '” is mapped to more than one metric (' || x.def_name || ' dropped); a column feeds one field. Check the mapping in the import wizard.'
                WHEN 'metric_mapped_twice' THEN 'Metric ' || x.def_name || ' is mapped from more than one column (“' || x.column_name || '” dropped). Check the mapping in the import wizard.'
                ELSE 'Data source ' || x.data_source_id || ' has no spreadsheet connection.' END,
              x.column_name
         FROM dm_map x WHERE x.skip IS NOT NULL
       ON CONFLICT (id) DO NOTHING`,
      ["column_mappings"],
    );
    for (const r of await rows<{ clinic: string; skip: string | null; n: number }>(client, `SELECT clinic_id AS clinic, skip, count(*)::int AS n FROM dm_map GROUP BY 1, 2`)) {
      bump(details, r.clinic, "read", r.n);
      if (r.skip) skip(details, r.clinic, r.skip, r.n);
      else bump(details, r.clinic, "migrated", r.n);
    }
    details.written.column_mappings_v2 = await exec(
      client,
      `INSERT INTO column_mappings_v2 (id, clinic_id, connection_id, sheet_name, mapping_config, template_name, version, is_active, created_by, created_at, updated_at)
       SELECT ${lit(P.mapping)} || substr(md5(g.data_source_id), 1, 24), g.clinic_id, g.connection_id, g.sheet_name, g.config, 'legacy-v1',
              coalesce((SELECT max(v.version) FROM column_mappings_v2 v WHERE v.connection_id = g.connection_id), 0)
                + row_number() OVER (PARTITION BY g.connection_id ORDER BY g.data_source_id),
              false, ${lit(MIGRATION_ACTOR)}, g.created_at, g.updated_at
         FROM (
           SELECT data_source_id, clinic_id, connection_id, sheet_name, min(created_at) AS created_at, max(updated_at) AS updated_at,
                  jsonb_build_object('version', 1, 'source', 'legacy_v1', 'needsReview', true, 'legacyDataSourceId', data_source_id,
                    'tabs', jsonb_build_object('mode', 'list', 'names', jsonb_build_array(sheet_name)),
                    'columns', jsonb_agg(jsonb_build_object('header', column_name, 'field', field, 'legacyMetric', def_name, 'transformationRule', transformation_rule)
                                         ORDER BY created_at, id)) AS config
             FROM dm_map WHERE skip IS NULL
            GROUP BY data_source_id, clinic_id, connection_id, sheet_name
         ) g`,
    );
    details.notes.unmappedMetricsInMappings = (await rows<{ n: number }>(client, `SELECT count(*)::int AS n FROM dm_map WHERE skip IS NULL AND field IS NULL`))[0]?.n ?? 0;
    return outcome(details);
  },
};

// ───────────────────────── metric values → typed metric tables ─────────────────────────

const PIVOT_COLUMNS: Record<"appointment_metrics" | "call_metrics" | "patient_metrics", { column: string; nullable: boolean; stock: boolean }[]> = {
  appointment_metrics: ["scheduled_count", "completed_count", "cancelled_count", "no_show_count"].map((column) => ({ column, nullable: false, stock: false })),
  call_metrics: ["total_calls", "answered_calls", "voicemails", "appointments_booked"].map((column) => ({ column, nullable: false, stock: false })),
  patient_metrics: [
    ...["new_patients", "reactivated_patients", "lost_patients"].map((column) => ({ column, nullable: false, stock: false })),
    { column: "active_patients", nullable: true, stock: true },
  ],
};

/**
 * Ids of migrated metric rows: derived from the natural key (so every run writes the same ids) and
 * ordered by clinic and day (so a clinic's rows go into the primary-key index side by side rather
 * than at random places): "<clinic hash><yyyymmdd><hash of the rest of the key>".
 */
const ORDERED_ID = (clinic: string, day: string, rest: string) =>
  `substr(md5(${clinic}), 1, 8) || to_char(${day}, 'YYYYMMDD') || substr(md5(${rest}), 1, 12)`;

const VALUE_COLUMNS = `id text, day date, provider_id text, created_at timestamp(3), updated_at timestamp(3), raw text, kind text, target text,
  metric_type text, col text, stock boolean, magnitude boolean, derived boolean, value numeric, skip text`;

function valueSelect(clinicParam: string, where: string): string {
  return `SELECT mv.id, mv.date::date, mv.provider_id, mv.created_at, mv.updated_at, btrim(mv.value), m.kind, m.target, m.metric_type, m.col,
                 coalesce(m.stock, false), coalesce(m.magnitude, false), mv.clinic_id IS NULL,
                 CASE WHEN m.target IS NOT NULL THEN ${fastPathSql("m.kind", "btrim(mv.value)")} END,
                 CASE WHEN m.definition_id IS NULL THEN 'unmapped_definition'
                      WHEN m.target IS NULL THEN 'derived_metric'
                      WHEN mv.provider_id IS NOT NULL AND p.clinic_id <> ${clinicParam} THEN 'provider_in_other_clinic'
                      WHEN ds.clinic_id IS NOT NULL AND ds.clinic_id <> ${clinicParam} THEN 'data_source_in_other_clinic' END
            FROM metric_values mv
            LEFT JOIN dm_metric_map m ON m.definition_id = mv.metric_definition_id
            LEFT JOIN providers p ON p.id = mv.provider_id
            LEFT JOIN data_sources ds ON ds.id = mv.data_source_id
           WHERE ${where}`;
}

/** One clinic's metric values (rows with its clinic_id, and rows whose provider or data source says it). */
export function metricValuesStep(clinicId: string): Step {
  return {
    name: `metric_values:${clinicId}`,
    table: "metric_values",
    async run(client) {
      const step = `metric_values:${clinicId}`;
      const details = emptyDetails("metric_values");
      await prepareMetricMap(client);
      await exec(client, `DROP TABLE IF EXISTS pg_temp.dm_values`);
      await exec(client, `CREATE TEMP TABLE dm_values (${VALUE_COLUMNS}) ON COMMIT DROP`);
      await exec(
        client,
        `INSERT INTO dm_values
         ${valueSelect("$1", "mv.clinic_id = $1")}
         UNION ALL
         ${valueSelect("$1", "mv.clinic_id IS NULL AND coalesce(p.clinic_id, ds.clinic_id) = $1")}`,
        [clinicId],
      );
      await parseRemaining(client, { table: "dm_values", step, sourceTable: "metric_values", clinicExpr: lit(clinicId) });
      details.notes.signNormalised = await exec(client, `UPDATE dm_values SET value = abs(value) WHERE skip IS NULL AND magnitude AND value < 0`);
      details.notes.clinicFromProviderOrDataSource = (await rows<{ n: number }>(client, `SELECT count(*)::int AS n FROM dm_values WHERE derived`))[0]?.n ?? 0;

      // Rows whose natural key already holds data from the new system (a sheet sync): the newer data
      // wins. Only looked for when the clinic has typed rows at all (a fresh install has none).
      const [existing] = await rows<{ any: boolean }>(
        client,
        `SELECT EXISTS (SELECT 1 FROM financial_metrics WHERE clinic_id = $1) OR EXISTS (SELECT 1 FROM appointment_metrics WHERE clinic_id = $1)
             OR EXISTS (SELECT 1 FROM patient_metrics WHERE clinic_id = $1) OR EXISTS (SELECT 1 FROM call_metrics WHERE clinic_id = $1) AS any`,
        [clinicId],
      );
      if (existing?.any) await markAlreadyInTarget(client, clinicId);

      // One issue per skipped row that needs a person (data errors, and data the new system already has).
      await exec(
        client,
        `${ISSUE_INSERT}
         SELECT 'metric_values:' || v.id, $1, 'metric_values', v.id, $2, v.skip,
                CASE WHEN v.skip = 'already_in_target' THEN 'info' ELSE 'error' END,
                CASE v.skip
                  WHEN 'provider_in_other_clinic' THEN 'The value''s provider (' || v.provider_id || ') works in another clinic; it was not migrated. Fix provider_id or clinic_id in metric_values.'
                  WHEN 'data_source_in_other_clinic' THEN 'The value''s data source belongs to another clinic; it was not migrated. Fix data_source_id or clinic_id in metric_values.'
                  ELSE 'The new system already has data for this clinic, day and provider (from a sheet sync); the legacy value was not copied over it.' END,
                v.raw
           FROM dm_values v WHERE v.skip IN ('provider_in_other_clinic', 'data_source_in_other_clinic', 'already_in_target')
         ON CONFLICT (id) DO NOTHING`,
        [step, clinicId],
      );

      // Money: one row per (day, provider, type); duplicates of a day add up.
      details.written.financial_metrics = await exec(
        client,
        `INSERT INTO financial_metrics (id, clinic_id, date, provider_id, metric_type, category, amount, source_reference, created_by, created_at, updated_at)
         SELECT ${lit(P.financial)} || ${ORDERED_ID("$1", "day", "coalesce(provider_id, '') || ':' || metric_type")}, $1, day, provider_id, metric_type, NULL,
                sum(value), ${lit(LEGACY_SOURCE_REFERENCE)}, ${lit(MIGRATION_ACTOR)}, min(created_at), max(updated_at)
           FROM dm_values WHERE skip IS NULL AND target = 'financial_metrics'
          GROUP BY day, provider_id, metric_type
          ORDER BY day, provider_id, metric_type`,
        [clinicId],
      );
      // Counts: the definitions of one table pivot into the columns of one row per (day, provider).
      const prefix = { appointment_metrics: P.appointment, call_metrics: P.call, patient_metrics: P.patient };
      for (const table of ["appointment_metrics", "call_metrics", "patient_metrics"] as const) {
        const cols = PIVOT_COLUMNS[table];
        const exprs = cols.map((c) =>
          c.stock
            ? `((array_agg(value ORDER BY created_at DESC, id DESC) FILTER (WHERE col = '${c.column}'))[1])::int`
            : c.nullable
              ? `(sum(value) FILTER (WHERE col = '${c.column}'))::int`
              : `coalesce(sum(value) FILTER (WHERE col = '${c.column}'), 0)::int`,
        );
        const byProvider = table !== "call_metrics";
        const keyCols = table === "appointment_metrics" ? ", appointment_type" : table === "call_metrics" ? ", staff_member_id, call_type" : "";
        const keyVals = table === "appointment_metrics" ? ", 'all'" : table === "call_metrics" ? ", NULL, 'all'" : "";
        details.written[table] = await exec(
          client,
          `INSERT INTO ${table} (id, clinic_id, date${byProvider ? ", provider_id" : ""}${keyCols}, ${cols.map((c) => c.column).join(", ")}, source_reference, created_at, updated_at)
           SELECT ${lit(prefix[table])} || ${ORDERED_ID("$1", "day", byProvider ? "coalesce(provider_id, '')" : "''")}, $1, day${byProvider ? ", provider_id" : ""}${keyVals},
                  ${exprs.join(", ")}, ${lit(LEGACY_SOURCE_REFERENCE)}, min(created_at), max(updated_at)
             FROM dm_values WHERE skip IS NULL AND target = '${table}'
            GROUP BY day${byProvider ? ", provider_id" : ""}
            ORDER BY day${byProvider ? ", provider_id" : ""}`,
          [clinicId],
        );
      }
      details.notes.callValuesWithProviderFoldedIntoClinic = (await rows<{ n: number }>(client, `SELECT count(*)::int AS n FROM dm_values WHERE skip IS NULL AND target = 'call_metrics' AND provider_id IS NOT NULL`))[0]?.n ?? 0;

      for (const r of await rows<{ skip: string | null; n: number }>(client, `SELECT skip, count(*)::int AS n FROM dm_values GROUP BY 1`)) {
        bump(details, clinicId, "read", r.n);
        if (r.skip) skip(details, clinicId, r.skip, r.n);
        else bump(details, clinicId, "migrated", r.n);
      }
      details.notes.duplicatesMerged =
        (await rows<{ n: number }>(
          client,
          `SELECT coalesce(sum(n - 1), 0)::int AS n
             FROM (SELECT count(*) AS n FROM dm_values WHERE skip IS NULL GROUP BY day, provider_id, metric_type, col HAVING count(*) > 1) d`,
        ))[0]?.n ?? 0;
      return outcome(details);
    },
  };
}

/** Marks the values whose natural key already holds non-legacy data (from a sheet sync). */
async function markAlreadyInTarget(client: PgClient, clinicId: string): Promise<void> {
  await exec(
    client,
    `UPDATE dm_values v SET skip = 'already_in_target' WHERE v.skip IS NULL AND v.target = 'financial_metrics' AND EXISTS (
       SELECT 1 FROM financial_metrics f WHERE f.clinic_id = $1 AND f.date = v.day AND f.metric_type = v.metric_type AND f.category IS NULL
          AND (f.provider_id = v.provider_id OR (f.provider_id IS NULL AND v.provider_id IS NULL)))`,
    [clinicId],
  );
  for (const table of ["appointment_metrics", "patient_metrics"] as const) {
    await exec(
      client,
      `UPDATE dm_values v SET skip = 'already_in_target' WHERE v.skip IS NULL AND v.target = '${table}' AND EXISTS (
         SELECT 1 FROM ${table} t WHERE t.clinic_id = $1 AND t.date = v.day ${table === "appointment_metrics" ? "AND t.appointment_type = 'all'" : ""}
            AND (t.provider_id = v.provider_id OR (t.provider_id IS NULL AND v.provider_id IS NULL)))`,
      [clinicId],
    );
  }
  await exec(
    client,
    `UPDATE dm_values v SET skip = 'already_in_target' WHERE v.skip IS NULL AND v.target = 'call_metrics' AND EXISTS (
       SELECT 1 FROM call_metrics t WHERE t.clinic_id = $1 AND t.date = v.day AND t.staff_member_id IS NULL AND t.call_type = 'all')`,
    [clinicId],
  );
}

/** Values that name no clinic at all (no clinic_id, provider or data source): reported, never migrated. */
export const unattributedValuesStep: Step = {
  name: "metric_values:unattributed",
  table: "metric_values",
  async run(client) {
    const details = emptyDetails("metric_values");
    const n = await exec(
      client,
      `${ISSUE_INSERT}
       SELECT 'metric_values:' || mv.id, $1, 'metric_values', mv.id, NULL, 'no_clinic', 'error',
              'The value has no clinic_id, and neither a provider nor a data source that would give one; it was not migrated. Set metric_values.clinic_id, or delete the row.',
              mv.value
         FROM metric_values mv
         LEFT JOIN providers p ON p.id = mv.provider_id
         LEFT JOIN data_sources ds ON ds.id = mv.data_source_id
        WHERE mv.clinic_id IS NULL AND p.clinic_id IS NULL AND ds.clinic_id IS NULL
       ON CONFLICT (id) DO NOTHING`,
      ["metric_values:unattributed"],
    );
    bump(details, null, "read", n);
    skip(details, null, "no_clinic", n);
    return outcome(details);
  },
};

// ───────────────────────── legacy goals → clinic goals (+ templates) ─────────────────────────

export const goalsStep: Step = {
  name: "goals",
  table: "goals",
  async run(client) {
    const details = emptyDetails("goals");
    await prepareMetricMap(client);
    const periods = Object.entries(LEGACY_PERIOD_MAP).map(([legacy, p]) => `(${lit(legacy)}, ${lit(p)})`).join(", ");
    const categories = Object.entries(CATEGORY_MAP).map(([legacy, c]) => `(${lit(legacy)}, ${lit(c)})`).join(", ");
    await exec(client, `DROP TABLE IF EXISTS pg_temp.dm_goals`);
    await exec(
      client,
      `CREATE TEMP TABLE dm_goals ON COMMIT DROP AS
       SELECT g.id, pm.period, g.time_period, g.start_date::date AS period_start, g.end_date::date AS period_end, btrim(g.target_value) AS raw,
              g.clinic_id AS legacy_clinic, coalesce(g.clinic_id, p.clinic_id) AS clinic_id, g.provider_id, p.clinic_id AS provider_clinic,
              g.created_at, g.updated_at, d.name AS def_name, coalesce(cm.category, 'operational') AS category, m.kind, m.kpi, m.kpi_label,
              NULL::numeric AS value,
              CASE WHEN m.kpi IS NULL THEN 'unmapped_definition'
                   WHEN pm.period IS NULL THEN 'unknown_period'
                   WHEN g.provider_id IS NOT NULL AND g.clinic_id IS NOT NULL AND p.clinic_id <> g.clinic_id THEN 'provider_in_other_clinic' END AS skip
         FROM goals g
         JOIN metric_definitions d ON d.id = g.metric_definition_id
         LEFT JOIN dm_metric_map m ON m.definition_id = g.metric_definition_id
         LEFT JOIN providers p ON p.id = g.provider_id
         LEFT JOIN (VALUES ${periods}) AS pm(legacy, period) ON pm.legacy = lower(btrim(g.time_period))
         LEFT JOIN (VALUES ${categories}) AS cm(legacy, category) ON cm.legacy = lower(d.category)`,
    );
    await parseRemaining(client, { table: "dm_goals", step: "goals", sourceTable: "goals", clinicExpr: "v.clinic_id" });
    await exec(client, `UPDATE dm_goals SET skip = 'invalid_value' WHERE skip IS NULL AND value < 0`);
    await exec(
      client,
      `${ISSUE_INSERT}
       SELECT 'goals:' || g.id, $1, 'goals', g.id, g.clinic_id, g.skip, CASE WHEN g.skip = 'provider_in_other_clinic' OR g.skip = 'invalid_value' THEN 'error' ELSE 'warning' END,
              CASE g.skip
                WHEN 'unmapped_definition' THEN 'Goal on ' || g.def_name || ', which has no KPI in the new system; not migrated. Set an equivalent goal in the app if it still matters.'
                WHEN 'unknown_period' THEN 'Goal period “' || g.time_period || '” is not daily, weekly, monthly, quarterly or annual; not migrated.'
                WHEN 'provider_in_other_clinic' THEN 'The goal''s provider works in another clinic; not migrated. Fix goals.provider_id or goals.clinic_id.'
                ELSE 'The target “' || g.raw || '” is negative; not migrated.' END,
              g.raw
         FROM dm_goals g WHERE g.skip IN ('unmapped_definition', 'unknown_period', 'provider_in_other_clinic', 'invalid_value')
       ON CONFLICT (id) DO NOTHING`,
      ["goals"],
    );
    // A goal repeated period after period becomes a template of its clinic; global goals become templates for all.
    const templates = await exec(
      client,
      `INSERT INTO goal_templates (id, clinic_id, name, description, category, kpi_key, period_type, target_rule, is_system_template, created_by, created_at, updated_at)
       SELECT ${lit(P.template)} || substr(md5(clinic_id || ':' || kpi || ':' || period), 1, 24), clinic_id, 'Legacy: ' || kpi_label || ' (' || period || ')',
              'Made from the ' || count(*) || ' legacy ' || time_period || ' goals on ' || def_name || '; the target is the latest one.',
              category, kpi, period, jsonb_build_object('type', 'fixed', 'value', (array_agg(value ORDER BY period_start DESC, id DESC))[1]), false,
              ${lit(MIGRATION_ACTOR)}, min(created_at), max(updated_at)
         FROM dm_goals WHERE skip IS NULL AND clinic_id IS NOT NULL
        GROUP BY clinic_id, kpi, kpi_label, period, time_period, def_name, category HAVING count(*) >= 2`,
    );
    const globals = await exec(
      client,
      `INSERT INTO goal_templates (id, clinic_id, name, description, category, kpi_key, period_type, target_rule, is_system_template, created_by, created_at, updated_at)
       SELECT ${lit(P.template)} || substr(md5('global:' || id), 1, 24), NULL, 'Legacy: ' || kpi_label || ' (' || period || ', every clinic)',
              'Made from a legacy goal that applied to no clinic in particular (' || def_name || ').', category, kpi, period,
              jsonb_build_object('type', 'fixed', 'value', value), false, ${lit(MIGRATION_ACTOR)}, created_at, updated_at
         FROM dm_goals WHERE skip IS NULL AND clinic_id IS NULL`,
    );
    await exec(
      client,
      `${ISSUE_INSERT}
       SELECT 'goals:' || id, $1, 'goals', id, NULL, 'global_goal_as_template', 'info',
              'A legacy goal for no particular clinic became the goal template “Legacy: ' || kpi_label || '”; clinics can adopt it.', raw
         FROM dm_goals WHERE skip IS NULL AND clinic_id IS NULL
       ON CONFLICT (id) DO NOTHING`,
      ["goals"],
    );
    await exec(client, `UPDATE dm_goals SET skip = 'global_goal_as_template' WHERE skip IS NULL AND clinic_id IS NULL`);
    details.written.clinic_goals = await exec(
      client,
      `INSERT INTO clinic_goals (id, clinic_id, provider_id, kpi_key, name, period_type, period_start, period_end, target_value, target_rule, template_id, status,
                                 created_by, created_at, updated_at)
       SELECT ${lit(P.goal)} || substr(md5(g.id), 1, 24), g.clinic_id, g.provider_id, g.kpi, g.kpi_label, g.period, g.period_start, g.period_end, g.value,
              jsonb_build_object('type', 'fixed', 'value', g.value), t.id, 'active', ${lit(MIGRATION_ACTOR)}, g.created_at, g.updated_at
         FROM dm_goals g
         LEFT JOIN goal_templates t ON t.id = ${lit(P.template)} || substr(md5(g.clinic_id || ':' || g.kpi || ':' || g.period), 1, 24)
        WHERE g.skip IS NULL`,
    );
    details.written.goal_templates = templates + globals;
    for (const r of await rows<{ clinic: string | null; skip: string | null; n: number }>(client, `SELECT clinic_id AS clinic, skip, count(*)::int AS n FROM dm_goals GROUP BY 1, 2`)) {
      bump(details, r.clinic, "read", r.n);
      if (r.skip) skip(details, r.clinic, r.skip, r.n);
      else bump(details, r.clinic, "migrated", r.n);
    }
    return outcome(details);
  },
};

// ───────────────────────── roll-ups ─────────────────────────

export const aggregationsStep: Step = {
  name: "aggregations",
  table: "metric_aggregations",
  async run(client) {
    const details = emptyDetails("metric_aggregations");
    const result = await rebuildAllAggregations(pgSqlClient(client));
    // Recorded as the resulting state (what was rewritten depends on what was there before).
    const [total] = await rows<{ n: number }>(client, `SELECT count(*)::int AS n FROM metric_aggregations`);
    details.written.metric_aggregations = total?.n ?? 0;
    details.notes = { dayRows: result.dayRows, periodRows: result.periodRows, clinics: result.clinics };
    return outcome(details);
  },
};

/** Every step of a run, in order: per-clinic metric steps for the clinics that exist now. */
export async function planSteps(client: PgClient): Promise<Step[]> {
  const clinics = await rows<{ id: string }>(client, `SELECT id FROM clinics ORDER BY id`);
  return [
    membershipsStep,
    connectionsStep,
    columnMappingsStep,
    ...clinics.map((c) => metricValuesStep(c.id)),
    unattributedValuesStep,
    goalsStep,
    aggregationsStep,
  ];
}
