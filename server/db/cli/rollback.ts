// npm run db:rollback -- --phase N — undo one migration phase (see docs/migration/).
import { parseArgs } from "node:util";
import { openDatabase } from "../bootstrap.ts";
import { rollbackPhase } from "../migrations/phases.ts";
import { runCli } from "./run-cli.ts";

await runCli(async () => {
  const { values } = parseArgs({ options: { phase: { type: "string" } } });
  const phase = Number(values.phase);
  if (!Number.isInteger(phase) || phase < 1) throw new Error("Usage: npm run db:rollback -- --phase N");
  const handle = await openDatabase();
  try {
    await rollbackPhase(handle.url, phase);
    console.log(`Phase ${phase} rolled back.`);
  } finally {
    await handle.stop();
  }
});
