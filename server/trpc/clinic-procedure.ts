import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { can, ROLLUP_ROLES, type Permission, type Role } from "../auth/permissions.ts";
import { resolveEntityId } from "../migration/id-resolver.ts";
import { loadMemberships } from "../tenancy/memberships.ts";
import { createTenantDb, type TenantDb } from "../tenancy/tenant-db.ts";
import { protectedProcedure } from "./init.ts";

export interface TenantContext {
  db: TenantDb;
  clinicIds: string[];
  /** The caller's role in each clinic of the scope. */
  roles: Map<string, Role>;
  /**
   * Each clinic's aggregations version as read with the memberships (before the resolver's own
   * reads, so its data is at least this new): the key of the dashboard's cached answers.
   */
  aggregationsVersions: ReadonlyMap<string, bigint>;
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
  return protectedProcedure.meta({ permission }).input(z.object({ clinicId: z.string().min(1).max(64) })).use(async ({ ctx, input, next }) => {
    // The clinic may be named by its CUID or (migration phase 2) its UUID; from here on only the
    // CUID is used: the membership check, the tenant scope and the resolver's input all get it.
    const clinicId = await resolveEntityId(ctx.db, "clinics", input.clinicId, { trustCuid: true });
    const memberships = await loadMemberships(ctx.db, ctx.session.user.id);
    const membership = clinicId === null ? undefined : memberships.find((m) => m.clinicId === clinicId);
    if (!membership || !can(membership.role, permission)) throw new TRPCError({ code: "FORBIDDEN", message: NOT_ALLOWED });
    const tenant: TenantContext = {
      db: createTenantDb(ctx.db, ctx.session.user.id, [membership.clinicId]),
      clinicIds: [membership.clinicId],
      roles: new Map([[membership.clinicId, membership.role]]),
      aggregationsVersions: new Map([[membership.clinicId, membership.aggregationsVersion]]),
    };
    return next({ ctx: { ...ctx, tenant, role: membership.role }, input: { ...input, clinicId: membership.clinicId } });
  });
}

/**
 * Roll-ups over several clinics: `clinicIds` lists them, or "all" means every clinic where the
 * caller is an owner or admin and holds `permission`. Every listed clinic must pass the check.
 */
export function clinicsProcedure(permission: Permission) {
  return protectedProcedure
    .meta({ permission })
    .input(z.object({ clinicIds: z.union([z.literal("all"), z.array(z.string().min(1).max(64)).min(1).max(500)]) }))
    .use(async ({ ctx, input, next }) => {
      const memberships = await loadMemberships(ctx.db, ctx.session.user.id);
      let chosen;
      if (input.clinicIds === "all") {
        chosen = memberships.filter((m) => ROLLUP_ROLES.includes(m.role) && can(m.role, permission));
        if (chosen.length === 0) throw new TRPCError({ code: "FORBIDDEN", message: "Only owners and admins can see all their clinics together." });
      } else {
        const resolved = await Promise.all(input.clinicIds.map((id) => resolveEntityId(ctx.db, "clinics", id, { trustCuid: true })));
        const wanted = [...new Set(resolved)];
        chosen = wanted.map((id) => (id === null ? undefined : memberships.find((m) => m.clinicId === id)));
        if (chosen.some((m) => !m || !can(m.role, permission))) throw new TRPCError({ code: "FORBIDDEN", message: NOT_ALLOWED });
      }
      const members = chosen.filter((m): m is NonNullable<typeof m> => !!m);
      const clinicIds = members.map((m) => m.clinicId);
      const tenant: TenantContext = {
        db: createTenantDb(ctx.db, ctx.session.user.id, clinicIds),
        clinicIds,
        roles: new Map(members.map((m) => [m.clinicId, m.role])),
        aggregationsVersions: new Map(members.map((m) => [m.clinicId, m.aggregationsVersion])),
      };
      return next({ ctx: { ...ctx, tenant }, input: { ...input, clinicIds: input.clinicIds === "all" ? "all" : clinicIds } });
    });
}
