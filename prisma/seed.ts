// npm run db:seed — load the demo clinic group (idempotent: a second run changes nothing).
import { openDatabase } from "../server/db/bootstrap.ts";
import { disconnectDb, db } from "../server/db/client.ts";
import { runCli } from "../server/db/cli/run-cli.ts";
import { seedDemoData } from "../server/seed/write-demo-data.ts";
import { demoLoginsText, seedDemoUsers } from "../server/seed/demo-users.ts";
import { seedDemoGoals } from "../server/seed/demo-goals.ts";
import { rebuildAllAggregations } from "../server/metrics/aggregation/index.ts";
import { runAsSystem } from "../server/tenancy/system-db.ts";

await runCli(async () => {
  const handle = await openDatabase();
  try {
    const result = await seedDemoData(db(), { log: (message) => console.log(message) });
    const users = await seedDemoUsers(db());
    const agg = await runAsSystem(db(), { reason: "aggregation:rebuild", actor: "db:seed" }, (system) => rebuildAllAggregations(system));
    console.log(
      `Aggregations: ${agg.clinics} clinic(s); ${agg.inserted} rows inserted, ${agg.updated} updated, ${agg.deleted} deleted, ` +
        `${agg.unchanged} unchanged in ${(agg.ms / 1000).toFixed(1)} s.`,
    );
    const goals = await seedDemoGoals(db(), { log: (message) => console.log(message) });
    console.log(`Demo goals: ${goals.created} created, ${goals.skipped} already there or skipped.`);
    console.log(result.created || users > 0 ? "Demo data loaded." : "Demo data was already there; nothing changed.");
    console.log(demoLoginsText(process.env.APP_ORIGIN ?? "http://127.0.0.1:3000"));
  } finally {
    await disconnectDb();
    await handle.stop();
  }
});
