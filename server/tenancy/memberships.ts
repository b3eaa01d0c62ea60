import { type Db, pgPoolOf } from "../db/client.ts";
import { pgSqlReader } from "../db/sql-reader.ts";
import { isRole, ROLLUP_ROLES, type Role } from "../auth/permissions.ts";

export interface Membership {
  clinicId: string;
  clinicName: string;
  role: Role;
}

/** A membership as the tenant path sees it: with the clinic's current aggregations version. */
export interface ScopedMembership extends Membership {
  /** clinics.aggregations_version: changes whenever the clinic's metric_aggregations change. */
  aggregationsVersion: bigint;
}

/**
 * The clinics a user belongs to (active memberships only), by clinic name. Every clinic-scoped
 * request starts here, so it is read on node-postgres directly, like the dashboard's reads
 * (docs/decisions/0010-dashboard-reads-on-node-postgres.md); the version comes back as text.
 */
export async function loadMemberships(db: Db, userId: string): Promise<ScopedMembership[]> {
  const rows = await pgSqlReader(pgPoolOf(db)).$queryRawUnsafe<{ clinic_id: string; clinic_name: string; role: string; aggregations_version: string }[]>(
    `SELECT r.clinic_id, c.name AS clinic_name, r.role, c.aggregations_version::text AS aggregations_version
       FROM user_clinic_roles r JOIN clinics c ON c.id = r.clinic_id
      WHERE r.user_id = $1 AND r.is_active
      ORDER BY c.name, c.id`,
    userId,
  );
  return rows.filter((r) => isRole(r.role)).map((r) => ({
    clinicId: r.clinic_id,
    clinicName: r.clinic_name,
    role: r.role as Role,
    aggregationsVersion: BigInt(r.aggregations_version),
  }));
}

/** Memberships as the browser gets them (no internal cache versions). */
export function publicMemberships(memberships: readonly Membership[]): Membership[] {
  return memberships.map(({ clinicId, clinicName, role }) => ({ clinicId, clinicName, role }));
}

/** Whether the user may use the "all my clinics" roll-up (owner or admin of more than one clinic). */
export function canRollUp(memberships: Membership[]): boolean {
  return memberships.filter((m) => ROLLUP_ROLES.includes(m.role)).length > 1;
}
