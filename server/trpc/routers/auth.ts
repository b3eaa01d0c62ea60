import { z } from "zod";
import { changePassword, requestPasswordReset, resetPassword, signIn, signUp } from "../../auth/account.ts";
import { PASSWORD_MAX_LENGTH } from "../../auth/password.ts";
import { clearedSessionCookie, sessionCookie } from "../../auth/session-cookie.ts";
import { invalidateSession, invalidateUserSessions } from "../../auth/sessions.ts";
import { canRollUp, loadMemberships, publicMemberships } from "../../tenancy/memberships.ts";
import { protectedProcedure, publicProcedure, router } from "../init.ts";

const email = z.string().trim().email("Enter a valid email address.").max(254);
const password = z.string().min(1, "Enter your password.").max(PASSWORD_MAX_LENGTH);

export const authRouter = router({
  /** The signed-in user and their clinics, or null. */
  me: publicProcedure.query(async ({ ctx }) => {
    if (!ctx.session) return null;
    const memberships = await loadMemberships(ctx.db, ctx.session.user.id);
    return { user: ctx.session.user, memberships: publicMemberships(memberships), canRollUp: canRollUp(memberships) };
  }),

  signUp: publicProcedure
    .input(z.object({ name: z.string().trim().min(1, "Enter your name.").max(120), email, password, clinicName: z.string().trim().min(1, "Name your clinic.").max(120) }))
    .mutation(async ({ ctx, input }) => {
      const { user, session } = await signUp(ctx.db, input, { ipAddress: ctx.clientIp, userAgent: ctx.request.headers.get("user-agent") });
      ctx.resHeaders.append("Set-Cookie", sessionCookie(session.token, session.expiresAt));
      return { userId: user.id };
    }),

  signIn: publicProcedure.input(z.object({ email, password })).mutation(async ({ ctx, input }) => {
    // A fresh session on every sign-in; the previous one in this browser is ended.
    if (ctx.session) await invalidateSession(ctx.db, ctx.session.sessionId);
    const session = await signIn(ctx.db, input, { ipAddress: ctx.clientIp, userAgent: ctx.request.headers.get("user-agent") });
    ctx.resHeaders.append("Set-Cookie", sessionCookie(session.token, session.expiresAt));
    return { ok: true };
  }),

  signOut: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.session) await invalidateSession(ctx.db, ctx.session.sessionId);
    ctx.resHeaders.append("Set-Cookie", clearedSessionCookie());
    return { ok: true };
  }),

  signOutEverywhere: protectedProcedure.mutation(async ({ ctx }) => {
    const ended = await invalidateUserSessions(ctx.db, ctx.session.user.id);
    ctx.resHeaders.append("Set-Cookie", clearedSessionCookie());
    return { ended };
  }),

  changePassword: protectedProcedure
    .input(z.object({ currentPassword: password, newPassword: z.string().max(PASSWORD_MAX_LENGTH) }))
    .mutation(async ({ ctx, input }) => {
      const signedOut = await changePassword(ctx.db, ctx.session.user.id, ctx.session.sessionId, input);
      return { otherSessionsEnded: signedOut };
    }),

  requestPasswordReset: publicProcedure.input(z.object({ email })).mutation(async ({ ctx, input }) => {
    await requestPasswordReset(ctx.db, input.email);
    return { ok: true };
  }),

  resetPassword: publicProcedure
    .input(z.object({ token: z.string().min(10).max(200), password: z.string().max(PASSWORD_MAX_LENGTH) }))
    .mutation(async ({ ctx, input }) => {
      await resetPassword(ctx.db, input.token, input.password);
      return { ok: true };
    }),
});
