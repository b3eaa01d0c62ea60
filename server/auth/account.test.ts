import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { callerAs, callerWithToken, createUser, TEST_PASSWORD } from "../test/fixtures.ts";
import { INVALID_CREDENTIALS, TOO_MANY_ATTEMPTS } from "./account.ts";
import { MAX_FAILURES_PER_ACCOUNT } from "./rate-limit.ts";
import { validateSessionToken } from "./sessions.ts";

function tokenFrom(headers: Headers): string {
  const cookie = headers.get("set-cookie") ?? "";
  const match = /cp_session=([^;]+)/.exec(cookie);
  if (!match?.[1]) throw new Error(`no session cookie in ${cookie}`);
  return match[1];
}

describe("accounts", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t?.close());

  it("signs up a user as owner of a new clinic and signs them in", async () => {
    const api = await callerAs(t.db, null);
    await api.auth.signUp({ name: "Maria Chen", email: " Maria@Example.test ", password: "a sensible passphrase", clinicName: "Bright Smiles" });
    const cookie = api.resHeaders.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const session = await validateSessionToken(t.db, tokenFrom(api.resHeaders));
    expect(session?.user.email).toBe("maria@example.test");
    const roles = await t.db.userClinicRole.findMany({ where: { userId: session!.user.id } });
    expect(roles.map((r) => r.role)).toEqual(["owner"]);
    await expect(api.auth.signUp({ name: "Again", email: "maria@example.test", password: "another fine passphrase", clinicName: "X" })).rejects.toThrow(/already exists/);
  });

  it("gives the same answer for an unknown email and a wrong password", async () => {
    const user = await createUser(t.db);
    const api = await callerAs(t.db, null, { ip: "198.51.100.1" });
    const unknown = await api.auth.signIn({ email: "nobody@example.test", password: "whatever-password" }).catch((e) => e);
    const wrong = await api.auth.signIn({ email: user.email, password: "whatever-password" }).catch((e) => e);
    expect(unknown.code).toBe("UNAUTHORIZED");
    expect(wrong.code).toBe("UNAUTHORIZED");
    expect(unknown.message).toBe(INVALID_CREDENTIALS);
    expect(wrong.message).toBe(INVALID_CREDENTIALS);
  });

  it("starts a fresh session at every sign-in and ends the old one", async () => {
    const user = await createUser(t.db);
    const first = await callerAs(t.db, user.id);
    const oldSessions = await t.db.session.findMany({ where: { userId: user.id } });
    await first.auth.signIn({ email: user.email, password: TEST_PASSWORD });
    const newToken = tokenFrom(first.resHeaders);
    expect(oldSessions.map((s) => s.id)).not.toContain(newToken.split(".")[0]);
    const remaining = await t.db.session.findMany({ where: { userId: user.id } });
    expect(remaining.map((s) => s.id)).toEqual([newToken.split(".")[0]]);
  });

  it("locks an account after repeated failures, even with the right password, and counts it in the database", async () => {
    const user = await createUser(t.db);
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      const api = await callerAs(t.db, null, { ip: `192.0.2.${i}` });
      await expect(api.auth.signIn({ email: user.email, password: "wrong password!" })).rejects.toThrow(INVALID_CREDENTIALS);
    }
    const api = await callerAs(t.db, null, { ip: "192.0.2.200" });
    await expect(api.auth.signIn({ email: user.email, password: TEST_PASSWORD })).rejects.toThrow(TOO_MANY_ATTEMPTS);
    expect(await t.db.signInAttempt.count({ where: { email: user.email, succeeded: false } })).toBe(MAX_FAILURES_PER_ACCOUNT);
  });

  it("limits attempts per client address across different accounts", async () => {
    const ip = "203.0.113.99";
    await t.db.signInAttempt.createMany({ data: Array.from({ length: 30 }, (_, i) => ({ email: `probe${i}@example.test`, ipAddress: ip, succeeded: false })) });
    const user = await createUser(t.db);
    const api = await callerAs(t.db, null, { ip });
    await expect(api.auth.signIn({ email: user.email, password: TEST_PASSWORD })).rejects.toThrow(TOO_MANY_ATTEMPTS);
    const elsewhere = await callerAs(t.db, null, { ip: "203.0.113.100" });
    await expect(elsewhere.auth.signIn({ email: user.email, password: TEST_PASSWORD })).resolves.toEqual({ ok: true });
  });

  it("changes the password and signs every other browser out", async () => {
    const user = await createUser(t.db);
    const other = await callerAs(t.db, user.id);
    const me = await callerAs(t.db, user.id);
    await expect(me.auth.changePassword({ currentPassword: "nope nope nope", newPassword: "a brand new passphrase" })).rejects.toThrow(/current password/);
    const result = await me.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: "a brand new passphrase" });
    expect(result.otherSessionsEnded).toBe(1);
    await expect((await callerWithToken(t.db, other.token)).auth.signOutEverywhere()).rejects.toThrow(/Sign in/);
    expect(await (await callerWithToken(t.db, me.token)).auth.me()).not.toBeNull();
    const fresh = await callerAs(t.db, null, { ip: "198.51.100.50" });
    await expect(fresh.auth.signIn({ email: user.email, password: "a brand new passphrase" })).resolves.toEqual({ ok: true });
  });

  it("resets a password with a one-time link from the outbox, and only once", async () => {
    const user = await createUser(t.db);
    const signedIn = await callerAs(t.db, user.id);
    const api = await callerAs(t.db, null);
    await api.auth.requestPasswordReset({ email: "nobody-here@example.test" });
    await api.auth.requestPasswordReset({ email: user.email.toUpperCase() });
    const mail = await t.db.mailOutbox.findFirstOrThrow({ where: { toEmail: user.email, kind: "password_reset" } });
    expect(await t.db.mailOutbox.count({ where: { toEmail: "nobody-here@example.test" } })).toBe(0);
    const token = /reset-password\/([a-z0-9]+)/.exec(mail.bodyText)![1]!;
    expect(await t.db.passwordResetToken.count({ where: { tokenHash: token } })).toBe(0);
    await expect(api.auth.resetPassword({ token, password: "short" })).rejects.toThrow(/at least 10/);
    await api.auth.resetPassword({ token, password: "reset worked nicely" });
    await expect(api.auth.resetPassword({ token, password: "second time lucky" })).rejects.toThrow(/invalid or has expired/);
    await expect((await callerWithToken(t.db, signedIn.token)).auth.signOutEverywhere()).rejects.toThrow(/Sign in/);
  });

  it("refuses an expired reset link", async () => {
    const user = await createUser(t.db);
    const api = await callerAs(t.db, null);
    await api.auth.requestPasswordReset({ email: user.email });
    const mail = await t.db.mailOutbox.findFirstOrThrow({ where: { toEmail: user.email } });
    const token = /reset-password\/([a-z0-9]+)/.exec(mail.bodyText)![1]!;
    await t.db.passwordResetToken.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(api.auth.resetPassword({ token, password: "reset worked nicely" })).rejects.toThrow(/expired/);
  });

  it("signs out everywhere", async () => {
    const user = await createUser(t.db);
    const a = await callerAs(t.db, user.id);
    const b = await callerAs(t.db, user.id);
    expect((await a.auth.signOutEverywhere()).ended).toBe(2);
    expect(a.resHeaders.get("set-cookie")).toMatch(/Max-Age=0/);
    expect(await (await callerWithToken(t.db, b.token)).auth.me()).toBeNull();
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(0);
  });
});
