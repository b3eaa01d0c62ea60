import { DUAL_ID_TABLES } from "./id-resolver.ts";
import { LEGACY_SOURCE_REFERENCE, MIGRATED_ID_PREFIX } from "./legacy-map.ts";
import { findOrphans } from "./orphans.ts";
import { fastPathSql, parseLegacyValue } from "./parse.ts";
import { columnExists, exec, rows, tableExists, type PgClient } from "./sql.ts";
import { prepareMetricMap, type StepDetails } from "./steps.ts";

/**
 * The validation of a data migration, recomputed from the database on every run (also when every
 * step was done by an earlier run). A failed check of severity "error" makes the command exit
 * non-zero; "warning" checks are listed for the operator.
 */
export interface Check {
  name: string;
  title: string;
  ok: boolean;
  severity: "error" | "warning";
  summary: string;
  /** Up to 25 examples of what failed. */
  examples?: unknown[];
  /** Set when the check could not run on this database (an earlier phase). */
  skipped?: string;
}

interface CheckContext {
  client: PgClient;
  /** Per-step details recorded so far (all steps, this run and earlier ones). */
  steps: { step: string; details: StepDetails | null }[];
  acceptSkipped: boolean;
  hasPhase2: boolean;
  hasPhase4: boolean;
}

const pass = (name: string, title: string, summary: string, severity: Check["severity"] = "error"): Check => ({ name, title, ok: true, severity, summary });
const fail = (name: string, title: string, summary: string, examples?: unknown[], severity: Check["severity"] = "error"): Check => ({
  name,
  title,
  ok: false,
  severity,
  summary,
  examples: examples?.slice(0, 25),
});
const notRun = (name: string, title: string, why: string): Check => ({ name, title, ok: true, severity: "error", summary: why, skipped: why });

export async function runChecks(ctx: Omit<CheckContext, "hasPhase2" | "hasPhase4">): Promise<Check[]> {
  const full: CheckContext = {
    ...ctx,
    hasPhase2: await columnExists(ctx.client, "clinics", "uuid_id"),
    hasPhase4: await tableExists(ctx.client, "data_migration_steps"),
  };
  return [
    await rowCounts(full),
    await moneyTotals(full),
    await countTotals(full),
    await noOrphans(full),
    await sameClinic(full),
    await tenantRowsHaveClinic(full),
    await usersHaveRoles(full),
    await idsMappedOnce(full),
    await sessionsKeyedByUuid(full),
    await clinicsHaveOwner(full),
    await noDataErrors(full),
  ];
}

// 1. Every legacy row the migration read is accounted for: migrated or skipped with a reason.
async function rowCounts(ctx: CheckContext): Promise<Check> {
  const title = "Row counts: every legacy row was migrated or skipped with a reason";
  if (!ctx.hasPhase4) return notRun("row_counts", title, "phase 4 is not applied");
  const byTable = new Map<string, { read: number; migrated: number; skipped: number }>();
  const inconsistent: string[] = [];
  for (const s of ctx.steps) {
    if (!s.details || s.details.table === "metric_aggregations") continue;
    const t = byTable.get(s.details.table) ?? { read: 0, migrated: 0, skipped: 0 };
    for (const [clinic, c] of Object.entries(s.details.clinics)) {
      const skipped = Object.values(c.skipped).reduce((a, b) => a + b, 0);
      if (c.read !== c.migrated + skipped) inconsistent.push(`${s.step} clinic ${clinic || "(none)"}: read ${c.read} ≠ migrated ${c.migrated} + skipped ${skipped}`);
      t.read += c.read;
      t.migrated += c.migrated;
      t.skipped += skipped;
    }
    byTable.set(s.details.table, t);
  }
  const problems = [...inconsistent];
  for (const [table, t] of byTable) {
    const [now] = await rows<{ n: number }>(ctx.client, `SELECT count(*)::int AS n FROM "${table}"`);
    if ((now?.n ?? 0) !== t.read) problems.push(`${table}: ${now?.n ?? 0} rows now, ${t.read} read by the migration (rows added or removed since? roll back phase 4 and migrate again)`);
  }
  if (byTable.size === 0) return notRun("row_counts", title, "no step has run yet");
  const summary = [...byTable].map(([table, t]) => `${table}: ${t.read} read = ${t.migrated} migrated + ${t.skipped} skipped`).join("; ");
  return problems.length ? fail("row_counts", title, problems.join("; "), problems) : pass("row_counts", title, summary);
}

