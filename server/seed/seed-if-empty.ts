import type { Db } from "../db/client.ts";
import { logger } from "../log/logger.ts";
import { rebuildAllAggregations } from "../metrics/aggregation/index.ts";
import { runAsSystem } from "../tenancy/system-db.ts";
import { seedDemoGoals } from "./demo-goals.ts";
import { seedDemoUsers } from "./demo-users.ts";

/** The first start on an empty database gets the demo clinic group and its demo logins. */
export async function seedIfEmpty(db: Db): Promise<boolean> {
  const clinics = await db.clinic.count();
  if (clinics > 0) return (await db.user.count({ where: { id: { startsWith: "demo_user_" } } })) > 0;
  logger().info("empty database: loading demo data");
  const { seedDemoData } = await import("./write-demo-data.ts");
  await seedDemoData(db);
  await seedDemoUsers(db);
  // The dashboard reads only metric_aggregations: build them before anyone signs in.
  await runAsSystem(db, { reason: "aggregation:rebuild", actor: "seed-if-empty" }, (system) => rebuildAllAggregations(system));
  await seedDemoGoals(db);
  return true;
}
