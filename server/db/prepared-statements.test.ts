import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rebuildAllAggregations } from "../metrics/aggregation/refresh.ts";
import { dashboardSummary } from "../metrics/dashboard/dashboard.ts";
import { createTenantDb } from "../tenancy/tenant-db.ts";
import { addMember, createUser, twoClinicWorld } from "../test/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { createPrismaClient, type Db } from "./client.ts";
import { isEmbeddedDatabaseUrl } from "./embedded-urls.ts";
import { prepared, statementName } from "./prepared-statements.ts";

describe("prepared statement names", () => {
  it("names only registered statements, with a name that depends on the text alone", () => {
    const sql = `SELECT 'prepared-statements.test' AS a WHERE $1::int > 0`;
    expect(statementName({ sql })).toBeUndefined();
    expect(prepared(sql)).toBe(sql);
    const name = statementName({ sql });
    expect(name).toMatch(/^cp_[0-9a-f]{24}$/);
    prepared(sql);
    expect(statementName({ sql })).toBe(name);
    expect(statementName({ sql: `${sql} ` })).toBeUndefined();
  });
});

describe("the dashboard read as a prepared statement", () => {
  let t: TestDatabase;
  let named: Db;
  let owner: string;
  let clinicId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    const w = await twoClinicWorld(t.db);
    clinicId = w.a.id;
    owner = (await createUser(t.db, { name: "Prepared Owner" })).id;
    await addMember(t.db, owner, clinicId, "owner");
    await t.pool.query(
      `INSERT INTO financial_metrics (id, clinic_id, date, metric_type, amount)
       SELECT 'p' || d::date, $1, d::date, 'production', 100 + extract(day FROM d)
         FROM generate_series('2026-01-01'::date, '2026-03-31'::date, '1 day') d`,
      [clinicId],
    );
    await rebuildAllAggregations(t.db);
    named = createPrismaClient(t.url, { poolSize: 1, namedStatements: t.kind === "postgresql" });
  });
  afterAll(async () => {
    await named?.$disconnect();
    await t?.close();
  });

  const summary = (db: Db, from: string, to: string) =>
    createTenantDb(db, owner, [clinicId]).run((tx) => dashboardSummary(tx, { clinicIds: [clinicId], from, to, granularity: "week" }));

  it("is never used on embedded PGlite, whose connections share one session", () => {
    // db() asks isEmbeddedDatabaseUrl for databases this process serves (the test databases too).
    expect(isEmbeddedDatabaseUrl(t.url)).toBe(t.kind === "pglite");
  });

  it("gives the same answers as the unnamed statement, also once PostgreSQL switches to a generic plan", async () => {
    const ranges = [
      ["2026-01-01", "2026-01-31"],
      ["2026-02-01", "2026-02-28"],
      ["2026-01-05", "2026-03-29"],
    ] as const;
    // More than five executions: PostgreSQL may then plan the statement once for all parameters.
    for (let round = 0; round < 3; round++) {
      for (const [from, to] of ranges) {
        const [a, b] = await Promise.all([summary(named, from, to), summary(t.db, from, to)]);
        expect(a).toEqual(b);
        expect(a.kpis.find((k) => k.key === "gross_production")!.value).toBeGreaterThan(0);
      }
    }
    if (t.kind === "postgresql") {
      // The connection holds the dashboard read as a named statement.
      const names = await named.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM pg_prepared_statements`);
      expect(names.map((n) => n.name).some((n) => n.startsWith("cp_"))).toBe(true);
    }
  });
});
