// npm run db:seed — load the demo clinic group (idempotent: a second run changes nothing).
import { openDatabase } from "../server/db/bootstrap.ts";
import { disconnectDb, db } from "../server/db/client.ts";
import { runCli } from "../server/db/cli/run-cli.ts";
import { seedDemoData } from "../server/seed/write-demo-data.ts";
import { demoLoginsText, seedDemoUsers } from "../server/seed/demo-users.ts";

await runCli(async () => {
  const handle = await openDatabase();
  try {
    const result = await seedDemoData(db(), { log: (message) => console.log(message) });
    const users = await seedDemoUsers(db());
    console.log(result.created || users > 0 ? "Demo data loaded." : "Demo data was already there; nothing changed.");
    console.log(demoLoginsText(process.env.APP_ORIGIN ?? "http://127.0.0.1:3000"));
  } finally {
    await disconnectDb();
    await handle.stop();
  }
});
