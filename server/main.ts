// The app's entry point: `npm start` (production build) and `npm run dev` (Vite).
// Opens the database (embedded PGlite unless DATABASE_URL is set), brings the schema up to date,
// seeds demo data on the first embedded start, then serves HTTP. Start-up failures print one line.
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import { env, loadEnv } from "./config/env.ts";
import { disconnectDb, db } from "./db/client.ts";
import { ensureSchema, openDatabase, type DatabaseHandle } from "./db/bootstrap.ts";
import { assertTokenKeysConfigured } from "./google/crypto/token-cipher.ts";
import { startGoogleForApp, stopDemoGoogleEmulator } from "./google/demo-emulator.ts";
import { createHttpApp } from "./http/app.ts";
import { logger } from "./log/logger.ts";
import { demoLoginsText } from "./seed/demo-users.ts";
import { seedIfEmpty } from "./seed/seed-if-empty.ts";
import { startSyncWorker, stopSyncWorker } from "./sync/queue.ts";

const dev = process.argv.includes("--dev");

function fail(message: string): never {
  process.stderr.write(`clinic-pulse: ${message}\n`);
  process.exit(1);
}

let handle: DatabaseHandle | undefined;
let server: Server | undefined;

// A local .env file, if present, fills in variables the environment does not set.
if (existsSync(".env")) process.loadEnvFile(".env");

try {
  loadEnv();
} catch (error) {
  fail((error as Error).message);
}

try {
  const config = env();
  if (!dev && !existsSync("build/server/index.js")) fail("No production build found. Run `npm run build` (npm start does this for you).");
  handle = await openDatabase({ dataDir: config.DATA_DIR });
  if (handle.embedded) process.env.CLINIC_PULSE_EMBEDDED_DB = "1";
  // Google tokens are encrypted at rest: production refuses to start without TOKEN_ENCRYPTION_KEYS.
  assertTokenKeysConfigured();
  // Real Google (GOOGLE_CLIENT_ID) or the demo: the Google API emulator on a loopback port.
  await startGoogleForApp();
  await ensureSchema(handle, config.AUTO_MIGRATE);
  const hasDemo = handle.embedded || process.env.SEED_DEMO_DATA === "true" ? await seedIfEmpty(db()) : false;
  // Sheet sync jobs and the every-minute schedule (pg-boss in the same database); SYNC_WORKER=off disables.
  await startSyncWorker().catch((error: unknown) => logger().error({ err: error }, "the sync worker did not start; syncs stay queued until it runs"));

  const app = await createHttpApp({ dev });
  server = app.listen(config.PORT, config.HOST, () => {
    const address = server?.address();
    const port = typeof address === "object" && address ? address.port : config.PORT;
    const url = `http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${port}`;
    logger().info({ url, embeddedDatabase: handle?.embedded }, "Clinic Pulse is listening");
    if (!process.env.CLINIC_PULSE_QUIET) {
      process.stdout.write(`\nClinic Pulse is running at ${url}\n`);
      if (hasDemo) process.stdout.write(`\n${demoLoginsText(url)}\n`);
    }
  });
  server.on("error", (error: NodeJS.ErrnoException) => {
    fail(error.code === "EADDRINUSE" ? `Port ${config.PORT} is already in use. Set PORT to another port.` : error.message);
  });
} catch (error) {
  await handle?.stop().catch(() => {});
  fail((error as Error).message);
}

async function shutdown(signal: string) {
  logger().info({ signal }, "shutting down");
  server?.close();
  await stopSyncWorker().catch(() => {});
  await disconnectDb().catch(() => {});
  await stopDemoGoogleEmulator().catch(() => {});
  await handle?.stop().catch(() => {});
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
