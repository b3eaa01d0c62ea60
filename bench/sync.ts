/**
 * Sync benchmark: `npm run bench:sync` (node --import tsx bench/sync.ts).
 *
 * A 50,000-row sheet from the Google API emulator (makeLargeSheet) is synced into an empty
 * database through the real engine (googleapis client, encrypted credential, transform, one write
 * transaction with the aggregation refresh). Then the exact rows the sync wrote are exported,
 * the four metric tables emptied, and the same rows loaded again with COPY, in the same run, into
 * the same tables (indexes in place): that is the yardstick. Finally the sheet is synced again
 * without changes.
 *
 * Reported as ratios from this one run: sync throughput ÷ COPY throughput (target ≥ 0.3) and
 * first sync ÷ unchanged re-sync (target ≥ 5). A re-sync that must transform the sheet again
 * (a provider was added to the clinic) before finding nothing to write is printed too.
 *
 * Database: embedded PGlite with a data directory, as the app runs it (COPY … FROM '/dev/blob');
 * BENCH_PGLITE_MEMORY=1 keeps it in memory; BENCH_DATABASE_URL
 * points at a PostgreSQL server instead (a scratch database is created and dropped; COPY through
 * psql's \copy). BENCH_SYNC_ROWS changes the sheet size.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { PGlite } from "@electric-sql/pglite";

process.env.LOG_LEVEL ??= "warn";

const { createPrismaClient } = await import("../server/db/client.ts");
const { withDatabase } = await import("../server/db/database-url.ts");
const { startEmbeddedDatabase } = await import("../server/db/embedded-database.ts");
const { migrate } = await import("../server/db/migrations/migration-runner.ts");
const { makeLargeSheet, startGoogleEmulator } = await import("../server/google/emulator/index.ts");
const { runSync } = await import("../server/sync/engine.ts");
const { refreshAggregations } = await import("../server/metrics/aggregation/index.ts");
const { requestRun } = await import("../server/sync/runs.ts");
const { connectGoogle, largeSheetMapping, useEmulatorForGoogle } = await import("../server/sync/test-support.ts");
const { providerKey } = await import("../server/sheets/transform/index.ts");

const ROWS = Number(process.env.BENCH_SYNC_ROWS ?? 50_000);
const TABLES = ["financial_metrics", "appointment_metrics", "call_metrics", "patient_metrics"] as const;
const PROVIDERS = ["Dr. Maria Chen", "Dr. Sam Patel", "Hyg. Lee Ortiz", "Dr. Aisha Grant", "Hyg. Tom Reyes"];

interface Target {
  kind: "pglite" | "postgresql";
  url: string;
  pglite: PGlite | null;
  close(): Promise<void>;
}

async function openTarget(): Promise<Target> {
  const server = process.env.BENCH_DATABASE_URL;
  if (!server) {
    // A data directory on disk, as the app uses (BENCH_PGLITE_MEMORY=1: in memory).
    const dataDir = process.env.BENCH_PGLITE_MEMORY ? undefined : mkdtempSync(path.join(os.tmpdir(), "cp-bench-pglite-"));
    const embedded = await startEmbeddedDatabase({ dataDir });
    await migrate(embedded.url);
    return {
      kind: "pglite",
      url: embedded.url,
      pglite: embedded.db,
      async close() {
        await embedded.stop();
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `cp_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = withDatabase(server, name);
  await migrate(url);
  return {
    kind: "postgresql",
    url,
    pglite: null,
    async close() {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

function csvValue(v: string | null): string {
  if (v === null) return "";
  return `"${v.replace(/"/g, '""')}"`;
}

/** The table's rows as CSV (read straight from PGlite when embedded: no big result over the wire). */
async function exportTable(target: Target, pool: pg.Pool, table: string): Promise<{ columns: string[]; csv: string; rows: number }> {
  const cols = await pool.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  const columns = cols.rows.map((c) => c.column_name);
  const sql = `SELECT ${columns.map((c) => `"${c}"::text`).join(", ")} FROM ${table}`;
  const rows = target.pglite
    ? (await target.pglite.query<(string | null)[]>(sql, [], { rowMode: "array" })).rows
    : ((await pool.query({ text: sql, rowMode: "array" })).rows as (string | null)[][]);
  const csv = rows.map((r) => r.map(csvValue).join(",")).join("\n") + "\n";
  return { columns, csv, rows: rows.length };
}

