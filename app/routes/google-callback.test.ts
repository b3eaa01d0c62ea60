import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../server/auth/sessions.ts";
import { disconnectDb } from "../../server/db/client.ts";
import type { GoogleEmulator } from "../../server/google/emulator/index.ts";
import { clinicWith, consentTo, startGoogleTestEnv } from "../../server/google/test-support.ts";
import { createTestDatabase, type TestDatabase } from "../../server/test/test-database.ts";
import { loader as callbackLoader } from "./google-callback.ts";
import { loader as connectLoader } from "./google-connect.ts";

type LoaderArgs = Parameters<typeof connectLoader>[0];

/** The connect and callback routes as the browser meets them: cookies in, redirects and pages out. */
describe("Google connect and callback routes", () => {
  let t: TestDatabase;
  let emulator: GoogleEmulator;
  let stop: () => Promise<void>;
  let world: Awaited<ReturnType<typeof clinicWith>>;

  beforeAll(async () => {
    t = await createTestDatabase();
    process.env.DATABASE_URL = t.url;
    ({ emulator, stop } = await startGoogleTestEnv());
    world = await clinicWith(t.db, ["owner", "staff"]);
  });
  afterAll(async () => {
    await stop?.();
    await disconnectDb();
    delete process.env.DATABASE_URL;
    await t?.close();
  });

  const cookieFor = async (userId: string) => `cp_session=${(await createSession(t.db, userId)).token}`;
  const settle = (p: Promise<unknown>) => p.then((r) => r as Response, (e: unknown) => e as Response);

  async function connect(cookie: string | null, query = "") {
    const request = new Request(`http://127.0.0.1:4319/clinics/${world.clinic.id}/google/connect${query}`, { headers: cookie ? { cookie } : {} });
    return settle(connectLoader({ request, params: { clinicId: world.clinic.id }, context: {} } as unknown as LoaderArgs));
  }
  async function callback(url: URL | string, cookie: string | null) {
    const request = new Request(url.toString(), { headers: cookie ? { cookie } : {} });
    return settle(callbackLoader({ request, params: {}, context: {} } as unknown as Parameters<typeof callbackLoader>[0]));
  }

  it("connect → consent → callback links the account and returns to the Google page with ?google=linked", async () => {
    const cookie = await cookieFor(world.people.owner.id);
    const started = await connect(cookie, `?returnTo=${encodeURIComponent("https://evil.example/steal")}`);
    expect(started.status).toBe(302);
    const authorizeUrl = started.headers.get("location")!;
    expect(authorizeUrl.startsWith(`${emulator.url}/o/oauth2/v2/auth?`)).toBe(true);
    expect(new URL(authorizeUrl).searchParams.get("redirect_uri")).toBe("http://127.0.0.1:4319/google/callback");

    const back = await consentTo(emulator, authorizeUrl);
    expect(back.url.origin + back.url.pathname).toBe("http://127.0.0.1:4319/google/callback");
    const done = await callback(back.url, cookie);
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`/clinics/${world.clinic.id}/google?google=linked`);
    expect(await t.db.googleCredential.count({ where: { clinicId: world.clinic.id, userId: world.people.owner.id, status: "active" } })).toBe(1);

    // The same callback again (reload, replay): refused with a page, not a stack trace.
    const replay = await callback(back.url, cookie);
    expect(replay.status).toBe(400);
    const html = await replay.text();
    expect(html).toContain("no longer valid");
    expect(html).not.toMatch(/at .*\.ts:\d+|Error:|TRPCError/);
  });

  it("refuses another browser's callback, reports a denial, and explains a missing state or a signed-out browser", async () => {
    const cookie = await cookieFor(world.people.staff.id);
    const back = await consentTo(emulator, (await connect(cookie)).headers.get("location")!);
    const elsewhere = await callback(back.url, await cookieFor(world.people.staff.id));
    expect(elsewhere.status).toBe(403);
    expect(await elsewhere.text()).toContain("different browser session");

    const denied = await consentTo(emulator, (await connect(cookie, `?returnTo=${encodeURIComponent("/clinics/x/google?tab=1")}`)).headers.get("location")!, "deny");
    const deniedDone = await callback(denied.url, cookie);
    expect(deniedDone.status).toBe(302);
    expect(deniedDone.headers.get("location")).toBe("/clinics/x/google?tab=1&google=denied");

    const noState = await callback("http://127.0.0.1:4319/google/callback?code=abc", cookie);
    expect(noState.status).toBe(400);
    expect(noState.headers.get("content-type")).toContain("text/html");

    const signedOut = await callback(`http://127.0.0.1:4319/google/callback?state=abc&code=def`, null);
    expect(signedOut.status).toBe(401);
    expect(await signedOut.text()).toContain("signed out");
    expect(await t.db.googleCredential.count({ where: { clinicId: world.clinic.id, userId: world.people.staff.id } })).toBe(0);
  });

  it("sends a signed-out visitor of the connect route to sign in", async () => {
    const res = await connect(null, "?returnTo=%2Fx");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/signin?redirectTo=${encodeURIComponent(`/clinics/${world.clinic.id}/google/connect?returnTo=%2Fx`)}`);
  });
});
