/**
 * The benchmark's embedded database in its own process: PGlite in a temporary data directory,
 * served over the PostgreSQL wire protocol on loopback (exactly what `npm start` uses when no
 * DATABASE_URL is set). Running it apart from the load generator and the app lets the three use
 * both cores, as they would on a server. Reports `{ url }` over IPC (or as a JSON line on stdout) when ready; stops and
 * deletes the data directory when its stdin closes or on SIGTERM.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedDatabase } from "../../server/db/embedded-database.ts";

const dataDir = mkdtempSync(path.join(tmpdir(), "clinic-pulse-bench-db-"));
const database = await startEmbeddedDatabase({ dataDir, maxConnections: 200 });
if (process.send) process.send({ url: database.url, dataDir });
else process.stdout.write(`${JSON.stringify({ url: database.url, dataDir })}\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await database.stop().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}
process.stdin.on("end", () => void stop());
process.stdin.on("close", () => void stop());
process.stdin.resume();
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
