import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { PERMISSIONS, ROLE_PERMISSIONS } from "../../auth/permissions.ts";
import { loadMemberships, publicMemberships } from "../../tenancy/memberships.ts";
import { clinicProcedure } from "../clinic-procedure.ts";
import { protectedProcedure, router } from "../init.ts";

export const clinicsRouter = router({
  /** The caller's clinics with their role in each. */
  mine: protectedProcedure.query(async ({ ctx }) => publicMemberships(await loadMemberships(ctx.db, ctx.session.user.id))),

  /** Owners create further clinics, which they own. */
  create: protectedProcedure
    .input(z.object({ name: z.string().trim().min(1, "Name the clinic.").max(120), location: z.string().trim().max(200).default("") }))
    .mutation(async ({ ctx, input }) => {
      const memberships = await loadMemberships(ctx.db, ctx.session.user.id);
      if (!memberships.some((m) => m.role === "owner")) {
        throw new TRPCError({ code: "FORBIDDEN", message: "Only clinic owners can create clinics. Ask your clinic's owner." });
      }
      const userId = ctx.session.user.id;
      const clinic = await ctx.db.$transaction(async (tx) => {
        const created = await tx.clinic.create({ data: { name: input.name, location: input.location } });
        await tx.userClinicRole.create({ data: { userId, clinicId: created.id, role: "owner", createdBy: userId } });
        return created;
      });
      return { clinicId: clinic.id };
    }),

  /** One clinic with the caller's role and what that role may do. */
  get: clinicProcedure("dashboard:view").query(async ({ ctx, input }) => {
    const clinic = await ctx.tenant.db.run((tx) =>
      tx.clinic.findUniqueOrThrow({ where: { id: input.clinicId }, select: { id: true, name: true, location: true, status: true } }),
    );
    const allowed = ROLE_PERMISSIONS[ctx.role];
    return { ...clinic, role: ctx.role, permissions: Object.fromEntries(PERMISSIONS.map((p) => [p, allowed.includes(p)])) as Record<(typeof PERMISSIONS)[number], boolean> };
  }),

  updateSettings: clinicProcedure("clinic:settings")
    .input(z.object({ name: z.string().trim().min(1, "Name the clinic.").max(120), location: z.string().trim().max(200) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.tenant.db.run((tx) => tx.clinic.update({ where: { id: input.clinicId }, data: { name: input.name, location: input.location } }));
      return { ok: true };
    }),
});
