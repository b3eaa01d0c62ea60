import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { createPrismaClient, pgPoolOf } from "./client.ts";

describe("the Prisma client and its node-postgres pool", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t?.close());

  it("Prisma and pgPoolOf use the same pool, so DATABASE_POOL_SIZE bounds both", async () => {
    const db = createPrismaClient(t.url, { poolSize: 1 });
    try {
      const pool = pgPoolOf(db);
      expect(pool.options.max).toBe(1);
      await db.$queryRawUnsafe("SELECT 1");
      expect(pool.totalCount).toBe(1);
      // Held by node-postgres, the one connection keeps Prisma waiting until it is released.
      const held = await pool.connect();
      let answered = false;
      const query = db.$queryRawUnsafe("SELECT 2").then(() => (answered = true));
      await new Promise((r) => setTimeout(r, 150));
      expect(answered).toBe(false);
      held.release();
      await query;
      expect(answered).toBe(true);
    } finally {
      await db.$disconnect();
    }
  });

  it("finds the pool of a client made by another copy of this module (the launcher's, seen from the bundled app)", async () => {
    const anotherCopy = "./client.ts?another-copy"; // a query string makes the loader evaluate the module again
    const other = (await import(/* @vite-ignore */ anotherCopy)) as typeof import("./client.ts");
    expect(other.createPrismaClient).not.toBe(createPrismaClient);
    const db = other.createPrismaClient(t.url, { poolSize: 1 });
    try {
      expect(pgPoolOf(db)).toBe(other.pgPoolOf(db));
    } finally {
      await db.$disconnect();
    }
  });

  it("after $disconnect the pool is ended and pgPoolOf says so", async () => {
    const db = createPrismaClient(t.url);
    await db.$queryRawUnsafe("SELECT 1");
    await db.$disconnect();
    expect(() => pgPoolOf(db)).toThrow(/disconnected/);
  });
});
