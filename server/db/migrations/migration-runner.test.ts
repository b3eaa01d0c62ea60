import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { checksumOf, readMigrationFiles } from "./migration-files.ts";
import { MigrationError, migrate, migrationStatus } from "./migration-runner.ts";
import { PHASES, phaseMigrations, rollbackPhase } from "./phases.ts";

function copyMigrations(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
  cpSync("prisma/migrations", dir, { recursive: true });
  return dir;
}

async function tableNames(t: TestDatabase): Promise<string[]> {
  const { rows } = await t.pool.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`);
  return rows.map((r) => r.tablename);
}

/**
 * Every row of every legacy table, as text, for byte-for-byte comparison. Phase 2's uuid_id column
 * is left out: rows inserted after it got random UUIDs, and a re-applied phase 2 gives every row its
 * name-based one (server/migration/phases.test.ts covers that case).
 */
async function snapshotLegacy(t: TestDatabase): Promise<Record<string, string>> {
  const legacy = ["clinics", "users", "providers", "locations", "metric_definitions", "data_sources", "column_mappings", "metric_values", "goals", "dashboards", "widgets"];
  const out: Record<string, string> = {};
  for (const table of legacy) {
    const { rows } = await t.pool.query(`SELECT md5(coalesce(string_agg((to_jsonb(x) - 'uuid_id')::text, '|' ORDER BY (to_jsonb(x) - 'uuid_id')::text), '')) AS h, count(*) AS n FROM "${table}" x`);
    out[table] = `${rows[0].n}:${rows[0].h}`;
  }
  return out;
}

describe("migration runner", () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase({ migrated: false });
  });
  afterEach(async () => t?.close());

  it("applies migrations in name order and records them as Prisma does", async () => {
    const applied = await migrate(t.url);
    const files = readMigrationFiles();
    expect(applied).toEqual(files.map((f) => f.name));
    expect(applied[0]).toMatch(/_legacy_baseline$/);
    const { rows } = await t.pool.query(`SELECT id, migration_name, checksum, finished_at, started_at, applied_steps_count, logs, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at, migration_name`);
    expect(rows.map((r) => r.migration_name)).toEqual(applied);
    for (const [i, row] of rows.entries()) {
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.checksum).toBe(checksumOf(readFileSync(`prisma/migrations/${row.migration_name}/migration.sql`)));
      expect(row.checksum).toBe(files[i]!.checksum);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(row.rolled_back_at).toBeNull();
    }
  });

  it("is idempotent: a second run applies nothing and changes nothing", async () => {
    await migrate(t.url);
    const before = await t.pool.query(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(await migrate(t.url)).toEqual([]);
    const after = await t.pool.query(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(after.rows).toEqual(before.rows);
    expect((await migrationStatus(t.url)).pending).toEqual([]);
  });

  it("refuses to run when an applied migration was edited afterwards", async () => {
    const dir = copyMigrations();
    await migrate(t.url, { dir });
    const file = path.join(dir, "20250524004250_add_multi_tenant_tables/migration.sql");
    writeFileSync(file, readFileSync(file, "utf8") + "\n-- sneaky edit\n");
    await expect(migrate(t.url, { dir })).rejects.toThrow(/20250524004250_add_multi_tenant_tables was changed after it was applied/);
    await expect(migrate(t.url, { dir })).rejects.toBeInstanceOf(MigrationError);
  });

  it("reports pending migrations and applies only those", async () => {
    const dir = copyMigrations();
    await migrate(t.url, { dir });
    mkdirSync(path.join(dir, "29990101000000_add_notes"));
    writeFileSync(path.join(dir, "29990101000000_add_notes/migration.sql"), `CREATE TABLE "notes" ("id" TEXT PRIMARY KEY);`);
    expect((await migrationStatus(t.url, dir)).pending).toEqual(["29990101000000_add_notes"]);
    expect(await migrate(t.url, { dir })).toEqual(["29990101000000_add_notes"]);
    expect(await tableNames(t)).toContain("notes");
  });

  it("rolls a failed migration back completely and records nothing", async () => {
    const dir = copyMigrations();
    mkdirSync(path.join(dir, "29990101000000_broken"));
    writeFileSync(path.join(dir, "29990101000000_broken/migration.sql"), `CREATE TABLE "half" ("id" TEXT);\nSELECT * FROM "no_such_table";`);
    await expect(migrate(t.url, { dir })).rejects.toThrow(/29990101000000_broken failed and was rolled back/);
    expect(await tableNames(t)).not.toContain("half");
    const { rows } = await t.pool.query(`SELECT migration_name FROM "_prisma_migrations" WHERE migration_name = '29990101000000_broken'`);
    expect(rows).toEqual([]);
  });

  it("serialises concurrent runs under the advisory lock", async () => {
    const results = await Promise.all([migrate(t.url), migrate(t.url)]);
    const all = results.flat();
    expect(all.length).toBe(readMigrationFiles().length);
    expect(new Set(all).size).toBe(all.length);
  });

  it("rolls back Phase 1 and re-applies it, leaving legacy data identical", async () => {
    await migrate(t.url);
    await t.pool.query(`INSERT INTO clinics (id, name, location) VALUES ('c1', 'Old Town Dental', 'Springfield')`);
    await t.pool.query(`INSERT INTO users (id, email, name, role, clinic_id) VALUES ('u1', 'a@example.com', 'Ann', 'office_manager', 'c1'), ('u2', 'b@example.com', 'Bo', 'admin', NULL)`);
    await t.pool.query(`INSERT INTO metric_definitions (id, name, data_type, category) VALUES ('m1', 'daily_production', 'currency', 'financial')`);
    await t.pool.query(`INSERT INTO metric_values (id, date, value, metric_definition_id, clinic_id) VALUES ('v1', '2024-01-02', '$1,234.50', 'm1', 'c1')`);
    await t.pool.query(`INSERT INTO user_clinic_roles (id, user_id, clinic_id, role) VALUES ('r1', 'u1', 'c1', 'owner')`);
    const before = await snapshotLegacy(t);

    // Later phases first: phases are undone in reverse order.
    for (const phase of [4, 3, 2]) await rollbackPhase(t.url, phase);
    await rollbackPhase(t.url, 1);
    const afterRollback = await tableNames(t);
    for (const table of ["user_clinic_roles", "financial_metrics", "metric_aggregations", "column_mappings_v2"]) expect(afterRollback).not.toContain(table);
    const readFunction = async () =>
      (await t.pool.query(`SELECT to_regprocedure('dashboard_aggregation_rows(text[], text[], date[], boolean[], text, date, date)') AS f`)).rows[0].f;
    expect(await readFunction()).toBeNull();
    expect(await snapshotLegacy(t)).toEqual(before);
    // The phases, and the later migration that only re-keys a Phase 1 table (its dependent).
    const ownedByPhases = PHASES.flatMap(phaseMigrations).sort();
    expect(ownedByPhases).toContain("20261126100000_aggregations_read_order");
    expect((await migrationStatus(t.url)).pending).toEqual(ownedByPhases);

    expect(await migrate(t.url)).toEqual(ownedByPhases);
    const key = await t.pool.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'metric_aggregations_natural_key'`);
    expect(key.rows[0].indexdef).toContain("(clinic_id, aggregation_type, period_start, provider_id) NULLS NOT DISTINCT");
    // One row per clinic (and provider), grain and period, with columns per measure (20261127090000).
    const columns = await t.pool.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'metric_aggregations'`);
    expect(columns.rows.map((r) => r.column_name)).toEqual(expect.arrayContaining(["gross_production", "patients_active_count"]));
    // The dashboard's read function over that table (20261128100000).
    expect(await readFunction()).not.toBeNull();
    expect(await snapshotLegacy(t)).toEqual(before);
    expect(await tableNames(t)).toContain("user_clinic_roles");
  });

  it("refuses to roll back a phase that is not applied", async () => {
    await expect(rollbackPhase(t.url, 1)).rejects.toThrow();
    await migrate(t.url);
    await expect(rollbackPhase(t.url, 1)).rejects.toThrow(/Roll back phase 4, then 3, then 2 first/);
    for (const phase of [4, 3, 2, 1]) await rollbackPhase(t.url, phase);
    await expect(rollbackPhase(t.url, 1)).rejects.toThrow(/Phase 1 .* is not applied/);
    await expect(rollbackPhase(t.url, 9)).rejects.toThrow(/Unknown phase 9/);
  });
});
