import type pg from "pg";

/**
 * A realistic legacy single-tenant database, generated set-wise in SQL (1,000,000 metric values in
 * one INSERT … SELECT), deterministic for a given size and seed: several clinics, users with the
 * legacy roles (and one without a clinic), providers, locations, metric definitions (including
 * ones the new model derives instead of storing), data sources with plaintext tokens, v1 column
 * mappings with duplicates, metric values as text with currency symbols, thousands separators and
 * accounting negatives, some without clinic_id (the clinic comes from the provider), duplicates of
 * the same day, and legacy goals (a repeating monthly goal, a provider goal, a global goal).
 *
 * `corrupt` adds the problems the data migration must report rather than migrate: values that are
 * not numbers, a value that belongs to no clinic, a value whose provider works in another clinic,
 * and (for phase 3) a membership pointing at a deleted user.
 *
 * Load it into a database whose legacy tables exist and are empty (any phase).
 */
export interface LegacyFixtureOptions {
  /** Number of metric_values rows, exactly. Default 6,000. */
  metricValues?: number;
  /** Clinics; default: 3, or one per 50,000 metric values (at most 40). */
  clinics?: number;
  providersPerClinic?: number;
  /** Changes every generated number; the shape stays the same. */
  seed?: number;
  corrupt?: boolean | { nonNumeric?: boolean; orphanValue?: boolean; crossClinicProvider?: boolean; orphanMembership?: boolean };
}

export interface LegacyFixtureSummary {
  clinics: string[];
  users: number;
  usersWithoutClinic: string[];
  providers: number;
  metricValues: number;
  goals: number;
  corrupt: { nonNumeric: string[]; orphanValue: string[]; crossClinicProvider: string[]; orphanMembership: string[] };
}

type Queryable = Pick<pg.ClientBase, "query">;

/** Metric definitions of the legacy install: name, data type, category, and how a value is shaped. */
export const LEGACY_DEFINITIONS = [
  { name: "daily_production", dataType: "currency", category: "financial", level: "provider" },
  { name: "daily_collection", dataType: "currency", category: "financial", level: "provider" },
  { name: "adjustments", dataType: "currency", category: "financial", level: "provider" },
  { name: "scheduled_appointments", dataType: "integer", category: "appointment", level: "provider" },
  { name: "completed_appointments", dataType: "integer", category: "appointment", level: "provider" },
  { name: "no_show_appointments", dataType: "integer", category: "appointment", level: "provider" },
  { name: "cancelled_appointments", dataType: "integer", category: "appointment", level: "clinic" },
  { name: "new_patients", dataType: "integer", category: "patient", level: "clinic" },
  { name: "active_patients", dataType: "integer", category: "patient", level: "clinic" },
  { name: "total_calls", dataType: "integer", category: "appointment", level: "clinic" },
  { name: "answered_calls", dataType: "integer", category: "appointment", level: "clinic" },
  { name: "collection_rate", dataType: "percentage", category: "financial", level: "clinic" },
  { name: "treatment_acceptance_rate", dataType: "percentage", category: "treatment", level: "clinic" },
] as const;

