/**
 * Dashboard benchmark: `npm run bench:dashboard` (node --import tsx bench/dashboard.ts [--quick]).
 *
 * Builds a fresh database — embedded PGlite in its own process (a temporary data directory), or a
 * scratch database on BENCH_DATABASE_URL — fills it set-wise with synthetic clinics (5 providers
 * each, one row per provider/clinic and weekday in every raw metric table: bench/support/bench-data.ts),
 * builds metric_aggregations, and measures IN ONE RUN, reporting ratios:
 *
 *   (a) the dashboard summary from metric_aggregations vs the same KPIs from raw rows
 *       (p50/p95 over 100 runs each, interleaved; target ≥ 20×), end to end (the functions) and
 *       for the database queries alone (each side's SQL statements replayed);
 *   (b) dashboard.summary vs dashboard.ping throughput over HTTP on loopback under concurrent load
 *       (the real Express stack and tRPC route in a separate process; target ≥ 0.5);
 *   (c) full rebuild of metric_aggregations vs an incremental refresh of one clinic-month
 *       (target ≥ 50×);
 *   (d) one clinic's dashboard before and after 10× more data is loaded for OTHER clinics
 *       (target ≤ 1.5×).
 *
 * Full run: 100 clinics × 3 years (phase (d) starts with 10 clinics and then loads the other 90).
 * --quick: 10 clinics × 1 year (1, then 9 more). Options: --app=api|build (see
 * bench/support/app-process.ts), --concurrency=N, --seconds=N (per endpoint), --runs=N.
 * BENCH_CLINICS / BENCH_YEARS override the size.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import os from "node:os";
import pg from "pg";

process.env.LOG_LEVEL ??= "warn";

const { createPrismaClient, pgPoolOf } = await import("../server/db/client.ts");
const { pgSqlReader } = await import("../server/db/sql-reader.ts");
const { withDatabase } = await import("../server/db/database-url.ts");
const { migrate } = await import("../server/db/migrations/migration-runner.ts");
const { createSession } = await import("../server/auth/sessions.ts");
const { createTenantDb } = await import("../server/tenancy/tenant-db.ts");
const { rebuildAllAggregations, refreshAggregations } = await import("../server/metrics/aggregation/refresh.ts");
const { dashboardSummary } = await import("../server/metrics/dashboard/dashboard.ts");
const { addDays, addYears } = await import("../server/metrics/iso-date.ts");
const { periodEnd, periodStart } = await import("../server/metrics/period-grains.ts");
const { resolveRange } = await import("../server/metrics/ranges.ts");
const { benchClinicId, insertBenchData } = await import("./support/bench-data.ts");
const { rawDashboardSummary } = await import("./support/raw-summary.ts");

// ───────────────────────────── options ─────────────────────────────

const argv = process.argv.slice(2);
const flag = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const quick = argv.includes("--quick");
const CLINICS = Number(process.env.BENCH_CLINICS ?? (quick ? 10 : 100));
const YEARS = Number(process.env.BENCH_YEARS ?? (quick ? 1 : 3));
const PROVIDERS = 5;
const FIRST_PHASE = Math.max(1, Math.round(CLINICS / 10));
// 100 samples per side: a p95 is then the sixth-slowest sample, not (as with 30) the second.
const RUNS = Number(flag("runs") ?? 100);
const CONCURRENCY = Number(flag("concurrency") ?? 8);
const SECONDS = Number(flag("seconds") ?? (quick ? 4 : 10));
const APP_MODE = flag("app") ?? "api";
/** The data ends here (a fixed date: a run is reproducible); "today" for the presets. */
const END = "2026-09-30";
const START = addDays(addYears(END, -YEARS), 1);

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s`;
const log = (msg: string) => console.log(`[${elapsed()}] ${msg}`);

// ───────────────────────────── helpers ─────────────────────────────

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

interface Timing {
  p50: number;
  p95: number;
  runs: number;
}
const timing = (samples: number[]): Timing => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), runs: sorted.length };
};

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const result = await fn();
  return [performance.now() - t0, result];
}

/** Runs the functions alternately (so drifting machine load hits both alike); returns timings per function. */
async function interleaved(fns: (() => Promise<unknown>)[], runs: number, warmup = 2): Promise<Timing[]> {
  for (let i = 0; i < warmup; i++) for (const fn of fns) await fn();
  const samples = fns.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    for (const [j, fn] of fns.entries()) samples[j]!.push((await time(fn))[0]);
  }
  return samples.map(timing);
}

function child(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ proc: ChildProcess; message: Record<string, unknown> }> {
  const proc = spawn(process.execPath, ["--import", "tsx", script, ...args], { stdio: ["pipe", "ignore", "inherit", "ipc"], env });
  children.push(proc);
  return new Promise((resolve, reject) => {
    proc.once("message", (message) => resolve({ proc, message: message as Record<string, unknown> }));
    proc.once("exit", (code) => reject(new Error(`${script} exited early (code ${code})`)));
  });
}
const children: ChildProcess[] = [];
function stopChildren() {
  for (const c of children) {
    if (c.exitCode === null) {
      c.stdin?.end();
      setTimeout(() => c.exitCode === null && c.kill("SIGTERM"), 5000).unref();
    }
  }
}
process.on("exit", () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
});

interface Target {
  kind: "pglite" | "postgresql";
  url: string;
  version: string;
  close(): Promise<void>;
}

async function openTarget(): Promise<Target> {
  const server = process.env.BENCH_DATABASE_URL;
  if (!server) {
    const { proc, message } = await child("bench/support/db-process.ts", [], { ...process.env });
    const url = String(message.url);
    return {
      kind: "pglite",
      url,
      version: await serverVersion(url),
      async close() {
        proc.stdin?.end();
        await new Promise((r) => proc.once("exit", r));
      },
    };
  }
  const name = `cp_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = withDatabase(server, name);
  return {
    kind: "postgresql",
    url,
    version: await serverVersion(url),
    async close() {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

async function serverVersion(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query<{ v: string }>("SELECT version() AS v");
  await c.end();
  return rows[0]!.v.split(" on ")[0]!.replace(/\s*\(.*\)$/, "");
}

async function loadTest(url: string, cookie: string, seconds: number, concurrency: number): Promise<{ ok: number; errors: number; seconds: number }> {
  const deadline = performance.now() + seconds * 1000;
  const cap = Math.max(1000, Math.round(seconds * 2000)); // bounded: never more than ~2,000 requests a second
  let ok = 0;
  let errors = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (performance.now() < deadline && ok + errors < cap) {
      try {
        const response = await fetch(url, { headers: { cookie } });
        await response.arrayBuffer();
        if (response.ok) ok++;
        else errors++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ok, errors, seconds: (performance.now() - t0) / 1000 };
}

const trpcUrl = (port: number, path: string, input?: unknown) =>
  `http://127.0.0.1:${port}/api/trpc/${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`}`;

const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`);
const fmtRatio = (r: number) => `${r >= 100 ? r.toFixed(0) : r.toFixed(r >= 10 ? 1 : 2)}×`;

// ───────────────────────────── the run ─────────────────────────────

const loadStart = os.loadavg();
log(`dashboard benchmark: ${CLINICS} clinics × ${YEARS} year(s) (${START} … ${END}), ${PROVIDERS} providers each${quick ? " [quick]" : ""}`);
const target = await openTarget();
log(`database: ${target.kind} (${target.version})`);
const pool = new pg.Pool({ connectionString: target.url, max: 2 });
const db = createPrismaClient(target.url, { poolSize: 4 });

try {
  await migrate(target.url);
  log("migrated");

  // The signed-in owner of every bench clinic.
  const user = await db.user.create({ data: { email: `bench-${randomBytes(4).toString("hex")}@example.test`, name: "Bench Owner" } });
  const grantClinics = async (from: number, count: number) =>
    db.userClinicRole.createMany({ data: Array.from({ length: count }, (_, i) => ({ userId: user.id, clinicId: benchClinicId(from + i), role: "owner" })), skipDuplicates: true });

  const clinic1 = benchClinicId(1);
  const tenant1 = createTenantDb(db, user.id, [clinic1]);
  const t12m = resolveRange("trailing_12_months", END); // the rolling year ending END
  const monthRange = resolveRange("this_month", END);
  // After a bulk load, measure the database as it runs day to day: vacuumed (visibility map and hint
  // bits set) and analysed. Otherwise autovacuum starts on the new rows in the middle of the
  // measurements and the first reads of every page write it back.
  const settle = () => pool.query("VACUUM (ANALYZE)");
  const clinicDashboard = () => tenant1.read((sql) => dashboardSummary(sql, { clinicIds: [clinic1], from: t12m.from, to: t12m.to, granularity: "month", preset: t12m.preset }));

  // ── (d) before: the first tenth of the clinics ──
  let [ms, loaded] = await time(() => insertBenchData(pool, { first: 1, count: FIRST_PHASE, providersPerClinic: PROVIDERS, from: START, to: END }));
  log(`phase 1: ${FIRST_PHASE} clinic(s), ${loaded.rows.toLocaleString()} raw rows in ${fmtMs(ms)}`);
  await grantClinics(1, FIRST_PHASE);
  const [firstBuildMs, firstBuild] = await time(() => rebuildAllAggregations(db));
  log(`phase 1: aggregations built (${(firstBuild.inserted).toLocaleString()} rows) in ${fmtMs(firstBuildMs)}`);
  await settle();
  const [dBefore] = await interleaved([clinicDashboard], RUNS);

  // ── the other 90% of the clinics: 10× the data ──
  [ms, loaded] = await time(() =>
    insertBenchData(pool, {
      first: FIRST_PHASE + 1,
      count: CLINICS - FIRST_PHASE,
      providersPerClinic: PROVIDERS,
      from: START,
      to: END,
      onProgress: (done) => {
        if (done % 20 === 0) log(`  … ${done} of ${CLINICS - FIRST_PHASE} more clinics loaded`);
      },
    }),
  );
  log(`phase 2: ${CLINICS - FIRST_PHASE} more clinics, ${loaded.rows.toLocaleString()} raw rows in ${fmtMs(ms)}`);
  await grantClinics(FIRST_PHASE + 1, CLINICS - FIRST_PHASE);
  const rawRows = Number((await pool.query(`SELECT (SELECT count(*) FROM financial_metrics) + (SELECT count(*) FROM appointment_metrics) + (SELECT count(*) FROM call_metrics) + (SELECT count(*) FROM patient_metrics) AS n`)).rows[0].n);

  // ── (c) full rebuild from scratch ──
  await pool.query("TRUNCATE metric_aggregations");
  const steps = new Map<string, number>();
  const [fullMs, full] = await time(() => rebuildAllAggregations(db, { onStep: (s, t) => steps.set(s, (steps.get(s) ?? 0) + t) }));
  log(`full rebuild: ${full.clinics} clinics, ${full.inserted.toLocaleString()} rows in ${fmtMs(fullMs)} (${[...steps].map(([s, t]) => `${s} ${fmtMs(t)}`).join(", ")})`);
  await settle();

  // ── (d) after ──
  const [dAfter] = await interleaved([clinicDashboard], RUNS);
  log(`(d) clinic 1 dashboard p50 ${fmtMs(dBefore!.p50)} → ${fmtMs(dAfter!.p50)}`);

  // ── (c) incremental: change one day of clinic 1, refresh that clinic-month ──
  const month = { from: periodStart("2026-05-14", "month"), to: periodEnd("2026-05-14", "month") };
  const incrementalSamples: number[] = [];
  for (let i = 0; i < 7; i++) {
    await pool.query(`UPDATE financial_metrics SET amount = amount + 1 WHERE clinic_id = $1 AND date = '2026-05-14' AND metric_type = 'production'`, [clinic1]);
    const [t, counts] = await time(() => refreshAggregations(db, { clinicIds: [clinic1], ...month }));
    if (i === 0 && counts.updated === 0) throw new Error("the incremental refresh did not pick up the change");
    incrementalSamples.push(t);
  }
  const incremental = timing(incrementalSamples);
  log(`(c) incremental refresh of one clinic-month: p50 ${fmtMs(incremental.p50)}`);

  // ── (a) aggregated vs raw ──
  // Each scenario is timed at the query level (one node-postgres connection of the app's pool, as
  // the endpoint reads, with no tenant transaction: what the two SQL paths cost) and, for the
  // first, also through the tenant handle as the endpoint runs it (TenantDb.read: transaction,
  // set_config, Row Level Security: the same fixed cost added to both paths).
  const connection = await pgPoolOf(db).connect();
  const sql = pgSqlReader(connection);
  const group = Array.from({ length: Math.min(10, CLINICS) }, (_, i) => benchClinicId(i + 1));
  type Scenario = { name: string; clinicIds: string[]; range: typeof t12m; granularity: "day" | "week" | "month"; tenant?: typeof tenant1 };
  const scenarios: Scenario[] = [
    { name: `one clinic, last 12 months (${t12m.from} … ${t12m.to}), monthly sparkline`, clinicIds: [clinic1], range: t12m, granularity: "month" },
    { name: "the same through the tenant handle (transaction + RLS)", clinicIds: [clinic1], range: t12m, granularity: "month", tenant: tenant1 },
    { name: `one clinic, this month (${monthRange.from} … ${monthRange.to}), daily sparkline`, clinicIds: [clinic1], range: monthRange, granularity: "day" },
    { name: `a group of ${group.length} clinics, last 12 months, monthly sparkline`, clinicIds: group, range: t12m, granularity: "month" },
  ];
  /** The SQL statements a function sends through the client, to time them on their own. */
  type Statement = { sql: string; params: unknown[] };
  const statementsOf = async (fn: (client: typeof sql) => Promise<unknown>): Promise<Statement[]> => {
    const statements: Statement[] = [];
    await fn({
      $queryRawUnsafe: <T>(text: string, ...params: unknown[]) => {
        statements.push({ sql: text, params });
        return sql.$queryRawUnsafe<T>(text, ...params);
      },
    });
    return statements;
  };
  const runStatements = (statements: Statement[]) => async () => {
    for (const st of statements) await sql.$queryRawUnsafe(st.sql, ...st.params);
  };
  const aResults: { name: string; agg: Timing; raw: Timing; same: boolean; statements?: { agg: Timing; raw: Timing; counts: [number, number] } }[] = [];
  for (const s of scenarios) {
    const input = { clinicIds: s.clinicIds, from: s.range.from, to: s.range.to, granularity: s.granularity };
    const aggFn = () => (s.tenant ? s.tenant.read((tx) => dashboardSummary(tx, { ...input, preset: s.range.preset })) : dashboardSummary(sql, { ...input, preset: s.range.preset }));
    const rawFn = () => (s.tenant ? s.tenant.read((tx) => rawDashboardSummary(tx, input)) : rawDashboardSummary(sql, input));
    // Same numbers both ways (otherwise the comparison means nothing).
    const [agg, raw] = [await aggFn(), await rawFn()];
    const close = (x: number | null, y: number | null) => (x === null ? y === null : y !== null && Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(x)));
    const same =
      agg.lastDataDate === raw.lastDataDate &&
      agg.kpis.every((k, i) => {
        const r = raw.kpis[i]!;
        return r.key === k.key && close(k.value, r.value) && close(k.previous, r.previous) && close(k.lastYear, r.lastYear) && k.sparkline.every((p, j) => close(p.value, r.sparkline[j] ?? null));
      });
    const [aggT, rawT] = await interleaved([aggFn, rawFn], RUNS);
    aResults.push({ name: s.name, agg: aggT!, raw: rawT!, same });
    log(`(a) ${s.name}: aggregated p50 ${fmtMs(aggT!.p50)} vs raw p50 ${fmtMs(rawT!.p50)} (${fmtRatio(rawT!.p50 / aggT!.p50)}), same numbers: ${same ? "yes" : "NO"}`);
    if (!s.tenant) {
      // The same comparison for the database queries alone: each side's SQL statements, replayed
      // through the same connection (what the query costs, without either side's JavaScript).
      const aggStatements = await statementsOf((client) => dashboardSummary(client, { ...input, preset: s.range.preset }));
      const rawStatements = await statementsOf((client) => rawDashboardSummary(client, input));
      const [aggQ, rawQ] = await interleaved([runStatements(aggStatements), runStatements(rawStatements)], RUNS);
      aResults.at(-1)!.statements = { agg: aggQ!, raw: rawQ!, counts: [aggStatements.length, rawStatements.length] };
      log(`(a) ${s.name}, queries only: aggregated p50 ${fmtMs(aggQ!.p50)} vs raw p50 ${fmtMs(rawQ!.p50)} (${fmtRatio(rawQ!.p50 / aggQ!.p50)})`);
    }
  }
  connection.release();

  // ── (b) HTTP throughput: once with the answer cache off (every request computed), once on ──
  const session = await createSession(db, user.id);
  const cookie = `cp_session=${session.token}`;
  const summaryInput = { clinicIds: [clinic1], from: monthRange.from, to: monthRange.to, granularity: "day" };
  const throughput = async (cacheEntries: string) => {
    const { proc: app, message } = await child("bench/support/app-process.ts", [`--app=${APP_MODE}`], {
      ...process.env,
      DATABASE_URL: target.url,
      NODE_ENV: "production",
      LOG_LEVEL: process.env.BENCH_APP_LOG_LEVEL ?? "info",
      CLINIC_PULSE_QUIET: "1",
      DASHBOARD_CACHE_ENTRIES: cacheEntries,
    });
    const port = Number(message.port);
    const urls = { ping: trpcUrl(port, "dashboard.ping"), summary: trpcUrl(port, "dashboard.summary", summaryInput) };
    for (const [name, url] of Object.entries(urls)) {
      const r = await fetch(url, { headers: { cookie } });
      if (!r.ok) throw new Error(`${name} over HTTP answered ${r.status}: ${(await r.text()).slice(0, 300)}`);
    }
    await loadTest(urls.ping, cookie, 1.5, CONCURRENCY);
    await loadTest(urls.summary, cookie, 1.5, CONCURRENCY);
    const rounds = { ping: { ok: 0, errors: 0, seconds: 0 }, summary: { ok: 0, errors: 0, seconds: 0 } };
    for (let round = 0; round < 2; round++) {
      for (const name of ["ping", "summary"] as const) {
        const r = await loadTest(urls[name], cookie, SECONDS / 2, CONCURRENCY);
        rounds[name].ok += r.ok;
        rounds[name].errors += r.errors;
        rounds[name].seconds += r.seconds;
      }
    }
    app.stdin?.end();
    await new Promise((resolve) => (app.exitCode === null ? app.once("exit", resolve) : resolve(null)));
    const rps = { ping: rounds.ping.ok / rounds.ping.seconds, summary: rounds.summary.ok / rounds.summary.seconds };
    const label = cacheEntries === "0" ? "answer cache off" : "answer cache on";
    log(`(b) HTTP (${message.mode} mode, ${CONCURRENCY} concurrent, ${label}): ping ${rps.ping.toFixed(0)} req/s, summary ${rps.summary.toFixed(0)} req/s`);
    return { rps, errors: rounds.ping.errors + rounds.summary.errors, mode: message.mode, label };
  };
  const bRuns = [await throughput("0"), await throughput("500")];

  // ── report ──
  const loadEnd = os.loadavg();
  const cpu = os.cpus();
  const aMain = aResults[0]!;
  const rows: [string, string, string, string][] = [
    ...aResults.flatMap((r, i): [string, string, string, string][] => [
      [
        `(a${i + 1}) summary: ${r.name}`,
        `aggregated p50 ${fmtMs(r.agg.p50)} / p95 ${fmtMs(r.agg.p95)}; raw p50 ${fmtMs(r.raw.p50)} / p95 ${fmtMs(r.raw.p95)} (${r.agg.runs} runs each)${r.same ? "" : " — NUMBERS DIFFER"}`,
        `${fmtRatio(r.raw.p50 / r.agg.p50)} / ${fmtRatio(r.raw.p95 / r.agg.p95)}`,
        "≥ 20×",
      ],
      ...(r.statements
        ? [
            [
              `(a${i + 1}q) the same, database queries only`,
              `${r.statements.counts[0]} vs ${r.statements.counts[1]} statement(s): p50 ${fmtMs(r.statements.agg.p50)} / p95 ${fmtMs(r.statements.agg.p95)} vs p50 ${fmtMs(r.statements.raw.p50)} / p95 ${fmtMs(r.statements.raw.p95)}`,
              `${fmtRatio(r.statements.raw.p50 / r.statements.agg.p50)} / ${fmtRatio(r.statements.raw.p95 / r.statements.agg.p95)}`,
              "≥ 20×",
            ] as [string, string, string, string],
          ]
        : []),
    ]),
    ...bRuns.map((b): [string, string, string, string] => [
      `(b) dashboard.summary vs dashboard.ping over HTTP, ${b.label}`,
      `${b.rps.summary.toFixed(0)} vs ${b.rps.ping.toFixed(0)} req/s (${CONCURRENCY} concurrent, ${SECONDS} s each, ${b.mode} mode; errors ${b.errors})`,
      `${(b.rps.summary / b.rps.ping).toFixed(2)}`,
      "≥ 0.5",
    ]),
    [
      "(c) full rebuild vs incremental refresh (one clinic-month)",
      `${fmtMs(fullMs)} (${full.inserted.toLocaleString()} rows) vs ${fmtMs(incremental.p50)} (p50 of ${incremental.runs})`,
      fmtRatio(fullMs / incremental.p50),
      "≥ 50×",
    ],
    [
      `(d) clinic 1 dashboard, ${FIRST_PHASE} → ${CLINICS} clinics of data`,
      `p50 ${fmtMs(dBefore!.p50)} → ${fmtMs(dAfter!.p50)} (p95 ${fmtMs(dBefore!.p95)} → ${fmtMs(dAfter!.p95)})`,
      fmtRatio(dAfter!.p50 / dBefore!.p50),
      "≤ 1.5×",
    ],
  ];
  console.log("");
  console.log(`Machine: ${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`);
  console.log(`Database: ${target.kind === "pglite" ? "embedded PGlite (own process, data directory on disk)" : "PostgreSQL server"} — ${target.version}`);
  console.log(`Data: ${CLINICS} clinics × ${PROVIDERS} providers, ${START} … ${END} (weekdays), ${rawRows.toLocaleString()} raw rows, ${full.inserted.toLocaleString()} aggregation rows`);
  console.log(`Load average (1/5/15 min) at start ${loadStart.map((l) => l.toFixed(1)).join("/")}, at end ${loadEnd.map((l) => l.toFixed(1)).join("/")}; total ${elapsed().trim()}`);
  console.log("");
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ["Measure", "Figures", "Ratio", "Target"][i]!.length));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(["Measure", "Figures", "Ratio", "Target"]));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
  console.log("");
  if (!aMain.same || aResults.some((r) => !r.same)) process.exitCode = 1;
} finally {
  await db.$disconnect().catch(() => {});
  await pool.end().catch(() => {});
  stopChildren();
  await target.close().catch(() => {});
}
