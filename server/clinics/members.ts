import { assignableRoles, isRole, type Role } from "../auth/permissions.ts";
import { AppError } from "../errors/app-error.ts";
import { forgetCredential } from "../google/credentials/disconnect.ts";
import type { TenantTx } from "../tenancy/tenant-db.ts";
import { withdrawInvitationsBy } from "./invitations.ts";

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
  await withdrawInvitationsBy(tx, clinicId, userId, role);
}

export interface RemovedMember {
  /** Plain words for the person who removed them: who, and what stopped with them. */
  message: string;
  /** Google accounts they had linked to this clinic, now forgotten. */
  googleAccounts: string[];
  /** Spreadsheet syncs paused because they used one of those accounts. */
  pausedConnections: number;
  /** Open invitations they had sent, now withdrawn. */
  withdrawnInvitations: number;
}

/**
 * Removes a member (the row stays, inactive, for the record). The last owner cannot be removed.
 * What they brought with them stops too: their Google links in this clinic are forgotten (tokens
 * deleted; the syncs that used them pause, saying why) and the invitations they sent are withdrawn.
 * Their Google grant is not revoked at Google: the same account may be linked in other clinics.
 */
export async function removeMember(tx: TenantTx, clinicId: string, actorRole: Role, userId: string): Promise<RemovedMember> {
  const member = await targetMembership(tx, clinicId, userId);
  if (member.role === "owner" && actorRole !== "owner") throw new AppError("FORBIDDEN", "Only an owner can remove an owner.");
  if (member.role === "owner" && (await activeOwnerCount(tx, clinicId)) <= 1) {
    throw new AppError("PRECONDITION_FAILED", "A clinic must keep at least one owner. Make someone else an owner first.");
  }
  await tx.userClinicRole.update({ where: { id: member.id }, data: { isActive: false } });

  const user = await tx.user.findUnique({ where: { id: userId }, select: { name: true, email: true } });
  const name = user?.name || user?.email || "A former member";
  const when = new Date().toISOString().slice(0, 10);
  const links = await tx.googleCredential.findMany({ where: { clinicId, userId }, select: { id: true, googleAccountEmail: true } });
  let paused = 0;
  for (const link of links) {
    const account = link.googleAccountEmail ?? "a Google account";
    const why = `${account} was linked by ${name}, who was removed from the clinic on ${when}`;
    paused += (await forgetCredential(tx, { clinicId, credentialId: link.id, why })).count;
  }
  const withdrawn = await withdrawInvitationsBy(tx, clinicId, userId, null);

  const googleAccounts = links.map((l) => l.googleAccountEmail ?? "a Google account");
  const parts = [`Removed ${name}.`];
  if (googleAccounts.length > 0) {
    parts.push(`Their Google account ${googleAccounts.join(", ")} is no longer linked to this clinic.`);
    if (paused > 0) parts.push(`${paused} spreadsheet ${paused === 1 ? "sync that used it is" : "syncs that used it are"} paused until someone connects their own Google account and chooses the spreadsheet again.`);
  }
  if (withdrawn > 0) parts.push(`${withdrawn} ${withdrawn === 1 ? "invitation they sent was" : "invitations they sent were"} withdrawn.`);
  return { message: parts.join(" "), googleAccounts, pausedConnections: paused, withdrawnInvitations: withdrawn };
}
