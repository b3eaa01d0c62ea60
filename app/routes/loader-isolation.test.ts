import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteConfigEntry } from "@react-router/dev/routes";
import { createSession } from "../../server/auth/sessions.ts";
import { disconnectDb } from "../../server/db/client.ts";
import { createTestDatabase, type TestDatabase } from "../../server/test/test-database.ts";
import { twoClinicWorld } from "../../server/test/fixtures.ts";

/**
 * Every route with a loader, enumerated from app/routes.ts. Routes under /clinics/:clinicId are
 * loaded by every role of clinic A, and an outsider, with clinic B's id and must be refused;
 * signed out they must redirect to sign-in. Other loader routes are listed with the reason they
 * hold no clinic data. A new loader route without an entry here fails the suite.
 */
const NOT_TENANT: Record<string, string> = {
  "routes/home.tsx": "redirects to the caller's own clinics",
  "routes/signin.tsx": "sign-in form",
  "routes/signup.tsx": "sign-up form",
  "routes/signout.ts": "redirects only",
  "routes/account.tsx": "the caller's own account",
  "routes/invite.tsx": "authorised by the one-time token",
  "routes/api.health.ts": "liveness",
  "routes/favicon.ts": "a static icon",
  "routes/api.trpc.ts": "every procedure is covered by server/trpc/tenant-isolation.test.ts",
  "routes/google-callback.ts": "authorised by the OAuth state bound to the session",
};

interface FlatRoute {
  path: string;
  file: string;
}

function flatten(entries: RouteConfigEntry[], prefix = ""): FlatRoute[] {
  return entries.flatMap((e) => {
    const path = e.index ? prefix : [prefix, e.path ?? ""].filter(Boolean).join("/");
    return [{ path, file: e.file }, ...flatten(e.children ?? [], path)];
  });
}

type Thrown = { status?: number; init?: { status?: number }; headers?: Headers };
function statusOf(thrown: unknown): number | string {
  const t = thrown as Thrown;
  if (thrown instanceof Response) return thrown.status;
  if (t?.init?.status) return t.init.status;
  return String(thrown);
}

