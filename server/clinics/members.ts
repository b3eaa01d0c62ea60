import { assignableRoles, isRole, type Role } from "../auth/permissions.ts";
import { AppError } from "../errors/app-error.ts";
import type { TenantTx } from "../tenancy/tenant-db.ts";

export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  role: Role;
  since: Date;
}

export async function listMembers(tx: TenantTx, clinicId: string): Promise<MemberRow[]> {
  const rows = await tx.$queryRaw<{ user_id: string; name: string; email: string; role: string; created_at: Date }[]>`
    SELECT r.user_id, u.name, u.email, r.role, r.created_at
      FROM user_clinic_roles r JOIN users u ON u.id = r.user_id
     WHERE r.clinic_id = ${clinicId} AND r.is_active
     ORDER BY u.name, u.email`;
  return rows.filter((r) => isRole(r.role)).map((r) => ({ userId: r.user_id, name: r.name, email: r.email, role: r.role as Role, since: r.created_at }));
}

async function activeOwnerCount(tx: TenantTx, clinicId: string): Promise<number> {
  return tx.userClinicRole.count({ where: { clinicId, role: "owner", isActive: true } });
}

async function targetMembership(tx: TenantTx, clinicId: string, userId: string) {
  const row = await tx.userClinicRole.findUnique({ where: { userId_clinicId: { userId, clinicId } } });
  if (!row || !row.isActive) throw new AppError("NOT_FOUND", "That person is not a member of this clinic.");
  return row;
}

/** Changes a member's role. Only owners manage owners; the last owner cannot be demoted. */
export async function changeMemberRole(tx: TenantTx, clinicId: string, actorRole: Role, userId: string, role: Role): Promise<void> {
  const member = await targetMembership(tx, clinicId, userId);
  const allowed = assignableRoles(actorRole);
  if (!allowed.includes(role) || (member.role === "owner" && actorRole !== "owner")) {
    throw new AppError("FORBIDDEN", "Only an owner can make someone an owner or change an owner's role.");
  }
  if (member.role === "owner" && role !== "owner" && (await activeOwnerCount(tx, clinicId)) <= 1) {
    throw new AppError("PRECONDITION_FAILED", "A clinic must keep at least one owner. Make someone else an owner first.");
  }
  await tx.userClinicRole.update({ where: { id: member.id }, data: { role } });
}

/** Removes a member (the row stays, inactive, for the record). The last owner cannot be removed. */
export async function removeMember(tx: TenantTx, clinicId: string, actorRole: Role, userId: string): Promise<void> {
  const member = await targetMembership(tx, clinicId, userId);
  if (member.role === "owner" && actorRole !== "owner") throw new AppError("FORBIDDEN", "Only an owner can remove an owner.");
  if (member.role === "owner" && (await activeOwnerCount(tx, clinicId)) <= 1) {
    throw new AppError("PRECONDITION_FAILED", "A clinic must keep at least one owner. Make someone else an owner first.");
  }
  await tx.userClinicRole.update({ where: { id: member.id }, data: { isActive: false } });
}
