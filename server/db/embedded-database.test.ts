import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";

describe("test database", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t?.close());

  it("is migrated and answers through Prisma and plain pg", async () => {
    expect(await t.db.clinic.count()).toBe(0);
    const { rows } = await t.pool.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
    expect(rows[0].n).toBeGreaterThanOrEqual(2);
  });
});
