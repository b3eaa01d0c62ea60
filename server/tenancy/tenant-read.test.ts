import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../db/client.ts";
import { pgSqlReader } from "../db/sql-reader.ts";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { twoClinicWorld } from "../test/fixtures.ts";
import { APP_ROLE, createTenantDb } from "./tenant-db.ts";

/**
 * TenantDb.read: the dashboard's raw-SQL reads on a node-postgres connection. Same scope as `run`
 * (settings, app role, Row Level Security), read-only, and the connection goes back to the pool
 * with nothing of the caller left on it.
 */
describe("the tenant handle's read transaction", () => {
  let t: TestDatabase;
  let w: Awaited<ReturnType<typeof twoClinicWorld>>;
  /** A client with ONE pooled connection, so the next statement surely reuses the read's connection. */
  let single: Db;

  beforeAll(async () => {
    t = await createTestDatabase();
    w = await twoClinicWorld(t.db);
    for (const clinic of [w.a.id, w.b.id]) {
      await t.pool.query(`INSERT INTO financial_metrics (id, clinic_id, date, metric_type, amount) VALUES (gen_random_uuid()::text, $1, '2030-01-02', 'production', 100), (gen_random_uuid()::text, $1, '2030-01-03', 'production', 50)`, [clinic]);
    }
    single = createPrismaClient(t.url, { poolSize: 1 });
  });
  afterAll(async () => {
    await single?.$disconnect();
    await t?.close();
  });

  const sumOf = (rows: { clinic_id: string; total: number }[]) => Object.fromEntries(rows.map((r) => [r.clinic_id, r.total]));

  it("sees only the clinics it was opened for, even with no clinic filter in the SQL", async () => {
    const rows = await createTenantDb(t.db, w.membersA.viewer.id, [w.a.id]).read((sql) =>
      sql.$queryRawUnsafe<{ clinic_id: string; total: number }[]>(`SELECT clinic_id, sum(amount)::float8 AS total FROM financial_metrics GROUP BY clinic_id`),
    );
    expect(sumOf(rows)).toEqual({ [w.a.id]: 150 });
    const asked = await createTenantDb(t.db, w.membersA.viewer.id, [w.a.id]).read((sql) =>
      sql.$queryRawUnsafe<unknown[]>(`SELECT id FROM financial_metrics WHERE clinic_id = $1`, w.b.id),
    );
    expect(asked).toEqual([]);
  });

  it("a handle wrongly opened for clinic B by a member of A sees nothing there (the database checks membership)", async () => {
    const rows = await createTenantDb(t.db, w.membersA.owner.id, [w.b.id]).read((sql) =>
      sql.$queryRawUnsafe<unknown[]>(`SELECT id FROM financial_metrics`),
    );
    expect(rows).toEqual([]);
  });

  it("cannot write: an UPDATE fails with PostgreSQL's read-only error and changes nothing", async () => {
    const attempt = createTenantDb(t.db, w.membersA.owner.id, [w.a.id]).read((sql) => sql.$queryRawUnsafe(`UPDATE financial_metrics SET amount = 0`));
    await expect(attempt).rejects.toThrow(/read-only transaction/);
    const { rows } = await t.pool.query(`SELECT sum(amount)::float8 AS total FROM financial_metrics`);
    expect(rows[0].total).toBe(300);
  });

  it("leaves no setting, role or open transaction on the pooled connection, after success and after an error", async () => {
    const handle = createTenantDb(single, w.membersA.viewer.id, [w.a.id]);
    const inside = await handle.read((sql) =>
      sql.$queryRawUnsafe<{ who: string; clinics: string; role: string }[]>(`SELECT current_setting('app.user_id', true) AS who, current_setting('app.clinic_ids', true) AS clinics, current_user::text AS role`),
    );
    expect(inside).toEqual([{ who: w.membersA.viewer.id, clinics: w.a.id, role: APP_ROLE }]);
    await expect(handle.read((sql) => sql.$queryRawUnsafe(`SELECT no_such_column FROM financial_metrics`))).rejects.toThrow(/no_such_column/);
    await expect(handle.read(async () => Promise.reject(new Error("the caller gave up")))).rejects.toThrow("the caller gave up");
    // The same single connection, now outside any tenant transaction.
    const after = await single.$queryRawUnsafe<{ who: string | null; clinics: string | null; role: string; open: boolean }[]>(
      `SELECT nullif(current_setting('app.user_id', true), '') AS who, nullif(current_setting('app.clinic_ids', true), '') AS clinics, current_user::text AS role, now() <> statement_timestamp() AS open`,
    );
    expect(after[0]).toMatchObject({ who: null, clinics: null, open: false });
    expect(after[0]!.role).not.toBe(APP_ROLE);
    // And the next read on it works.
    const again = await handle.read((sql) => sql.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM financial_metrics`));
    expect(again).toEqual([{ n: 2 }]);
  });

  it("passes the user id as a value, never as SQL, whatever characters it holds", async () => {
    const odd = `x', true), set_config('app.clinic_ids', '${w.b.id}', true), set_config('a.b', 'c`;
    const rows = await createTenantDb(t.db, `${odd}\\'`, [w.a.id], { rls: false }).read((sql) =>
      sql.$queryRawUnsafe<{ who: string; clinics: string }[]>(`SELECT current_setting('app.user_id') AS who, current_setting('app.clinic_ids') AS clinics`),
    );
    expect(rows).toEqual([{ who: `${odd}\\'`, clinics: w.a.id }]);
  });

  it("refuses a column whose value Prisma and node-postgres decode differently, naming the fix", async () => {
    const client = await t.pool.connect();
    try {
      const sql = pgSqlReader(client);
      await expect(sql.$queryRawUnsafe(`SELECT count(*) AS n FROM clinics`)).rejects.toThrow(/Column "n" is int8: cast it in SQL/);
      await expect(sql.$queryRawUnsafe(`SELECT DATE '2030-01-02' AS d`)).rejects.toThrow(/Column "d" is date/);
      expect(await sql.$queryRawUnsafe(`SELECT count(*)::int AS n, 'x'::text AS s, 1.5::float8 AS f, true AS b, ARRAY['a']::text[] AS a FROM clinics`)).toEqual([
        { n: 2, s: "x", f: 1.5, b: true, a: ["a"] },
      ]);
    } finally {
      client.release();
    }
  });
});
