import type { Db } from "../db/client.ts";
import { generateToken, hashToken, tokenMatchesHash } from "./tokens.ts";

/**
 * Sessions in the Lucia design (lucia-auth.com, "Sessions"): the cookie holds "<id>.<secret>", the
 * table stores the id and SHA-256(secret), the secret is compared in constant time. Sessions expire
 * after SESSION_IDLE_MS without use; each use within the window slides the expiry, written at most
 * once per SESSION_TOUCH_MS to keep reads cheap.
 */
export const SESSION_IDLE_MS = 30 * 24 * 60 * 60 * 1000;
export const SESSION_TOUCH_MS = 60 * 60 * 1000;

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

export interface ValidSession {
  sessionId: string;
  user: SessionUser;
  expiresAt: Date;
  /** True when the expiry moved and the cookie should be re-sent. */
  renewed: boolean;
}

export async function createSession(
  db: Db,
  userId: string,
  meta: { userAgent?: string | null; ipAddress?: string | null } = {},
  now = new Date(),
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const sessionId = generateToken(15);
  const secret = generateToken(32);
  const expiresAt = new Date(now.getTime() + SESSION_IDLE_MS);
  await db.session.create({
    data: {
      id: sessionId,
      userId,
      secretHash: hashToken(secret),
      createdAt: now,
      lastVerifiedAt: now,
      expiresAt,
      userAgent: meta.userAgent?.slice(0, 400) ?? null,
      ipAddress: meta.ipAddress ?? null,
    },
  });
  return { token: `${sessionId}.${secret}`, sessionId, expiresAt };
}

export async function validateSessionToken(db: Db, token: string, now = new Date()): Promise<ValidSession | null> {
  const [sessionId, secret, extra] = token.split(".");
  if (!sessionId || !secret || extra !== undefined) return null;
  const session = await db.session.findUnique({
    where: { id: sessionId },
    include: { user: { select: { id: true, email: true, name: true } } },
  });
  if (!session || !tokenMatchesHash(secret, session.secretHash)) return null;
  if (session.expiresAt.getTime() <= now.getTime()) {
    await db.session.deleteMany({ where: { id: sessionId } });
    return null;
  }
  let expiresAt = session.expiresAt;
  let renewed = false;
  if (now.getTime() - session.lastVerifiedAt.getTime() >= SESSION_TOUCH_MS) {
    expiresAt = new Date(now.getTime() + SESSION_IDLE_MS);
    renewed = true;
    await db.session.update({ where: { id: sessionId }, data: { lastVerifiedAt: now, expiresAt } });
  }
  return { sessionId, user: session.user, expiresAt, renewed };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

/** Signs a user out everywhere (optionally keeping the current browser signed in). */
export async function invalidateUserSessions(db: Db, userId: string, keepSessionId?: string): Promise<number> {
  const result = await db.session.deleteMany({ where: { userId, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) } });
  return result.count;
}
