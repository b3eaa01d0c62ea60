// npm run db:migrate-data [-- --dry-run] [--report-dir reports/migration] [--validate-only]
//                           [--delete-orphans] [--accept-skipped] [--rebuild-aggregations]
// Phase 4: move the legacy data into the multi-tenant tables and validate it (docs/migration/plan.md).
// Exits non-zero when a check fails; the report (Markdown + JSON) says which and what to do.
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { openDatabase } from "../db/bootstrap.ts";
import { createPrismaClient } from "../db/client.ts";
import { runCli } from "../db/cli/run-cli.ts";
import { runAsSystem } from "../tenancy/system-db.ts";
import { runDataMigration } from "./data-migration.ts";
import { writeReport } from "./report.ts";

const USAGE = `Usage: npm run db:migrate-data -- [--dry-run] [--report-dir DIR] [--validate-only] [--delete-orphans] [--accept-skipped] [--rebuild-aggregations]

  --dry-run               do everything in a transaction that is rolled back; the report shows the result
  --report-dir DIR        where data-migration-report.md/.json go (default reports/migration)
  --validate-only         run no step: list orphans and run the checks (works before phase 3)
  --delete-orphans        remove rows that point at missing rows (listed in the report) before anything else
  --accept-skipped        accept legacy rows skipped for data errors (they stay listed in the report)
  --rebuild-aggregations  only rebuild metric_aggregations (after rolling back phase 4)`;

await runCli(async () => {
  const { values } = parseArgs({
    options: {
      "dry-run": { type: "boolean", default: false },
      "report-dir": { type: "string", default: "reports/migration" },
      "validate-only": { type: "boolean", default: false },
      "delete-orphans": { type: "boolean", default: false },
      "accept-skipped": { type: "boolean", default: false },
      "rebuild-aggregations": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const handle = await openDatabase();
  const client = new pg.Client({ connectionString: handle.url });
  const db = createPrismaClient(handle.url, { poolSize: 1 });
  try {
    await client.connect();
    const mode = values["rebuild-aggregations"] ? "rebuild-aggregations" : values["validate-only"] ? "validate-only" : values["dry-run"] ? "dry-run" : "migrate";
    const { ok, report } = await runAsSystem(db, { reason: "migration:data", actor: `cli:${mode}` }, () =>
      runDataMigration(client, {
        dryRun: values["dry-run"],
        validateOnly: values["validate-only"],
        deleteOrphans: values["delete-orphans"],
        acceptSkipped: values["accept-skipped"],
        rebuildAggregationsOnly: values["rebuild-aggregations"],
        log: (line) => console.log(line),
      }),
    );
    const files = writeReport(path.resolve(values["report-dir"]!), report);
    for (const c of report.checks) console.log(`${c.skipped ? "-" : c.ok ? "ok  " : c.severity === "error" ? "FAIL" : "warn"} ${c.title}: ${c.summary}`);
    console.log(`report: ${path.relative(process.cwd(), files.markdown)} and ${path.relative(process.cwd(), files.json)}`);
    if (!ok) {
      const failed = report.checks.filter((c) => !c.ok && c.severity === "error").map((c) => c.name);
      throw new Error(`${failed.length} check(s) failed (${failed.join(", ")}); see ${path.relative(process.cwd(), files.markdown)}.`);
    }
    console.log(values["dry-run"] ? "Dry run passed: nothing was written." : "Data migration checks passed.");
  } finally {
    await client.end().catch(() => {});
    await db.$disconnect().catch(() => {});
    await handle.stop();
  }
});
