// npm run bench:migrate [-- --quick] [-- --values N] [-- --postgres postgresql://user:pass@host:5432/postgres]
//
// The legacy → multi-tenant migration at size: a legacy database with 1,000,000 metric values
// (server/migration/legacy-fixture.ts), phases 2–4 applied as an operator would, and:
//   1. data migration throughput (legacy metric values per second) and its ratio to a PostgreSQL
//      COPY of the same rows: the typed rows the migration wrote, exported and loaded again with COPY
//      into the same tables with their indexes and keys (the yardstick bench:sync uses too; target
//      ≥ 0.25); and, harsher, to a COPY of the legacy rows into a plain table without indexes;
//   2. the added cost of Row Level Security on the dashboard query: the same tenant transaction
//      with and without SET LOCAL ROLE clinic_pulse_app, interleaved in one run (target ≤ 1.3×).
// Runs on embedded PGlite, or on PostgreSQL with --postgres (or BENCH_DATABASE_URL): a server URL
// whose user may create databases; a scratch database is created and dropped.
// Writes reports/bench/migrate.json and prints a Markdown summary for docs/performance.md.
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { createPrismaClient } from "../server/db/client.ts";
import { withDatabase } from "../server/db/database-url.ts";
import { startEmbeddedDatabase } from "../server/db/embedded-database.ts";
import { migrate } from "../server/db/migrations/migration-runner.ts";
import { findPhase } from "../server/db/migrations/phases.ts";
import { dashboardSummary } from "../server/metrics/dashboard/dashboard.ts";
import type { IsoDate } from "../server/metrics/iso-date.ts";
import { runDataMigration } from "../server/migration/data-migration.ts";
import { loadLegacyFixture } from "../server/migration/legacy-fixture.ts";
import { migrateUpTo } from "../server/migration/migrate-to.ts";
import { createTenantDb } from "../server/tenancy/tenant-db.ts";
import { copyIn, copyOut } from "./pg-copy.ts";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    values: { type: "string" },
    postgres: { type: "string" },
    rounds: { type: "string" },
    out: { type: "string", default: "reports/bench" },
  },
});
const metricValues = Number(args.values ?? (args.quick ? 20_000 : 1_000_000));
const rounds = Number(args.rounds ?? (args.quick ? 40 : 200));
const serverUrl = args.postgres || process.env.BENCH_DATABASE_URL || undefined;

const seconds = (ms: number) => Math.round(ms / 10) / 100;
const timings: Record<string, number> = {};
async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  timings[label] = performance.now() - t0;
  process.stdout.write(`  ${label}: ${seconds(timings[label]!)} s\n`);
  return out;
}

