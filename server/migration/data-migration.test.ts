import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../db/migrations/migration-runner.ts";
import { rollbackPhase } from "../db/migrations/phases.ts";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { InterruptedForTest, runDataMigration } from "./data-migration.ts";
import { snapshotDatabase, VOLATILE_COLUMNS } from "./db-snapshot.ts";
import { loadLegacyFixture, type LegacyFixtureSummary } from "./legacy-fixture.ts";
import { migrateUpTo } from "./migrate-to.ts";
import type { MigrationReport } from "./report.ts";

/** Runs `npm run db:migrate-data -- …` against the test database; resolves with the exit code. */
function cli(url: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "server/migration/cli.ts", ...args],
      { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "warn" }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function legacyDatabase(opts: Parameters<typeof loadLegacyFixture>[1]): Promise<{ t: TestDatabase; client: pg.Client; fixture: LegacyFixtureSummary }> {
  const t = await createTestDatabase({ migrated: false });
  await migrateUpTo(t.url, { beforePhase: 2 });
  const client = new pg.Client({ connectionString: t.url });
  await client.connect();
  const fixture = await loadLegacyFixture(client, opts);
  return { t, client, fixture };
}

describe("the data migration on the legacy fixture", () => {
  let t: TestDatabase;
  let client: pg.Client;
  let fixture: LegacyFixtureSummary;
  let report: MigrationReport;
  const snap = () => snapshotDatabase(client, { exclude: VOLATILE_COLUMNS });
  const one = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows[0] as T;

  let synced: { clinic_id: string; date: string; provider_id: string; legacy_ids: string[] };

  beforeAll(async () => {
    ({ t, client, fixture } = await legacyDatabase({ metricValues: 4_000, clinics: 3, seed: 3 }));
    await migrate(t.url);
    // A sheet sync of the new system already wrote one day's production for one provider.
    const { rows } = await client.query(
      `SELECT v.clinic_id, to_char(v.date, 'YYYY-MM-DD') AS date, v.provider_id, array_agg(v.id) AS legacy_ids
         FROM metric_values v JOIN metric_definitions d ON d.id = v.metric_definition_id
        WHERE d.name = 'daily_production' AND v.clinic_id IS NOT NULL AND v.provider_id IS NOT NULL
        GROUP BY 1, 2, 3 ORDER BY 2 DESC, 1, 3 LIMIT 1`,
    );
    synced = rows[0];
    await client.query(
      `INSERT INTO financial_metrics (id, clinic_id, date, provider_id, metric_type, amount, source_reference) VALUES ('from_sync', $1, $2, $3, 'production', 4242.42, 'sheet:Jan!B7')`,
      [synced.clinic_id, synced.date, synced.provider_id],
    );
  });
  afterAll(async () => {
    await client?.end().catch(() => {});
    await t?.close();
  });

  it("a dry run reports what would happen and writes nothing", async () => {
    const before = await snap();
    const dry = await runDataMigration(client, { dryRun: true });
    expect(dry.ok).toBe(true);
    expect(dry.report.dryRun).toBe(true);
    expect(dry.report.tables.metric_values).toBeDefined();
    expect(await snap()).toEqual(before);
  });

  it("migrates, and every check of the report passes", async () => {
    const result = await runDataMigration(client);
    report = result.report;
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual([
      "row_counts", "money_totals", "count_totals", "no_orphans", "same_clinic", "tenant_rows_have_clinic",
      "users_have_roles", "ids_mapped_once", "sessions_user_uuid", "clinics_have_owner", "no_data_errors",
    ]);
    expect(report.checks.every((c) => !c.skipped)).toBe(true);
    // Per table and clinic: read = migrated + skipped, with reasons.
    const users = report.tables.users!;
    expect(users[""]).toMatchObject({ read: 1, migrated: 0, skipped: { user_without_clinic: 1 } });
    for (const clinic of fixture.clinics) expect(users[clinic]).toMatchObject({ read: 6, migrated: 6 });
    expect(Object.values(report.tables.metric_values!).reduce((a, c) => a + c.read, 0)).toBe(fixture.metricValues);
  });

  it("never overwrites data a sheet sync already wrote: the legacy value is skipped and reported", async () => {
    expect(await one(`SELECT amount::text, source_reference FROM financial_metrics WHERE clinic_id = $1 AND date = $2 AND provider_id = $3 AND metric_type = 'production'`, [synced.clinic_id, synced.date, synced.provider_id])).toEqual({
      amount: "4242.42",
      source_reference: "sheet:Jan!B7",
    });
    const issue = report.issues.find((i) => i.code === "already_in_target")!;
    expect(issue.severity).toBe("info");
    expect(issue.examples.map((e) => e.sourceId).sort()).toEqual([...synced.legacy_ids].sort());
  });

  it("maps legacy roles to memberships and reports the user without a clinic", async () => {
    const { rows } = await client.query(`SELECT u.role AS legacy, r.role, count(*)::int AS n FROM users u JOIN user_clinic_roles r ON r.user_id = u.id GROUP BY 1, 2 ORDER BY 1`);
    expect(rows).toEqual([
      { legacy: "admin", role: "owner", n: 3 },
      { legacy: "dentist", role: "provider", n: 6 },
      { legacy: "front_desk", role: "staff", n: 6 },
      { legacy: "office_manager", role: "admin", n: 3 },
    ]);
    const issue = report.issues.find((i) => i.code === "user_without_clinic")!;
    expect(issue.examples.map((e) => e.sourceId)).toEqual(fixture.usersWithoutClinic);
  });

  it("reads money texts with the sheet parsers: symbols, separators, accounting negatives, duplicates added up", async () => {
    // The legacy total of one clinic's production, computed independently in JavaScript.
    const clinic = fixture.clinics.find((c) => c !== synced.clinic_id)!;
    const { rows } = await client.query(
      `SELECT v.value FROM metric_values v JOIN metric_definitions d ON d.id = v.metric_definition_id LEFT JOIN providers p ON p.id = v.provider_id
        WHERE d.name = 'daily_production' AND coalesce(v.clinic_id, p.clinic_id) = $1`,
      [clinic],
    );
    const cents = rows.reduce((sum, r) => sum + Math.round(Number(String(r.value).replace(/[$,\s]/g, "")) * 100), 0);
    const migrated = await one<{ total: string }>(`SELECT sum(amount)::text AS total FROM financial_metrics WHERE clinic_id = $1 AND metric_type = 'production'`, [clinic]);
    expect(Math.round(Number(migrated.total) * 100)).toBe(cents);
    // Adjustments are stored as magnitudes: "(12.00)" became 12.00.
    expect((await one<{ n: number }>(`SELECT count(*)::int AS n FROM financial_metrics WHERE metric_type = 'adjustment' AND amount < 0`)).n).toBe(0);
    const notes = report.steps.filter((s) => s.step.startsWith("metric_values:")).map((s) => s.notes);
    expect(notes.reduce((a, n) => a + (n.signNormalised ?? 0), 0)).toBeGreaterThan(0);
    expect(notes.reduce((a, n) => a + (n.duplicatesMerged ?? 0), 0)).toBeGreaterThan(0);
    expect(notes.reduce((a, n) => a + (n.clinicFromProviderOrDataSource ?? 0), 0)).toBeGreaterThan(0);
    // Rates are not stored; their goals move.
    expect(report.tables.metric_values![clinic]!.skipped.derived_metric).toBeGreaterThan(0);
  });

  it("pivots counts into one row per clinic, day and provider", async () => {
    const dup = await one<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT clinic_id, date, provider_id FROM appointment_metrics GROUP BY 1, 2, 3 HAVING count(*) > 1) d`);
    expect(dup.n).toBe(0);
    const row = await one<{ scheduled_count: number; completed_count: number }>(`SELECT scheduled_count, completed_count FROM appointment_metrics WHERE provider_id IS NOT NULL ORDER BY date, provider_id LIMIT 1`);
    expect(row.scheduled_count).toBeGreaterThanOrEqual(8);
    expect((await one<{ n: number }>(`SELECT count(*)::int AS n FROM patient_metrics WHERE active_patients IS NOT NULL`)).n).toBeGreaterThan(0);
  });

  it("moves v1 mappings into one column_mappings_v2 version per data source, duplicates collapsed and reported", async () => {
    const maps = await client.query(`SELECT connection_id, version, mapping_config FROM column_mappings_v2 ORDER BY connection_id, version`);
    expect(maps.rowCount).toBe(fixture.clinics.length * 3);
    const production = maps.rows.map((r) => r.mapping_config).find((c) => c.tabs.names[0] === "Production 2024");
    expect(production.columns.map((c: { header: string; field: string }) => [c.header, c.field])).toEqual([
      ["Production", "gross_production"],
      ["Adjustments", "adjustments"],
    ]);
    // Two data sources on one spreadsheet share a connection, as versions 1 and 2.
    const versions: Record<string, number[]> = {};
    for (const r of maps.rows) (versions[r.connection_id] ??= []).push(r.version);
    expect(Object.values(versions).filter((v) => v.length === 2)).toHaveLength(fixture.clinics.length);
    expect(report.issues.find((i) => i.code === "duplicate_mapping")!.count).toBe(fixture.clinics.length * 2);
    expect(report.issues.find((i) => i.code === "metric_mapped_twice")!.count).toBe(fixture.clinics.length);
    const conn = await one<{ sync_status: string; credential_id: string }>(`SELECT sync_status, credential_id FROM spreadsheet_connections LIMIT 1`);
    expect(conn.sync_status).toBe("paused");
    expect(conn.credential_id).toMatch(/^legacy:/);
  });

  it("moves legacy goals to clinic goals, with a template where a goal repeats, and the global goal as a template", async () => {
    const goals = await one<{ n: number; templated: number }>(`SELECT count(*)::int AS n, count(template_id)::int AS templated FROM clinic_goals`);
    expect(goals.n).toBe(fixture.goals - 1);
    expect(goals.templated).toBeGreaterThan(0);
    const rate = await one<{ target_value: string; kpi_key: string }>(`SELECT target_value::text, kpi_key FROM clinic_goals WHERE kpi_key = 'collection_rate' LIMIT 1`);
    expect(Number(rate.target_value)).toBe(98);
    const global = await one<{ clinic_id: string | null; target_rule: { value: number } }>(`SELECT clinic_id, target_rule FROM goal_templates WHERE name LIKE '%every clinic%'`);
    expect(global).toEqual({ clinic_id: null, target_rule: { type: "fixed", value: 1000000 } });
  });

  it("a second run changes nothing", async () => {
    const before = await snap();
    const again = await runDataMigration(client);
    expect(again.report.stepsRunNow).toEqual([]);
    expect(again.ok).toBe(true);
    expect(await snap()).toEqual(before);
  });

  it("an interrupted run, resumed, ends identical to an uninterrupted one", async () => {
    const uninterrupted = await snap();
    // Back to the state before phase 4, as docs/migration/rollback.md does it (roll-ups rebuilt).
    await rollbackPhase(t.url, 4);
    await runDataMigration(client, { rebuildAggregationsOnly: true });
    // Only the sheet-synced row is left to roll up.
    expect((await one<{ n: number }>(`SELECT count(DISTINCT clinic_id)::int AS n FROM metric_aggregations`)).n).toBe(1);
    await migrate(t.url);
    const secondClinicStep = `metric_values:${[...fixture.clinics].sort()[1]}`;
    await expect(runDataMigration(client, { interruptAfter: secondClinicStep })).rejects.toBeInstanceOf(InterruptedForTest);
    const partial = await client.query(`SELECT step FROM data_migration_steps ORDER BY step`);
    expect(partial.rows.map((r) => r.step)).not.toContain(secondClinicStep);
    expect(partial.rows.length).toBeGreaterThan(2);
    const resumed = await runDataMigration(client);
    expect(resumed.ok).toBe(true);
    expect(resumed.report.stepsRunNow[0]).toBe(secondClinicStep);
    const after = await snap();
    expect(after.schema).toEqual(uninterrupted.schema);
    expect(after.tables).toEqual(uninterrupted.tables);
  });
});

describe("the data migration on a corrupted legacy database", () => {
  let t: TestDatabase;
  let client: pg.Client;
  let fixture: LegacyFixtureSummary;
  let reportDir: string;

  beforeAll(async () => {
    ({ t, client, fixture } = await legacyDatabase({ metricValues: 1_500, clinics: 2, seed: 5, corrupt: true }));
    reportDir = mkdtempSync(path.join(tmpdir(), "migration-report-"));
  });
  afterAll(async () => {
    await client?.end().catch(() => {});
    await t?.close();
  });

  it("phase 3 refuses an orphan with the table and count; --validate-only lists it, --delete-orphans removes it", async () => {
    expect(fixture.corrupt.orphanMembership).toHaveLength(1);
    await expect(migrate(t.url)).rejects.toThrow(/Phase 3 cannot add its foreign keys: orphaned rows found:\s+user_clinic_roles\.user_id: 1 row\(s\) point at a missing users row/);
    const validate = await cli(t.url, ["--validate-only", "--report-dir", reportDir]);
    expect(validate.code, validate.stderr).toBe(1);
    expect(validate.stdout).toMatch(/FAIL No orphans: .*user_clinic_roles\.user_id → users: 1 row/);
    const fix = await cli(t.url, ["--delete-orphans", "--report-dir", reportDir]);
    expect(fix.code, fix.stderr + fix.stdout).toBe(0);
    const json = JSON.parse(readFileSync(path.join(reportDir, "data-migration-report.json"), "utf8")) as MigrationReport;
    expect(json.removedOrphans[0]!.rows.map((r) => r.id)).toEqual(fixture.corrupt.orphanMembership);
    await migrate(t.url);
  });

  it("reports non-numeric values and rows without or across clinics, migrates none of them, and exits non-zero", async () => {
    const run = await cli(t.url, ["--report-dir", reportDir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/1 check\(s\) failed \(no_data_errors\)/);
    const markdown = readFileSync(path.join(reportDir, "data-migration-report.md"), "utf8");
    expect(markdown).toMatch(/\*\*Result: FAILED\*\*/);
    const json = JSON.parse(readFileSync(path.join(reportDir, "data-migration-report.json"), "utf8")) as MigrationReport;
    const ids = (code: string) => json.issues.find((i) => i.code === code)?.examples.map((e) => e.sourceId).sort();
    expect(ids("invalid_value")).toEqual([...fixture.corrupt.nonNumeric].sort());
    expect(ids("no_clinic")).toEqual(fixture.corrupt.orphanValue);
    expect(ids("provider_in_other_clinic")).toEqual(fixture.corrupt.crossClinicProvider);
    expect(json.issues.find((i) => i.code === "invalid_value")!.examples.map((e) => e.rawValue).sort()).toEqual(["$1.234", "-3", "12,3a4", "N/A"]);
    // Everything else passed: the bad rows are accounted for, and nothing of them was migrated.
    expect(json.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(["no_data_errors"]);
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM financial_metrics WHERE amount IN (9999, 777)`);
    expect(rows[0].n).toBe(0);
    const accepted = await cli(t.url, ["--accept-skipped", "--report-dir", reportDir]);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stdout).toMatch(/ok {3}No legacy rows skipped for data errors.*accepted with --accept-skipped/);
  });

  it("the documented commands: a dry run, the phase-4 rollback and the roll-up rebuild", async () => {
    const dry = await cli(t.url, ["--dry-run", "--accept-skipped", "--report-dir", reportDir]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/Dry run passed: nothing was written/);
    const rollback = await new Promise<number>((resolve) =>
      execFile(process.execPath, ["--import", "tsx", "server/db/cli/rollback.ts", "--phase", "4"], { env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: "warn" } }, (e) =>
        resolve(e ? Number((e as { code?: number }).code ?? 1) : 0),
      ),
    );
    expect(rollback).toBe(0);
    expect((await client.query(`SELECT count(*)::int AS n FROM financial_metrics`)).rows[0].n).toBe(0);
    expect((await client.query(`SELECT count(*)::int AS n FROM metric_aggregations`)).rows[0].n).toBeGreaterThan(0);
    const rebuild = await cli(t.url, ["--rebuild-aggregations", "--report-dir", reportDir]);
    expect(rebuild.code, rebuild.stderr).toBe(0);
    expect((await client.query(`SELECT count(*)::int AS n FROM metric_aggregations`)).rows[0].n).toBe(0);
  });
});
