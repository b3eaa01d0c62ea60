import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../auth/permissions.ts";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { twoClinicWorld } from "../test/fixtures.ts";
import { createTenantDb, forgetRowLevelSecurity, rowLevelSecurityActive } from "./tenant-db.ts";

/**
 * Row Level Security (migration phase 3), table by table and operation by operation: a member of
 * clinic A with each role, and an outsider whose handle was (wrongly) opened for clinic A, run raw
 * SQL — with no clinic filter at all — inside the tenant handle, and must see and change exactly
 * what the policy allows, and never a row of clinic B.
 */
const ROLES: Role[] = ["owner", "admin", "manager", "staff", "provider", "viewer"];
const ALL: readonly Role[] = ROLES;
const WRITERS: readonly Role[] = ["owner", "admin", "manager", "staff"];
const GOALS: readonly Role[] = ["owner", "admin", "manager"];
const ADMINS: readonly Role[] = ["owner", "admin"];
const NOBODY: readonly Role[] = [];

type Who = Role | "outsider";
type World = Awaited<ReturnType<typeof seedWorld>>;

interface TableSpec {
  table: string;
  /** Rows of A the role sees (clinic A scope, no filter in the query). */
  select: (who: Who) => number;
  /** Who may insert a fresh row for clinic A (the row comes from `row`). */
  insert: readonly Role[] | "everyone";
  /** A fresh row for the clinic, inserted by `who` (user id `userId`). Null: not insertable by anyone. */
  row: ((w: World, clinic: "A" | "B", userId: string, n: number) => Record<string, unknown>) | null;
  /** Rows of A `UPDATE … SET id = id` (no filter) reaches. */
  update: (who: Who) => number;
  /** WHERE clause picking one deletable row of the clinic for `who`, and who may delete it. */
  deleteWhere: (w: World, clinic: "A" | "B", userId: string) => string;
  delete: readonly Role[] | "everyone";
  /** The column naming a row's clinic (for "never B" checks); null when the table has none. */
  clinicColumn: string | null;
}

const forRoles = (roles: readonly Role[], n: number) => (who: Who) => (who !== "outsider" && roles.includes(who) ? n : 0);
const always = (n: number) => () => n;

const day = (n: number) => `2030-01-${String((n % 28) + 1).padStart(2, "0")}`;

function clinicSpec(table: string, read: readonly Role[], write: readonly Role[], row: TableSpec["row"]): TableSpec {
  return {
    table,
    select: forRoles(read, 2),
    insert: write,
    row,
    update: forRoles(write, 2),
    deleteWhere: (w, c) => `id = '${c}_${table}_spare'`,
    delete: write,
    clinicColumn: "clinic_id",
  };
}

function ownRowSpec(table: string, row: TableSpec["row"]): TableSpec {
  return {
    table,
    select: forRoles(WRITERS, 1),
    insert: WRITERS,
    row,
    update: forRoles(WRITERS, 1),
    deleteWhere: (_w, _c, userId) => `user_id = '${userId}'`,
    delete: WRITERS,
    clinicColumn: "clinic_id",
  };
}

