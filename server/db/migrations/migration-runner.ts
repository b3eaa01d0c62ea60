import { randomUUID } from "node:crypto";
import pg from "pg";
import { readMigrationFiles, DEFAULT_MIGRATIONS_DIR, type MigrationFile } from "./migration-files.ts";

/**
 * Applies Prisma-layout migrations without Prisma's schema engine (which cannot be downloaded on
 * our machines). It keeps `_prisma_migrations` exactly as `prisma migrate deploy` does — same
 * table, same checksum (SHA-256 of migration.sql), same advisory lock key — so the two tools agree
 * about a database's state.
 */

/** Prisma Migrate's advisory lock key: taking the same one keeps the two tools from racing. */
export const MIGRATION_LOCK_KEY = 72707369;

export class MigrationError extends Error {
  override name = "MigrationError";
}

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface AppliedMigration {
  id: string;
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

async function appliedMigrations(client: pg.ClientBase): Promise<AppliedMigration[]> {
  const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS ok`);
  if (!exists.rows[0].ok) return [];
  const result = await client.query<AppliedMigration>(
    `SELECT id, migration_name, checksum, finished_at, rolled_back_at
       FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at, migration_name`,
  );
  return result.rows;
}

/** Compares the database with the files; throws on a changed, failed or unknown migration. */
function plan(files: MigrationFile[], applied: AppliedMigration[]): MigrationFile[] {
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const row of applied) {
    if (!row.finished_at) {
      throw new MigrationError(
        `Migration ${row.migration_name} started but did not finish. Inspect the database, then remove its row from _prisma_migrations (or roll back its phase) before migrating again.`,
      );
    }
    const file = byName.get(row.migration_name);
    if (!file) {
      throw new MigrationError(
        `The database has migration ${row.migration_name}, which is not in prisma/migrations. Are you running an older version of the app?`,
      );
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.migration_name} was changed after it was applied (checksum ${row.checksum.slice(0, 12)}… in the database, ${file.checksum.slice(0, 12)}… on disk). Restore the original file and put the change in a new migration.`,
      );
    }
  }
  const done = new Set(applied.map((r) => r.migration_name));
  return files.filter((f) => !done.has(f.name));
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function migrationStatus(url: string, dir = DEFAULT_MIGRATIONS_DIR): Promise<MigrationStatus> {
  return withClient(url, async (client) => {
    const applied = await appliedMigrations(client);
    const pending = plan(readMigrationFiles(dir), applied);
    return { applied: applied.map((a) => a.migration_name), pending: pending.map((p) => p.name) };
  });
}

/**
 * Applies every pending migration in name order, each in its own transaction, under Prisma's
 * advisory lock. Returns the names applied.
 */
export async function migrate(
  url: string,
  opts: { dir?: string; onApply?: (name: string) => void } = {},
): Promise<string[]> {
  const files = readMigrationFiles(opts.dir ?? DEFAULT_MIGRATIONS_DIR);
  return inProcessLock(url, () => withClient(url, async (client) => {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const pending = plan(files, await appliedMigrations(client));
      for (const file of pending) {
        await applyOne(client, file);
        opts.onApply?.(file.name);
      }
      return pending.map((p) => p.name);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    }
  }));
}

/**
 * Embedded PGlite multiplexes every connection onto one backend session, where advisory locks
 * are re-entrant; a single process owns the data directory (see data-dir-lock.ts), so an
 * in-process queue per database completes the exclusion there.
 */
const queues = new Map<string, Promise<unknown>>();
export function inProcessLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.catch(() => {}).then(fn);
  queues.set(key, run);
  return run.finally(() => {
    if (queues.get(key) === run) queues.delete(key);
  });
}

async function applyOne(client: pg.ClientBase, file: MigrationFile): Promise<void> {
  const id = randomUUID();
  await client.query("BEGIN");
  try {
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), 0)`,
      [id, file.checksum, file.name],
    );
    await client.query(file.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw new MigrationError(`Migration ${file.name} failed and was rolled back: ${(error as Error).message}`);
  }
}
