import type { Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import { appOrigin, queueMail } from "./mail.ts";
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from "./password.ts";
import { recordSignInAttempt, signInBlocked } from "./rate-limit.ts";
import { createSession, invalidateUserSessions } from "./sessions.ts";
import { generateToken, hashToken } from "./tokens.ts";

export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;
export const INVALID_CREDENTIALS = "Email or password is incorrect.";
export const TOO_MANY_ATTEMPTS = "Too many sign-in attempts from this device or for this account. Wait 15 minutes, then try again.";

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

interface ClientMeta {
  ipAddress: string;
  userAgent?: string | null;
}

/** Creates the user, their first clinic (they are its owner) and a session. */
export async function signUp(
  db: Db,
  input: { name: string; email: string; password: string; clinicName: string },
  meta: ClientMeta,
) {
  const email = normaliseEmail(input.email);
  const problem = passwordProblem(input.password, email);
  if (problem) throw new AppError("BAD_REQUEST", problem, "password");
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) {
    throw new AppError("CONFLICT", "An account with this email already exists. Sign in, or reset your password.", "email");
  }
  const passwordHash = await hashPassword(input.password);
  const user = await db.$transaction(async (tx) => {
    const created = await tx.user.create({ data: { email, name: input.name.trim(), passwordHash, role: "owner" } });
    const clinic = await tx.clinic.create({ data: { name: input.clinicName.trim(), location: "" } });
    await tx.userClinicRole.create({ data: { userId: created.id, clinicId: clinic.id, role: "owner", createdBy: created.id } });
    return created;
  });
  return { user, session: await createSession(db, user.id, meta) };
}

/**
 * Same answer and similar time for an unknown email and a wrong password; attempts are counted
 * per account and per address before the password is even checked.
 */
export async function signIn(db: Db, input: { email: string; password: string }, meta: ClientMeta) {
  const email = normaliseEmail(input.email);
  if (await signInBlocked(db, email, meta.ipAddress)) {
    throw new AppError("TOO_MANY_REQUESTS", TOO_MANY_ATTEMPTS);
  }
  const user = await db.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  await recordSignInAttempt(db, email, meta.ipAddress, valid && !!user?.passwordHash);
  if (!user || !user.passwordHash || !valid) throw new AppError("UNAUTHORIZED", INVALID_CREDENTIALS);
  await db.user.update({ where: { id: user.id }, data: { lastLogin: new Date() } });
  return createSession(db, user.id, meta);
}

/** Changes the password and signs every other browser out. */
export async function changePassword(
  db: Db,
  userId: string,
  currentSessionId: string,
  input: { currentPassword: string; newPassword: string },
) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError("BAD_REQUEST", "Your current password is not right.", "currentPassword");
  }
  const problem = passwordProblem(input.newPassword, user.email);
  if (problem) throw new AppError("BAD_REQUEST", problem, "newPassword");
  await db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(input.newPassword) } });
  return invalidateUserSessions(db, userId, currentSessionId);
}

/** Always succeeds from the caller's point of view, so it cannot be used to probe for accounts. */
export async function requestPasswordReset(db: Db, emailInput: string): Promise<void> {
  const email = normaliseEmail(emailInput);
  const user = await db.user.findUnique({ where: { email }, select: { id: true, name: true } });
  if (!user) return;
  const token = generateToken(32);
  await db.passwordResetToken.create({
    data: { userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + RESET_TOKEN_TTL_MS) },
  });
  await queueMail(db, {
    to: email,
    kind: "password_reset",
    subject: "Reset your Clinic Pulse password",
    body: `Hello ${user.name},\n\nUse this link within an hour to choose a new password:\n${appOrigin()}/reset-password/${token}\n\nIf you did not ask for this, ignore this email; your password stays the same.`,
  });
}

/** Sets a new password from a one-time reset link and signs the user out everywhere. */
export async function resetPassword(db: Db, token: string, newPassword: string) {
  const record = await db.passwordResetToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: { select: { email: true } } } });
  if (!record || record.usedAt || record.expiresAt.getTime() < Date.now()) {
    throw new AppError("BAD_REQUEST", "This reset link is invalid or has expired. Ask for a new one.");
  }
  const problem = passwordProblem(newPassword, record.user.email);
  if (problem) throw new AppError("BAD_REQUEST", problem, "password");
  const passwordHash = await hashPassword(newPassword);
  await db.$transaction(async (tx) => {
    // Marking the token used is conditional, so two concurrent uses cannot both succeed.
    const claimed = await tx.passwordResetToken.updateMany({ where: { id: record.id, usedAt: null }, data: { usedAt: new Date() } });
    if (claimed.count !== 1) throw new AppError("BAD_REQUEST", "This reset link has already been used. Ask for a new one.");
    await tx.user.update({ where: { id: record.userId }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId: record.userId } });
  });
}