const CLINIC_NAMES = [
  "Harbor Dental", "Oak Street Family Dentistry", "Bayview Smiles", "Cedar Park Dental Care", "Riverside Dental Group",
  "Maple Grove Dentistry", "Summit Family Dental", "Lakeside Orthodontics", "Pine Hill Dental", "Westgate Dental Studio",
];
const CITIES = ["Baytown", "Humble", "Springfield", "Riverton", "Fairview", "Lakewood", "Georgetown", "Franklin"];
const FIRST = ["Ana", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Imani", "Jon", "Kira", "Luis", "Maya", "Noah", "Omar", "Priya"];
const LAST = ["Patel", "Nguyen", "Okafor", "Smith", "Garcia", "Kim", "Ezeji", "Larsen", "Rossi", "Cohen", "Haddad", "Silva"];

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

export async function loadLegacyFixture(db: Queryable, opts: LegacyFixtureOptions = {}): Promise<LegacyFixtureSummary> {
  const total = Math.max(0, Math.floor(opts.metricValues ?? 6_000));
  const clinicCount = Math.max(1, Math.floor(opts.clinics ?? Math.min(40, Math.max(3, Math.round(total / 50_000)))));
  const providersPerClinic = Math.max(1, Math.floor(opts.providersPerClinic ?? 4));
  const seed = Math.floor(opts.seed ?? 1);
  const corrupt = opts.corrupt === true ? { nonNumeric: true, orphanValue: true, crossClinicProvider: true, orphanMembership: true } : opts.corrupt || {};
  const q = (sql: string) => db.query(sql);

  // A deterministic pseudo-random integer in [0, 2^31) from any text key.
  const rnd = (key: string) => `(('x' || substr(md5(${lit(`${seed}:`)} || ${key}), 1, 8))::bit(32)::int & 2147483647)`;
  const clinicId = (i: string) => `'cl' || substr(md5('clinic:' || ${i}), 1, 23)`;
  const providerId = (c: string, p: string) => `'pr' || substr(md5('provider:' || ${c} || ':' || ${p}), 1, 23)`;

  await q(`
    INSERT INTO clinics (id, name, location, status, clinic_code, created_at, updated_at)
    SELECT ${clinicId("i")},
           (ARRAY[${CLINIC_NAMES.map(lit).join(",")}])[1 + (i - 1) % ${CLINIC_NAMES.length}] || CASE WHEN i > ${CLINIC_NAMES.length} THEN ' ' || ((i - 1) / ${CLINIC_NAMES.length} + 1) ELSE '' END,
           (ARRAY[${CITIES.map(lit).join(",")}])[1 + (i - 1) % ${CITIES.length}],
           'active', 'LEGACY_CLINIC_' || i, timestamp '2018-01-01' + i * interval '1 day', timestamp '2018-01-01' + i * interval '1 day'
      FROM generate_series(1, ${clinicCount}) i`);

  await q(`
    INSERT INTO locations (id, clinic_id, name, address, location_code, created_at, updated_at)
    SELECT 'lo' || substr(md5('location:' || i || ':' || l), 1, 23), ${clinicId("i")},
           CASE l WHEN 1 THEN 'Main office' ELSE 'Satellite office' END, l || '00 Main St', 'LOC_' || i || '_' || l,
           timestamp '2018-01-02', timestamp '2018-01-02'
      FROM generate_series(1, ${clinicCount}) i CROSS JOIN generate_series(1, 1 + (i % 2)) l`);

  await q(`
    INSERT INTO providers (id, name, first_name, last_name, email, provider_type, position, status, provider_code, clinic_id, created_at, updated_at)
    SELECT ${providerId("i", "p")}, 'Dr. ' || f || ' ' || l, f, l,
           lower(f || '.' || l || '.' || i || '.' || p) || '@legacy-dental.test',
           CASE WHEN p % 3 = 0 THEN 'hygienist' ELSE 'dentist' END, CASE WHEN p % 3 = 0 THEN 'Hygienist' ELSE 'Associate dentist' END,
           CASE WHEN p = ${providersPerClinic} AND p > 2 THEN 'inactive' ELSE 'active' END,
           lower(f || '_' || l || '_' || i || '_' || p), ${clinicId("i")}, timestamp '2018-02-01', timestamp '2018-02-01'
      FROM generate_series(1, ${clinicCount}) i CROSS JOIN generate_series(1, ${providersPerClinic}) p
      CROSS JOIN LATERAL (SELECT (ARRAY[${FIRST.map(lit).join(",")}])[1 + (i * 7 + p) % ${FIRST.length}] AS f,
                                 (ARRAY[${LAST.map(lit).join(",")}])[1 + (i * 3 + p * 5) % ${LAST.length}] AS l) n`);

  // Users: per clinic an admin (the practice owner), an office manager, two dentists, two front-desk
  // staff; plus one office manager whose clinic was never set.
  await q(`
    INSERT INTO users (id, email, name, role, last_login, clinic_id, created_at, updated_at)
    SELECT 'us' || substr(md5('user:' || i || ':' || r), 1, 23),
           'legacy.' || i || '.' || r || '@legacy-dental.test',
           (ARRAY[${FIRST.map(lit).join(",")}])[1 + (i * 5 + r) % ${FIRST.length}] || ' ' || (ARRAY[${LAST.map(lit).join(",")}])[1 + (i + r * 7) % ${LAST.length}],
           (ARRAY['admin', 'office_manager', 'dentist', 'dentist', 'front_desk', 'front_desk'])[r],
           timestamp '2024-06-01' + (i * 6 + r) * interval '1 hour', ${clinicId("i")},
           timestamp '2018-03-01' + r * interval '1 day', timestamp '2018-03-01' + r * interval '1 day'
      FROM generate_series(1, ${clinicCount}) i CROSS JOIN generate_series(1, 6) r`);
  await q(`INSERT INTO users (id, email, name, role, clinic_id, created_at, updated_at)
           VALUES ('us_without_clinic_0000000001', 'no.clinic@legacy-dental.test', 'Noor Clinicless', 'office_manager', NULL, timestamp '2019-05-01', timestamp '2019-05-01')`);

  await q(`
    INSERT INTO metric_definitions (id, name, description, data_type, category, is_composite, created_at, updated_at)
    SELECT 'md' || substr(md5('definition:' || d.name), 1, 23), d.name, initcap(replace(d.name, '_', ' ')), d.data_type, d.category,
           d.data_type = 'percentage', timestamp '2018-01-01', timestamp '2018-01-01'
      FROM (VALUES ${LEGACY_DEFINITIONS.map((d) => `(${lit(d.name)}, ${lit(d.dataType)}, ${lit(d.category)})`).join(", ")}) AS d(name, data_type, category)`);

  // Two data sources per clinic: the production workbook (two tabs of one spreadsheet) and the
  // front-desk tracker. Tokens are plaintext, as the legacy install stored them.
  await q(`
    INSERT INTO data_sources (id, name, spreadsheet_id, sheet_name, last_synced_at, sync_frequency, connection_status, access_token, refresh_token, clinic_id, created_at, updated_at)
    SELECT 'ds' || substr(md5('source:' || i || ':' || s), 1, 23),
           (ARRAY['Production', 'Collections', 'Front desk'])[s],
           CASE WHEN s <= 2 THEN '1Prod' ELSE '1Desk' END || substr(md5('sheet:' || i || ':' || CASE WHEN s <= 2 THEN 1 ELSE 3 END), 1, 20),
           (ARRAY['Production 2024', 'Collections 2024', 'Daily tracker'])[s],
           timestamp '2024-06-30 06:00', 'daily', 'connected', 'ya29.legacy-access-token-' || i || '-' || s, '1//legacy-refresh-' || i || '-' || s,
           ${clinicId("i")}, timestamp '2019-01-01', timestamp '2019-01-01'
      FROM generate_series(1, ${clinicCount}) i CROSS JOIN generate_series(1, 3) s`);

  // v1 column mappings, with the duplicates a hand-maintained table collects.
  await q(`
    INSERT INTO column_mappings (id, column_name, transformation_rule, data_source_id, metric_definition_id, created_at, updated_at)
    SELECT 'cm' || substr(md5('mapping:' || i || ':' || m.n), 1, 23), m.col, m.rule,
           'ds' || substr(md5('source:' || i || ':' || m.s), 1, 23), 'md' || substr(md5('definition:' || m.def), 1, 23),
           timestamp '2019-01-02' + m.n * interval '1 minute', timestamp '2019-01-02' + m.n * interval '1 minute'
      FROM generate_series(1, ${clinicCount}) i
      CROSS JOIN (VALUES
        (1, 1, 'Production', 'daily_production', 'currency'),
        (2, 1, 'Adjustments', 'adjustments', 'currency'),
        (3, 1, 'Production', 'daily_production', 'currency'),
        (4, 1, 'Prod. (net)', 'daily_production', NULL),
        (5, 2, 'Collections', 'daily_collection', 'currency'),
        (6, 2, 'Collection %', 'collection_rate', 'percent'),
        (7, 3, 'Scheduled', 'scheduled_appointments', NULL),
        (8, 3, 'Completed', 'completed_appointments', NULL),
        (9, 3, 'No Shows', 'no_show_appointments', NULL),
        (10, 3, 'Cancellations', 'cancelled_appointments', NULL),
        (11, 3, 'New Patients', 'new_patients', NULL),
        (12, 3, 'Calls', 'total_calls', NULL),
        (13, 3, 'Answered', 'answered_calls', NULL),
        (14, 3, 'New Patients', 'new_patients', NULL)
      ) AS m(n, s, col, def, rule)`);

  // Metric values: a grid of (clinic, day, slot), slot = one provider-level definition for one
  // provider or one clinic-level definition, walked in order until `total` rows exist.
  const providerDefs = LEGACY_DEFINITIONS.filter((d) => d.level === "provider").map((d) => d.name);
  const clinicDefs = LEGACY_DEFINITIONS.filter((d) => d.level === "clinic").map((d) => d.name);
  const slots = providerDefs.length * providersPerClinic + clinicDefs.length;
  const duplicates = total >= 1_000 ? Math.floor(total / 500) : 0;
  const gridRows = total - duplicates;
  if (gridRows > 0) {
    await q(`
      INSERT INTO metric_values (id, date, value, source_type, source_sheet, external_id, metric_definition_id, clinic_id, provider_id, data_source_id, created_at, updated_at)
      SELECT 'mv' || substr(md5('value:' || g.i), 1, 23),
             g.day,
             CASE
               WHEN g.def IN ('daily_production', 'daily_collection', 'adjustments') THEN
                 CASE WHEN g.def = 'adjustments' AND g.h % 4 = 0 THEN '(' || to_char(g.amount / 20, 'FM999,999,990.00') || ')'
                      WHEN g.h % 10 < 6 THEN to_char(CASE WHEN g.def = 'adjustments' THEN g.amount / 20 ELSE g.amount END, 'FM$999,999,990.00')
                      WHEN g.h % 10 < 9 THEN to_char(CASE WHEN g.def = 'adjustments' THEN g.amount / 20 ELSE g.amount END, 'FM999999990.00')
                      ELSE '$ ' || to_char(CASE WHEN g.def = 'adjustments' THEN g.amount / 20 ELSE g.amount END, 'FM999,999,990.00') END
               WHEN g.def = 'collection_rate' THEN (90 + g.h % 100 / 10.0)::text || '%'
               WHEN g.def = 'treatment_acceptance_rate' THEN (0.5 + (g.h % 40) / 100.0)::text
               WHEN g.def = 'active_patients' THEN (1500 + g.h % 1500)::text
               WHEN g.def = 'scheduled_appointments' THEN (8 + g.h % 12)::text
               WHEN g.def = 'completed_appointments' THEN (6 + g.h % 10)::text
               WHEN g.def IN ('no_show_appointments', 'cancelled_appointments') THEN (g.h % 4)::text
               WHEN g.def = 'new_patients' THEN (g.h % 6)::text
               WHEN g.def = 'total_calls' THEN CASE WHEN g.h % 50 = 0 THEN '1,' || lpad((g.h % 1000)::text, 3, '0') ELSE (25 + g.h % 40)::text END
               WHEN g.def = 'answered_calls' THEN (20 + g.h % 30)::text
               ELSE '0'
             END,
             'spreadsheet', 'Daily tracker', NULL,
             'md' || substr(md5('definition:' || g.def), 1, 23),
             CASE WHEN g.provider IS NOT NULL AND g.h % 97 = 0 THEN NULL ELSE g.clinic END,
             g.provider,
             'ds' || substr(md5('source:' || g.ci || ':' || CASE WHEN g.def IN ('daily_production', 'adjustments') THEN 1 WHEN g.def IN ('daily_collection', 'collection_rate') THEN 2 ELSE 3 END), 1, 23),
             g.day + interval '20 hours', g.day + interval '20 hours'
        FROM (
          SELECT x.i, x.ci, ${clinicId("x.ci")} AS clinic, timestamp '2019-01-01' + x.d * interval '1 day' AS day,
                 CASE WHEN x.slot < ${providerDefs.length * providersPerClinic}
                      THEN (ARRAY[${providerDefs.map(lit).join(",")}])[1 + x.slot % ${providerDefs.length}]
                      ELSE (ARRAY[${clinicDefs.map(lit).join(",")}])[1 + x.slot - ${providerDefs.length * providersPerClinic}] END AS def,
                 CASE WHEN x.slot < ${providerDefs.length * providersPerClinic}
                      THEN ${providerId("x.ci", `(1 + x.slot / ${providerDefs.length})`)} END AS provider,
                 x.h, (500 + x.h % 450000 / 100.0)::numeric(12,2) AS amount
            FROM (
              SELECT i, 1 + ((i - 1) / ${slots}) % ${clinicCount} AS ci, (i - 1) / ${slots * clinicCount} AS d, (i - 1) % ${slots} AS slot,
                     ${rnd("i::text")} AS h
                FROM generate_series(1, ${gridRows}) i
            ) x
        ) g`);
    // Duplicates: the same value re-imported on the same day (merged by the migration).
    await q(`
      INSERT INTO metric_values (id, date, value, source_type, metric_definition_id, clinic_id, provider_id, data_source_id, created_at, updated_at)
      SELECT 'mvdup' || substr(id, 6), date, value, source_type, metric_definition_id, clinic_id, provider_id, data_source_id, created_at + interval '1 hour', updated_at + interval '1 hour'
        FROM metric_values WHERE id IN (SELECT id FROM metric_values ORDER BY id LIMIT ${duplicates})`);
  }

  // Goals: each clinic's monthly production goal for 2024 (repeats: becomes a template), a
  // quarterly collection goal, a monthly new-patient goal for the first provider, a collection-rate
  // goal; one global goal without a clinic.
  await q(`
    INSERT INTO goals (id, time_period, start_date, end_date, target_value, metric_definition_id, clinic_id, provider_id, created_at, updated_at)
    SELECT 'go' || substr(md5('goal:' || i || ':' || k.kind || ':' || k.m), 1, 23), k.period, k.start, k.finish, k.target,
           'md' || substr(md5('definition:' || k.def), 1, 23), ${clinicId("i")}, CASE WHEN k.per_provider THEN ${providerId("i", "1")} END,
           timestamp '2023-12-15', timestamp '2023-12-15'
      FROM generate_series(1, ${clinicCount}) i
      CROSS JOIN LATERAL (
        SELECT 'prod' AS kind, m, 'monthly' AS period, make_timestamp(2024, m, 1, 0, 0, 0) AS start,
               make_timestamp(2024, m, 1, 0, 0, 0) + interval '1 month' - interval '1 day' AS finish,
               to_char(80000 + i * 5000 + m * 1000, 'FM$999,999,990.00') AS target, 'daily_production' AS def, false AS per_provider
          FROM generate_series(1, 12) m
        UNION ALL
        SELECT 'coll', q, 'quarterly', make_timestamp(2024, q * 3 - 2, 1, 0, 0, 0), make_timestamp(2024, q * 3 - 2, 1, 0, 0, 0) + interval '3 months' - interval '1 day',
               (240000 + i * 1000)::text, 'daily_collection', false
          FROM generate_series(1, 4) q
        UNION ALL
        SELECT 'np', m, 'monthly', make_timestamp(2024, m, 1, 0, 0, 0), make_timestamp(2024, m, 1, 0, 0, 0) + interval '1 month' - interval '1 day', '25', 'new_patients', true
          FROM generate_series(1, 3) m
        UNION ALL
        SELECT 'rate', 1, 'annual', timestamp '2024-01-01', timestamp '2024-12-31', '98%', 'collection_rate', false
      ) k`);
  await q(`INSERT INTO goals (id, time_period, start_date, end_date, target_value, metric_definition_id, clinic_id, provider_id, created_at, updated_at)
           VALUES ('go_global_0000000000000001', 'annual', '2024-01-01', '2024-12-31', '$1,000,000.00', 'md' || substr(md5('definition:daily_production'), 1, 23), NULL, NULL, '2023-12-15', '2023-12-15')`);

  // Dashboards and widgets of the legacy UI.
  await q(`
    INSERT INTO dashboards (id, name, is_default, layout_config, user_id, created_at, updated_at)
    SELECT 'db' || substr(md5('dashboard:' || u.id), 1, 23), 'My dashboard', true, '{"gridCols":{"lg":4},"rowHeight":200}', u.id, u.created_at, u.created_at
      FROM users u WHERE u.role IN ('admin', 'office_manager')`);
  await q(`
    INSERT INTO widgets (id, widget_type, chart_type, position_x, position_y, width, height, dashboard_id, metric_definition_id, created_at, updated_at)
    SELECT 'wi' || substr(md5('widget:' || d.id || ':' || n), 1, 23), CASE n WHEN 1 THEN 'chart' ELSE 'counter' END, CASE n WHEN 1 THEN 'line' END,
           (n - 1) * 2, 0, 2, 1, d.id, 'md' || substr(md5('definition:' || CASE n WHEN 1 THEN 'daily_production' ELSE 'new_patients' END), 1, 23),
           d.created_at, d.created_at
      FROM dashboards d CROSS JOIN generate_series(1, 2) n`);

  const bad = { nonNumeric: [] as string[], orphanValue: [] as string[], crossClinicProvider: [] as string[], orphanMembership: [] as string[] };
  const firstClinic = `(${clinicId("1")})`;
  if (corrupt.nonNumeric) {
    const rows = [
      ["mv_bad_text_00000000000001", "N/A", "daily_production"],
      ["mv_bad_text_00000000000002", "12,3a4", "daily_collection"],
      ["mv_bad_text_00000000000003", "$1.234", "daily_production"],
      ["mv_bad_text_00000000000004", "-3", "new_patients"],
    ];
    for (const [id, value, def] of rows) {
      await q(`INSERT INTO metric_values (id, date, value, metric_definition_id, clinic_id, created_at, updated_at)
               VALUES (${lit(id!)}, '2019-01-02', ${lit(value!)}, 'md' || substr(md5('definition:' || ${lit(def!)}), 1, 23), ${firstClinic}, '2019-01-02', '2019-01-02')`);
      bad.nonNumeric.push(id!);
    }
  }
  if (corrupt.orphanValue) {
    await q(`INSERT INTO metric_values (id, date, value, metric_definition_id, clinic_id, provider_id, data_source_id, created_at, updated_at)
             VALUES ('mv_bad_orphan_000000000001', '2019-01-03', '$9,999.00', 'md' || substr(md5('definition:daily_production'), 1, 23), NULL, NULL, NULL, '2019-01-03', '2019-01-03')`);
    bad.orphanValue.push("mv_bad_orphan_000000000001");
  }
  if (corrupt.crossClinicProvider && clinicCount > 1) {
    await q(`INSERT INTO metric_values (id, date, value, metric_definition_id, clinic_id, provider_id, created_at, updated_at)
             VALUES ('mv_bad_cross_0000000000001', '2019-01-04', '$777.00', 'md' || substr(md5('definition:daily_production'), 1, 23), ${firstClinic}, ${providerId("2", "1")}, '2019-01-04', '2019-01-04')`);
    bad.crossClinicProvider.push("mv_bad_cross_0000000000001");
  }
  if (corrupt.orphanMembership) {
    const exists = await db.query(`SELECT to_regclass('user_clinic_roles') IS NOT NULL AS ok`);
    if (exists.rows[0]?.ok) {
      const fk = await db.query(`SELECT 1 FROM pg_constraint WHERE conname = 'user_clinic_roles_user_id_fkey'`);
      if (fk.rowCount === 0) {
        await q(`INSERT INTO user_clinic_roles (id, user_id, clinic_id, role) VALUES ('ucr_orphan_0000000000001', 'us_deleted_user_000000001', ${firstClinic}, 'staff')`);
        bad.orphanMembership.push("ucr_orphan_0000000000001");
      }
    }
  }

  const count = async (sql: string) => Number((await db.query(sql)).rows[0]?.n ?? 0);
  return {
    clinics: (await db.query(`SELECT id FROM clinics WHERE clinic_code LIKE 'LEGACY_CLINIC_%' ORDER BY id`)).rows.map((r: { id: string }) => r.id),
    users: await count(`SELECT count(*) AS n FROM users`),
    usersWithoutClinic: ["us_without_clinic_0000000001"],
    providers: await count(`SELECT count(*) AS n FROM providers`),
    metricValues: await count(`SELECT count(*) AS n FROM metric_values`),
    goals: await count(`SELECT count(*) AS n FROM goals`),
    corrupt: bad,
  };
}
