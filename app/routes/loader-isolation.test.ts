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