/** Legacy values that feed `target`, per clinic, month and key, as the data migration reads them. */
async function legacyTotals(client: PgClient, target: "financial_metrics" | "counts"): Promise<Map<string, string>> {
  await prepareMetricMap(client);
  const filter = target === "financial_metrics" ? `m.target = 'financial_metrics'` : `m.target IN ('appointment_metrics', 'call_metrics', 'patient_metrics') AND NOT m.stock`;
  const key = target === "financial_metrics" ? "m.metric_type" : "m.col";
  await exec(client, `DROP TABLE IF EXISTS pg_temp.dm_check`);
  await exec(
    client,
    `CREATE TEMP TABLE dm_check ON COMMIT DROP AS
     SELECT coalesce(mv.clinic_id, p.clinic_id, ds.clinic_id) AS clinic_id, to_char(mv.date, 'YYYY-MM') AS month, ${key} AS key, m.kind, m.magnitude,
            btrim(mv.value) AS raw, ${fastPathSql("m.kind", "btrim(mv.value)")} AS value
       FROM metric_values mv
       JOIN dm_metric_map m ON m.definition_id = mv.metric_definition_id AND ${filter}
       LEFT JOIN providers p ON p.id = mv.provider_id
       LEFT JOIN data_sources ds ON ds.id = mv.data_source_id
      WHERE NOT EXISTS (SELECT 1 FROM data_migration_issues i WHERE i.source_table = 'metric_values' AND i.source_id = mv.id)`,
  );
  const distinct = await rows<{ kind: "money" | "count"; raw: string }>(client, `SELECT DISTINCT kind, raw FROM dm_check WHERE value IS NULL`);
  const parsed = distinct.map((d) => ({ ...d, p: parseLegacyValue(d.kind, d.raw) }));
  const ok = parsed.filter((d) => d.p.ok);
  if (ok.length > 0) {
    await exec(
      client,
      `UPDATE dm_check c SET value = x.value FROM unnest($1::text[], $2::text[], $3::numeric[]) AS x(kind, raw, value) WHERE c.value IS NULL AND c.kind = x.kind AND c.raw = x.raw`,
      [ok.map((d) => d.kind), ok.map((d) => d.raw), ok.map((d) => (d.p.ok ? d.p.value : null))],
    );
  }
  const totals = await rows<{ k: string; total: string }>(
    client,
    `SELECT clinic_id || ' ' || month || ' ' || key AS k, sum(CASE WHEN magnitude THEN abs(value) ELSE value END)::text AS total
       FROM dm_check WHERE value IS NOT NULL AND clinic_id IS NOT NULL GROUP BY clinic_id, month, key`,
  );
  return new Map(totals.map((t) => [t.k, t.total]));
}

/** Decimal text without insignificant zeros: "1200.50" → "1200.5", "7.00" → "7", "-0" → "0". */
export function normaliseDecimal(text: string): string {
  let s = text.trim();
  if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  s = s.replace(/^(-?)0+(?=\d)/, "$1");
  return s === "-0" ? "0" : s;
}

function compareTotals(before: Map<string, string>, after: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const k of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(k) ?? "0";
    const a = after.get(k) ?? "0";
    if (normaliseDecimal(b) !== normaliseDecimal(a)) problems.push(`${k}: legacy ${b}, migrated ${a}`);
  }
  return problems.sort();
}

