import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startEmbeddedDatabase } from "../db/embedded-database.ts";
import { withDatabase } from "../db/database-url.ts";
import { migrate } from "../db/migrations/migration-runner.ts";
import { TEMPLATE_DATABASE, TEMPLATE_DUMP } from "./test-database-config.ts";

/**
 * Builds the migrated template that every test file copies (a fresh database per file):
 * on PostgreSQL (TEST_DATABASE_URL) a template database; otherwise a PGlite data-dir dump.
 */
export default async function setup() {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [TEMPLATE_DATABASE]);
      await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}"`);
      await admin.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
    } finally {
      await admin.end();
    }
    await migrate(withDatabase(serverUrl, TEMPLATE_DATABASE));
    return;
  }
  const embedded = await startEmbeddedDatabase({});
  try {
    await migrate(embedded.url);
    const dump = await embedded.db.dumpDataDir("gzip");
    mkdirSync(path.dirname(TEMPLATE_DUMP), { recursive: true });
    writeFileSync(TEMPLATE_DUMP, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await embedded.stop();
  }
}
