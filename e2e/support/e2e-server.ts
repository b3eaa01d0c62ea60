// The app as Playwright sees it: the production build on a fresh embedded database that is also
// reachable on a fixed loopback port, so test fixtures can create users and sessions directly.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedDatabase } from "../../server/db/embedded-database.ts";
import { E2E_DB_PORT } from "./e2e-config.ts";

const dataDir = mkdtempSync(path.join(tmpdir(), "clinic-pulse-e2e-"));
const database = await startEmbeddedDatabase({ dataDir, port: E2E_DB_PORT, maxConnections: 60 });
process.env.DATABASE_URL = database.url;
process.env.AUTO_MIGRATE = "true";
process.env.SEED_DEMO_DATA = "true";
process.env.NODE_ENV = "production";
process.env.CLINIC_PULSE_QUIET = "1";
process.env.CLINIC_PULSE_EMBEDDED_DB = "1";
process.env.DATA_DIR = dataDir;
await import("../../server/main.ts");