let url: string;
let cleanup: () => Promise<void>;
let engine: string;
/** COPY for the engine: over the wire on PostgreSQL; PGlite's own /dev/blob COPY in process (its wire server relays neither large COPY TO nor COPY FROM). */
let copyFrom: (client: pg.Client, table: string, columns: string, chunks: Buffer[]) => Promise<number>;
let copyTo: (client: pg.Client, query: string) => Promise<{ chunks: Buffer[]; rows: number }>;
if (serverUrl) {
  const name = `cp_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  engine = (await admin.query(`SELECT split_part(version(), ' ', 1) || ' ' || current_setting('server_version') AS v`)).rows[0].v;
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  url = withDatabase(serverUrl, name);
  copyFrom = (c, table, columns, chunks) => copyIn(c, `COPY ${table} (${columns}) FROM STDIN`, chunks);
  copyTo = (c, query) => copyOut(c, `COPY (${query}) TO STDOUT`);
  cleanup = async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  };
} else {
  const embedded = await startEmbeddedDatabase({});
  url = embedded.url;
  // The wire server does not relay COPY FROM STDIN; PGlite copies from a blob in process.
  copyFrom = async (_c, table, columns, chunks) => {
    const result = await embedded.db.query(`COPY ${table} (${columns}) FROM '/dev/blob'`, [], { blob: new Blob(chunks.map((c) => new Uint8Array(c))) });
    return result.affectedRows ?? 0;
  };
  copyTo = async (_c, query) => {
    const result = await embedded.db.query(`COPY (${query}) TO '/dev/blob'`);
    return { chunks: [Buffer.from(await result.blob!.arrayBuffer())], rows: result.affectedRows ?? 0 };
  };
  const { rows } = await embedded.db.query<{ v: string }>("SELECT current_setting('server_version') AS v");
  engine = `PGlite (PostgreSQL ${rows[0]?.v ?? "?"}, WASM)`;
  cleanup = () => embedded.stop();
}

console.log(`bench:migrate — ${metricValues.toLocaleString("en-US")} legacy metric values on ${engine}`);
const client = new pg.Client({ connectionString: url });
await client.connect();
const db = createPrismaClient(url, { poolSize: 2 });
try {
  await timed("migrations up to phase 1", () => migrateUpTo(url, { beforePhase: 2 }));
  const fixture = await timed("legacy fixture", () => loadLegacyFixture(client, { metricValues }));
  for (const n of [2, 3, 4]) {
    const phase = findPhase(n);
    await timed(`apply phase ${n}`, () => migrateUpTo(url, { last: phase.migration }));
  }
  // The app's later migrations (not phases), as `npm run db:migrate` applies them before the data migration.
  await timed("later migrations", () => migrate(url));

  // Baseline: COPY the same legacy rows into a plain table (no indexes), from memory.
  const columns = "id, date, value, source_type, source_sheet, external_id, metric_definition_id, clinic_id, provider_id, data_source_id, created_at, updated_at";
  const exported = await copyTo(client, `SELECT ${columns} FROM metric_values`);
  await client.query(`CREATE TABLE bench_copy (LIKE metric_values)`);
  const copied = await timed("COPY of the legacy rows", () => copyFrom(client, "bench_copy", columns, exported.chunks));
  if (copied !== exported.rows) throw new Error(`COPY copied ${copied} of ${exported.rows} rows.`);
  await client.query(`DROP TABLE bench_copy`);
  const copyRate = copied / (timings["COPY of the legacy rows"]! / 1000);

  // The data migration, step by step.
  const steps: Record<string, number> = {};
  let valuesMs = 0;
  const result = await timed("data migration (all steps and checks)", () =>
    runDataMigration(client, {
      onStep: (step, ms) => {
        steps[step] = ms;
        if (step.startsWith("metric_values:")) valuesMs += ms;
      },
    }),
  );
  const migrationRate = metricValues / (valuesMs / 1000);

  // Like for like: COPY the very rows the migration wrote back into the same tables (same indexes,
  // same foreign keys), after deleting them; the database ends as it was.
  const typed = ["financial_metrics", "appointment_metrics", "call_metrics", "patient_metrics"];
  const exports: { table: string; columns: string; chunks: Buffer[]; rows: number }[] = [];
  for (const table of typed) {
    const cols = (await client.query(`SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) AS c FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`, [table])).rows[0].c as string;
    const out = await copyTo(client, `SELECT ${cols} FROM ${table} WHERE source_reference = 'legacy:metric_values' ORDER BY id`);
    exports.push({ table, columns: cols, ...out });
  }
  for (const e of exports) await client.query(`DELETE FROM ${e.table} WHERE source_reference = 'legacy:metric_values'`);
  const outputRows = exports.reduce((a, e) => a + e.rows, 0);
  await timed("COPY of the migrated rows into the target tables", async () => {
    for (const e of exports) {
      const n = await copyFrom(client, e.table, e.columns, e.chunks);
      if (n !== e.rows) throw new Error(`COPY restored ${n} of ${e.rows} rows of ${e.table}.`);
    }
  });
  const likeForLikeMs = timings["COPY of the migrated rows into the target tables"]!;
  timings["data migration: metric values steps"] = valuesMs;
  timings["data migration: aggregations step"] = steps.aggregations ?? 0;
  console.log(`  metric values: ${seconds(valuesMs)} s; aggregations rebuild: ${seconds(steps.aggregations ?? 0)} s; report ${result.ok ? "passed" : "FAILED"}`);

  // RLS: the dashboard summary for the clinic with the most data, as its owner.
  const { rows: owners } = await client.query(
    `SELECT r.user_id, r.clinic_id, (SELECT to_char(max(date), 'YYYY-MM-DD') FROM financial_metrics f WHERE f.clinic_id = r.clinic_id) AS last
       FROM user_clinic_roles r WHERE r.role = 'owner' ORDER BY (SELECT count(*) FROM financial_metrics f WHERE f.clinic_id = r.clinic_id) DESC LIMIT 1`,
  );
  const { user_id: userId, clinic_id: clinicId, last } = owners[0];
  const to = last as IsoDate;
  const from = `${Number(to.slice(0, 4)) - 1}${to.slice(4, 8)}01` as IsoDate;
  const input = { clinicIds: [clinicId], from, to, granularity: "month" as const };
  const withRls = createTenantDb(db, userId, [clinicId], { rls: true });
  const withoutRls = createTenantDb(db, userId, [clinicId], { rls: false });
  const check = await withRls.run((tx) => dashboardSummary(tx, input));
  const plain = await withoutRls.run((tx) => dashboardSummary(tx, input));
  if (JSON.stringify(check) !== JSON.stringify(plain)) throw new Error("The dashboard differs with and without RLS for the clinic's owner.");
  const sample = async (h: typeof withRls) => {
    const t0 = performance.now();
    await h.run((tx) => dashboardSummary(tx, input));
    return performance.now() - t0;
  };
  for (let i = 0; i < 10; i++) {
    await sample(withRls);
    await sample(withoutRls);
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      a.push(await sample(withRls));
      b.push(await sample(withoutRls));
    } else {
      b.push(await sample(withoutRls));
      a.push(await sample(withRls));
    }
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const p95 = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length * 0.95)]!;
  const rls = { withMedianMs: median(a), withoutMedianMs: median(b), withP95Ms: p95(a), withoutP95Ms: p95(b), ratio: median(a) / median(b), rounds };

  const summary = {
    engine,
    metricValues,
    clinics: fixture.clinics.length,
    timingsSeconds: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, seconds(v)])),
    migrationRowsPerSecond: Math.round(migrationRate),
    typedRowsWritten: outputRows,
    /** Yardstick (as bench:sync): COPY of exactly the rows the migration wrote, into the same tables. */
    copySameTablesSeconds: seconds(likeForLikeMs),
    ratioToCopySameTables: Math.round((likeForLikeMs / valuesMs) * 1000) / 1000,
    /** Harsher: COPY of the 1,000,000 legacy rows into a plain table without indexes or keys. */
    copyPlainTableRowsPerSecond: Math.round(copyRate),
    ratioToCopyPlainTable: Math.round((migrationRate / copyRate) * 1000) / 1000,
    rls: { ...rls, ratio: Math.round(rls.ratio * 1000) / 1000 },
    reportPassed: result.ok,
    steps: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, seconds(v)])),
  };
  mkdirSync(args.out!, { recursive: true });
  writeFileSync(path.join(args.out!, "migrate.json"), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`