// 2. Money: per clinic, month and type, the legacy amounts (as parsed) equal the migrated ones; goals too.
async function moneyTotals(ctx: CheckContext): Promise<Check> {
  const title = "Money totals per clinic and month are equal before and after (metric values and goal targets)";
  if (!ctx.hasPhase4) return notRun("money_totals", title, "phase 4 is not applied");
  const before = await legacyTotals(ctx.client, "financial_metrics");
  const afterRows = await rows<{ k: string; total: string }>(
    ctx.client,
    `SELECT clinic_id || ' ' || to_char(date, 'YYYY-MM') || ' ' || metric_type AS k, sum(amount)::text AS total
       FROM financial_metrics WHERE source_reference = $1 GROUP BY clinic_id, to_char(date, 'YYYY-MM'), metric_type`,
    [LEGACY_SOURCE_REFERENCE],
  );
  const problems = compareTotals(before, new Map(afterRows.map((r) => [r.k, r.total])));
  // Goals: the parsed legacy targets of migrated goals equal the clinic goals made from them.
  const goalRows = await rows<{ id: string; raw: string; kind: "money" | "count" | "percent"; target: string }>(
    ctx.client,
    `SELECT g.id, btrim(g.target_value) AS raw, m.kind, cg.target_value::text AS target
       FROM goals g JOIN dm_metric_map m ON m.definition_id = g.metric_definition_id
       JOIN clinic_goals cg ON cg.id = '${MIGRATED_ID_PREFIX.goal}' || substr(md5(g.id), 1, 24)`,
  );
  let goalSum = 0;
  for (const g of goalRows) {
    const p = parseLegacyValue(g.kind, g.raw);
    if (!p.ok || normaliseDecimal(p.value) !== normaliseDecimal(g.target)) problems.push(`goal ${g.id}: legacy “${g.raw}”, migrated ${g.target}`);
    else goalSum += Number(g.target);
  }
  return problems.length
    ? fail("money_totals", title, `${problems.length} clinic-month totals or goal targets differ`, problems)
    : pass("money_totals", title, `${before.size} clinic-month-type totals equal; ${goalRows.length} goal targets equal (sum ${goalSum.toFixed(2)})`);
}

// 3. Counts (appointments, calls, patients): same comparison for every summed column.
async function countTotals(ctx: CheckContext): Promise<Check> {
  const title = "Count totals (appointments, calls, patients) per clinic and month are equal before and after";
  if (!ctx.hasPhase4) return notRun("count_totals", title, "phase 4 is not applied");
  const before = await legacyTotals(ctx.client, "counts");
  const after = new Map<string, string>();
  const tables = { appointment_metrics: ["scheduled_count", "completed_count", "cancelled_count", "no_show_count"], call_metrics: ["total_calls", "answered_calls", "voicemails", "appointments_booked"], patient_metrics: ["new_patients", "reactivated_patients", "lost_patients"] };
  for (const [table, cols] of Object.entries(tables)) {
    for (const col of cols) {
      for (const r of await rows<{ k: string; total: string }>(
        ctx.client,
        `SELECT clinic_id || ' ' || to_char(date, 'YYYY-MM') || ' ' || '${col}' AS k, sum(${col})::text AS total FROM ${table}
          WHERE source_reference = $1 GROUP BY clinic_id, to_char(date, 'YYYY-MM') HAVING sum(${col}) <> 0`,
        [LEGACY_SOURCE_REFERENCE],
      )) after.set(r.k, r.total);
    }
  }
  for (const [k, v] of [...before]) if (Number(v) === 0) before.delete(k);
  const problems = compareTotals(before, after);
  return problems.length ? fail("count_totals", title, `${problems.length} clinic-month totals differ`, problems) : pass("count_totals", title, `${before.size} clinic-month-column totals equal`);
}

// 4. No row points at a missing row (every relation of schema.prisma).
async function noOrphans(ctx: CheckContext): Promise<Check> {
  const title = "No orphans: every reference points at an existing row";
  const orphans = await findOrphans(ctx.client);
  return orphans.length
    ? fail("no_orphans", title, orphans.map((o) => `${o.table}.${o.column} → ${o.refTable}: ${o.count} row(s)`).join("; ") + ". Remove them with --delete-orphans.", orphans)
    : pass("no_orphans", title, "none");
}

