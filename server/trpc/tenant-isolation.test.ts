import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../auth/permissions.ts";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { callerAs, twoClinicWorld } from "../test/fixtures.ts";
import { createSession } from "../auth/sessions.ts";
import { hashToken } from "../auth/tokens.ts";
import { rollbackPhase } from "../db/migrations/phases.ts";
import { rowLevelSecurityActive } from "../tenancy/tenant-db.ts";
import { ONE_TAB_MAPPING } from "../test/mapping-config.ts";
import { appRouter } from "./app-router.ts";

/**
 * Every procedure in the app router must appear here. Tenant procedures are called by every role
 * of clinic A and by an outsider with clinic B's ids and must be refused; a new procedure without
 * a case fails the suite, so this test cannot fall behind the router.
 */
/** Clinic B's spreadsheet connection and one of its sync runs (with a rejected cell). */
type SyncIds = { bConnectionId: string; bRunId: string };
type World = Awaited<ReturnType<typeof twoClinicWorld>> & SyncIds & { bInvitationId: string; bCredentialId: string; bGoalId: string; bProviderId: string; bTemplateId: string; bDraftId: string };
type Case =
  | { kind: "public"; why: string }
  | { kind: "self"; why: string; input?: (w: World) => unknown }
  | { kind: "tenant"; input: (w: World) => unknown; /** Clinic A's id with a clinic-B object id inside: must not reach B. */ crossInput?: (w: World) => unknown; /** Expected refusal for crossInput (default NOT_FOUND). */ crossCode?: "NOT_FOUND" | "FORBIDDEN"; /** Further inputs an owner of clinic A must be refused, with B's data unchanged. */ alsoRefused?: { input: (w: World) => unknown; code: "NOT_FOUND" | "FORBIDDEN" }[] };

const SHEET_CONFIG = ONE_TAB_MAPPING;
const SHEET_ID = "bright-smiles-kpis-2024";

const RANGE = { from: "2026-01-01", to: "2026-01-31", granularity: "day" };

