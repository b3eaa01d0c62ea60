// Fault injection through the real googleapis client.
// NOTE on client retries: googleapis (gaxios) retries GET requests on 408/429/5xx by itself — 3 retries,
// backing off ~100ms, 500ms, 1500ms — and it does NOT read Retry-After. google-auth-library also retries
// POSTs to the token endpoint. Tests that want to see the raw failure pass `{ retry: false }`.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FaultEngine, parseFaultConfig } from "./faults.ts";
import { startGoogleEmulator, type GoogleEmulator } from "./server.ts";
import { BRIGHT_SMILES_ID, driveApi, failure, sheetsApi, signIn, type OAuth2 } from "./test-helpers.ts";

let emu: GoogleEmulator;
let auth: OAuth2;
let sheets: ReturnType<typeof sheetsApi>;

beforeAll(async () => {
  emu = await startGoogleEmulator({ port: 0 });
  auth = (await signIn(emu)).oauth2;
  sheets = sheetsApi(emu, auth);
});
afterEach(() => {
  emu.setFaults({});
});
afterAll(async () => {
  await emu.close();
});

const read = (opts: { retry?: boolean; timeout?: number } = {}) =>
  sheets.spreadsheets.values.get({ spreadsheetId: BRIGHT_SMILES_ID, range: "Notes!A1" }, opts);

