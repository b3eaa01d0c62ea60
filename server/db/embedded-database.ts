import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { serveOverWire } from "./pglite-wire-server.ts";

/**
 * The zero-setup database: PGlite (PostgreSQL compiled to WASM) in a data directory, served over
 * the PostgreSQL wire protocol on loopback (pglite-wire-server.ts) so the app connects through
 * exactly the same adapter-pg code path as with a real server. PGlite runs one statement at a
 * time, so clients take turns; the server must accept at least as many connections as the pool
 * opens.
 */
export interface EmbeddedDatabase {
  url: string;
  db: PGlite;
  stop(): Promise<void>;
}

export async function startEmbeddedDatabase(opts: {
  /** Directory for the data files; undefined keeps everything in memory. */
  dataDir?: string;
  port?: number;
  maxConnections?: number;
  /** Load a data directory tarball (from PGlite's dumpDataDir) instead of starting empty. */
  loadDataDir?: Blob | File;
}): Promise<EmbeddedDatabase> {
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir: opts.dataDir, loadDataDir: opts.loadDataDir });
  const server = await serveOverWire(db, { host: "127.0.0.1", port: opts.port ?? 0, maxConnections: opts.maxConnections ?? 40 });
  const port = server.port;
  // PGlite accepts any user and password; the database is always "postgres".
  const url = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
  return {
    url,
    db,
    async stop() {
      await server.close();
      await db.close();
    },
  };
}