describe("tenant isolation across every loader route", () => {
  let t: TestDatabase;
  let world: Awaited<ReturnType<typeof twoClinicWorld>>;
  let routes: FlatRoute[];
  beforeAll(async () => {
    t = await createTestDatabase();
    process.env.DATABASE_URL = t.url;
    world = await twoClinicWorld(t.db);
    routes = flatten((await import("../routes.ts")).default as RouteConfigEntry[]);
  });
  afterAll(async () => {
    await disconnectDb();
    delete process.env.DATABASE_URL;
    await t?.close();
  });

  async function loaderOf(file: string) {
    const mod = (await import(/* @vite-ignore */ `../${file}`)) as { loader?: (args: unknown) => Promise<unknown> };
    return mod.loader;
  }

  it("knows every loader route: clinic-scoped or explicitly listed", async () => {
    const unknown: string[] = [];
    for (const r of routes) {
      if (!(await loaderOf(r.file))) continue;
      if (!r.path.includes(":clinicId") && !(r.file in NOT_TENANT)) unknown.push(`${r.path} (${r.file})`);
    }
    expect(unknown).toEqual([]);
  });

  it("refuses clinic B's pages to every role of clinic A and to an outsider", async () => {
    const checked: string[] = [];
    for (const r of routes.filter((r) => r.path.includes(":clinicId"))) {
      const loader = await loaderOf(r.file);
      if (!loader) continue;
      const path = `/${r.path.replace(":clinicId", world.b.id).replace(/:(\w+)/g, "x")}`;
      const people = [...world.roles.map((role) => [role, world.membersA[role].id] as const), ["outsider", world.outsider.id] as const];
      for (const [who, userId] of people) {
        const { token } = await createSession(t.db, userId);
        const request = new Request(`http://localhost${path}`, { headers: { cookie: `cp_session=${token}` } });
        const params = Object.fromEntries([...r.path.matchAll(/:(\w+)/g)].map((m) => [m[1], m[1] === "clinicId" ? world.b.id : "x"]));
        const outcome = await loader({ request, params, context: {} }).then(() => "allowed", statusOf);
        expect(outcome, `${who} of clinic A loading ${path}`).toBe(403);
      }
      checked.push(r.path);
    }
    expect(checked.length).toBeGreaterThanOrEqual(3);
  });

  /**
   * Every form action of the clinic pages, with every intent it knows: posted by every role of
   * clinic A (and an outsider) to clinic B's page, and by clinic A's owner to clinic A's page
   * naming clinic B's objects. None may succeed, and clinic B's rows must not change. A new action
   * route without its intents here fails the test.
   */
  it("refuses clinic B's form actions, and clinic B's objects through clinic A's pages", async () => {
    const goal = await t.db.clinicGoal.create({
      data: { clinicId: world.b.id, kpiKey: "collections", name: "B goal", periodType: "month", periodStart: new Date("2026-01-01T00:00:00Z"), periodEnd: new Date("2026-01-31T00:00:00Z"), targetValue: "1000" },
    });
    const template = await t.db.goalTemplate.create({ data: { clinicId: world.b.id, name: "B template", category: "financial", kpiKey: "collections", periodType: "month", targetRule: { type: "fixed", value: 10 } } });
    const invitation = await t.db.invitation.create({ data: { clinicId: world.b.id, email: "b-guest@example.test", role: "staff", tokenHash: `b-${Date.now()}`, invitedBy: world.membersB.owner.id, expiresAt: new Date(Date.now() + 86_400_000) } });
    const credential = await t.db.googleCredential.create({ data: { clinicId: world.b.id, userId: world.membersB.staff.id, googleAccountEmail: "b@example.test", accessToken: "v1.k.aaaa.bbbb.cccc", keyId: "k", scope: [] } });
    const draft = await t.db.sheetImportDraft.create({ data: { clinicId: world.b.id, userId: world.membersB.staff.id, step: "map", state: { step: 3 } } });
    const bVictim = world.membersB.viewer.id;
    const FORMS: Record<string, Record<string, string>[]> = {
      "routes/clinic-goals.tsx": [
        { intent: "from-template", templateId: template.id, periodStart: "2026-02-01" },
        { intent: "create", kpiKey: "collections", name: "Spy goal", periodType: "month", periodStart: "2026-02-01", targetValue: "5" },
        { intent: "update-target", goalId: goal.id, targetValue: "1" },
        { intent: "archive", goalId: goal.id },
        { intent: "restore", goalId: goal.id },
      ],
      "routes/clinic-members.tsx": [
        { intent: "invite", email: "spy@example.test", role: "owner" },
        { intent: "change-role", userId: bVictim, role: "owner" },
        { intent: "remove", userId: bVictim },
        { intent: "revoke", invitationId: invitation.id },
      ],
      "routes/clinic-settings.tsx": [{ name: "Renamed by a spy", location: "Nowhere" }],
      "routes/clinic-google.tsx": [{ intent: "disconnect", credentialId: credential.id }],
      "routes/clinic-sheets.tsx": [{ intent: "discard-draft", draftId: draft.id }],
    };
    const snapshot = async () => {
      const { rows } = await t.pool.query(
        `SELECT (SELECT json_agg(c) FROM clinics c WHERE id = $1)::text
             || (SELECT json_agg(json_build_array(user_id, role, is_active) ORDER BY user_id) FROM user_clinic_roles WHERE clinic_id = $1)::text
             || (SELECT json_agg(json_build_array(id, revoked_at) ORDER BY id) FROM invitations WHERE clinic_id = $1)::text
             || (SELECT json_agg(json_build_array(id, status, target_value) ORDER BY id) FROM clinic_goals WHERE clinic_id = $1)::text
             || (SELECT count(*) FROM google_credentials WHERE clinic_id = $1)::text
             || (SELECT count(*) FROM sheet_import_drafts WHERE clinic_id = $1)::text
             || (SELECT count(*) FROM clinic_goals WHERE name = 'Spy goal')::text
             || (SELECT count(*) FROM invitations WHERE email = 'spy@example.test')::text AS s`,
        [world.b.id],
      );
      return rows[0].s as string;
    };
    const succeeded = (value: unknown) => {
      const v = value as { ok?: boolean; data?: { ok?: boolean } };
      return (v?.data?.ok ?? v?.ok) === true;
    };
    const before = await snapshot();
    const actionRoutes: string[] = [];
    for (const r of routes.filter((r) => r.path.includes(":clinicId"))) {
      const mod = (await import(/* @vite-ignore */ `../${r.file}`)) as { action?: (args: unknown) => Promise<unknown> };
      if (!mod.action) continue;
      actionRoutes.push(r.file);
      const forms = FORMS[r.file];
      expect(forms, `intents of ${r.file}`).toBeDefined();
      const post = async (userId: string, clinicId: string, fields: Record<string, string>) => {
        const { token } = await createSession(t.db, userId);
        const request = new Request(`http://localhost/${r.path.replace(":clinicId", clinicId)}`, { method: "POST", headers: { cookie: `cp_session=${token}` }, body: new URLSearchParams(fields) });
        return mod.action!({ request, params: { clinicId }, context: {} }).then(succeeded, () => false);
      };
      for (const fields of forms ?? []) {
        const label = `${r.file} ${fields.intent ?? "(form)"}`;
        for (const userId of [...world.roles.map((role) => world.membersA[role].id), world.outsider.id]) {
          expect(await post(userId, world.b.id, fields), `${label} on clinic B`).toBe(false);
        }
        // Clinic A's page, clinic B's objects (forms that name no object would just work on A).
        if (Object.values(fields).some((v) => [goal.id, template.id, invitation.id, credential.id, draft.id, bVictim].includes(v))) {
          expect(await post(world.membersA.owner.id, world.a.id, fields), `${label} on clinic A naming B's object`).toBe(false);
        }
      }
      // The refusals are not a blanket "no": clinic A's owner can use clinic A's own settings form.
      if (r.file === "routes/clinic-settings.tsx") expect(await post(world.membersA.owner.id, world.a.id, { name: "Clinic A", location: "Here" })).toBe(true);
    }
    expect(actionRoutes.sort()).toEqual(Object.keys(FORMS).sort());
    expect(await snapshot()).toBe(before);
  });

  it("sends signed-out visitors of clinic pages to sign-in", async () => {
    for (const r of routes.filter((r) => r.path.includes(":clinicId"))) {
      const loader = await loaderOf(r.file);
      if (!loader) continue;
      const params = Object.fromEntries([...r.path.matchAll(/:(\w+)/g)].map((m) => [m[1], m[1] === "clinicId" ? world.a.id : "x"]));
      const thrown = await loader({ request: new Request(`http://localhost/clinics/${world.a.id}`), params, context: {} }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(thrown instanceof Response ? thrown.status : thrown, r.path).toBe(302);
      expect((thrown as Response).headers.get("location")).toMatch(/^\/signin\?redirectTo=/);
    }
  });
});
