import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { addMember, callerAs, createClinic, createUser } from "../test/fixtures.ts";

function tokenOf(link: string): string {
  return link.split("/invite/")[1]!;
}

describe("invitations and members", () => {
  let t: TestDatabase;
  let clinicId: string;
  let owner: { id: string; email: string };
  beforeAll(async () => {
    t = await createTestDatabase();
    clinicId = (await createClinic(t.db, "Harbor Test")).id;
    owner = await createUser(t.db, { name: "Olivia Owner" });
    await addMember(t.db, owner.id, clinicId, "owner");
  });
  afterAll(async () => t?.close());

  it("lets an invited existing user join with the invited role, exactly once", async () => {
    const api = await callerAs(t.db, owner.id);
    const invitee = await createUser(t.db, { email: "sam@example.test" });
    const { link } = await api.invitations.create({ clinicId, email: "Sam@Example.test", role: "staff" });
    expect(await t.db.mailOutbox.count({ where: { toEmail: "sam@example.test", kind: "invitation" } })).toBe(1);
    const preview = await (await callerAs(t.db, null)).invitations.preview({ token: tokenOf(link) });
    expect(preview).toMatchObject({ ok: true, clinicName: "Harbor Test", role: "staff", hasAccount: true });
    const sam = await callerAs(t.db, invitee.id);
    await expect(sam.invitations.accept({ token: tokenOf(link) })).resolves.toEqual({ clinicId });
    expect((await sam.clinics.mine()).map((m) => [m.clinicId, m.role])).toEqual([[clinicId, "staff"]]);
    await expect(sam.invitations.accept({ token: tokenOf(link) })).rejects.toThrow(/already been used/);
  });

  it("refuses an invitation accepted by a different email address", async () => {
    const api = await callerAs(t.db, owner.id);
    const { link } = await api.invitations.create({ clinicId, email: "intended@example.test", role: "viewer" });
    const other = await createUser(t.db, { email: "someone-else@example.test" });
    await expect((await callerAs(t.db, other.id)).invitations.accept({ token: tokenOf(link) })).rejects.toThrow(/is for intended@example.test/);
  });

  it("refuses an expired or withdrawn invitation", async () => {
    const api = await callerAs(t.db, owner.id);
    const late = await createUser(t.db, { email: "late@example.test" });
    const { link, invitationId } = await api.invitations.create({ clinicId, email: late.email, role: "viewer" });
    await t.db.invitation.update({ where: { id: invitationId }, data: { expiresAt: new Date(Date.now() - 1) } });
    await expect((await callerAs(t.db, late.id)).invitations.accept({ token: tokenOf(link) })).rejects.toThrow(/expired/);
    const second = await api.invitations.create({ clinicId, email: late.email, role: "viewer" });
    await api.invitations.revoke({ clinicId, invitationId: second.invitationId });
    await expect((await callerAs(t.db, late.id)).invitations.accept({ token: tokenOf(second.link) })).rejects.toThrow(/withdrawn/);
    expect((await (await callerAs(t.db, null)).invitations.preview({ token: "not-a-real-token-at-all" })).ok).toBe(false);
  });

  it("does not let an admin invite or create owners", async () => {
    const admin = await createUser(t.db);
    await addMember(t.db, admin.id, clinicId, "admin");
    const api = await callerAs(t.db, admin.id);
    await expect(api.invitations.create({ clinicId, email: "boss@example.test", role: "owner" })).rejects.toThrow(/Only an owner/);
    const member = await createUser(t.db);
    await addMember(t.db, member.id, clinicId, "viewer");
    await expect(api.members.changeRole({ clinicId, userId: member.id, role: "owner" })).rejects.toThrow(/Only an owner/);
    await expect(api.members.changeRole({ clinicId, userId: owner.id, role: "viewer" })).rejects.toThrow(/Only an owner/);
  });

  it("never leaves a clinic without an owner", async () => {
    const solo = await createClinic(t.db, "Solo Practice");
    const me = await createUser(t.db);
    await addMember(t.db, me.id, solo.id, "owner");
    const api = await callerAs(t.db, me.id);
    await expect(api.members.changeRole({ clinicId: solo.id, userId: me.id, role: "admin" })).rejects.toThrow(/at least one owner/);
    await expect(api.members.remove({ clinicId: solo.id, userId: me.id })).rejects.toThrow(/at least one owner/);
    const partner = await createUser(t.db);
    await addMember(t.db, partner.id, solo.id, "owner");
    await api.members.remove({ clinicId: solo.id, userId: partner.id });
    await addMember(t.db, partner.id, solo.id, "owner");
    await api.members.changeRole({ clinicId: solo.id, userId: me.id, role: "admin" });
    const members = await (await callerAs(t.db, partner.id)).members.list({ clinicId: solo.id });
    expect(members.map((m) => m.role).sort()).toEqual(["admin", "owner"]);
  });

  it("removes a member's access immediately", async () => {
    const gone = await createUser(t.db);
    await addMember(t.db, gone.id, clinicId, "manager");
    const theirApi = await callerAs(t.db, gone.id);
    await expect(theirApi.clinics.get({ clinicId })).resolves.toMatchObject({ role: "manager" });
    await (await callerAs(t.db, owner.id)).members.remove({ clinicId, userId: gone.id });
    await expect(theirApi.clinics.get({ clinicId })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("withdraws the invitations a removed admin sent, so they cannot let themselves back in", async () => {
    const admin = await createUser(t.db, { name: "Ada Admin", email: "ada@example.test" });
    await addMember(t.db, admin.id, clinicId, "admin");
    const adminApi = await callerAs(t.db, admin.id);
    // An admin invites a second address of their own, then is removed.
    const second = await createUser(t.db, { email: "ada.private@example.test" });
    const { link, invitationId } = await adminApi.invitations.create({ clinicId, email: second.email, role: "admin" });
    const removed = await (await callerAs(t.db, owner.id)).members.remove({ clinicId, userId: admin.id });
    expect(removed).toMatchObject({ withdrawnInvitations: 1, googleAccounts: [], pausedConnections: 0 });
    expect(removed.message).toBe("Removed Ada Admin. 1 invitation they sent was withdrawn.");
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: invitationId } })).revokedAt).not.toBeNull();
    expect((await (await callerAs(t.db, owner.id)).invitations.list({ clinicId })).map((i) => i.id)).not.toContain(invitationId);
    await expect((await callerAs(t.db, second.id)).invitations.accept({ token: tokenOf(link) })).rejects.toThrow(/withdrawn/);
    expect(await t.db.userClinicRole.count({ where: { userId: second.id, clinicId } })).toBe(0);
  });

  it("withdraws on demotion only what the new role may not send", async () => {
    const coOwner = await createUser(t.db);
    await addMember(t.db, coOwner.id, clinicId, "owner");
    const api = await callerAs(t.db, coOwner.id);
    const ownerInvite = await api.invitations.create({ clinicId, email: "future-owner@example.test", role: "owner" });
    const staffInvite = await api.invitations.create({ clinicId, email: "future-staff@example.test", role: "staff" });
    await (await callerAs(t.db, owner.id)).members.changeRole({ clinicId, userId: coOwner.id, role: "admin" });
    const open = (await (await callerAs(t.db, owner.id)).invitations.list({ clinicId })).map((i) => i.id);
    expect(open).not.toContain(ownerInvite.invitationId); // an admin cannot invite owners
    expect(open).toContain(staffInvite.invitationId); // but can still invite staff
    await (await callerAs(t.db, owner.id)).members.changeRole({ clinicId, userId: coOwner.id, role: "viewer" });
    expect((await (await callerAs(t.db, owner.id)).invitations.list({ clinicId })).map((i) => i.id)).not.toContain(staffInvite.invitationId);
  });

  it("checks at acceptance that the sender may still invite, however their role changed", async () => {
    const admin = await createUser(t.db);
    await addMember(t.db, admin.id, clinicId, "admin");
    const invitee = await createUser(t.db, { email: "checked-late@example.test" });
    const { link } = await (await callerAs(t.db, admin.id)).invitations.create({ clinicId, email: invitee.email, role: "manager" });
    // The sender's membership ends without going through members.remove (e.g. by an operator).
    await t.db.userClinicRole.updateMany({ where: { userId: admin.id, clinicId }, data: { isActive: false } });
    const preview = await (await callerAs(t.db, null)).invitations.preview({ token: tokenOf(link) });
    expect(preview).toMatchObject({ ok: false, message: expect.stringMatching(/no longer manages this clinic's members/) });
    await expect((await callerAs(t.db, invitee.id)).invitations.accept({ token: tokenOf(link) })).rejects.toThrow(/no longer manages/);
    // Restored, the same invitation works: the refusal was about the sender, not a blanket deny.
    await t.db.userClinicRole.updateMany({ where: { userId: admin.id, clinicId }, data: { isActive: true } });
    await expect((await callerAs(t.db, invitee.id)).invitations.accept({ token: tokenOf(link) })).resolves.toEqual({ clinicId });
  });
});
