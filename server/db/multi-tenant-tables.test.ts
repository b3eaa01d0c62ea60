import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { rollbackPhase } from "./migrations/phases.ts";

/** The Phase-1 suite the migration summary promised, run for real against a migrated database. */
const PHASE_1_TABLES = [
  "user_clinic_roles",
  "goal_templates",
  "financial_metrics",
  "appointment_metrics",
  "call_metrics",
  "patient_metrics",
  "metric_aggregations",
  "google_credentials",
  "spreadsheet_connections",
  "column_mappings_v2",
];

describe("Phase 1 multi-tenant tables", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    // This suite checks the tables as Phase 1 left them (no foreign keys yet, so any ids): undo the
    // later phases first. Phase 3's keys and policies are tested in server/migration/*.test.ts.
    for (const phase of [4, 3, 2]) await rollbackPhase(t.url, phase);
  });
  afterAll(async () => t?.close());

  const sql = (text: string, params: unknown[] = []) => t.pool.query(text, params);
  const columnType = async (table: string, column: string) =>
    (await sql(`SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = $1::regclass AND attname = $2`, [table, column])).rows[0]?.t;

  it("creates all ten tables, and no foreign keys yet", async () => {
    const { rows } = await sql(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`);
    const names = rows.map((r) => r.tablename);
    for (const table of PHASE_1_TABLES) expect(names).toContain(table);
    const fks = await sql(`SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY($1)`, [PHASE_1_TABLES]);
    expect(fks.rows).toEqual([]);
  });

  it("uses the agreed column types and precisions", async () => {
    expect(await columnType("financial_metrics", "amount")).toBe("numeric(12,2)");
    expect(await columnType("financial_metrics", "date")).toBe("date");
    expect(await columnType("appointment_metrics", "production_amount")).toBe("numeric(12,2)");
    // One row per clinic (and provider), grain and period; five columns per base measure (20261127090000).
    for (const c of ["gross_production", "gross_production_min", "gross_production_max", "gross_production_avg", "patients_active"]) expect(await columnType("metric_aggregations", c)).toBe("numeric(20,4)");
    expect(await columnType("metric_aggregations", "gross_production_count")).toBe("integer");
    expect(await columnType("column_mappings_v2", "mapping_config")).toBe("jsonb");
    expect(await columnType("goal_templates", "target_rule")).toBe("jsonb");
    expect(await columnType("google_credentials", "scope")).toBe("text[]");
    expect(await columnType("spreadsheet_connections", "sheet_names")).toBe("text[]");
    expect(await columnType("user_clinic_roles", "id")).toBe("text");
  });

  it("has clinic-first indexes for clinic-scoped queries", async () => {
    const { rows } = await sql(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY($1)`, [PHASE_1_TABLES]);
    const defs = rows.map((r) => r.indexdef as string);
    for (const table of ["financial_metrics", "appointment_metrics", "call_metrics", "patient_metrics"]) {
      expect(defs.some((d) => d.includes(`ON public.${table} USING btree (clinic_id, date)`))).toBe(true);
    }
    // One key serves both the engine's upsert and the dashboard read (20261126100000_aggregations_read_order).
    expect(defs.some((d) => d.includes("metric_aggregations USING btree (clinic_id, aggregation_type, period_start, provider_id)"))).toBe(true);
    expect(rows.find((r) => r.indexname === "metric_aggregations_natural_key")?.indexdef).toMatch(/NULLS NOT DISTINCT/);
  });

  it("rounds money to cents and rejects amounts that do not fit", async () => {
    await sql(`INSERT INTO financial_metrics (id, clinic_id, date, metric_type, amount) VALUES ('fm-round', 'c1', '2024-01-02', 'production', 1234.565)`);
    expect((await sql(`SELECT amount::text AS a FROM financial_metrics WHERE id = 'fm-round'`)).rows[0].a).toBe("1234.57");
    await expect(sql(`INSERT INTO financial_metrics (id, clinic_id, date, metric_type, amount) VALUES ('fm-big', 'c1', '2024-01-02', 'collection', 10000000000)`)).rejects.toThrow(/numeric field overflow/);
  });

  const duplicateCases: { name: string; insert: string; values: unknown[][] }[] = [
    { name: "user_clinic_roles (user, clinic)", insert: `INSERT INTO user_clinic_roles (id, user_id, clinic_id, role) VALUES ($1, 'u', 'c', 'staff')`, values: [["ucr1"], ["ucr2"]] },
    { name: "financial_metrics natural key with NULL provider and category", insert: `INSERT INTO financial_metrics (id, clinic_id, date, metric_type, amount) VALUES ($1, 'c', '2024-02-01', 'production', 1)`, values: [["f1"], ["f2"]] },
    { name: "appointment_metrics natural key with NULL provider", insert: `INSERT INTO appointment_metrics (id, clinic_id, date) VALUES ($1, 'c', '2024-02-01')`, values: [["a1"], ["a2"]] },
    { name: "call_metrics natural key with NULL staff member", insert: `INSERT INTO call_metrics (id, clinic_id, date) VALUES ($1, 'c', '2024-02-01')`, values: [["k1"], ["k2"]] },
    { name: "patient_metrics natural key with NULL provider", insert: `INSERT INTO patient_metrics (id, clinic_id, date) VALUES ($1, 'c', '2024-02-01')`, values: [["p1"], ["p2"]] },
    { name: "metric_aggregations natural key with NULL provider", insert: `INSERT INTO metric_aggregations (id, clinic_id, aggregation_type, period_start, period_end, collections, collections_count) VALUES ($1, 'c', 'month', '2024-02-01', '2024-02-29', 1, 1)`, values: [["m1"], ["m2"]] },
    { name: "google_credentials (clinic, user)", insert: `INSERT INTO google_credentials (id, clinic_id, user_id, access_token, key_id) VALUES ($1, 'c', 'u', 'x', 'k1')`, values: [["g1"], ["g2"]] },
    { name: "spreadsheet_connections (clinic, spreadsheet)", insert: `INSERT INTO spreadsheet_connections (id, clinic_id, credential_id, spreadsheet_id, spreadsheet_name) VALUES ($1, 'c', 'g', 's', 'Sheet')`, values: [["s1"], ["s2"]] },
    { name: "column_mappings_v2 (connection, version)", insert: `INSERT INTO column_mappings_v2 (id, clinic_id, connection_id, sheet_name, mapping_config) VALUES ($1, 'c', 's1', 'Jan-24', '{}')`, values: [["cm1"], ["cm2"]] },
  ];
  for (const c of duplicateCases) {
    it(`enforces the unique key on ${c.name}`, async () => {
      await sql(c.insert, c.values[0]);
      await expect(sql(c.insert, c.values[1])).rejects.toThrow(/duplicate key value violates unique constraint/);
    });
  }

  it("allows the same natural key for different providers", async () => {
    await sql(`INSERT INTO financial_metrics (id, clinic_id, date, provider_id, metric_type, amount) VALUES ('fp1', 'c', '2024-03-01', 'p1', 'production', 1), ('fp2', 'c', '2024-03-01', 'p2', 'production', 1), ('fp3', 'c', '2024-03-01', NULL, 'production', 1)`);
    expect((await sql(`SELECT count(*)::int AS n FROM financial_metrics WHERE date = '2024-03-01'`)).rows[0].n).toBe(3);
  });

  it("supports create, read, update and delete on every table through Prisma", async () => {
    const db = t.db;
    const date = new Date("2024-04-01T00:00:00Z");
    const cases = [
      { model: db.userClinicRole, create: { userId: "u-crud", clinicId: "c-crud", role: "viewer" }, update: { role: "manager" }, check: (r: any) => r.role === "manager" },
      { model: db.goalTemplate, create: { name: "Net production +5%", category: "financial", kpiKey: "net_production", periodType: "month", targetRule: { type: "vs_last_year", changePct: 5 } }, update: { targetRule: { type: "fixed", value: 90000 } }, check: (r: any) => r.targetRule.value === 90000 },
      { model: db.financialMetric, create: { clinicId: "c-crud", date, metricType: "collection", amount: "1234.56" }, update: { amount: "99.10" }, check: (r: any) => r.amount.toString() === "99.1" },
      { model: db.appointmentMetric, create: { clinicId: "c-crud", date, scheduledCount: 20, completedCount: 18 }, update: { noShowCount: 2 }, check: (r: any) => r.noShowCount === 2 && r.appointmentType === "all" },
      { model: db.callMetric, create: { clinicId: "c-crud", date, totalCalls: 50, answeredCalls: 45 }, update: { appointmentsBooked: 12 }, check: (r: any) => r.appointmentsBooked === 12 },
      { model: db.patientMetric, create: { clinicId: "c-crud", date, activePatients: 2400, newPatients: 3 }, update: { lostPatients: 1 }, check: (r: any) => r.lostPatients === 1 && r.activePatients === 2400 },
      { model: db.metricAggregation, create: { clinicId: "c-crud", aggregationType: "day", periodStart: date, periodEnd: date, grossProduction: "12345.6789", grossProductionCount: 1 }, update: { grossProduction: "1.5" }, check: (r: any) => r.grossProduction.toString() === "1.5" && r.collections === null },
      { model: db.googleCredential, create: { clinicId: "c-crud", userId: "u-crud", accessToken: "v1:k1:ciphertext", keyId: "k1", scope: ["https://www.googleapis.com/auth/drive.file"] }, update: { status: "needs_reauth" }, check: (r: any) => r.status === "needs_reauth" && r.scope.length === 1 },
      { model: db.spreadsheetConnection, create: { clinicId: "c-crud", credentialId: "g", spreadsheetId: "sheet-1", spreadsheetName: "KPIs", sheetNames: ["Jan-24", "Feb-24"] }, update: { syncStatus: "paused" }, check: (r: any) => r.syncStatus === "paused" && r.sheetNames[1] === "Feb-24" },
      { model: db.columnMappingV2, create: { clinicId: "c-crud", connectionId: "conn-crud", sheetName: "Jan-24", mappingConfig: { mappings: [{ source_column: "Production", target_field: "gross_production", transform: "currency" }] } }, update: { isActive: false }, check: (r: any) => r.isActive === false && r.mappingConfig.mappings[0].transform === "currency" },
    ];
    for (const c of cases) {
      const model = c.model as any;
      const created = await model.create({ data: c.create });
      expect(created.id).toMatch(/^c[a-z0-9]{20,}$/);
      expect(await model.findUnique({ where: { id: created.id } })).not.toBeNull();
      const updated = await model.update({ where: { id: created.id }, data: c.update });
      expect(c.check(updated)).toBe(true);
      expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
      await model.delete({ where: { id: created.id } });
      expect(await model.findUnique({ where: { id: created.id } })).toBeNull();
    }
  });
});