async function copyIn(target: Target, exports: Map<string, { columns: string[]; csv: string }>): Promise<number> {
  if (target.pglite) {
    const db = target.pglite;
    const started = performance.now();
    await db.transaction(async (tx) => {
      for (const [table, e] of exports) {
        await tx.query(`COPY ${table} (${e.columns.map((c) => `"${c}"`).join(", ")}) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: new Blob([e.csv]) });
      }
    });
    return performance.now() - started;
  }
  // PostgreSQL: psql's \copy streams the files over the connection (no server file access needed).
  const dir = mkdtempSync(path.join(os.tmpdir(), "cp-bench-"));
  try {
    const script = ["BEGIN;"];
    for (const [table, e] of exports) {
      const file = path.join(dir, `${table}.csv`);
      writeFileSync(file, e.csv);
      script.push(`\\copy ${table} (${e.columns.map((c) => `"${c}"`).join(", ")}) FROM '${file}' WITH (FORMAT csv)`);
    }
    script.push("COMMIT;");
    const scriptFile = path.join(dir, "copy.sql");
    writeFileSync(scriptFile, script.join("\n"));
    const started = performance.now();
    execFileSync("psql", [target.url, "-v", "ON_ERROR_STOP=1", "-q", "-f", scriptFile], { stdio: ["ignore", "ignore", "inherit"] });
    return performance.now() - started;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

async function main() {
  const target = await openTarget();
  const db = createPrismaClient(target.url, { poolSize: 4 });
  const pool = new pg.Pool({ connectionString: target.url, max: 2 });
  const emu = await startGoogleEmulator({ port: 0 });
  try {
    useEmulatorForGoogle(emu);
    const sheet = makeLargeSheet(ROWS);
    emu.state.putSpreadsheet(sheet);

    const clinic = await db.clinic.create({ data: { name: "Benchmark Dental", location: "Benchville" } });
    const user = await db.user.create({ data: { email: `bench-${randomBytes(3).toString("hex")}@example.test`, name: "Bench" } });
    await db.userClinicRole.create({ data: { userId: user.id, clinicId: clinic.id, role: "staff" } });
    const providerMap: Record<string, string> = {};
    for (const name of PROVIDERS) {
      const p = await db.provider.create({ data: { name, clinicId: clinic.id } });
      providerMap[providerKey(name.replace(/^Dr\. /, ""))] = p.id;
    }
    const credentialId = await connectGoogle(db, emu, clinic.id, user.id);
    const connection = await db.spreadsheetConnection.create({
      data: { clinicId: clinic.id, credentialId, spreadsheetId: sheet.id, spreadsheetName: sheet.title, sheetNames: ["Data"] },
    });
    await db.columnMappingV2.create({ data: { clinicId: clinic.id, connectionId: connection.id, sheetName: "Data", mappingConfig: largeSheetMapping(providerMap) as never } });

    const sync = async () => {
      const { runId } = await db.$transaction((tx) => requestRun(tx, { clinicId: clinic.id, connectionId: connection.id, trigger: "manual" }));
      const started = performance.now();
      const steps: string[] = [];
      const outcome = await runSync(db, { runId }, {
        refreshAggregations: (tx, input) =>
          refreshAggregations(tx, input, { onStep: (step, ms) => steps.push(`${step} ${(ms / 1000).toFixed(2)} s`) }),
      });
      if (steps.length) process.stderr.write(`aggregation refresh: ${steps.join("; ")}\n`);
      const ms = performance.now() - started;
      if (outcome.status !== "succeeded") throw new Error(`sync ${outcome.status}: ${outcome.errorMessage}`);
      return { ...outcome, ms };
    };

    process.stdout.write(`Sync benchmark: ${fmt(ROWS)} sheet rows, ${target.kind === "pglite" ? `embedded PGlite (${process.env.BENCH_PGLITE_MEMORY ? "in memory" : "data directory on disk"})` : "PostgreSQL (BENCH_DATABASE_URL)"}\n`);
    const first = await sync();
    const written = first.counts.rowsInserted;
    process.stderr.write(`first sync done in ${(first.ms / 1000).toFixed(1)} s ${JSON.stringify(first.timings)}\n`);

    const exports = new Map<string, { columns: string[]; csv: string }>();
    let exported = 0;
    for (const table of TABLES) {
      const e = await exportTable(target, pool, table);
      exports.set(table, e);
      exported += e.rows;
    }
    if (exported !== written) throw new Error(`exported ${exported} rows but the sync wrote ${written}`);
    await pool.query(`TRUNCATE ${TABLES.join(", ")}`);
    const copyMs = await copyIn(target, exports);
    const { rows: after } = await pool.query<{ n: number }>(`SELECT (${TABLES.map((t) => `(SELECT count(*) FROM ${t})`).join(" + ")})::int AS n`);
    if (after[0]!.n !== written) throw new Error(`COPY loaded ${after[0]!.n} rows, expected ${written}`);

    const again = await sync();
    if (again.counts.rowsInserted + again.counts.rowsUpdated + again.counts.rowsDeleted !== 0) throw new Error(`the unchanged re-sync wrote rows: ${JSON.stringify(again.counts)}`);
    // A run after something the transform depends on changed (here: a provider added to the clinic;
    // new code or another mapping would do the same) cannot repeat the last run: it transforms the
    // sheet again, finds the same rows, and skips only the write.
    await db.provider.create({ data: { name: "Dr. Visiting", clinicId: clinic.id } });
    const retransformed = await sync();
    if (retransformed.counts.rowsInserted + retransformed.counts.rowsUpdated + retransformed.counts.rowsDeleted !== 0) {
      throw new Error(`the re-sync after adding a provider wrote rows: ${JSON.stringify(retransformed.counts)}`);
    }

    const syncRate = written / (first.ms / 1000);
    const copyRate = written / (copyMs / 1000);
    const engineMs = first.ms - first.timings.aggregateMs;
    const lines = [
      `machine: ${os.cpus()[0]?.model ?? "cpu"} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
      `first sync:  ${(first.ms / 1000).toFixed(2)} s = read+transform ${(first.timings.readMs / 1000).toFixed(2)} s + write transaction ${(first.timings.writeMs / 1000).toFixed(2)} s (metric rows ${(first.timings.upsertMs / 1000).toFixed(2)} s, aggregation refresh ${(first.timings.aggregateMs / 1000).toFixed(2)} s)`,
      `             ${fmt(ROWS / (first.ms / 1000))} sheet rows/s, ${fmt(syncRate)} metric rows/s (${fmt(written)} rows in 4 tables)`,
      `COPY:        ${(copyMs / 1000).toFixed(2)} s, ${fmt(copyRate)} rows/s (same rows, same tables, ${target.kind === "pglite" ? "COPY FROM '/dev/blob'" : "psql \\copy"})`,
      `ratio sync/COPY: ${(syncRate / copyRate).toFixed(2)} for the whole sync (target ≥ 0.30); ${(copyMs / engineMs).toFixed(2)} without the aggregation refresh`,
      `re-sync, no change: ${(again.ms / 1000).toFixed(2)} s (read ${(again.timings.readMs / 1000).toFixed(2)} s, repeat of the last run ${(again.timings.writeMs / 1000).toFixed(2)} s), 0 rows written`,
      `first ÷ re-sync: ${(first.ms / again.ms).toFixed(1)}× (target ≥ 5×)`,
      `re-sync, no change in the sheet, after a provider was added (transforms again): ${(retransformed.ms / 1000).toFixed(2)} s (read+transform ${(retransformed.timings.readMs / 1000).toFixed(2)} s, write skipped ${(retransformed.timings.writeMs / 1000).toFixed(2)} s); first ÷ it: ${(first.ms / retransformed.ms).toFixed(1)}×`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    await emu.close();
    await pool.end();
    await db.$disconnect();
    await target.close();
  }
}

await main();
