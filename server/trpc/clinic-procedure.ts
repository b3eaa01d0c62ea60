import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { can, ROLLUP_ROLES, type Permission, type Role } from "../auth/permissions.ts";
import { loadMemberships } from "../tenancy/memberships.ts";
import { createTenantDb, type TenantDb } from "../tenancy/tenant-db.ts";
import { protectedProcedure } from "./init.ts";

export interface TenantContext {
  db: TenantDb;
  clinicIds: string[];
  /** The caller's role in each clinic of the scope. */
  roles: Map<string, Role>;
}

const NOT_ALLOWED = "You do not have access to this clinic, or your role does not allow this.";

/**
 * The tenant path. Every procedure that touches clinic data is built from one of these: it takes
 * the clinic(s) in its input, loads the caller's memberships, refuses with FORBIDDEN unless the
 * caller holds `permission` in every clinic asked for (a clinic that does not exist is refused the
 * same way, so ids cannot be probed), and hands the resolver `ctx.tenant.db`, scoped to exactly
 * those clinics.
 */
export function clinicProcedure(permission: Permission) {
  return protectedProcedure.input(z.object({ clinicId: z.string().min(1).max(64) })).use(async ({ ctx, input, next }) => {
    const memberships = await loadMemberships(ctx.db, ctx.session.user.id);
    const membership = memberships.find((m) => m.clinicId === input.clinicId);
    if (!membership || !can(membership.role, permission)) throw new TRPCError({ code: "FORBIDDEN", message: NOT_ALLOWED });
    const tenant: TenantContext = {
      db: createTenantDb(ctx.db, ctx.session.user.id, [input.clinicId]),
      clinicIds: [input.clinicId],
      roles: new Map([[input.clinicId, membership.role]]),
    };
    return next({ ctx: { ...ctx, tenant, role: membership.role } });
  });
}

/**
 * Roll-ups over several clinics: `clinicIds` lists them, or "all" means every clinic where the
 * caller is an owner or admin and holds `permission`. Every listed clinic must pass the check.
 */
export function clinicsProcedure(permission: Permission) {
  return protectedProcedure
    .input(z.object({ clinicIds: z.union([z.literal("all"), z.array(z.string().min(1).max(64)).min(1).max(500)]) }))
    .use(async ({ ctx, input, next }) => {
      const memberships = await loadMemberships(ctx.db, ctx.session.user.id);
      let chosen;
      if (input.clinicIds === "all") {
        chosen = memberships.filter((m) => ROLLUP_ROLES.includes(m.role) && can(m.role, permission));
        if (chosen.length === 0) throw new TRPCError({ code: "FORBIDDEN", message: "Only owners and admins can see all their clinics together." });
      } else {
        const wanted = [...new Set(input.clinicIds)];
        chosen = wanted.map((id) => memberships.find((m) => m.clinicId === id));
        if (chosen.some((m) => !m || !can(m.role, permission))) throw new TRPCError({ code: "FORBIDDEN", message: NOT_ALLOWED });
      }
      const members = chosen.filter((m): m is NonNullable<typeof m> => !!m);
      const clinicIds = members.map((m) => m.clinicId);
      const tenant: TenantContext = {
        db: createTenantDb(ctx.db, ctx.session.user.id, clinicIds),
        clinicIds,
        roles: new Map(members.map((m) => [m.clinicId, m.role])),
      };
      return next({ ctx: { ...ctx, tenant } });
    });
}
