import type { Db } from "../db/client.ts";
import { isRole, ROLLUP_ROLES, type Role } from "../auth/permissions.ts";

export interface Membership {
  clinicId: string;
  clinicName: string;
  role: Role;
}

/** The clinics a user belongs to (active memberships only), by clinic name. */
export async function loadMemberships(db: Db, userId: string): Promise<Membership[]> {
  const rows = await db.$queryRaw<{ clinic_id: string; clinic_name: string; role: string }[]>`
    SELECT r.clinic_id, c.name AS clinic_name, r.role
      FROM user_clinic_roles r JOIN clinics c ON c.id = r.clinic_id
     WHERE r.user_id = ${userId} AND r.is_active
     ORDER BY c.name, c.id`;
  return rows.filter((r) => isRole(r.role)).map((r) => ({ clinicId: r.clinic_id, clinicName: r.clinic_name, role: r.role as Role }));
}

/** Whether the user may use the "all my clinics" roll-up (owner or admin of more than one clinic). */
export function canRollUp(memberships: Membership[]): boolean {
  return memberships.filter((m) => ROLLUP_ROLES.includes(m.role)).length > 1;
}
