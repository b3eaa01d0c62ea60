import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTenantDb } from "../../tenancy/tenant-db.ts";
import { callerAs } from "../../test/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import type { GoogleEmulator } from "../emulator/index.ts";
import { BRIGHT_SMILES_ID } from "../emulator/test-helpers.ts";
import { sheetsClient } from "../google-config.ts";
import { clinicWith, DEMO_EMAIL, linkGoogle, startGoogleTestEnv } from "../test-support.ts";
import { authorizedClientFor, CredentialNeedsReauthError, getAuthorizedClient } from "./index.ts";
import { decryptFor } from "./token-store.ts";

describe("Google credentials service (real database, emulator and googleapis)", () => {
  let t: TestDatabase;
  let emulator: GoogleEmulator;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    t = await createTestDatabase();
    ({ emulator, stop } = await startGoogleTestEnv());
  });
  afterAll(async () => {
    await stop?.();
    await t?.close();
  });
  afterEach(() => {
    emulator.setFaults({});
    emulator.state.clock.reset();
  });

  async function linked(roles: Parameters<typeof clinicWith>[1] = ["owner"]) {
    const { clinic, people } = await clinicWith(t.db, roles);
    const { credentialId } = await linkGoogle(t.db, emulator, clinic.id, people.owner.id);
    const ref = { clinicId: clinic.id, credentialId };
    const tenant = createTenantDb(t.db, people.owner.id, [clinic.id]);
    const row = () => t.db.googleCredential.findUniqueOrThrow({ where: { id: credentialId } });
    return { clinic, people, ref, tenant, row };
  }

  const readTitle = async (auth: Awaited<ReturnType<typeof getAuthorizedClient>>) =>
    (await sheetsClient(auth).spreadsheets.get({ spreadsheetId: BRIGHT_SMILES_ID, fields: "properties.title" })).data.properties?.title;

  it("hands out a working client without refreshing a fresh token", async () => {
    const { tenant, ref } = await linked();
    const tokenCalls = emulator.stats.calls.token ?? 0;
    const auth = await tenant.run((tx) => getAuthorizedClient(tx, ref));
    expect(await readTitle(auth)).toContain("Bright Smiles Dental");
    expect(emulator.stats.calls.token ?? 0).toBe(tokenCalls);
  });

  it("refreshes an expired access token and stores the new one re-encrypted", async () => {
    const { tenant, ref, row } = await linked();
    const before = await row();
    const oldAccess = decryptFor(before, "access_token", before.accessToken);
    emulator.state.expireAccessTokens();
    expect(emulator.state.lookupAccessToken(oldAccess).status).toBe("expired");
    await t.db.googleCredential.update({ where: { id: ref.credentialId }, data: { expiresAt: new Date(Date.now() - 60_000) } });

    const tokenCalls = emulator.stats.calls.token ?? 0;
    const auth = await tenant.run((tx) => getAuthorizedClient(tx, ref));
    expect(emulator.stats.calls.token).toBe(tokenCalls + 1);
    const after = await row();
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.accessToken).toMatch(/^v1\.test1\./);
    const newAccess = decryptFor(after, "access_token", after.accessToken);
    expect(newAccess).not.toBe(oldAccess);
    expect(after.accessToken).not.toContain(newAccess);
    expect(emulator.state.lookupAccessToken(newAccess).status).toBe("ok");
    expect(decryptFor(after, "refresh_token", after.refreshToken!)).toBe(decryptFor(before, "refresh_token", before.refreshToken!));
    expect(after.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 50 * 60 * 1000);
    expect(after.status).toBe("active");
    expect(await readTitle(auth)).toContain("Bright Smiles Dental");
  });

  it("refreshes in the middle of a run when Google's clock says the token expired (and emits 'tokens')", async () => {
    const { tenant, ref } = await linked();
    const auth = await tenant.run((tx) => getAuthorizedClient(tx, ref));
    const seen: unknown[] = [];
    auth.on("tokens", (tokens) => seen.push(tokens));
    emulator.state.advanceClock(2 * 3600);
    expect(await readTitle(auth)).toContain("Bright Smiles Dental");
    expect(seen).toHaveLength(1);
  });

  it("a revoked grant marks the credential needs_reauth with a clear error, and later calls stop at once", async () => {
    const { tenant, ref, row, people, clinic } = await linked();
    emulator.state.revokeAll();
    await t.db.googleCredential.update({ where: { id: ref.credentialId }, data: { expiresAt: new Date(Date.now() - 1000) } });

    const error = await authorizedClientFor(tenant, ref).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialNeedsReauthError);
    expect(error).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: `Google access for ${DEMO_EMAIL} was revoked or expired. Reconnect Google to keep syncing.`,
      clinicId: clinic.id,
      credentialId: ref.credentialId,
    });
    const marked = await row();
    expect(marked.status).toBe("needs_reauth");
    expect(marked.lastError).toMatch(/invalid_grant/);

    const tokenCalls = emulator.stats.calls.token ?? 0;
    await expect(tenant.run((tx) => getAuthorizedClient(tx, ref))).rejects.toBeInstanceOf(CredentialNeedsReauthError);
    expect(emulator.stats.calls.token ?? 0).toBe(tokenCalls);

    const status = await (await callerAs(t.db, people.owner.id)).google.status({ clinicId: clinic.id });
    expect(status.accounts[0]).toMatchObject({ status: "needs_reauth", email: DEMO_EMAIL });
  });

  it("a grant revoked during a run surfaces as CredentialNeedsReauthError from the API call", async () => {
    const { tenant, ref } = await linked();
    const auth = await tenant.run((tx) => getAuthorizedClient(tx, ref));
    emulator.state.revokeAll();
    await expect(readTitle(auth)).rejects.toBeInstanceOf(CredentialNeedsReauthError);
  });

  it("does not report Google outages as revoked access", async () => {
    const { tenant, ref, row } = await linked();
    await t.db.googleCredential.update({ where: { id: ref.credentialId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    emulator.setFaults({ token: { status: 503 } });
    const error = await authorizedClientFor(tenant, ref).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(CredentialNeedsReauthError);
    expect(error).toMatchObject({ response: { status: 503 } });
    const stored = await row();
    expect(stored.status).toBe("active");
    // The error (which a caller may log) does not carry the refresh token it sent.
    const refresh = decryptFor(stored, "refresh_token", stored.refreshToken!);
    expect(inspect(error, { depth: 8 })).not.toContain(refresh);
  });

  it("re-encrypts with the new key after rotation; old values still decrypt", async () => {
    const { tenant, ref, row } = await linked();
    const oldKeys = process.env.TOKEN_ENCRYPTION_KEYS!;
    try {
      process.env.TOKEN_ENCRYPTION_KEYS = `test2:${randomBytes(32).toString("base64")},${oldKeys}`;
      const auth = await tenant.run((tx) => getAuthorizedClient(tx, ref));
      expect(await readTitle(auth)).toContain("Bright Smiles Dental");
      const after = await row();
      expect(after.keyId).toBe("test2");
      expect(after.accessToken).toMatch(/^v1\.test2\./);
      expect(after.refreshToken).toMatch(/^v1\.test2\./);
    } finally {
      process.env.TOKEN_ENCRYPTION_KEYS = oldKeys;
    }
  });

  it("disconnect revokes at Google, deletes the credential and pauses its spreadsheet syncs", async () => {
    const { ref, row, people, clinic } = await linked();
    const before = await row();
    const access = decryptFor(before, "access_token", before.accessToken);
    await t.db.spreadsheetConnection.create({
      data: { clinicId: clinic.id, credentialId: ref.credentialId, spreadsheetId: BRIGHT_SMILES_ID, spreadsheetName: "Bright Smiles", sheetNames: ["Jan-24"] },
    });
    const revokes = emulator.stats.calls.revoke ?? 0;
    const result = await (await callerAs(t.db, people.owner.id)).google.disconnect({ clinicId: clinic.id, credentialId: ref.credentialId });
    expect(result).toMatchObject({ ok: true, revoked: true, pausedConnections: 1 });
    expect(result.message).toContain("Google access was revoked");
    expect(emulator.stats.calls.revoke).toBe(revokes + 1);
    expect(emulator.state.lookupAccessToken(access).status).toBe("revoked");
    expect(await t.db.googleCredential.count({ where: { id: ref.credentialId } })).toBe(0);
    const connection = await t.db.spreadsheetConnection.findFirstOrThrow({ where: { clinicId: clinic.id } });
    expect(connection.syncStatus).toBe("paused");
    expect(connection.lastError).toMatch(new RegExp(`Sync paused: the Google account ${DEMO_EMAIL} was disconnected by owner person`));
  });

  it("removing a member forgets their Google link here and pauses its syncs, but leaves their link in another clinic working", async () => {
    const { clinic, people } = await clinicWith(t.db, ["owner", "staff"]);
    const other = await clinicWith(t.db, ["owner"]);
    await t.db.userClinicRole.create({ data: { userId: people.staff.id, clinicId: other.clinic.id, role: "staff" } });
    const here = await linkGoogle(t.db, emulator, clinic.id, people.staff.id);
    const there = await linkGoogle(t.db, emulator, other.clinic.id, people.staff.id);
    await t.db.spreadsheetConnection.create({
      data: { clinicId: clinic.id, credentialId: here.credentialId, spreadsheetId: BRIGHT_SMILES_ID, spreadsheetName: "Bright Smiles", sheetNames: ["Jan-24"] },
    });
    const revokes = emulator.stats.calls.revoke ?? 0;

    const removed = await (await callerAs(t.db, people.owner.id)).members.remove({ clinicId: clinic.id, userId: people.staff.id });
    expect(removed).toMatchObject({ googleAccounts: [DEMO_EMAIL], pausedConnections: 1 });
    expect(removed.message).toBe(
      `Removed staff person. Their Google account ${DEMO_EMAIL} is no longer linked to this clinic. 1 spreadsheet sync that used it is paused until someone connects their own Google account and chooses the spreadsheet again.`,
    );
    expect(await t.db.googleCredential.count({ where: { id: here.credentialId } })).toBe(0);
    const connection = await t.db.spreadsheetConnection.findFirstOrThrow({ where: { clinicId: clinic.id } });
    expect(connection.syncStatus).toBe("paused");
    expect(connection.lastError).toMatch(new RegExp(`Sync paused: ${DEMO_EMAIL} was linked by staff person, who was removed from the clinic on \\d{4}-\\d{2}-\\d{2}\\. Connect Google again`));
    // Not revoked at Google: the same account's link in the clinic they still belong to keeps working.
    expect(emulator.stats.calls.revoke ?? 0).toBe(revokes);
    const auth = await createTenantDb(t.db, people.staff.id, [other.clinic.id]).run((tx) => getAuthorizedClient(tx, { clinicId: other.clinic.id, credentialId: there.credentialId }));
    expect(await readTitle(auth)).toContain("Bright Smiles Dental");
  });

  it("still disconnects when Google cannot be reached, and says so", async () => {
    const { ref, people, clinic } = await linked();
    emulator.setFaults({ revoke: { status: 503 } });
    const result = await (await callerAs(t.db, people.owner.id)).google.disconnect({ clinicId: clinic.id, credentialId: ref.credentialId });
    expect(result.revoked).toBe(false);
    expect(result.message).toContain("Google could not be reached to revoke access");
    expect(result.message).toContain("https://myaccount.google.com/permissions");
    expect(await t.db.googleCredential.count({ where: { id: ref.credentialId } })).toBe(0);
  });

  it("only the linker or an owner/admin may disconnect; another clinic's credential is NOT_FOUND", async () => {
    const a = await linked(["owner", "staff", "admin"]);
    const b = await linked();
    const staff = await callerAs(t.db, a.people.staff.id);
    await expect(staff.google.disconnect({ clinicId: a.clinic.id, credentialId: a.ref.credentialId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const statusForStaff = await staff.google.status({ clinicId: a.clinic.id });
    expect(statusForStaff.accounts[0]).toMatchObject({ mine: false, canDisconnect: false, linkedBy: { name: "owner person" } });

    const owner = await callerAs(t.db, a.people.owner.id);
    await expect(owner.google.disconnect({ clinicId: a.clinic.id, credentialId: b.ref.credentialId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(a.tenant.run((tx) => getAuthorizedClient(tx, { clinicId: a.clinic.id, credentialId: b.ref.credentialId }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await t.db.googleCredential.count({ where: { id: b.ref.credentialId } })).toBe(1);

    const admin = await callerAs(t.db, a.people.admin.id);
    await expect(admin.google.disconnect({ clinicId: a.clinic.id, credentialId: a.ref.credentialId })).resolves.toMatchObject({ ok: true });
  });
});
