import { z } from "zod";
import { ROLES } from "../../auth/permissions.ts";
import { changeMemberRole, listMembers, removeMember } from "../../clinics/members.ts";
import { acceptInvitation, inviteMember, listOpenInvitations, previewInvitation, revokeInvitation } from "../../clinics/invitations.ts";
import { clinicProcedure } from "../clinic-procedure.ts";
import { protectedProcedure, publicProcedure, router } from "../init.ts";

const role = z.enum(ROLES);
const userId = z.string().min(1).max(64);

export const membersRouter = router({
  list: clinicProcedure("members:manage").query(({ ctx, input }) => ctx.tenant.db.run((tx) => listMembers(tx, input.clinicId))),

  changeRole: clinicProcedure("members:manage")
    .input(z.object({ userId, role }))
    .mutation(async ({ ctx, input }) => {
      await ctx.tenant.db.run((tx) => changeMemberRole(tx, input.clinicId, ctx.role, input.userId, input.role));
      return { ok: true };
    }),

  remove: clinicProcedure("members:manage")
    .input(z.object({ userId }))
    .mutation(({ ctx, input }) => ctx.tenant.db.run((tx) => removeMember(tx, input.clinicId, ctx.role, input.userId))),
});

export const invitationsRouter = router({
  create: clinicProcedure("members:manage")
    .input(z.object({ email: z.string().trim().email("Enter a valid email address.").max(254), role }))
    .mutation(({ ctx, input }) =>
      ctx.tenant.db.run((tx) =>
        inviteMember(tx, { clinicId: input.clinicId, email: input.email, role: input.role, actorRole: ctx.role, invitedBy: { id: ctx.session.user.id, name: ctx.session.user.name } }),
      ),
    ),

  list: clinicProcedure("members:manage").query(({ ctx, input }) => ctx.tenant.db.run((tx) => listOpenInvitations(tx, input.clinicId))),

  revoke: clinicProcedure("members:manage")
    .input(z.object({ invitationId: z.string().min(1).max(64) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.tenant.db.run((tx) => revokeInvitation(tx, input.clinicId, input.invitationId));
      return { ok: true };
    }),

  /** Public: the invite page shows what the link is for before anyone signs in. */
  preview: publicProcedure.input(z.object({ token: z.string().min(10).max(200) })).query(({ ctx, input }) => previewInvitation(ctx.db, input.token)),

  accept: protectedProcedure.input(z.object({ token: z.string().min(10).max(200) })).mutation(({ ctx, input }) => acceptInvitation(ctx.db, input.token, ctx.session.user)),
});