// 5. Rows that name a provider, connection, run or goal name one of the same clinic.
async function sameClinic(ctx: CheckContext): Promise<Check> {
  const title = "Cross-clinic references: a row's provider, connection, run, goal or template belongs to the same clinic";
  const pairs: [string, string, string, string][] = [
    ["financial_metrics", "provider_id", "providers", "clinic_id"],
    ["appointment_metrics", "provider_id", "providers", "clinic_id"],
    ["patient_metrics", "provider_id", "providers", "clinic_id"],
    ["metric_aggregations", "provider_id", "providers", "clinic_id"],
    ["clinic_goals", "provider_id", "providers", "clinic_id"],
    ["column_mappings_v2", "connection_id", "spreadsheet_connections", "clinic_id"],
    ["sync_runs", "connection_id", "spreadsheet_connections", "clinic_id"],
    ["sync_rejections", "run_id", "sync_runs", "clinic_id"],
    ["goal_target_changes", "goal_id", "clinic_goals", "clinic_id"],
  ];
  const problems: string[] = [];
  for (const [table, col, ref, refClinic] of pairs) {
    if (!(await tableExists(ctx.client, table)) || !(await tableExists(ctx.client, ref))) continue;
    const [r] = await rows<{ n: number }>(ctx.client, `SELECT count(*)::int AS n FROM "${table}" t JOIN "${ref}" p ON p.id = t."${col}" WHERE p."${refClinic}" <> t.clinic_id`);
    if (r && r.n > 0) problems.push(`${table}.${col}: ${r.n} row(s) point into another clinic`);
  }
  if (await tableExists(ctx.client, "clinic_goals")) {
    const [r] = await rows<{ n: number }>(ctx.client, `SELECT count(*)::int AS n FROM clinic_goals g JOIN goal_templates t ON t.id = g.template_id WHERE t.clinic_id IS NOT NULL AND t.clinic_id <> g.clinic_id`);
    if (r && r.n > 0) problems.push(`clinic_goals.template_id: ${r.n} goal(s) use another clinic's template`);
  }
  return problems.length ? fail("same_clinic", title, problems.join("; "), problems) : pass("same_clinic", title, "none");
}

// 6. Every tenant row has a clinic.
async function tenantRowsHaveClinic(ctx: CheckContext): Promise<Check> {
  const title = "Every tenant row has a clinic";
  // Legacy source tables keep rows without a clinic (they are reported as skipped); a goal template
  // without a clinic is a template for every clinic.
  const exempt = new Set(["metric_values", "goals", "goal_templates", "users", "data_migration_issues"]);
  const tables = await rows<{ table_name: string }>(
    ctx.client,
    `SELECT DISTINCT c.table_name FROM information_schema.columns c JOIN pg_class k ON k.relname = c.table_name AND k.relnamespace = current_schema()::regnamespace AND k.relkind = 'r'
      WHERE c.table_schema = current_schema() AND c.column_name = 'clinic_id' ORDER BY 1`,
  );
  const problems: string[] = [];
  for (const { table_name } of tables) {
    if (exempt.has(table_name)) continue;
    const [r] = await rows<{ n: number }>(ctx.client, `SELECT count(*)::int AS n FROM "${table_name}" t WHERE t.clinic_id IS NULL OR NOT EXISTS (SELECT 1 FROM clinics c WHERE c.id = t.clinic_id)`);
    if (r && r.n > 0) problems.push(`${table_name}: ${r.n} row(s) without an existing clinic`);
  }
  return problems.length ? fail("tenant_rows_have_clinic", title, problems.join("; "), problems) : pass("tenant_rows_have_clinic", title, `${tables.length - [...exempt].filter((e) => tables.some((t) => t.table_name === e)).length} tables checked`);
}

// 7. Every user has at least one role, except the users the report lists as having no clinic.
async function usersHaveRoles(ctx: CheckContext): Promise<Check> {
  const title = "Every user has at least one clinic role (except those reported without a clinic)";
  if (!ctx.hasPhase4) return notRun("users_have_roles", title, "phase 4 is not applied");
  const missing = await rows<{ id: string; email: string }>(
    ctx.client,
    `SELECT u.id, u.email FROM users u
      WHERE NOT EXISTS (SELECT 1 FROM user_clinic_roles r WHERE r.user_id = u.id)
        AND NOT EXISTS (SELECT 1 FROM data_migration_issues i WHERE i.source_table = 'users' AND i.source_id = u.id AND i.code = 'user_without_clinic')
      ORDER BY u.email`,
  );
  const [reported] = await rows<{ n: number }>(ctx.client, `SELECT count(*)::int AS n FROM data_migration_issues WHERE code = 'user_without_clinic'`);
  return missing.length
    ? fail("users_have_roles", title, `${missing.length} user(s) have no role and are not in the report`, missing)
    : pass("users_have_roles", title, `all users have a role; ${reported?.n ?? 0} user(s) without a clinic are listed under issues`);
}