const SPECS: TableSpec[] = [
  clinicSpec("financial_metrics", ALL, WRITERS, (w, c, _u, n) => ({ clinic_id: w.clinic[c], date: day(n), metric_type: "production", amount: 10 })),
  clinicSpec("appointment_metrics", ALL, WRITERS, (w, c, _u, n) => ({ clinic_id: w.clinic[c], date: day(n), scheduled_count: 3 })),
  clinicSpec("call_metrics", ALL, WRITERS, (w, c, _u, n) => ({ clinic_id: w.clinic[c], date: day(n), total_calls: 3 })),
  clinicSpec("patient_metrics", ALL, WRITERS, (w, c, _u, n) => ({ clinic_id: w.clinic[c], date: day(n), new_patients: 3 })),
  clinicSpec("metric_values", ALL, WRITERS, (w, c, _u, n) => ({ clinic_id: w.clinic[c], date: day(n), value: "$1.00", metric_definition_id: "rls_md", updated_at: new Date() })),
  clinicSpec("providers", ALL, WRITERS, (w, c, _u, n) => ({ clinic_id: w.clinic[c], name: `Dr ${n}`, updated_at: new Date() })),
  clinicSpec("locations", ALL, WRITERS, (w, c, _u, n) => ({ clinic_id: w.clinic[c], name: `New site ${n}`, updated_at: new Date() })),
  clinicSpec("spreadsheet_connections", ALL, WRITERS, (w, c, _u, n) => ({ clinic_id: w.clinic[c], credential_id: `${c}_google_credentials`, spreadsheet_id: `sheet-${n}`, spreadsheet_name: "KPIs" })),
  clinicSpec("column_mappings_v2", ALL, WRITERS, (w, c, _u, n) => ({ clinic_id: w.clinic[c], connection_id: `${c}_spreadsheet_connections`, sheet_name: "Jan", mapping_config: "{}", version: 100 + n })),
  clinicSpec("sync_runs", ALL, WRITERS, (w, c) => ({ clinic_id: w.clinic[c], connection_id: `${c}_spreadsheet_connections`, trigger: "manual" })),
  clinicSpec("sync_rejections", ALL, WRITERS, (w, c, _u, n) => ({ clinic_id: w.clinic[c], run_id: `${c}_sync_runs`, sheet_name: "Jan", row_number: n, reason: "bad" })),
  clinicSpec("clinic_goals", ALL, GOALS, (w, c) => ({ clinic_id: w.clinic[c], kpi_key: "collections", name: "More", period_type: "month", period_start: "2030-01-01", period_end: "2030-01-31", target_value: 5 })),
  clinicSpec("goal_target_changes", ALL, GOALS, (w, c) => ({ clinic_id: w.clinic[c], goal_id: `${c}_clinic_goals`, new_target: 7 })),
  clinicSpec("goals", ALL, GOALS, (w, c) => ({ clinic_id: w.clinic[c], time_period: "monthly", start_date: "2030-01-01", end_date: "2030-01-31", target_value: "100", metric_definition_id: "rls_md", updated_at: new Date() })),
  {
    // One row per clinic (the clinic id is the key): "insert" is an upsert, "delete" removes it.
    ...clinicSpec("clinic_settings", ALL, GOALS, (w, c) => ({ clinic_id: w.clinic[c], timezone: "Europe/Paris" })),
    select: forRoles(ALL, 1),
    update: forRoles(GOALS, 1),
    deleteWhere: (w, c) => `clinic_id = '${w.clinic[c]}'`,
  },
  clinicSpec("metric_aggregations", ALL, NOBODY, (w, c, _u, n) => ({ clinic_id: w.clinic[c], aggregation_type: "day", period_start: day(n), period_end: day(n), collections: 1, collections_count: 1 })),
  clinicSpec("google_credentials", WRITERS, WRITERS, (w, c) => ({ clinic_id: w.clinic[c], user_id: w.extraUser[c], access_token: "v1:k:x", key_id: "k" })),
  clinicSpec("data_sources", WRITERS, WRITERS, (w, c, _u, n) => ({ clinic_id: w.clinic[c], name: `DS ${n}`, spreadsheet_id: "s", sheet_name: "t", access_token: "plain", updated_at: new Date() })),
  {
    ...clinicSpec("column_mappings", WRITERS, WRITERS, (_w, c, _u, n) => ({ column_name: `Col ${n}`, data_source_id: `${c}_data_sources`, metric_definition_id: "rls_md", updated_at: new Date() })),
    clinicColumn: null,
  },
  ownRowSpec("google_oauth_states", (w, c, userId, n) => ({ state_hash: `h-${c}-${userId}-${n}`, session_id: w.session[userId], user_id: userId, clinic_id: w.clinic[c], code_verifier: "v", expires_at: new Date(Date.now() + 60_000) })),
  ownRowSpec("sheet_import_drafts", (w, c, userId) => ({ clinic_id: w.clinic[c], user_id: userId, step: "pick", state: "{}" })),
  {
    table: "clinics",
    select: forRoles(ALL, 1),
    insert: NOBODY,
    row: (_w, c, _u, n) => ({ name: `New ${c} ${n}`, location: "x", updated_at: new Date() }),
    update: forRoles(ADMINS, 1),
    deleteWhere: (w, c) => `id = '${w.clinic[c]}'`,
    delete: NOBODY,
    clinicColumn: "id",
  },
  {
    // Seven members (the six roles and a spare staff member). Admins manage everyone but owners.
    table: "user_clinic_roles",
    select: forRoles(ALL, 7),
    insert: ADMINS,
    row: (w, c) => ({ user_id: w.extraUser[c], clinic_id: w.clinic[c], role: "staff" }),
    update: (who) => (who === "owner" ? 7 : who === "admin" ? 6 : 0),
    deleteWhere: (w, c) => `user_id = '${w.spareMember[c]}'`,
    delete: ADMINS,
    clinicColumn: "clinic_id",
  },
  {
    ...clinicSpec("invitations", ADMINS, ADMINS, (w, c, userId, n) => ({ clinic_id: w.clinic[c], email: `new${n}@example.test`, role: "staff", token_hash: `t-${c}-${userId}-${n}`, invited_by: userId, expires_at: new Date(Date.now() + 60_000), updated_at: new Date() })),
  },
  {
    // A's two templates plus the system template (clinic_id NULL) that everyone may read.
    ...clinicSpec("goal_templates", ALL, GOALS, (w, c) => ({ clinic_id: w.clinic[c], name: "T", category: "financial", kpi_key: "collections", period_type: "month", target_rule: "{}" })),
    select: (who) => (who === "outsider" ? 1 : 3),
  },
  {
    // Yourself, and the seven people who share clinic A with you.
    table: "users",
    select: (who) => (who === "outsider" ? 1 : 7),
    insert: NOBODY,
    row: (_w, c, _u, n) => ({ email: `u-${c}-${n}-${Math.random()}@example.test`, name: "New", updated_at: new Date() }),
    update: always(0),
    deleteWhere: (w, c) => `id = '${w.spareMember[c]}'`,
    delete: NOBODY,
    clinicColumn: null,
  },
  {
    table: "metric_definitions",
    select: always(2),
    insert: NOBODY,
    row: (_w, c, _u, n) => ({ name: `def-${c}-${n}`, data_type: "currency", category: "financial", updated_at: new Date() }),
    update: always(0),
    deleteWhere: () => `id = 'rls_md_spare'`,
    delete: NOBODY,
    clinicColumn: null,
  },
  {
    table: "dashboards",
    select: always(1),
    insert: "everyone",
    row: (_w, _c, userId, n) => ({ name: `Mine ${n}`, user_id: userId, updated_at: new Date() }),
    update: always(1),
    deleteWhere: (_w, _c, userId) => `user_id = '${userId}'`,
    delete: "everyone",
    clinicColumn: null,
  },
  {
    table: "widgets",
    select: always(1),
    insert: "everyone",
    row: (w, _c, userId) => ({ widget_type: "counter", dashboard_id: w.dashboard[userId], updated_at: new Date() }),
    update: always(1),
    deleteWhere: (w, _c, userId) => `dashboard_id = '${w.dashboard[userId]}'`,
    delete: "everyone",
    clinicColumn: null,
  },
  {
    // Insert-only: anyone may queue mail, nobody reads anyone's (reset and invitation links).
    table: "mail_outbox",
    select: always(0),
    insert: "everyone",
    row: (_w, _c, _u, n) => ({ to_email: `x${n}@example.test`, subject: "s", body_text: "b", kind: "test" }),
    update: always(0),
    deleteWhere: () => "true",
    delete: NOBODY,
    clinicColumn: null,
  },
];

