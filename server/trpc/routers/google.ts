import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { can } from "../../auth/permissions.ts";
import { canDisconnectCredential, disconnect, listLinkedAccounts } from "../../google/credentials/index.ts";
import { DEMO_ACCOUNT_LABEL, googleConfig, googleRedirectUri, GoogleNotConfiguredError, isGoogleDemo } from "../../google/google-config.ts";
import { consumeState, exchangeCode, missingScopes, revokeQuietly, startLink, storeCredential, type LinkOutcome } from "../../google/oauth/link.ts";
import { loadMemberships } from "../../tenancy/memberships.ts";
import { createTenantDb } from "../../tenancy/tenant-db.ts";
import { clinicProcedure } from "../clinic-procedure.ts";
import { protectedProcedure, router } from "../init.ts";

const id = z.string().min(1).max(64);

export interface CompleteLinkResult {
  outcome: LinkOutcome;
  clinicId: string;
  returnTo: string | null;
  email: string | null;
}

/**
 * Linking Google accounts to a clinic (docs/google.md). Tokens never leave the server: no output
 * here contains one (tested in server/google/oauth/link-flow.test.ts).
 */
export const googleRouter = router({
  /** The clinic's linked Google accounts, and whether Google (or the demo emulator) is available. */
  status: clinicProcedure("google:manage").query(async ({ ctx, input }) => {
    let configured = true;
    try {
      googleConfig();
    } catch (error) {
      if (!(error instanceof GoogleNotConfiguredError)) throw error;
      configured = false;
    }
    const accounts = await ctx.tenant.db.run((tx) => listLinkedAccounts(tx, input.clinicId, { userId: ctx.session.user.id, role: ctx.role }));
    const demo = isGoogleDemo();
    return { configured, demo, demoLabel: demo ? DEMO_ACCOUNT_LABEL : null, accounts };
  }),

  /** Starts linking the caller's Google account to the clinic; the connect route redirects to `authorizeUrl`. */
  startLink: clinicProcedure("google:manage")
    .input(z.object({ returnTo: z.string().max(500).optional() }))
    .mutation(({ ctx, input }) =>
      ctx.tenant.db.run((tx) =>
        startLink(tx, {
          clinicId: input.clinicId,
          userId: ctx.session.user.id,
          sessionId: ctx.session.sessionId,
          redirectUri: googleRedirectUri(ctx.request),
          returnTo: input.returnTo ?? null,
        }),
      ),
    ),

  /**
   * The callback's half: takes the pending authorization named by `state` — which must have been
   * started by this very session — then exchanges the code and stores the grant. The clinic comes
   * from the state row, and the caller must still hold google:manage there. Outcomes that belong
   * to the caller come back as values (the callback words them on the clinic's page); a state that
   * is unknown, used, or another session's is refused with an error.
   */
  completeLink: protectedProcedure
    .input(z.object({ state: z.string().min(1).max(200), code: z.string().min(1).max(2048).optional(), error: z.string().max(200).optional() }))
    .mutation(async ({ ctx, input }): Promise<CompleteLinkResult> => {
      const userId = ctx.session.user.id;
      const taken = await consumeState(ctx.db, { state: input.state, sessionId: ctx.session.sessionId, userId });
      const memberships = await loadMemberships(ctx.db, userId);
      const membership = memberships.find((m) => m.clinicId === taken.clinicId);
      if (!membership || !can(membership.role, "google:manage")) {
        throw new TRPCError({ code: "FORBIDDEN", message: "You no longer have access to manage Google for this clinic." });
      }
      const result = (outcome: LinkOutcome, email: string | null = null): CompleteLinkResult => ({ outcome, clinicId: taken.clinicId, returnTo: taken.returnTo, email });
      if (input.error) return result(input.error === "access_denied" ? "denied" : "failed");
      if (taken.expired) return result("expired");
      if (!input.code) return result("failed");

      let grant;
      try {
        grant = await exchangeCode({ code: input.code, codeVerifier: taken.codeVerifier, redirectUri: googleRedirectUri(ctx.request) });
      } catch (error) {
        const e = error as { message?: string; response?: { status?: number; data?: unknown } };
        ctx.log.warn({ status: e.response?.status, error: e.response?.data ?? e.message }, "google code exchange failed");
        return result("failed");
      }
      if (missingScopes(grant.scopes).length > 0) {
        await revokeQuietly(grant.refreshToken ?? grant.accessToken);
        return result("scopes", grant.email);
      }
      const tenant = createTenantDb(ctx.db, userId, [taken.clinicId]);
      const stored = await tenant.run((tx) => storeCredential(tx, { clinicId: taken.clinicId, userId, grant }));
      if ("error" in stored) {
        await revokeQuietly(grant.accessToken);
        return result("offline", grant.email);
      }
      if (stored.replacedRefreshToken) await revokeQuietly(stored.replacedRefreshToken);
      ctx.log.info({ clinicId: taken.clinicId, credentialId: stored.credentialId }, "google account linked");
      return result("linked", grant.email);
    }),

  /** Revokes (best effort) and deletes a link; its spreadsheet syncs are paused. */
  disconnect: clinicProcedure("google:manage")
    .input(z.object({ credentialId: id }))
    .mutation(({ ctx, input }) =>
      ctx.tenant.db.run(async (tx) => {
        const row = await tx.googleCredential.findFirst({ where: { id: input.credentialId, clinicId: input.clinicId }, select: { userId: true } });
        if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "That Google account is not linked to this clinic (it may already be disconnected)." });
        if (!canDisconnectCredential(row, { userId: ctx.session.user.id, role: ctx.role })) {
          throw new TRPCError({ code: "FORBIDDEN", message: "Only the person who linked this Google account, or a clinic owner or admin, can disconnect it." });
        }
        const outcome = await disconnect(tx, { clinicId: input.clinicId, credentialId: input.credentialId, by: ctx.session.user.name });
        return { ok: true as const, revoked: outcome.revoked, pausedConnections: outcome.pausedConnections, message: outcome.message };
      }),
    ),
});
