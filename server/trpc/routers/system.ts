import { checkDatabaseHealth } from "../../db/health.ts";
import { publicProcedure, router } from "../init.ts";

export const systemRouter = router({
  /** Liveness of the app and its database; public so load balancers can call it. */
  health: publicProcedure.query(({ ctx }) => checkDatabaseHealth(ctx.db)),
});
