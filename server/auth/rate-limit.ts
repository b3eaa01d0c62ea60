import type { Db } from "../db/client.ts";

/**
 * Sign-in rate limits, counted from the sign_in_attempts table so they hold across app instances
 * and restarts: at most MAX_FAILURES_PER_ACCOUNT failed attempts per email and
 * MAX_ATTEMPTS_PER_ADDRESS attempts (failed or not) per client address within WINDOW_MS.
 */
export const WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_ATTEMPTS_PER_ADDRESS = 30;

export async function signInBlocked(db: Db, email: string, ipAddress: string, now = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const [accountFailures, addressAttempts] = await Promise.all([
    db.signInAttempt.count({ where: { email, succeeded: false, createdAt: { gt: since } } }),
    db.signInAttempt.count({ where: { ipAddress, createdAt: { gt: since } } }),
  ]);
  return accountFailures >= MAX_FAILURES_PER_ACCOUNT || addressAttempts >= MAX_ATTEMPTS_PER_ADDRESS;
}

export async function recordSignInAttempt(db: Db, email: string, ipAddress: string, succeeded: boolean, now = new Date()): Promise<void> {
  await db.signInAttempt.create({ data: { email, ipAddress, succeeded, createdAt: now } });
}

/** Old attempts are no longer needed for any limit; called opportunistically. */
export async function pruneSignInAttempts(db: Db, now = new Date()): Promise<void> {
  await db.signInAttempt.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - 24 * WINDOW_MS) } } });
}
