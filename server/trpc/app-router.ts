import { createCallerFactory, router } from "./init.ts";
import { authRouter } from "./routers/auth.ts";
import { clinicsRouter } from "./routers/clinics.ts";
import { dashboardRouter } from "./routers/dashboard.ts";
import { goalsRouter } from "./routers/goals.ts";
import { googleRouter } from "./routers/google.ts";
import { invitationsRouter, membersRouter } from "./routers/members.ts";
import { sheetsRouter } from "./routers/sheets.ts";
import { syncRouter } from "./routers/sync.ts";
import { systemRouter } from "./routers/system.ts";

export const appRouter = router({
  system: systemRouter,
  auth: authRouter,
  clinics: clinicsRouter,
  members: membersRouter,
  invitations: invitationsRouter,
  google: googleRouter,
  dashboard: dashboardRouter,
  goals: goalsRouter,
  sheets: sheetsRouter,
  sync: syncRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
