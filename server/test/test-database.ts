import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { createPrismaClient, type Db } from "../db/client.ts";
import { withDatabase } from "../db/database-url.ts";
import { startEmbeddedDatabase } from "../db/embedded-database.ts";
import { TEMPLATE_DATABASE, TEMPLATE_DUMP } from "./test-database-config.ts";

/**
 * A fresh, real database for one test file: a copy of the migrated template (or an empty one).
 * PGlite by default; PostgreSQL when TEST_DATABASE_URL is set. No mocked Prisma anywhere.
 */
export interface TestDatabase {
  url: string;
  db: Db;
  kind: "pglite" | "postgresql";
  /** A plain pg pool for raw SQL checks. */
  pool: pg.Pool;
  close(): Promise<void>;
}

export async function createTestDatabase(opts: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const migrated = opts.migrated ?? true;
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) return createPostgresDatabase(serverUrl, migrated);
  const embedded = await startEmbeddedDatabase({
    loadDataDir: migrated ? new Blob([readFileSync(TEMPLATE_DUMP)]) : undefined,
  });
  return wrap(embedded.url, "pglite", () => embedded.stop());
}

async function createPostgresDatabase(serverUrl: string, migrated: boolean): Promise<TestDatabase> {
  const name = `cp_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    // Two workers copying the template at the same instant can collide; retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(migrated ? `CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"` : `CREATE DATABASE "${name}"`);
        break;
      } catch (error) {
        if (attempt >= 20 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  return wrap(withDatabase(serverUrl, name), "postgresql", async () => {
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    try {
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await cleanup.end();
    }
  });
}

function wrap(url: string, kind: TestDatabase["kind"], drop: () => Promise<void>): TestDatabase {
  const db = createPrismaClient(url, { poolSize: 4 });
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    url,
    db,
    kind,
    pool,
    async close() {
      await db.$disconnect().catch(() => {});
      await pool.end().catch(() => {});
      await drop();
    },
  };
}
