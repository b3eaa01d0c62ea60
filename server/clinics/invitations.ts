import type { Db } from "../db/client.ts";
import { assignableRoles, can, isRole, type Role } from "../auth/permissions.ts";
import { appOrigin, queueMail } from "../auth/mail.ts";
import { normaliseEmail } from "../auth/account.ts";
import { generateToken, hashToken } from "../auth/tokens.ts";
import { AppError } from "../errors/app-error.ts";
import type { TenantTx } from "../tenancy/tenant-db.ts";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Creates an invitation and queues the email with its one-time link. Returns the link. */
export async function inviteMember(
  tx: TenantTx,
  input: { clinicId: string; email: string; role: Role; invitedBy: { id: string; name: string }; actorRole: Role },
): Promise<{ invitationId: string; link: string }> {
  if (!assignableRoles(input.actorRole).includes(input.role)) throw new AppError("FORBIDDEN", "Only an owner can invite another owner.", "role");
  const email = normaliseEmail(input.email);
  const existing = await tx.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM user_clinic_roles r JOIN users u ON u.id = r.user_id
     WHERE r.clinic_id = ${input.clinicId} AND r.is_active AND u.email = ${email}`;
  if ((existing[0]?.n ?? 0) > 0) throw new AppError("CONFLICT", `${email} is already a member of this clinic.`, "email");
  // A new invitation replaces any open one for the same address.
  await tx.invitation.updateMany({ where: { clinicId: input.clinicId, email, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
  const token = generateToken(32);
  const invitation = await tx.invitation.create({
    data: {
      clinicId: input.clinicId,
      email,
      role: input.role,
      tokenHash: hashToken(token),
      invitedBy: input.invitedBy.id,
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
    },
  });
  const clinic = await tx.clinic.findUniqueOrThrow({ where: { id: input.clinicId }, select: { name: true } });
  const link = `${appOrigin()}/invite/${token}`;
  await queueMail(tx, {
    to: email,
    kind: "invitation",
    subject: `${input.invitedBy.name} invited you to ${clinic.name} on Clinic Pulse`,
    body: `${input.invitedBy.name} invited you to join ${clinic.name} as ${input.role}.\n\nAccept within 7 days:\n${link}`,
  });
  return { invitationId: invitation.id, link };
}

export async function listOpenInvitations(tx: TenantTx, clinicId: string) {
  return tx.invitation.findMany({
    where: { clinicId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
    orderBy: { createdAt: "desc" },
  });
}

export async function revokeInvitation(tx: TenantTx, clinicId: string, invitationId: string): Promise<void> {
  const result = await tx.invitation.updateMany({ where: { id: invitationId, clinicId, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
  if (result.count === 0) throw new AppError("NOT_FOUND", "That invitation is no longer open.");
}

/** Whether someone with `role` may send an invitation for `invitedRole` (who may invite whom). */
function maySend(role: Role | null, invitedRole: string): boolean {
  return role !== null && can(role, "members:manage") && isRole(invitedRole) && assignableRoles(role).includes(invitedRole);
}

/**
 * Withdraws the open invitations `userId` sent in the clinic that their role (`null`: no longer a
 * member) no longer lets them send: an admin who is removed, or demoted to staff, cannot bring
 * someone in afterwards through an invitation sent before. Returns how many were withdrawn.
 */
export async function withdrawInvitationsBy(tx: TenantTx, clinicId: string, userId: string, role: Role | null): Promise<number> {
  const open = await tx.invitation.findMany({ where: { clinicId, invitedBy: userId, acceptedAt: null, revokedAt: null }, select: { id: true, role: true } });
  const stale = open.filter((i) => !maySend(role, i.role)).map((i) => i.id);
  if (stale.length === 0) return 0;
  const result = await tx.invitation.updateMany({ where: { id: { in: stale }, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
  return result.count;
}

type InvitationProblem = "invalid" | "expired" | "used" | "revoked" | "inviter";

const PROBLEM_TEXT: Record<InvitationProblem, string> = {
  invalid: "This invitation link is not valid. Check that you copied all of it.",
  expired: "This invitation has expired. Ask the clinic to send a new one.",
  used: "This invitation has already been used.",
  revoked: "This invitation was withdrawn. Ask the clinic to send a new one.",
  inviter: "This invitation is no longer valid: the person who sent it no longer manages this clinic's members. Ask the clinic's owner to send a new one.",
};

async function findInvitation(db: Db | TenantTx, token: string) {
  const invitation = await db.invitation.findUnique({ where: { tokenHash: hashToken(token) } });
  let problem: InvitationProblem | null = null;
  if (!invitation) problem = "invalid";
  else if (invitation.acceptedAt) problem = "used";
  else if (invitation.revokedAt) problem = "revoked";
  else if (invitation.expiresAt.getTime() < Date.now()) problem = "expired";
  else {
    // Checked again at use: the sender must still be allowed to invite for this role (withdrawal
    // on removal or demotion covers the usual case; this covers any other way a role changed).
    const sender = await db.userClinicRole.findUnique({ where: { userId_clinicId: { userId: invitation.invitedBy, clinicId: invitation.clinicId } }, select: { role: true, isActive: true } });
    const senderRole = sender?.isActive && isRole(sender.role) ? sender.role : null;
    if (!maySend(senderRole, invitation.role)) problem = "inviter";
  }
  return { invitation, problem };
}

/** What the invite page shows before accepting: the clinic, role and address, or why it cannot be used. */
export async function previewInvitation(db: Db, token: string) {
  const { invitation, problem } = await findInvitation(db, token);
  if (!invitation || problem) return { ok: false as const, message: PROBLEM_TEXT[problem ?? "invalid"] };
  const clinic = await db.clinic.findUnique({ where: { id: invitation.clinicId }, select: { name: true } });
  const hasAccount = !!(await db.user.findUnique({ where: { email: invitation.email }, select: { id: true } }));
  return { ok: true as const, clinicName: clinic?.name ?? "a clinic", email: invitation.email, role: invitation.role, hasAccount };
}

/** Accepts an invitation for the signed-in user, whose email must be the invited one. */
export async function acceptInvitation(db: Db, token: string, user: { id: string; email: string }): Promise<{ clinicId: string }> {
  const { invitation, problem } = await findInvitation(db, token);
  if (!invitation || problem) throw new AppError("BAD_REQUEST", PROBLEM_TEXT[problem ?? "invalid"]);
  if (normaliseEmail(user.email) !== invitation.email) {
    throw new AppError("FORBIDDEN", `This invitation is for ${invitation.email}, but you are signed in as ${user.email}. Sign out and use the invited address.`);
  }
  if (!isRole(invitation.role)) throw new AppError("BAD_REQUEST", PROBLEM_TEXT.invalid);
  await db.$transaction(async (tx) => {
    const claimed = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null, revokedAt: null }, data: { acceptedAt: new Date(), acceptedBy: user.id } });
    if (claimed.count !== 1) throw new AppError("BAD_REQUEST", PROBLEM_TEXT.used);
    await tx.userClinicRole.upsert({
      where: { userId_clinicId: { userId: user.id, clinicId: invitation.clinicId } },
      create: { userId: user.id, clinicId: invitation.clinicId, role: invitation.role, createdBy: invitation.invitedBy },
      update: { role: invitation.role, isActive: true },
    });
  });
  return { clinicId: invitation.clinicId };
}