const CASES: Record<string, Case> = {
  "dashboard.summary": { kind: "tenant", input: (w) => ({ clinicIds: [w.b.id], ...RANGE }), crossInput: (w) => ({ clinicIds: [w.a.id, w.b.id], ...RANGE }), crossCode: "FORBIDDEN", alsoRefused: [{ input: (w) => ({ clinicIds: [w.a.id], ...RANGE, providerId: w.bProviderId }), code: "NOT_FOUND" }] },
  "dashboard.trend": {
    kind: "tenant",
    input: (w) => ({ clinicIds: [w.b.id], ...RANGE, kpis: ["collections"] }),
    crossInput: (w) => ({ clinicIds: [w.a.id, w.b.id], ...RANGE, kpis: ["collections"] }),
    crossCode: "FORBIDDEN",
    alsoRefused: [{ input: (w) => ({ clinicIds: [w.a.id], ...RANGE, kpis: ["collections"], providerId: w.bProviderId }), code: "NOT_FOUND" }],
  },
  "dashboard.providers": { kind: "tenant", input: (w) => ({ clinicIds: [w.b.id], ...RANGE }), crossInput: (w) => ({ clinicIds: [w.a.id, w.b.id], ...RANGE }), crossCode: "FORBIDDEN", alsoRefused: [{ input: (w) => ({ clinicIds: [w.a.id], ...RANGE, providerId: w.bProviderId }), code: "NOT_FOUND" }] },
  "dashboard.clinics": { kind: "tenant", input: (w) => ({ clinicIds: [w.b.id], ...RANGE }), crossInput: (w) => ({ clinicIds: [w.a.id, w.b.id], ...RANGE }), crossCode: "FORBIDDEN", alsoRefused: [{ input: (w) => ({ clinicIds: [w.a.id], ...RANGE, providerId: w.bProviderId }), code: "NOT_FOUND" }] },
  "dashboard.ping": { kind: "self", why: "returns a constant; the benchmark's baseline" },
  "goals.list": { kind: "tenant", input: (w) => ({ clinicId: w.b.id }) },
  "goals.templates": { kind: "tenant", input: (w) => ({ clinicId: w.b.id }) },
  "goals.providers": { kind: "tenant", input: (w) => ({ clinicId: w.b.id }) },
  "goals.createFromTemplate": {
    kind: "tenant",
    input: (w) => ({ clinicId: w.b.id, templateId: "tmpl_monthly_net_production_ly_plus_5", periodStart: "2026-01-01" }),
    crossInput: (w) => ({ clinicId: w.a.id, templateId: w.bTemplateId, periodStart: "2026-01-01" }),
    alsoRefused: [{ input: (w) => ({ clinicId: w.a.id, templateId: "tmpl_monthly_collection_rate_98", periodStart: "2026-01-01", providerId: w.bProviderId }), code: "NOT_FOUND" }],
  },
  "goals.create": {
    kind: "tenant",
    input: (w) => ({ clinicId: w.b.id, kpiKey: "collections", name: "x", periodType: "month", periodStart: "2026-01-01", targetValue: 5 }),
    crossInput: (w) => ({ clinicId: w.a.id, kpiKey: "collections", name: "x", periodType: "month", periodStart: "2026-01-01", targetValue: 5, providerId: w.bProviderId }),
  },
  "goals.updateTarget": { kind: "tenant", input: (w) => ({ clinicId: w.b.id, goalId: w.bGoalId, targetValue: 1 }), crossInput: (w) => ({ clinicId: w.a.id, goalId: w.bGoalId, targetValue: 1 }) },
  "goals.archive": { kind: "tenant", input: (w) => ({ clinicId: w.b.id, goalId: w.bGoalId }), crossInput: (w) => ({ clinicId: w.a.id, goalId: w.bGoalId }) },
  "goals.restore": { kind: "tenant", input: (w) => ({ clinicId: w.b.id, goalId: w.bGoalId }), crossInput: (w) => ({ clinicId: w.a.id, goalId: w.bGoalId }) },
  "goals.history": { kind: "tenant", input: (w) => ({ clinicId: w.b.id, goalId: w.bGoalId }), crossInput: (w) => ({ clinicId: w.a.id, goalId: w.bGoalId }) },
  "goals.get": { kind: "tenant", input: (w) => ({ clinicId: w.b.id, goalId: w.bGoalId }), crossInput: (w) => ({ clinicId: w.a.id, goalId: w.bGoalId }) },
  "sync.syncNow": {
    kind: "tenant",
    input: (w) => ({ clinicId: w.b.id, connectionId: w.bConnectionId }),
    crossInput: (w) => ({ clinicId: w.a.id, connectionId: w.bConnectionId }),
  },
  "sync.runs": {
    kind: "tenant",
    input: (w) => ({ clinicId: w.b.id }),
    crossInput: (w) => ({ clinicId: w.a.id, connectionId: w.bConnectionId }),
  },
  "sync.run": {
    kind: "tenant",
    input: (w) => ({ clinicId: w.b.id, runId: w.bRunId }),
    crossInput: (w) => ({ clinicId: w.a.id, runId: w.bRunId }),
  },
  "sync.rejections": {
    kind: "tenant",
    input: (w) => ({ clinicId: w.b.id, runId: w.bRunId, limit: 10, offset: 0 }),
    crossInput: (w) => ({ clinicId: w.a.id, runId: w.bRunId, limit: 10, offset: 0 }),
  },
  "sync.rejectionsCsv": {
    kind: "tenant",
    input: (w) => ({ clinicId: w.b.id, runId: w.bRunId }),
    crossInput: (w) => ({ clinicId: w.a.id, runId: w.bRunId }),
  },
  "sync.connections": { kind: "tenant", input: (w) => ({ clinicId: w.b.id }) },
  "sync.setSchedule": {
    kind: "tenant",
    input: (w) => ({ clinicId: w.b.id, connectionId: w.bConnectionId, frequencyMinutes: "off" }),
    crossInput: (w) => ({ clinicId: w.a.id, connectionId: w.bConnectionId, frequencyMinutes: 15 }),
  },
  "google.status": { kind: "tenant", input: (w) => ({ clinicId: w.b.id }) },
  "google.startLink": { kind: "tenant", input: (w) => ({ clinicId: w.b.id, returnTo: "/" }) },
  "google.disconnect": {
    kind: "tenant",
    input: (w) => ({ clinicId: w.b.id, credentialId: w.bCredentialId }),
    crossInput: (w) => ({ clinicId: w.a.id, credentialId: w.bCredentialId }),
  },
  "google.completeLink": {
    kind: "self",
    why: "authorised by the OAuth state, which must come from the caller's own session; the clinic is the state's (see the test below)",
    input: () => ({ state: "s".repeat(52), code: "code" }),
  },
  // Clinic A's id with clinic B's Google account: NOT_FOUND before any call to Google.
  "sheets.spreadsheets": { kind: "tenant", input: (w) => ({ clinicId: w.b.id, credentialId: w.bCredentialId }), crossInput: (w) => ({ clinicId: w.a.id, credentialId: w.bCredentialId }) },
  "sheets.tabs": {
    kind: "tenant",
    input: (w) => ({ clinicId: w.b.id, credentialId: w.bCredentialId, spreadsheetRef: SHEET_ID }),
    crossInput: (w) => ({ clinicId: w.a.id, credentialId: w.bCredentialId, spreadsheetRef: SHEET_ID }),
  },
  "sheets.grid": {
    kind: "tenant",
    input: (w) => ({ clinicId: w.b.id, credentialId: w.bCredentialId, spreadsheetId: SHEET_ID, tab: "Jan-24" }),
    crossInput: (w) => ({ clinicId: w.a.id, credentialId: w.bCredentialId, spreadsheetId: SHEET_ID, tab: "Jan-24" }),
  },
  "sheets.suggest": {
    kind: "tenant",
    input: (w) => ({ clinicId: w.b.id, credentialId: w.bCredentialId, spreadsheetId: SHEET_ID, tab: "Jan-24", headerRow: 1 }),
    crossInput: (w) => ({ clinicId: w.a.id, credentialId: w.bCredentialId, spreadsheetId: SHEET_ID, tab: "Jan-24", headerRow: 1 }),
  },
  "sheets.preview": {
    kind: "tenant",
    input: (w) => ({ clinicId: w.b.id, credentialId: w.bCredentialId, spreadsheetId: SHEET_ID, config: SHEET_CONFIG }),
    crossInput: (w) => ({ clinicId: w.a.id, credentialId: w.bCredentialId, spreadsheetId: SHEET_ID, config: SHEET_CONFIG }),
  },
  "sheets.providers": { kind: "tenant", input: (w) => ({ clinicId: w.b.id }) },
  "sheets.createProvider": { kind: "tenant", input: (w) => ({ clinicId: w.b.id, name: "Dr. Spy" }) },
  "sheets.save": {
    kind: "tenant",
    input: (w) => ({ clinicId: w.b.id, credentialId: w.bCredentialId, spreadsheetId: SHEET_ID, spreadsheetName: "KPIs", config: SHEET_CONFIG }),
    crossInput: (w) => ({ clinicId: w.a.id, credentialId: w.bCredentialId, spreadsheetId: SHEET_ID, spreadsheetName: "KPIs", config: SHEET_CONFIG }),
  },
  "sheets.saveDraft": {
    kind: "tenant",
    input: (w) => ({ clinicId: w.b.id, step: "spreadsheet", state: {} }),
    crossInput: (w) => ({ clinicId: w.a.id, draftId: w.bDraftId, step: "spreadsheet", state: { step: 1 } }),
  },
  "sheets.draft": { kind: "tenant", input: (w) => ({ clinicId: w.b.id, draftId: w.bDraftId }), crossInput: (w) => ({ clinicId: w.a.id, draftId: w.bDraftId }) },
  "sheets.drafts": { kind: "tenant", input: (w) => ({ clinicId: w.b.id }) },
  "sheets.discardDraft": {
    kind: "tenant",
    input: (w) => ({ clinicId: w.b.id, draftId: w.bDraftId }),
    crossInput: (w) => ({ clinicId: w.a.id, draftId: w.bDraftId }),
  },
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

// Twice: as deployed (Row Level Security on, phase 3 applied), and at phase 2, where the
// application's own checks are all there is (an operator may run there, or roll back to it). With
// RLS on, a missing clinic filter in the code could hide behind the policies; at phase 2 it cannot.
describe.each([
  { label: "with Row Level Security", rollBack: [] as number[] },
  { label: "at phase 2, the application's checks alone", rollBack: [4, 3] },
])("tenant isolation across every procedure ($label)", ({ rollBack }) => {
  let t: TestDatabase;
  let w: World;
  let snapshot: () => Promise<string>;
  beforeAll(async () => {
    t = await createTestDatabase();
    for (const phase of rollBack) await rollbackPhase(t.url, phase);
    expect(await rowLevelSecurityActive(t.db)).toBe(rollBack.length === 0);
    const world = await twoClinicWorld(t.db);
    const bOwner = await callerAs(t.db, world.membersB.owner.id);
    const { invitationId } = await bOwner.invitations.create({ clinicId: world.b.id, email: "b-invitee@example.test", role: "staff" });
    const bCredential = await t.db.googleCredential.create({
      data: { clinicId: world.b.id, userId: world.membersB.staff.id, googleAccountEmail: "b-staff@example.test", accessToken: "v1.k.aaaa.bbbb.cccc", keyId: "k", scope: [] },
    });
    const syncIds = await syncObjectsOfB(t, world.b.id, bCredential.id, world.membersB.staff.id);
    const bProvider = await t.db.provider.create({ data: { clinicId: world.b.id, name: "Dr. B Provider" } });
    const bGoal = await t.db.clinicGoal.create({
      data: { clinicId: world.b.id, kpiKey: "collections", name: "B collections", periodType: "month", periodStart: new Date("2026-01-01T00:00:00Z"), periodEnd: new Date("2026-01-31T00:00:00Z"), targetValue: "1000" },
    });
    const bTemplate = await t.db.goalTemplate.create({ data: { clinicId: world.b.id, name: "B template", category: "financial", kpiKey: "collections", periodType: "month", targetRule: { type: "fixed", value: 10 } } });
    // An unfinished import of clinic B's staff member, on the mapping step.
    const bDraft = await t.db.sheetImportDraft.create({
      data: { clinicId: world.b.id, userId: world.membersB.staff.id, step: "map", state: { step: 3, credentialId: bCredential.id, spreadsheetId: "b-sheet", spreadsheetName: "B's KPIs", tabMode: "list", tabs: ["Jan-24"] } },
    });
    w = { ...world, bInvitationId: invitationId, bCredentialId: bCredential.id, bGoalId: bGoal.id, bProviderId: bProvider.id, bTemplateId: bTemplate.id, bDraftId: bDraft.id, ...syncIds };
    snapshot = async () => {
      const { rows } = await t.pool.query(
        `SELECT (SELECT json_agg(c ORDER BY id) FROM clinics c WHERE id = $1)::text ||
                (SELECT json_agg(json_build_array(user_id, role, is_active) ORDER BY user_id) FROM user_clinic_roles WHERE clinic_id = $1)::text ||
                (SELECT json_agg(json_build_array(email, role, revoked_at) ORDER BY id) FROM invitations WHERE clinic_id = $1)::text ||
                coalesce((SELECT json_agg(json_build_array(id, status, target_value) ORDER BY id) FROM clinic_goals WHERE clinic_id = $1)::text, '[]') ||
                coalesce((SELECT json_agg(json_build_array(id, goal_id, new_target) ORDER BY id) FROM goal_target_changes WHERE clinic_id = $1)::text, '[]') ||
                coalesce((SELECT json_agg(json_build_array(id, name) ORDER BY id) FROM providers WHERE clinic_id = $1)::text, '[]') ||
                coalesce((SELECT json_agg(json_build_array(id, status, access_token, last_error) ORDER BY id) FROM google_credentials WHERE clinic_id = $1)::text, '[]') ||
                coalesce((SELECT json_agg(json_build_array(state_hash, session_id) ORDER BY id) FROM google_oauth_states WHERE clinic_id = $1)::text, '[]') ||
                coalesce((SELECT json_agg(json_build_array(id, sync_status, sync_frequency_minutes, last_error, updated_at) ORDER BY id) FROM spreadsheet_connections WHERE clinic_id = $1)::text, '[]') ||
                coalesce((SELECT json_agg(json_build_array(id, status, updated_at) ORDER BY id) FROM sync_runs WHERE clinic_id = $1)::text, '[]') ||
                coalesce((SELECT json_agg(json_build_array(id, user_id, step, state, updated_at) ORDER BY id) FROM sheet_import_drafts WHERE clinic_id = $1)::text, '[]') AS s`,
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
        expect(result).toBe(c.crossCode ?? "NOT_FOUND");
        expect(await snapshot()).toBe(before);
      });
    }
    for (const [i, refused] of (c.alsoRefused ?? []).entries()) {
      it(`${path}: an owner of clinic A is refused clinic B's objects (case ${i + 2})`, async () => {
        const before = await snapshot();
        const result = await call(await callerAs(t.db, w.membersA.owner.id), path, refused.input(w)).then(
          () => "allowed",
          (e: { code?: string }) => e.code,
        );
        expect(result).toBe(refused.code);
        expect(await snapshot()).toBe(before);
      });
    }
  }

  it("google.completeLink: a state started by another person's or another browser's session is refused", async () => {
    const before = await snapshot();
    const bOwnerSession = await createSession(t.db, w.membersB.owner.id);
    for (const [who, userId] of [
      ["owner of clinic A", w.membersA.owner.id],
      ["outsider", w.outsider.id],
      ["clinic B's owner in another browser", w.membersB.owner.id],
    ] as const) {
      const state = `state-${who.replace(/\W/g, "")}-0123456789abcdefghijklmnopqrstuv`;
      await t.db.googleOauthState.create({
        data: {
          stateHash: hashToken(state),
          sessionId: bOwnerSession.sessionId,
          userId: w.membersB.owner.id,
          clinicId: w.b.id,
          codeVerifier: "v1.k.aaaa.bbbb.cccc",
          expiresAt: new Date(Date.now() + 600_000),
        },
      });
      const result = await (await callerAs(t.db, userId)).google.completeLink({ state, code: "code" }).then(
        () => "allowed",
        (e: { code?: string }) => e.code,
      );
      expect(result, `${who} completing clinic B's authorization`).toBe("FORBIDDEN");
      // Spent: not even the browser that started it can use it now.
      expect(await t.db.googleOauthState.count({ where: { stateHash: hashToken(state) } })).toBe(0);
    }
    expect(await snapshot()).toBe(before);
  });

  it("sheets.drafts: clinic A's members list only their own unfinished imports, never clinic B's", async () => {
    const before = await snapshot();
    for (const role of ["owner", "admin", "manager", "staff"] as const) {
      const drafts = await (await callerAs(t.db, w.membersA[role].id)).sheets.drafts({ clinicId: w.a.id });
      expect(drafts.map((d) => d.id), `${role} of clinic A`).not.toContain(w.bDraftId);
    }
    // Inside clinic B too, drafts are personal: B's owner does not see (or discard) B's staff member's draft.
    const bOwner = await callerAs(t.db, w.membersB.owner.id);
    expect((await bOwner.sheets.drafts({ clinicId: w.b.id })).map((d) => d.id)).not.toContain(w.bDraftId);
    await expect(bOwner.sheets.discardDraft({ clinicId: w.b.id, draftId: w.bDraftId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await snapshot()).toBe(before);
    // The refusals are not a blanket deny: the person who started it sees it.
    const bStaff = await callerAs(t.db, w.membersB.staff.id);
    expect(await bStaff.sheets.drafts({ clinicId: w.b.id })).toMatchObject([{ id: w.bDraftId, spreadsheetName: "B's KPIs", stepNumber: 4, totalSteps: 6, stepLabel: "Map columns", tabs: ["Jan-24"] }]);
  });

  it("clinic A's lists name none of clinic B's objects (at phase 2 only the code's clinic filter keeps them out)", async () => {
    const owner = await callerAs(t.db, w.membersA.owner.id);
    const clinicId = w.a.id;
    const lists = await Promise.all([
      owner.sync.connections({ clinicId }),
      owner.sync.runs({ clinicId }),
      owner.members.list({ clinicId }),
      owner.invitations.list({ clinicId }),
      owner.google.status({ clinicId }),
      owner.goals.list({ clinicId }),
      owner.goals.templates({ clinicId }),
      owner.goals.providers({ clinicId }),
      owner.sheets.providers({ clinicId }),
      owner.sheets.drafts({ clinicId }),
    ]);
    const text = JSON.stringify(lists, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v));
    const bIds = [w.b.id, w.bConnectionId, w.bRunId, w.bInvitationId, w.bCredentialId, w.bGoalId, w.bTemplateId, w.bProviderId, w.bDraftId, ...Object.values(w.membersB).map((m) => m.id)];
    expect(bIds.filter((id) => text.includes(id))).toEqual([]);
    expect(text).toContain(w.membersA.staff.id); // the lists were read, not refused
  });

  it("left no row of clinic A pointing at clinic B's Google account, provider, template or draft", async () => {
    const { rows } = await t.pool.query(
      `SELECT (SELECT count(*) FROM spreadsheet_connections WHERE clinic_id = $1 AND credential_id = $2)
            + (SELECT count(*) FROM clinic_goals WHERE clinic_id = $1 AND (provider_id = $3 OR template_id = $4))
            + (SELECT count(*) FROM sheet_import_drafts WHERE clinic_id = $1 AND id = $5) AS n`,
      [w.a.id, w.bCredentialId, w.bProviderId, w.bTemplateId, w.bDraftId],
    );
    expect(Number(rows[0].n)).toBe(0);
  });

  it("still lets clinic B's own owner in (the refusals above are not a blanket deny)", async () => {
    const bOwner = await callerAs(t.db, w.membersB.owner.id);
    await expect(bOwner.clinics.get({ clinicId: w.b.id })).resolves.toMatchObject({ name: "Clinic B", role: "owner" });
    expect((await bOwner.members.list({ clinicId: w.b.id })).length).toBe(6);
  });
});

/** Clinic B's spreadsheet connection (mapped) and a finished sync run with one rejected cell. */
async function syncObjectsOfB(t: TestDatabase, clinicId: string, credentialId: string, userId: string): Promise<SyncIds> {
  const connection = await t.db.spreadsheetConnection.create({
    data: { clinicId, credentialId, spreadsheetId: "b-sheet", spreadsheetName: "B's KPIs", sheetNames: ["Jan-24"], createdBy: userId },
  });
  await t.db.columnMappingV2.create({ data: { clinicId, connectionId: connection.id, sheetName: "Jan-24", mappingConfig: SHEET_CONFIG, version: 1, createdBy: userId } });
  const run = await t.db.syncRun.create({ data: { clinicId, connectionId: connection.id, trigger: "manual", status: "succeeded", rowsRejected: 1, createdBy: userId } });
  await t.db.syncRejection.create({ data: { runId: run.id, clinicId, sheetName: "Jan-24", rowNumber: 4, columnName: "Production", cellValue: "n/a", reason: "“n/a” is not an amount" } });
  return { bConnectionId: connection.id, bRunId: run.id };
}
