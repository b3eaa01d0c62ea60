import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../auth/permissions.ts";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { callerAs, twoClinicWorld } from "../test/fixtures.ts";
import { appRouter } from "./app-router.ts";

/**
 * Every procedure in the app router must appear here. Tenant procedures are called by every role
 * of clinic A and by an outsider with clinic B's ids and must be refused; a new procedure without
 * a case fails the suite, so this test cannot fall behind the router.
 */
type World = Awaited<ReturnType<typeof twoClinicWorld>> & { bInvitationId: string };
type Case =
  | { kind: "public"; why: string }
  | { kind: "self"; why: string; input?: (w: World) => unknown }
  | { kind: "tenant"; input: (w: World) => unknown; /** Clinic A's id with a clinic-B object id inside: must not reach B. */ crossInput?: (w: World) => unknown };

const CASES: Record<string, Case> = {
  "system.health": { kind: "public", why: "liveness for load balancers; no clinic data" },
  "auth.me": { kind: "public", why: "returns only the caller's own user and memberships, or null" },
  "auth.signUp": { kind: "public", why: "creates a new user and their own clinic" },
  "auth.signIn": { kind: "public", why: "authentication" },
  "auth.signOut": { kind: "public", why: "ends the caller's own session, if any" },
  "auth.requestPasswordReset": { kind: "public", why: "same answer for every address" },
  "auth.resetPassword": { kind: "public", why: "authorised by the one-time token" },
  "invitations.preview": { kind: "public", why: "authorised by the one-time token; shows only that invitation" },
  "auth.signOutEverywhere": { kind: "self", why: "the caller's own sessions" },
  "auth.changePassword": { kind: "self", why: "the caller's own password", input: () => ({ currentPassword: "x", newPassword: "y" }) },
  "clinics.mine": { kind: "self", why: "the caller's own memberships" },
  "clinics.create": { kind: "self", why: "a new clinic owned by the caller", input: () => ({ name: "New" }) },
  "invitations.accept": { kind: "self", why: "authorised by the token and the invited email", input: () => ({ token: "0123456789abcdef" }) },
  "clinics.get": { kind: "tenant", input: (w) => ({ clinicId: w.b.id }) },
  "clinics.updateSettings": { kind: "tenant", input: (w) => ({ clinicId: w.b.id, name: "Hijacked", location: "" }) },
  "members.list": { kind: "tenant", input: (w) => ({ clinicId: w.b.id }) },
  "members.changeRole": {
    kind: "tenant",
    input: (w) => ({ clinicId: w.b.id, userId: w.membersB.viewer.id, role: "owner" }),
    crossInput: (w) => ({ clinicId: w.a.id, userId: w.membersB.viewer.id, role: "owner" }),
  },
  "members.remove": {
    kind: "tenant",
    input: (w) => ({ clinicId: w.b.id, userId: w.membersB.owner.id }),
    crossInput: (w) => ({ clinicId: w.a.id, userId: w.membersB.viewer.id }),
  },
  "invitations.create": { kind: "tenant", input: (w) => ({ clinicId: w.b.id, email: "spy@example.test", role: "owner" }) },
  "invitations.list": { kind: "tenant", input: (w) => ({ clinicId: w.b.id }) },
  "invitations.revoke": {
    kind: "tenant",
    input: (w) => ({ clinicId: w.b.id, invitationId: w.bInvitationId }),
    crossInput: (w) => ({ clinicId: w.a.id, invitationId: w.bInvitationId }),
  },
};

type AnyCaller = Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;
function call(caller: unknown, path: string, input: unknown) {
  const [group, name] = path.split(".") as [string, string];
  return (caller as AnyCaller)[group]![name]!(input);
}

describe("tenant isolation across every procedure", () => {
  let t: TestDatabase;
  let w: World;
  let snapshot: () => Promise<string>;
  beforeAll(async () => {
    t = await createTestDatabase();
    const world = await twoClinicWorld(t.db);
    const bOwner = await callerAs(t.db, world.membersB.owner.id);
    const { invitationId } = await bOwner.invitations.create({ clinicId: world.b.id, email: "b-invitee@example.test", role: "staff" });
    w = { ...world, bInvitationId: invitationId };
    snapshot = async () => {
      const { rows } = await t.pool.query(
        `SELECT (SELECT json_agg(c ORDER BY id) FROM clinics c WHERE id = $1)::text ||
                (SELECT json_agg(json_build_array(user_id, role, is_active) ORDER BY user_id) FROM user_clinic_roles WHERE clinic_id = $1)::text ||
                (SELECT json_agg(json_build_array(email, role, revoked_at) ORDER BY id) FROM invitations WHERE clinic_id = $1)::text AS s`,
        [w.b.id],
      );
      return rows[0].s as string;
    };
  });
  afterAll(async () => t?.close());

  it("has a case for every procedure in the router (add one when you add a procedure)", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(procedures.filter((p) => !(p in CASES))).toEqual([]);
    expect(Object.keys(CASES).filter((p) => !procedures.includes(p))).toEqual([]);
  });

  for (const [path, c] of Object.entries(CASES)) {
    if (c.kind === "public") continue;
    it(`${path}: refuses a signed-out caller`, async () => {
      const input = c.kind === "tenant" ? c.input(w) : c.input?.(w);
      await expect(call(await callerAs(t.db, null), path, input)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    });
    if (c.kind !== "tenant") continue;
    it(`${path}: refuses every role of clinic A, and an outsider, asking for clinic B`, async () => {
      const before = await snapshot();
      const callers: [string, string][] = [...(w.roles as Role[]).map((r): [string, string] => [r, w.membersA[r].id]), ["outsider", w.outsider.id]];
      for (const [who, userId] of callers) {
        const result = await call(await callerAs(t.db, userId), path, c.input(w)).then(
          () => "allowed",
          (e: { code?: string }) => e.code,
        );
        expect(result, `${who} of clinic A calling ${path} on clinic B`).toBe("FORBIDDEN");
      }
      expect(await snapshot()).toBe(before);
    });
    if (c.crossInput) {
      it(`${path}: an owner of clinic A cannot reach clinic B's objects through clinic A's id`, async () => {
        const before = await snapshot();
        const result = await call(await callerAs(t.db, w.membersA.owner.id), path, c.crossInput!(w)).then(
          () => "allowed",
          (e: { code?: string }) => e.code,
        );
        expect(result).toBe("NOT_FOUND");
        expect(await snapshot()).toBe(before);
      });
    }
  }

  it("still lets clinic B's own owner in (the refusals above are not a blanket deny)", async () => {
    const bOwner = await callerAs(t.db, w.membersB.owner.id);
    await expect(bOwner.clinics.get({ clinicId: w.b.id })).resolves.toMatchObject({ name: "Clinic B", role: "owner" });
    expect((await bOwner.members.list({ clinicId: w.b.id })).length).toBe(6);
  });
});
