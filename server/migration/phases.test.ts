import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, migrationStatus } from "../db/migrations/migration-runner.ts";
import { findPhase, rollbackPhase } from "../db/migrations/phases.ts";
import { findSchemaDrift } from "../db/schema-drift.ts";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { addMember, callerAs, createClinic, createUser } from "../test/fixtures.ts";
import { createTenantDb, forgetRowLevelSecurity, rowLevelSecurityActive } from "../tenancy/tenant-db.ts";
import { runDataMigration } from "./data-migration.ts";
import { snapshotDatabase, VOLATILE_COLUMNS, type DbSnapshot } from "./db-snapshot.ts";
import { forgetDualIds } from "./id-resolver.ts";
import { loadLegacyFixture, type LegacyFixtureSummary } from "./legacy-fixture.ts";
import { migrateUpTo } from "./migrate-to.ts";

/**
 * Each phase on a database loaded from the legacy fixture, the way an operator runs it: apply,
 * validate, roll back, compare with the database before the phase (schema and a checksum of every
 * table), apply again and compare with the first application.
 */
const phase = findPhase;
// Bookkeeping columns stamped with the clock rather than derived from legacy rows.
describe("phases 2–4 on a legacy database: apply, validate, roll back, compare, re-apply", () => {
  let t: TestDatabase;
  let client: pg.Client;
  let fixture: LegacyFixtureSummary;
  const snap = () => snapshotDatabase(client, { exclude: VOLATILE_COLUMNS });
  const applied = async () => (await migrationStatus(t.url)).applied;

  beforeAll(async () => {
    t = await createTestDatabase({ migrated: false });
    await migrateUpTo(t.url, { beforePhase: 2 });
    client = new pg.Client({ connectionString: t.url });
    await client.connect();
    fixture = await loadLegacyFixture(client, { metricValues: 3_000, clinics: 3, seed: 7 });
  });
  afterAll(async () => {
    await client?.end().catch(() => {});
    await t?.close();
  });

  async function roundTrip(n: number, apply: () => Promise<void>, validate: () => Promise<void>, afterRollback?: () => Promise<void>): Promise<{ before: DbSnapshot; after: DbSnapshot }> {
    const before = await snap();
    await apply();
    expect(await applied()).toContain(phase(n).migration);
    await validate();
    const after = await snap();
    await rollbackPhase(t.url, n);
    forgetDualIds(t.db);
    forgetRowLevelSecurity(t.db);
    expect(await applied()).not.toContain(phase(n).migration);
    await afterRollback?.();
    const rolledBack = await snap();
    expect(rolledBack.schema).toEqual(before.schema);
    expect(rolledBack.tables).toEqual(before.tables);
    await apply();
    const again = await snap();
    expect(again.schema).toEqual(after.schema);
    expect(again.tables).toEqual(after.tables);
    return { before, after };
  }

  it("phase 2: UUIDs and id_mappings for every legacy row, identical after a rollback and re-apply", async () => {
    await roundTrip(
      2,
      async () => {
        await migrateUpTo(t.url, { last: phase(2).migration });
      },
      async () => {
        for (const table of ["clinics", "users", "providers", "locations", "data_sources", "metric_definitions", "goals", "dashboards"]) {
          const { rows } = await client.query(
            `SELECT count(*)::int AS n, count(uuid_id)::int AS u, count(DISTINCT uuid_id)::int AS d,
                    (SELECT count(*)::int FROM id_mappings m WHERE m.table_name = $1) AS m FROM "${table}"`,
            [table],
          );
          expect(rows[0], table).toEqual({ n: rows[0].n, u: rows[0].n, d: rows[0].n, m: rows[0].n });
          expect(rows[0].n, table).toBeGreaterThan(0);
        }
      },
    );
  });

  it("phase 3: RLS, the app role and the foreign keys; rollback leaves the phase-2 database exactly", async () => {
    await roundTrip(
      3,
      async () => {
        await migrateUpTo(t.url, { last: phase(3).migration });
      },
      async () => {
        const { rows: forced } = await client.query(`SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relforcerowsecurity`);
        expect(forced[0].n).toBeGreaterThanOrEqual(29);
        const { rows: fks } = await client.query(`SELECT count(*)::int AS n FROM pg_constraint WHERE conname = 'user_clinic_roles_user_id_fkey' AND convalidated`);
        expect(fks[0].n).toBe(1);
        forgetRowLevelSecurity(t.db);
        expect(await rowLevelSecurityActive(t.db)).toBe(true);
      },
    );
  });

  it("phase 4: the data migration, its rollback (removes the migrated rows) and a second migration give the same database", async () => {
    // Phase 3 and the app's later, unrelated migrations: what a rollback of phase 4 returns to.
    await migrateUpTo(t.url, { allExceptPhase: 4 });
    let firstReport: Awaited<ReturnType<typeof runDataMigration>>["report"] | undefined;
    await roundTrip(
      4,
      async () => {
        await migrate(t.url);
        const result = await runDataMigration(client);
        firstReport ??= result.report;
        expect(result.ok, JSON.stringify(result.report.checks.filter((c) => !c.ok))).toBe(true);
      },
      async () => {
        const { rows } = await client.query(`SELECT (SELECT count(*)::int FROM user_clinic_roles) AS roles, (SELECT count(*)::int FROM financial_metrics) AS fin, (SELECT count(*)::int FROM metric_aggregations) AS agg`);
        expect(rows[0].roles).toBe(fixture.users - fixture.usersWithoutClinic.length);
        expect(rows[0].fin).toBeGreaterThan(0);
        expect(rows[0].agg).toBeGreaterThan(0);
      },
      // The roll-ups are derived data: rebuilt from what is left, as docs/migration/rollback.md says.
      async () => {
        const rebuilt = await runDataMigration(client, { rebuildAggregationsOnly: true });
        expect(rebuilt.report.stepsRunNow).toEqual([]);
      },
    );
    expect(firstReport!.stepsRunNow.length).toBeGreaterThan(5);
    expect(await findSchemaDrift(client)).toEqual([]);
  });

  it("the app works on a database rolled back to phase 2: the tenant handle runs without the app role", async () => {
    // Members made in the new system (migrated memberships go away with phase 4's rollback).
    const clinicId = (await createClinic(t.db, "After the migration")).id;
    const userId = (await createUser(t.db)).id;
    await addMember(t.db, userId, clinicId, "owner");
    await addMember(t.db, (await createUser(t.db)).id, clinicId, "viewer");
    for (const n of [4, 3]) await rollbackPhase(t.url, n);
    forgetRowLevelSecurity(t.db);
    try {
      expect(await rowLevelSecurityActive(t.db)).toBe(false);
      const role = await createTenantDb(t.db, userId, [clinicId]).run((tx) => tx.$queryRawUnsafe<{ u: string }[]>(`SELECT current_user AS u`));
      expect(role[0]!.u).not.toBe("clinic_pulse_app");
      const owner = await callerAs(t.db, userId);
      await expect(owner.clinics.get({ clinicId })).resolves.toMatchObject({ id: clinicId, role: "owner" });
      expect((await owner.members.list({ clinicId })).length).toBe(2);
    } finally {
      await migrate(t.url);
      forgetRowLevelSecurity(t.db);
    }
    expect(await rowLevelSecurityActive(t.db)).toBe(true);
    // Rolling back phase 4 removed the migrated rows; the data migration puts them back.
    const again = await runDataMigration(client);
    expect(again.ok).toBe(true);
  });
});