/** Tables the app role must not touch at all. */
const NO_ACCESS = ["sessions", "password_reset_tokens", "sign_in_attempts", "id_mappings", "_prisma_migrations", "data_migration_steps", "data_migration_issues"];

async function seedWorld(t: TestDatabase) {
  const base = await twoClinicWorld(t.db);
  const q = (sql: string, params: unknown[] = []) => t.pool.query(sql, params);
  const clinic = { A: base.a.id, B: base.b.id };
  const members = { A: base.membersA, B: base.membersB };
  const extraUser = { A: "", B: "" };
  const spareMember = { A: "", B: "" };
  const session: Record<string, string> = {};
  const dashboard: Record<string, string> = {};
  const allUsers = [...Object.values(base.membersA), ...Object.values(base.membersB), base.outsider].map((u) => u.id);

  await q(`INSERT INTO metric_definitions (id, name, data_type, category, updated_at) VALUES ('rls_md', 'rls_production', 'currency', 'financial', now()), ('rls_md_spare', 'rls_spare', 'currency', 'financial', now())`);
  await q(`INSERT INTO goal_templates (id, clinic_id, name, category, kpi_key, period_type, target_rule, is_system_template) VALUES ('SYS_goal_templates', NULL, 'System', 'financial', 'collections', 'month', '{}', true)`);
  for (const userId of allUsers) {
    session[userId] = `sess_${userId}`;
    dashboard[userId] = `dash_${userId}`;
    await q(`INSERT INTO sessions (id, user_id, secret_hash, expires_at) VALUES ($1, $2, 'x', now() + interval '1 day')`, [session[userId], userId]);
    await q(`INSERT INTO dashboards (id, name, user_id, updated_at) VALUES ($1, 'Mine', $2, now())`, [dashboard[userId], userId]);
    await q(`INSERT INTO widgets (id, widget_type, dashboard_id, updated_at) VALUES ($1, 'counter', $2, now())`, [`w_${userId}`, dashboard[userId]]);
  }
  await q(`INSERT INTO mail_outbox (id, to_email, subject, body_text, kind) VALUES ('mail1', 'a@example.test', 'Reset', 'https://x/reset/SECRET', 'password_reset')`);

  for (const c of ["A", "B"] as const) {
    const id = clinic[c];
    const owner = members[c].owner.id;
    const extra = await t.db.user.create({ data: { email: `extra-${c}-${Date.now()}@example.test`, name: `Extra ${c}` } });
    extraUser[c] = extra.id;
    const spare = await t.db.user.create({ data: { email: `spare-${c}-${Date.now()}@example.test`, name: `Spare ${c}` } });
    spareMember[c] = spare.id;
    session[spare.id] = `sess_${spare.id}`;
    await q(`INSERT INTO user_clinic_roles (id, user_id, clinic_id, role) VALUES ($1, $2, $3, 'staff')`, [`${c}_ucr_spare`, spare.id, id]);
    for (const suffix of ["", "_spare"]) {
      const n = suffix ? 2 : 1;
      const k = (table: string) => `${c}_${table}${suffix}`;
      await q(`INSERT INTO providers (id, clinic_id, name, updated_at) VALUES ($1, $2, $3, now())`, [k("providers"), id, `Dr ${c}${n}`]);
      await q(`INSERT INTO locations (id, clinic_id, name, updated_at) VALUES ($1, $2, $3, now())`, [k("locations"), id, `Site ${n}`]);
      await q(`INSERT INTO invitations (id, clinic_id, email, role, token_hash, invited_by, expires_at, updated_at) VALUES ($1, $2, $3, 'staff', $1, $4, now() + interval '1 day', now())`, [k("invitations"), id, `inv${n}@example.test`, owner]);
      await q(`INSERT INTO goal_templates (id, clinic_id, name, category, kpi_key, period_type, target_rule) VALUES ($1, $2, 'T', 'financial', 'collections', 'month', '{}')`, [k("goal_templates"), id]);
      await q(`INSERT INTO financial_metrics (id, clinic_id, date, provider_id, metric_type, amount) VALUES ($1, $2, $3, $4, 'production', 100)`, [k("financial_metrics"), id, `2024-01-0${n}`, `${c}_providers`]);
      await q(`INSERT INTO appointment_metrics (id, clinic_id, date, provider_id, scheduled_count) VALUES ($1, $2, $3, $4, 5)`, [k("appointment_metrics"), id, `2024-01-0${n}`, `${c}_providers`]);
      await q(`INSERT INTO call_metrics (id, clinic_id, date, total_calls) VALUES ($1, $2, $3, 5)`, [k("call_metrics"), id, `2024-01-0${n}`]);
      await q(`INSERT INTO patient_metrics (id, clinic_id, date, new_patients) VALUES ($1, $2, $3, 5)`, [k("patient_metrics"), id, `2024-01-0${n}`]);
      await q(`INSERT INTO metric_aggregations (id, clinic_id, aggregation_type, period_start, period_end, collections, collections_count) VALUES ($1, $2, 'day', $3, $3, 1, 1)`, [k("metric_aggregations"), id, `2024-01-0${n}`]);
      await q(`INSERT INTO google_credentials (id, clinic_id, user_id, access_token, key_id) VALUES ($1, $2, $3, 'v1:k:x', 'k')`, [k("google_credentials"), id, suffix ? members[c].admin.id : owner]);
      await q(`INSERT INTO spreadsheet_connections (id, clinic_id, credential_id, spreadsheet_id, spreadsheet_name) VALUES ($1, $2, $3, $4, 'KPIs')`, [k("spreadsheet_connections"), id, `${c}_google_credentials`, `sheet${n}`]);
      await q(`INSERT INTO column_mappings_v2 (id, clinic_id, connection_id, sheet_name, mapping_config, version) VALUES ($1, $2, $3, 'Jan', '{}', $4)`, [k("column_mappings_v2"), id, `${c}_spreadsheet_connections`, n]);
      await q(`INSERT INTO clinic_goals (id, clinic_id, kpi_key, name, period_type, period_start, period_end, target_value) VALUES ($1, $2, 'collections', 'G', 'month', '2024-01-01', '2024-01-31', 1000)`, [k("clinic_goals"), id]);
      await q(`INSERT INTO goal_target_changes (id, goal_id, clinic_id, new_target) VALUES ($1, $2, $3, 1000)`, [k("goal_target_changes"), `${c}_clinic_goals`, id]);
      await q(`INSERT INTO sync_runs (id, clinic_id, connection_id, trigger) VALUES ($1, $2, $3, 'manual')`, [k("sync_runs"), id, `${c}_spreadsheet_connections`]);
      await q(`INSERT INTO sync_rejections (id, run_id, clinic_id, sheet_name, row_number, reason) VALUES ($1, $2, $3, 'Jan', $4, 'bad')`, [k("sync_rejections"), `${c}_sync_runs`, id, n]);
      await q(`INSERT INTO metric_values (id, date, value, metric_definition_id, clinic_id, updated_at) VALUES ($1, $2, '$1,234.50', 'rls_md', $3, now())`, [k("metric_values"), `2024-01-0${n}`, id]);
      await q(`INSERT INTO goals (id, time_period, start_date, end_date, target_value, metric_definition_id, clinic_id, updated_at) VALUES ($1, 'monthly', '2024-01-01', '2024-01-31', '1000', 'rls_md', $2, now())`, [k("goals"), id]);
      await q(`INSERT INTO data_sources (id, name, spreadsheet_id, sheet_name, access_token, clinic_id, updated_at) VALUES ($1, 'DS', 's', 't', 'plaintext-token', $2, now())`, [k("data_sources"), id]);
      await q(`INSERT INTO column_mappings (id, column_name, data_source_id, metric_definition_id, updated_at) VALUES ($1, 'Production', $2, 'rls_md', now())`, [k("column_mappings"), `${c}_data_sources`]);
    }
    await q(`INSERT INTO clinic_settings (clinic_id) VALUES ($1)`, [id]);
    for (const role of ROLES) {
      const userId = members[c][role].id;
      await q(`INSERT INTO google_oauth_states (id, state_hash, session_id, user_id, clinic_id, code_verifier, expires_at) VALUES ($1, $1, $2, $3, $4, 'v', now() + interval '1 hour')`, [`${c}_state_${role}`, session[userId], userId, id]);
      await q(`INSERT INTO sheet_import_drafts (id, clinic_id, user_id, step, state, updated_at) VALUES ($1, $2, $3, 'pick', '{}', now())`, [`${c}_draft_${role}`, id, userId]);
    }
  }
  return { ...base, clinic, members, extraUser, spareMember, session, dashboard };
}

