// Test helpers for the Google link flow: a real database, the real emulator (in-process, as in the
// demo) and the real googleapis client. Used by the tests under server/google and app/routes.
import { randomBytes } from "node:crypto";
import type { Role } from "../auth/permissions.ts";
import { createSession } from "../auth/sessions.ts";
import type { Db } from "../db/client.ts";
import { addMember, callerWithToken, createClinic, createUser } from "../test/fixtures.ts";
import { startDemoGoogleEmulator, stopDemoGoogleEmulator } from "./demo-emulator.ts";
import type { GoogleEmulator } from "./emulator/index.ts";
import { consent } from "./emulator/test-helpers.ts";

export const DEMO_EMAIL = "demo.owner@clinicpulse.test";

/** Demo mode against a fresh in-process emulator, with a test encryption key (nothing written to .data). */
export async function startGoogleTestEnv(): Promise<{ emulator: GoogleEmulator; stop: () => Promise<void> }> {
  delete process.env.GOOGLE_CLIENT_ID;
  delete process.env.GOOGLE_DEMO_EMULATOR_URL;
  process.env.TOKEN_ENCRYPTION_KEYS = `test1:${randomBytes(32).toString("base64")}`;
  const emulator = await startDemoGoogleEmulator({ quiet: true });
  return { emulator, stop: () => stopDemoGoogleEmulator() };
}

/** One signed-in browser: a session and a tRPC caller bound to its cookie. */
export async function browserFor(db: Db, userId: string) {
  const { token, sessionId } = await createSession(db, userId);
  return { token, sessionId, userId, api: () => callerWithToken(db, token) };
}

export async function clinicWith(db: Db, roles: Role[]) {
  const clinic = await createClinic(db);
  const people = {} as Record<Role, { id: string; email: string; name: string }>;
  for (const role of roles) {
    const user = await createUser(db, { name: `${role} person` });
    await addMember(db, user.id, clinic.id, role);
    people[role] = user;
  }
  return { clinic, people };
}

/** start → the emulator's consent page (Allow/Deny, by HTTP) → the redirect Google would make. */
export async function consentTo(emulator: GoogleEmulator, authorizeUrl: string, decision: "allow" | "deny" = "allow") {
  const back = await consent(emulator, authorizeUrl, { decision });
  return { state: back.searchParams.get("state") ?? "", code: back.searchParams.get("code") ?? undefined, error: back.searchParams.get("error") ?? undefined, url: back };
}

/** The whole link flow for `userId` in `clinicId`; returns the outcome. */
export async function linkGoogle(db: Db, emulator: GoogleEmulator, clinicId: string, userId: string) {
  const browser = await browserFor(db, userId);
  const { authorizeUrl } = await (await browser.api()).google.startLink({ clinicId });
  const back = await consentTo(emulator, authorizeUrl);
  const result = await (await browser.api()).google.completeLink({ state: back.state, ...(back.code ? { code: back.code } : {}) });
  const row = await db.googleCredential.findUniqueOrThrow({ where: { clinicId_userId: { clinicId, userId } } });
  return { result, credentialId: row.id, browser };
}
