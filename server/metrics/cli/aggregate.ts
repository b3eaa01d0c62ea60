// npm run db:aggregate — recompute metric_aggregations for every clinic from the raw metric tables
// (on DATABASE_URL, or the embedded database; run `npm run db:migrate` first). Safe to re-run:
// rows whose numbers did not change are not rewritten. `--verbose` prints the time of each step.
import { openDatabase } from "../../db/bootstrap.ts";
import { disconnectDb, db } from "../../db/client.ts";
import { runCli } from "../../db/cli/run-cli.ts";
import { runAsSystem } from "../../tenancy/system-db.ts";
import { rebuildAllAggregations } from "../aggregation/refresh.ts";

const verbose = process.argv.includes("--verbose");

await runCli(async () => {
  const handle = await openDatabase();
  try {
    const result = await runAsSystem(db(), { reason: "aggregation:rebuild", actor: "cli:db:aggregate" }, (system) =>
      rebuildAllAggregations(system, verbose ? { onStep: (step, ms) => console.log(`  ${step}: ${Math.round(ms)} ms`) } : {}),
    );
    if (result.clinics === 0) {
      console.log("No metric data found; nothing to aggregate.");
      return;
    }
    console.log(
      `Aggregated ${result.clinics} clinic(s), ${result.from} … ${result.to}: ` +
        `${result.dayRows} day rows and ${result.periodRows} week/month/quarter/year rows computed; ` +
        `${result.inserted} inserted, ${result.updated} updated, ${result.unchanged} unchanged, ${result.deleted} deleted ` +
        `in ${(result.ms / 1000).toFixed(1)} s.`,
    );
  } finally {
    await disconnectDb();
    await handle.stop();
  }
});