class Rollback extends Error {}

describe("Row Level Security through the tenant handle", () => {
  let t: TestDatabase;
  let w: World;
  const who: Who[] = [...ROLES, "outsider"];
  const userOf = (x: Who) => (x === "outsider" ? w.outsider.id : w.members.A[x].id);

  /** Runs `sql` as `x` in a tenant transaction for clinic A that is always rolled back. */
  async function asTenant(x: Who, fn: (q: (sql: string, ...params: unknown[]) => Promise<unknown[]>, exec: (sql: string, ...params: unknown[]) => Promise<number>) => Promise<unknown>, scope = [w.clinic.A]) {
    let result: unknown;
    try {
      await createTenantDb(t.db, userOf(x), scope).run(async (tx) => {
        result = await fn(
          (sql, ...params) => tx.$queryRawUnsafe(sql, ...params),
          (sql, ...params) => tx.$executeRawUnsafe(sql, ...params),
        );
        throw new Rollback();
      });
    } catch (error) {
      if (!(error instanceof Rollback)) return { denied: (error as Error).message };
    }
    return result;
  }

  const insertSql = (table: string, row: Record<string, unknown>, extra = "") => {
    const withId = table !== "clinic_settings" && !("id" in row);
    const cols = [...(withId ? ["id"] : []), ...Object.keys(row)];
    const values = [...(withId ? ["gen_random_uuid()::text"] : []), ...Object.keys(row).map((_, i) => `$${i + 1}`)];
    return { sql: `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(", ")}) VALUES (${values.join(", ")}) ${extra}`, params: Object.values(row) };
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    w = await seedWorld(t);
  });
  afterAll(async () => t?.close());

  it("is active: phase 3 is applied and the handle runs as clinic_pulse_app with the caller's settings", async () => {
    forgetRowLevelSecurity(t.db);
    expect(await rowLevelSecurityActive(t.db)).toBe(true);
    const rows = (await asTenant("viewer", (q) => q(`SELECT current_user AS role, current_setting('app.user_id') AS uid, current_setting('app.clinic_ids') AS cids, app_clinic_ids() AS ids, app_role_in($1) AS r`, w.clinic.A))) as Record<string, unknown>[];
    expect(rows[0]).toEqual({ role: "clinic_pulse_app", uid: w.members.A.viewer.id, cids: w.clinic.A, ids: [w.clinic.A], r: "viewer" });
    // Nothing leaks out of the transaction: the next statement on the pool is the owner again.
    const after = await t.db.$queryRawUnsafe<{ u: string; s: string | null }[]>(`SELECT current_user AS u, current_setting('app.user_id', true) AS s`);
    expect(after[0]!.u).not.toBe("clinic_pulse_app");
    expect(after[0]!.s ?? "").toBe("");
  });

  it("covers every table: each table clinic_pulse_app may touch has RLS enabled and forced, and a spec here", async () => {
    const { rows } = await t.pool.query<{ relname: string; rls: boolean; forced: boolean }>(`
      SELECT c.relname, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced
        FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
         AND has_table_privilege('clinic_pulse_app', c.oid, 'SELECT, INSERT, UPDATE, DELETE')
       ORDER BY 1`);
    for (const r of rows) expect({ table: r.relname, rls: r.rls, forced: r.forced }).toEqual({ table: r.relname, rls: true, forced: true });
    expect(rows.map((r) => r.relname).sort()).toEqual(SPECS.map((s) => s.table).sort());
    // Every table with a clinic_id column is protected.
    const { rows: clinicTables } = await t.pool.query<{ table_name: string }>(`
      SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'clinic_id'`);
    const unprotected = clinicTables.map((r) => r.table_name).filter((n) => !rows.some((r) => r.relname === n) && !NO_ACCESS.includes(n));
    expect(unprotected).toEqual([]);
  });

  it("gives the app role no access to sessions, reset tokens, sign-in attempts, id mappings or migration bookkeeping", async () => {
    for (const table of NO_ACCESS) {
      const result = await asTenant("owner", (q) => q(`SELECT count(*) FROM "${table}"`));
      expect(result, table).toMatchObject({ denied: expect.stringMatching(/permission denied/) });
    }
  });

  for (const spec of SPECS) {
    it(`${spec.table}: SELECT, INSERT, UPDATE and DELETE follow the role ladder, and never reach clinic B`, async () => {
      const problems: string[] = [];
      const check = (label: string, got: unknown, want: unknown) => {
        if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${label}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
      };
      let n = 0;
      for (const x of who) {
        const userId = userOf(x);
        // SELECT with no clinic filter: exactly the allowed rows of A, none of B.
        const seen = await asTenant(x, (q) => q(`SELECT ${spec.clinicColumn ? `"${spec.clinicColumn}"::text AS c` : "NULL AS c"} FROM "${spec.table}"`));
        const seenRows = Array.isArray(seen) ? (seen as { c: string | null }[]) : [];
        check(`${x} SELECT count`, Array.isArray(seen) ? seenRows.length : seen, spec.select(x));
        if (spec.clinicColumn) check(`${x} SELECT only A`, seenRows.filter((r) => r.c !== null && r.c !== w.clinic.A).length, 0);

        // UPDATE with no filter.
        const updated = await asTenant(x, (_q, exec) => exec(`UPDATE "${spec.table}" SET ${spec.table === "clinic_settings" ? "timezone = timezone" : "id = id"}`));
        const updatedCount = typeof updated === "number" ? updated : 0;
        check(`${x} UPDATE count`, updatedCount, spec.update(x));
        if (spec.clinicColumn) {
          const reachedB = await asTenant(x, (_q, exec) => exec(`UPDATE "${spec.table}" SET ${spec.table === "clinic_settings" ? "timezone = timezone" : "id = id"} WHERE "${spec.clinicColumn}" = $1`, w.clinic.B));
          check(`${x} UPDATE of B`, typeof reachedB === "number" ? reachedB : 0, 0);
        }

        // DELETE one deletable row of A, and the same kind of row of B.
        const allowedDelete = spec.delete === "everyone" || (x !== "outsider" && spec.delete.includes(x));
        const deleted = await asTenant(x, (_q, exec) => exec(`DELETE FROM "${spec.table}" WHERE ${spec.deleteWhere(w, "A", userId)}`));
        check(`${x} DELETE`, typeof deleted === "number" ? deleted > 0 : false, allowedDelete);
        const deletedB = await asTenant(x, (_q, exec) => exec(`DELETE FROM "${spec.table}" WHERE ${spec.deleteWhere(w, "B", w.members.B.owner.id)}`));
        if (spec.clinicColumn || spec.table === "column_mappings") check(`${x} DELETE of B`, typeof deletedB === "number" ? deletedB : 0, 0);

        // INSERT a fresh row for A (allowed per the ladder) and for B (never).
        if (spec.row) {
          const allowedInsert = spec.insert === "everyone" || (x !== "outsider" && spec.insert.includes(x));
          const a = insertSql(spec.table, spec.row(w, "A", userId, ++n), spec.table === "clinic_settings" ? "ON CONFLICT (clinic_id) DO UPDATE SET timezone = EXCLUDED.timezone" : "");
          const inserted = await asTenant(x, (_q, exec) => exec(a.sql, ...a.params));
          const outcome = typeof inserted === "number" ? (inserted === 1 ? "inserted" : `rows:${inserted}`) : `denied${/row-level security|permission denied/.test((inserted as { denied: string }).denied) ? "" : `: ${(inserted as { denied: string }).denied}`}`;
          check(`${x} INSERT into A`, outcome, allowedInsert ? "inserted" : "denied");
          if (spec.clinicColumn) {
            const b = insertSql(spec.table, spec.row(w, "B", userId, ++n), spec.table === "clinic_settings" ? "ON CONFLICT (clinic_id) DO UPDATE SET timezone = EXCLUDED.timezone" : "");
            const insertedB = await asTenant(x, (_q, exec) => exec(b.sql, ...b.params));
            check(`${x} INSERT into B`, typeof insertedB === "number" ? "inserted" : "denied", "denied");
          }
        }
      }
      expect(problems).toEqual([]);
    });
  }

  it("a query without any clinic filter returns only clinic A's rows, even for an owner of both A and B", async () => {
    await t.db.userClinicRole.create({ data: { userId: w.members.A.owner.id, clinicId: w.clinic.B, role: "owner" } });
    try {
      const rows = (await asTenant("owner", (q) => q(`SELECT DISTINCT clinic_id FROM financial_metrics UNION SELECT DISTINCT clinic_id FROM user_clinic_roles`))) as { clinic_id: string }[];
      expect(rows.map((r) => r.clinic_id)).toEqual([w.clinic.A]);
      const both = (await asTenant("owner", (q) => q(`SELECT DISTINCT clinic_id FROM financial_metrics ORDER BY 1`), [w.clinic.A, w.clinic.B])) as { clinic_id: string }[];
      expect(both.map((r) => r.clinic_id).sort()).toEqual([w.clinic.A, w.clinic.B].sort());
    } finally {
      await t.pool.query(`DELETE FROM user_clinic_roles WHERE user_id = $1 AND clinic_id = $2`, [w.members.A.owner.id, w.clinic.B]);
    }
  });

  it("a forged or stale app.clinic_ids cannot widen access: only active memberships count", async () => {
    // Scope says A and B, but the viewer belongs to A only.
    const forged = (await asTenant("viewer", (q) => q(`SELECT DISTINCT clinic_id FROM metric_values`), [w.clinic.A, w.clinic.B])) as { clinic_id: string }[];
    expect(forged.map((r) => r.clinic_id)).toEqual([w.clinic.A]);
    // Rewriting the setting inside the transaction changes nothing either.
    const rewritten = (await asTenant("viewer", async (q) => {
      await q(`SELECT set_config('app.clinic_ids', $1, true)`, `${w.clinic.A},${w.clinic.B}`);
      return q(`SELECT DISTINCT clinic_id FROM metric_values`);
    })) as { clinic_id: string }[];
    expect(rewritten.map((r) => r.clinic_id)).toEqual([w.clinic.A]);
    // A deactivated membership sees nothing.
    await t.pool.query(`UPDATE user_clinic_roles SET is_active = false WHERE user_id = $1`, [w.members.A.viewer.id]);
    try {
      expect(await asTenant("viewer", (q) => q(`SELECT id FROM metric_values`))).toEqual([]);
    } finally {
      await t.pool.query(`UPDATE user_clinic_roles SET is_active = true WHERE user_id = $1`, [w.members.A.viewer.id]);
    }
  });

  it("admins cannot create, promote or remove owners; owners can", async () => {
    const makeOwner = (x: Who) => asTenant(x, (_q, exec) => exec(`UPDATE user_clinic_roles SET role = 'owner' WHERE user_id = $1`, w.members.A.viewer.id));
    expect(await makeOwner("admin")).toMatchObject({ denied: expect.stringMatching(/row-level security/) });
    expect(await makeOwner("owner")).toBe(1);
    expect(await asTenant("admin", (_q, exec) => exec(`DELETE FROM user_clinic_roles WHERE role = 'owner'`))).toBe(0);
    const insertOwner = (x: Who) => asTenant(x, (_q, exec) => exec(`INSERT INTO user_clinic_roles (id, user_id, clinic_id, role) VALUES ('x', $1, $2, 'owner')`, w.extraUser.A, w.clinic.A));
    expect(await insertOwner("admin")).toMatchObject({ denied: expect.stringMatching(/row-level security/) });
    expect(await insertOwner("owner")).toBe(1);
    const inviteOwner = (x: Who) =>
      asTenant(x, (_q, exec) => exec(`INSERT INTO invitations (id, clinic_id, email, role, token_hash, invited_by, expires_at, updated_at) VALUES ('i', $1, 'o@example.test', 'owner', 'tok', $2, now(), now())`, w.clinic.A, userOf(x)));
    expect(await inviteOwner("admin")).toMatchObject({ denied: expect.stringMatching(/row-level security/) });
    expect(await inviteOwner("owner")).toBe(1);
  });

  it("mail queued in the transaction can be read back (Prisma's RETURNING), other mail cannot", async () => {
    const result = await asTenant("staff", async (q) => {
      await q(`INSERT INTO mail_outbox (id, to_email, subject, body_text, kind) VALUES ('mine', 'x@example.test', 's', 'b', 'invitation')`);
      return q(`SELECT id FROM mail_outbox ORDER BY id`);
    });
    expect(result).toEqual([{ id: "mine" }]);
    expect(await asTenant("owner", (q) => q(`SELECT id FROM mail_outbox WHERE body_text LIKE '%SECRET%'`))).toEqual([]);
  });

  it("the owner connection (system path) is not restricted, and a handle with rls: false is not either", async () => {
    const { rows } = await t.pool.query(`SELECT count(DISTINCT clinic_id)::int AS n FROM financial_metrics`);
    expect(rows[0].n).toBe(2);
    const unrestricted = await createTenantDb(t.db, w.members.A.viewer.id, [w.clinic.A], { rls: false }).run((tx) =>
      tx.$queryRawUnsafe<{ n: number }[]>(`SELECT count(DISTINCT clinic_id)::int AS n FROM financial_metrics`),
    );
    expect(unrestricted[0]!.n).toBe(2);
  });
});
