import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { callerAs } from "../../test/fixtures.ts";
import { decryptFor } from "../credentials/token-store.ts";
import type { GoogleEmulator } from "../emulator/index.ts";
import { REQUESTED_SCOPES, SCOPE_DRIVE_METADATA_READONLY, SCOPE_SHEETS_READONLY } from "../google-config.ts";
import { browserFor, clinicWith, consentTo, DEMO_EMAIL, linkGoogle, startGoogleTestEnv } from "../test-support.ts";
import { sanitizeReturnTo } from "./link.ts";

describe("linking a Google account (real database, emulator and googleapis)", () => {
  let t: TestDatabase;
  let emulator: GoogleEmulator;
  let stop: () => Promise<void>;
  let world: Awaited<ReturnType<typeof clinicWith>>;

  beforeAll(async () => {
    t = await createTestDatabase();
    ({ emulator, stop } = await startGoogleTestEnv());
    world = await clinicWith(t.db, ["owner", "staff", "manager", "provider"]);
  });
  afterAll(async () => {
    await stop?.();
    await t?.close();
  });

  const credentialCount = (userId: string) => t.db.googleCredential.count({ where: { clinicId: world.clinic.id, userId } });

  it("start → consent (Allow) → callback stores encrypted tokens, and the status never shows a token", async () => {
    const browser = await browserFor(t.db, world.people.owner.id);
    const { authorizeUrl } = await (await browser.api()).google.startLink({ clinicId: world.clinic.id, returnTo: `/clinics/${world.clinic.id}/google` });

    const url = new URL(authorizeUrl);
    expect(url.origin).toBe(emulator.url);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      access_type: "offline",
      prompt: "consent",
      include_granted_scopes: "true",
      response_type: "code",
      code_challenge_method: "S256",
      client_id: "clinic-pulse-demo",
      redirect_uri: "http://localhost/google/callback",
      scope: REQUESTED_SCOPES.join(" "),
    });
    const state = url.searchParams.get("state")!;
    expect(state.length).toBeGreaterThanOrEqual(40);

    // Only the hash of the state is stored, bound to this session, with an encrypted verifier and a 10-minute life.
    const pending = await t.db.googleOauthState.findMany({ where: { userId: world.people.owner.id } });
    expect(pending).toHaveLength(1);
    const row = pending[0]!;
    expect(row.stateHash).not.toBe(state);
    expect(row.stateHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.sessionId).toBe(browser.sessionId);
    expect(row.clinicId).toBe(world.clinic.id);
    expect(row.codeVerifier).toMatch(/^v1\./);
    expect(row.returnTo).toBe(`/clinics/${world.clinic.id}/google`);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(10 * 60 * 1000);

    const back = await consentTo(emulator, authorizeUrl);
    expect(back.state).toBe(state);
    const result = await (await browser.api()).google.completeLink({ state, code: back.code! });
    expect(result).toEqual({ outcome: "linked", clinicId: world.clinic.id, returnTo: `/clinics/${world.clinic.id}/google`, email: DEMO_EMAIL });

    expect(await t.db.googleOauthState.count({ where: { userId: world.people.owner.id } })).toBe(0);
    const cred = await t.db.googleCredential.findUniqueOrThrow({ where: { clinicId_userId: { clinicId: world.clinic.id, userId: world.people.owner.id } } });
    expect(cred).toMatchObject({ googleAccountEmail: DEMO_EMAIL, status: "active", keyId: "test1", lastError: null });
    expect(cred.scope).toEqual(expect.arrayContaining([SCOPE_SHEETS_READONLY, SCOPE_DRIVE_METADATA_READONLY, "openid"]));
    expect(cred.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 50 * 60 * 1000);
    expect(cred.accessToken).toMatch(/^v1\.test1\./);
    expect(cred.refreshToken).toMatch(/^v1\.test1\./);
    const access = decryptFor(cred, "access_token", cred.accessToken);
    const refresh = decryptFor(cred, "refresh_token", cred.refreshToken!);
    expect(access).toMatch(/^ya29\./);
    expect(refresh).toMatch(/^1\/\//);
    expect(emulator.state.lookupAccessToken(access).status).toBe("ok");
    expect(cred.accessToken).not.toContain(access);
    expect(cred.refreshToken).not.toContain(refresh);

    // No tRPC output carries a token or a ciphertext.
    const status = await (await browser.api()).google.status({ clinicId: world.clinic.id });
    expect(status.demo).toBe(true);
    expect(status.demoLabel).toBe("Demo Google account (emulator)");
    expect(status.accounts).toHaveLength(1);
    expect(status.accounts[0]).toMatchObject({ email: DEMO_EMAIL, status: "active", mine: true, canDisconnect: true, isDemo: true, label: "Demo Google account (emulator)" });
    const serialized = JSON.stringify([status, result]);
    for (const secret of [access, refresh, cred.accessToken, cred.refreshToken!, access.slice(5, 25), refresh.slice(3, 23), back.code!, state]) {
      expect(serialized).not.toContain(secret);
    }
  });

  it("refuses a callback from another session of the same person, or from another person; the state is then spent", async () => {
    const starter = await browserFor(t.db, world.people.staff.id);
    const { authorizeUrl } = await (await starter.api()).google.startLink({ clinicId: world.clinic.id });
    const back = await consentTo(emulator, authorizeUrl);

    const sameUserOtherSession = await browserFor(t.db, world.people.staff.id);
    await expect((await sameUserOtherSession.api()).google.completeLink({ state: back.state, code: back.code! })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Single use even for a refused attempt: the original browser cannot use it any more.
    await expect((await starter.api()).google.completeLink({ state: back.state, code: back.code! })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await credentialCount(world.people.staff.id)).toBe(0);

    const again = await (await starter.api()).google.startLink({ clinicId: world.clinic.id });
    const back2 = await consentTo(emulator, again.authorizeUrl);
    const otherPerson = await callerAs(t.db, world.people.manager.id);
    await expect(otherPerson.google.completeLink({ state: back2.state, code: back2.code! })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("different browser session"),
    });
    expect(await credentialCount(world.people.manager.id)).toBe(0);
    expect(await credentialCount(world.people.staff.id)).toBe(0);
  });

  it("refuses an expired state (reported on the clinic's page) and a reused one", async () => {
    const browser = await browserFor(t.db, world.people.manager.id);
    const { authorizeUrl } = await (await browser.api()).google.startLink({ clinicId: world.clinic.id });
    const back = await consentTo(emulator, authorizeUrl);
    await t.db.googleOauthState.updateMany({ where: { sessionId: browser.sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await (await browser.api()).google.completeLink({ state: back.state, code: back.code! })).toMatchObject({ outcome: "expired", clinicId: world.clinic.id });
    expect(await credentialCount(world.people.manager.id)).toBe(0);

    const fresh = await (await browser.api()).google.startLink({ clinicId: world.clinic.id });
    const ok = await consentTo(emulator, fresh.authorizeUrl);
    expect((await (await browser.api()).google.completeLink({ state: ok.state, code: ok.code! })).outcome).toBe("linked");
    await expect((await browser.api()).google.completeLink({ state: ok.state, code: ok.code! })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("already used"),
    });
    await expect((await browser.api()).google.completeLink({ state: "never-issued", code: "x" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("reports a denied consent and a failed code exchange without storing anything", async () => {
    const { clinic, people } = await clinicWith(t.db, ["owner"]);
    const browser = await browserFor(t.db, people.owner.id);
    const denied = await consentTo(emulator, (await (await browser.api()).google.startLink({ clinicId: clinic.id })).authorizeUrl, "deny");
    expect(denied.error).toBe("access_denied");
    expect(await (await browser.api()).google.completeLink({ state: denied.state, error: denied.error! })).toMatchObject({ outcome: "denied", clinicId: clinic.id });

    const tampered = await consentTo(emulator, (await (await browser.api()).google.startLink({ clinicId: clinic.id })).authorizeUrl);
    const tokenCalls = emulator.stats.calls.token ?? 0;
    expect(await (await browser.api()).google.completeLink({ state: tampered.state, code: `${tampered.code}x` })).toMatchObject({ outcome: "failed" });
    expect(emulator.stats.calls.token).toBe(tokenCalls + 1);

    // A verifier that does not match the challenge (PKCE) is refused by the token endpoint too.
    const pkce = await consentTo(emulator, (await (await browser.api()).google.startLink({ clinicId: clinic.id })).authorizeUrl);
    const { encryptToken } = await import("../crypto/token-cipher.ts");
    const { hashToken } = await import("../../auth/tokens.ts");
    const stateHash = hashToken(pkce.state);
    await t.db.googleOauthState.update({
      where: { stateHash },
      data: { codeVerifier: encryptToken("a".repeat(64), { context: `google_oauth_states:${stateHash}:code_verifier` }).value },
    });
    expect(await (await browser.api()).google.completeLink({ state: pkce.state, code: pkce.code! })).toMatchObject({ outcome: "failed" });
    expect(await t.db.googleCredential.count({ where: { clinicId: clinic.id } })).toBe(0);
  });

  it("re-linking keeps the credential id (reconnect), and lost access to the clinic is refused at the callback", async () => {
    const { clinic, people } = await clinicWith(t.db, ["owner", "staff"]);
    const first = await linkGoogle(t.db, emulator, clinic.id, people.staff.id);
    await t.db.googleCredential.update({ where: { id: first.credentialId }, data: { status: "needs_reauth", lastError: "revoked" } });
    const second = await linkGoogle(t.db, emulator, clinic.id, people.staff.id);
    expect(second.credentialId).toBe(first.credentialId);
    expect(await t.db.googleCredential.findUniqueOrThrow({ where: { id: first.credentialId } })).toMatchObject({ status: "active", lastError: null });

    const browser = await browserFor(t.db, people.staff.id);
    const { authorizeUrl } = await (await browser.api()).google.startLink({ clinicId: clinic.id });
    const back = await consentTo(emulator, authorizeUrl);
    await t.db.userClinicRole.updateMany({ where: { clinicId: clinic.id, userId: people.staff.id }, data: { role: "viewer" } });
    await expect((await browser.api()).google.completeLink({ state: back.state, code: back.code! })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses roles without google:manage at the start", async () => {
    const browser = await browserFor(t.db, world.people.provider.id);
    await expect((await browser.api()).google.startLink({ clinicId: world.clinic.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect((await browser.api()).google.status({ clinicId: world.clinic.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("keeps returnTo to same-site paths", () => {
    expect(sanitizeReturnTo("/clinics/abc/google?x=1#y")).toBe("/clinics/abc/google?x=1#y");
    for (const bad of ["https://evil.test/", "//evil.test/x", "/\\evil.test", "javascript:alert(1)", "clinics/abc", "", null, `/${"a".repeat(600)}`, "/\tx"]) {
      expect(sanitizeReturnTo(bad)).toBeNull();
    }
  });
});
