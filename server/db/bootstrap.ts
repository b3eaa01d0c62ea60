import path from "node:path";
import { logger } from "../log/logger.ts";
import { checkConnection } from "./check-connection.ts";
import { parseDatabaseUrl } from "./database-url.ts";
import { lockDataDir } from "./data-dir-lock.ts";
import { startEmbeddedDatabase } from "./embedded-database.ts";
import { afterMigrations } from "./migrations/after-migrate.ts";
import { MigrationError, migrate, migrationStatus } from "./migrations/migration-runner.ts";

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * Finds the database the process should use and makes DATABASE_URL point at it:
 * the configured PostgreSQL, or — with no DATABASE_URL — embedded PGlite in DATA_DIR.
 */
export async function openDatabase(opts: { dataDir?: string } = {}): Promise<DatabaseHandle> {
  const configured = process.env.DATABASE_URL;
  if (configured) {
    parseDatabaseUrl(configured);
    await checkConnection(configured);
    return { url: configured, embedded: false, stop: async () => {} };
  }
  const dataDir = path.resolve(opts.dataDir ?? process.env.DATA_DIR ?? ".data");
  const unlock = lockDataDir(dataDir);
  const embedded = await startEmbeddedDatabase({
    dataDir: path.join(dataDir, "pglite"),
    maxConnections: Number(process.env.DATABASE_POOL_SIZE ?? 10) + 10,
  });
  process.env.DATABASE_URL = embedded.url;
  logger().info({ dataDir }, "embedded database started");
  return {
    url: embedded.url,
    embedded: true,
    async stop() {
      await embedded.stop();
      if (process.env.DATABASE_URL === embedded.url) delete process.env.DATABASE_URL;
      unlock();
    },
  };
}

/**
 * Brings the schema up to date at start-up when that is safe (embedded database, or AUTO_MIGRATE),
 * and otherwise refuses to start against a database with pending migrations.
 */
export async function ensureSchema(handle: DatabaseHandle, autoMigrate: boolean | undefined): Promise<void> {
  if (handle.embedded || autoMigrate) {
    const applied = await migrate(handle.url, { onApply: (name) => logger().info({ migration: name }, "migration applied") });
    if (applied.length === 0) logger().debug("database schema is up to date");
    const after = await afterMigrations(handle.url, applied);
    if (after.rebuiltClinics > 0) logger().info({ clinics: after.rebuiltClinics }, "metric aggregations rebuilt after migrating");
    return;
  }
  const status = await migrationStatus(handle.url);
  if (status.pending.length > 0) {
    throw new MigrationError(
      `The database is missing ${status.pending.length} migration(s) (${status.pending.join(", ")}). Run \`npm run db:migrate\`, or set AUTO_MIGRATE=true.`,
    );
  }
}