// 8. Every id is mapped exactly once: id_mappings equals the uuid_id columns.
async function idsMappedOnce(ctx: CheckContext): Promise<Check> {
  const title = "Every id is mapped exactly once (id_mappings = the tables' uuid_id columns)";
  if (!ctx.hasPhase2) return notRun("ids_mapped_once", title, "phase 2 is not applied");
  const problems: string[] = [];
  let total = 0;
  for (const table of DUAL_ID_TABLES) {
    const [r] = await rows<{ n: number; unmapped: number; stale: number; dup: number }>(
      ctx.client,
      `SELECT (SELECT count(*)::int FROM "${table}") AS n,
              (SELECT count(*)::int FROM "${table}" x WHERE NOT EXISTS (SELECT 1 FROM id_mappings m WHERE m.table_name = '${table}' AND m.legacy_id = x.id AND m.new_uuid = x.uuid_id)) AS unmapped,
              (SELECT count(*)::int FROM id_mappings m WHERE m.table_name = '${table}' AND NOT EXISTS (SELECT 1 FROM "${table}" x WHERE x.id = m.legacy_id AND x.uuid_id = m.new_uuid)) AS stale,
              (SELECT count(*)::int FROM (SELECT uuid_id FROM "${table}" GROUP BY uuid_id HAVING count(*) > 1) d) AS dup`,
    );
    total += r?.n ?? 0;
    if (r && (r.unmapped || r.stale || r.dup)) problems.push(`${table}: ${r.unmapped} unmapped, ${r.stale} stale mapping(s), ${r.dup} duplicate UUID(s)`);
  }
  return problems.length ? fail("ids_mapped_once", title, problems.join("; "), problems) : pass("ids_mapped_once", title, `${total} rows in ${DUAL_ID_TABLES.length} tables, each mapped once`);
}

async function sessionsKeyedByUuid(ctx: CheckContext): Promise<Check> {
  const title = "Sessions carry their user's UUID";
  if (!ctx.hasPhase2) return notRun("sessions_user_uuid", title, "phase 2 is not applied");
  const [r] = await rows<{ n: number; bad: number }>(
    ctx.client,
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE s.user_uuid IS DISTINCT FROM u.uuid_id)::int AS bad FROM sessions s JOIN users u ON u.id = s.user_id`,
  );
  return r && r.bad > 0 ? fail("sessions_user_uuid", title, `${r.bad} of ${r.n} sessions have a wrong or missing user UUID`) : pass("sessions_user_uuid", title, `${r?.n ?? 0} sessions`);
}

async function clinicsHaveOwner(ctx: CheckContext): Promise<Check> {
  const title = "Every clinic has an active owner";
  const missing = await rows<{ id: string; name: string }>(
    ctx.client,
    `SELECT c.id, c.name FROM clinics c WHERE NOT EXISTS (SELECT 1 FROM user_clinic_roles r WHERE r.clinic_id = c.id AND r.role = 'owner' AND r.is_active) ORDER BY c.name`,
  );
  return missing.length
    ? fail("clinics_have_owner", title, `${missing.length} clinic(s) have no owner: nobody there can manage owners. Give a member the owner role (docs/migration/validation-checklist.md).`, missing, "warning")
    : pass("clinics_have_owner", title, "yes", "warning");
}

// 9. Data errors were not migrated silently: they are listed, and block until fixed or accepted.
async function noDataErrors(ctx: CheckContext): Promise<Check> {
  const title = "No legacy rows skipped for data errors (invalid values, rows without or across clinics)";
  if (!ctx.hasPhase4) return notRun("no_data_errors", title, "phase 4 is not applied");
  const errors = await rows<{ code: string; n: number }>(
    ctx.client,
    `SELECT code, count(*)::int AS n FROM data_migration_issues WHERE severity = 'error' GROUP BY code ORDER BY code`,
  );
  if (errors.length === 0) return pass("no_data_errors", title, "none");
  const summary = errors.map((e) => `${e.code}: ${e.n}`).join(", ");
  if (ctx.acceptSkipped) return { ...pass("no_data_errors", title, `accepted with --accept-skipped: ${summary}`), examples: errors };
  return fail(
    "no_data_errors",
    title,
    `${summary}. The rows are listed under issues: correct them in the legacy tables and run the migration again (roll back phase 4 first if their step is done), or accept them with --accept-skipped.`,
    errors,
  );
}
