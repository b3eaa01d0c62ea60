import { createCallerFactory, router } from "./init.ts";
import { authRouter } from "./routers/auth.ts";
import { clinicsRouter } from "./routers/clinics.ts";
import { invitationsRouter, membersRouter } from "./routers/members.ts";
import { systemRouter } from "./routers/system.ts";

export const appRouter = router({
  system: systemRouter,
  auth: authRouter,
  clinics: clinicsRouter,
  members: membersRouter,
  invitations: invitationsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