describe("429 rate limiting", () => {
  it("answers 429 RESOURCE_EXHAUSTED with Retry-After for the first N calls, then succeeds", async () => {
    emu.setFaults({ sheets: { status: 429, retryAfterSeconds: 1, times: 2 } });
    const before = { ...emu.stats.calls };
    for (let i = 0; i < 2; i++) {
      const r = await failure(read({ retry: false }));
      expect(r.status).toBe(429);
      expect(r.headers?.get("retry-after")).toBe("1");
      expect(r.data).toMatchObject({ error: { code: 429, status: "RESOURCE_EXHAUSTED", message: expect.stringContaining("Quota exceeded") } });
    }
    const ok = await read({ retry: false });
    expect(ok.data.values).toEqual([["Notes"]]);
    expect(emu.stats.calls.sheets - before.sheets).toBe(3);
    expect(emu.stats.faults.sheets).toBeGreaterThanOrEqual(2);
    expect(emu.stats.calls.drive).toBe(before.drive);
  });

  it("googleapis retries 429 on its own (ignoring Retry-After); stats show the retries", async () => {
    emu.setFaults({ sheets: { status: 429, retryAfterSeconds: 30, times: 2 } });
    const before = emu.stats.calls.sheets;
    const started = Date.now();
    const ok = await read();
    expect(ok.status).toBe(200);
    expect(emu.stats.calls.sheets - before).toBe(3);
    // Backoff was gaxios' own ~100ms + 500ms, far below the 30s Retry-After.
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe("5xx errors", () => {
  it("500 once, then success", async () => {
    emu.setFaults({ sheets: { status: 500, times: 1 } });
    const r = await failure(read({ retry: false }));
    expect(r.status).toBe(500);
    expect(r.data).toEqual({ error: { code: 500, message: "Internal error encountered.", status: "INTERNAL" } });
    expect((await read({ retry: false })).status).toBe(200);
  });

  it("the default client recovers from a single 503 by retrying", async () => {
    emu.setFaults({ "*": { status: 503, times: 1 } });
    const before = emu.stats.calls.sheets;
    expect((await read()).status).toBe(200);
    expect(emu.stats.calls.sheets - before).toBe(2);
  });

  it("Drive faults use Drive's error shape", async () => {
    emu.setFaults({ drive: { status: 503, times: 1, message: "Backend Error" } });
    const r = await failure(driveApi(emu, auth).files.list({}, { retry: false }));
    expect(r.status).toBe(503);
    expect(r.data).toMatchObject({ error: { code: 503, message: "Backend Error", errors: [{ reason: "backendError" }] } });
  });

  it("failAfterCalls: succeed k times, then fail (a sync breaking mid-way)", async () => {
    emu.setFaults({ sheets: { failAfterCalls: 2, status: 500, times: 2 } });
    const results: number[] = [];
    for (let i = 0; i < 5; i++) {
      try {
        results.push((await read({ retry: false })).status);
      } catch (e) {
        results.push((e as { response?: { status: number } }).response?.status ?? -1);
      }
    }
    expect(results).toEqual([200, 200, 500, 500, 200]);
  });

  it("rules apply per endpoint kind; '*' covers every API but not the consent page", async () => {
    emu.setFaults({ "*": { status: 500 } });
    expect((await failure(read({ retry: false }))).status).toBe(500);
    expect((await failure(driveApi(emu, auth).files.list({}, { retry: false }))).status).toBe(500);
    const page = await fetch(`${emu.url}/o/oauth2/v2/auth?client_id=x`);
    expect(page.status).toBe(400); // a validation error, not the injected 500
  });
});

describe("slow answers", () => {
  it("delayMs slows the response down", async () => {
    emu.setFaults({ sheets: { delayMs: 400 } });
    const started = Date.now();
    await read({ retry: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
  });

  it("a client timeout shorter than the delay fails", async () => {
    emu.setFaults({ sheets: { delayMs: 1500, times: 1 } });
    const r = await failure(read({ retry: false, timeout: 200 }));
    expect(r.status).toBeUndefined();
    expect(r.message.toLowerCase()).toMatch(/timeout|abort/);
  });
});

describe("token endpoint faults and revocation", () => {
  it("a 503 from /token is retried by google-auth-library, persistent ones surface as errors", async () => {
    const { oauth2 } = await signIn(emu);
    emu.setFaults({ token: { status: 503, times: 1 } });
    const before = emu.stats.calls.token;
    await oauth2.refreshAccessToken();
    expect(emu.stats.calls.token - before).toBe(2);
    emu.setFaults({ token: { status: 429, retryAfterSeconds: 5 } });
    const r = await failure(oauth2.refreshAccessToken());
    expect(r.status).toBe(429);
    expect(r.data).toMatchObject({ error: "rate_limit_exceeded" });
  });

  it("revoked: true makes refresh return invalid_grant and API calls 401 until cleared", async () => {
    const { oauth2 } = await signIn(emu);
    emu.setFaults({ revoked: true });
    const refresh = await failure(oauth2.refreshAccessToken());
    expect(refresh.data).toEqual({ error: "invalid_grant", error_description: "Token has been expired or revoked." });
    const api = await failure(sheetsApi(emu, oauth2).spreadsheets.get({ spreadsheetId: BRIGHT_SMILES_ID }, { retry: false }));
    expect(api.status).toBe(401);
    emu.setFaults({});
    await oauth2.refreshAccessToken();
    expect((await sheetsApi(emu, oauth2).spreadsheets.get({ spreadsheetId: BRIGHT_SMILES_ID })).status).toBe(200);
  });
});

describe("configuration", () => {
  it("reads GOOGLE_EMULATOR_FAULTS when no faults option is given", async () => {
    const previous = process.env["GOOGLE_EMULATOR_FAULTS"];
    process.env["GOOGLE_EMULATOR_FAULTS"] = JSON.stringify({ sheets: { status: 503, times: 1 } });
    try {
      const local = await startGoogleEmulator({ port: 0 });
      const explicit = await startGoogleEmulator({ port: 0, faults: {} });
      try {
        const a = (await signIn(local)).oauth2;
        expect((await failure(sheetsApi(local, a).spreadsheets.get({ spreadsheetId: BRIGHT_SMILES_ID }, { retry: false }))).status).toBe(503);
        const b = (await signIn(explicit)).oauth2;
        expect((await sheetsApi(explicit, b).spreadsheets.get({ spreadsheetId: BRIGHT_SMILES_ID }, { retry: false })).status).toBe(200);
      } finally {
        await local.close();
        await explicit.close();
      }
    } finally {
      if (previous === undefined) delete process.env["GOOGLE_EMULATOR_FAULTS"];
      else process.env["GOOGLE_EMULATOR_FAULTS"] = previous;
    }
  });

  it("the control API sets faults and reports stats", async () => {
    const put = await fetch(`${emu.url}/__emulator/faults`, { method: "PUT", body: JSON.stringify({ sheets: { status: 500, times: 1 } }) });
    expect(put.status).toBe(200);
    expect((await failure(read({ retry: false }))).status).toBe(500);
    const stats = (await (await fetch(`${emu.url}/__emulator/stats`)).json()) as { calls: { sheets: number }; faults: { sheets: number } };
    expect(stats.calls.sheets).toBe(emu.stats.calls.sheets);
    const bad = await fetch(`${emu.url}/__emulator/faults`, { method: "PUT", body: JSON.stringify({ sheets: { status: 200 } }) });
    expect(bad.status).toBe(400);
  });

  it("parseFaultConfig validates", () => {
    expect(parseFaultConfig({ token: { status: 429, retryAfterSeconds: 1, times: 2 }, revoked: false })).toEqual({ token: { status: 429, retryAfterSeconds: 1, times: 2 }, revoked: false });
    expect(() => parseFaultConfig({ sheet: { status: 500 } })).toThrow(/invalid fault config/);
    expect(() => parseFaultConfig({ sheets: { status: 99 } })).toThrow(/invalid fault config/);
  });

  it("FaultEngine counts per rule and combines delay with status", () => {
    const engine = new FaultEngine({ sheets: [{ delayMs: 10 }, { status: 429, retryAfterSeconds: 2, times: 1 }] });
    expect(engine.decide("sheets")).toEqual({ delayMs: 10, fault: { status: 429, retryAfterSeconds: 2 } });
    expect(engine.decide("sheets")).toEqual({ delayMs: 10 });
    expect(engine.decide("drive")).toEqual({ delayMs: 0 });
  });
});