| ${engine}, ${metricValues.toLocaleString("en-US")} metric values, ${fixture.clinics.length} clinics | |
|---|---|
| Data migration of the metric values | ${summary.migrationRowsPerSecond.toLocaleString("en-US")} legacy rows/s (${seconds(valuesMs)} s, ${outputRows.toLocaleString("en-US")} typed rows written) |
| COPY of the same typed rows into the same tables (indexes, keys) | ${summary.copySameTablesSeconds} s: ratio ${summary.ratioToCopySameTables} (target ≥ 0.25) |
| COPY of the legacy rows into a plain table (no indexes) | ${summary.copyPlainTableRowsPerSecond.toLocaleString("en-US")} rows/s: ratio ${summary.ratioToCopyPlainTable} |
| Dashboard summary, tenant transaction with RLS (median) | ${rls.withMedianMs.toFixed(2)} ms |
| Same without SET LOCAL ROLE (median) | ${rls.withoutMedianMs.toFixed(2)} ms |
| RLS cost ratio (target ≤ 1.3) | ${summary.rls.ratio} |
| Phases 2 / 3 / 4 applied | ${summary.timingsSeconds["apply phase 2"]} s / ${summary.timingsSeconds["apply phase 3"]} s / ${summary.timingsSeconds["apply phase 4"]} s |
| Whole data migration incl. aggregation rebuild and checks | ${summary.timingsSeconds["data migration (all steps and checks)"]} s |
`);
  if (!result.ok) process.exitCode = 1;
} finally {
  await client.end().catch(() => {});
  await db.$disconnect().catch(() => {});
  await cleanup();
}
