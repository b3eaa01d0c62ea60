// npm run db:migrate — apply pending migrations (to DATABASE_URL, or the embedded database).
import { openDatabase } from "../bootstrap.ts";
import { afterMigrations } from "../migrations/after-migrate.ts";
import { migrate } from "../migrations/migration-runner.ts";
import { runCli } from "./run-cli.ts";

await runCli(async () => {
  const handle = await openDatabase();
  try {
    const applied = await migrate(handle.url, { onApply: (name) => console.log(`applied ${name}`) });
    console.log(applied.length ? `${applied.length} migration(s) applied.` : "Database is up to date.");
    const after = await afterMigrations(handle.url, applied);
    if (after.rebuiltClinics > 0) console.log(`Metric aggregations rebuilt for ${after.rebuiltClinics} clinic(s).`);
  } finally {
    await handle.stop();
  }
});
