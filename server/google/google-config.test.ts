import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGoogleEmulator, type GoogleEmulator } from "./emulator/index.ts";
import { BRIGHT_SMILES_ID, signIn } from "./emulator/test-helpers.ts";
import { assertGoogleConfig, createOAuthClient, driveClient, googleConfig, googleRedirectUri, GoogleNotConfiguredError, isGoogleDemo, sheetsClient } from "./google-config.ts";

const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;

describe("Google configuration", () => {
  it("is the demo when GOOGLE_CLIENT_ID is unset (whatever DATABASE_URL says), pointing everything at the emulator", () => {
    const demo = env({ DATABASE_URL: "postgresql://x", GOOGLE_DEMO_EMULATOR_URL: "http://127.0.0.1:4455" });
    expect(isGoogleDemo(demo)).toBe(true);
    const c = googleConfig(demo);
    expect(c).toMatchObject({ demo: true, clientId: "clinic-pulse-demo", sheetsRootUrl: "http://127.0.0.1:4455/", driveRootUrl: "http://127.0.0.1:4455/" });
    expect(c.endpoints.oauth2AuthBaseUrl).toBe("http://127.0.0.1:4455/o/oauth2/v2/auth");
    expect(c.endpoints.oauth2TokenUrl).toBe("http://127.0.0.1:4455/token");
    expect(c.endpoints.oauth2RevokeUrl).toBe("http://127.0.0.1:4455/revoke");
    expect(() => googleConfig(env({}))).toThrow(GoogleNotConfiguredError);
  });

  it("uses Google's real endpoints by default, and the configured ones when set", () => {
    const real = googleConfig(env({ GOOGLE_CLIENT_ID: "id.apps.googleusercontent.com", GOOGLE_CLIENT_SECRET: "s" }));
    expect(real).toMatchObject({ demo: false, sheetsRootUrl: "https://sheets.googleapis.com/", driveRootUrl: "https://www.googleapis.com/" });
    expect(real.endpoints).toMatchObject({
      oauth2AuthBaseUrl: "https://accounts.google.com/o/oauth2/v2/auth",
      oauth2TokenUrl: "https://oauth2.googleapis.com/token",
      oauth2RevokeUrl: "https://oauth2.googleapis.com/revoke",
    });
    const custom = googleConfig(
      env({
        GOOGLE_CLIENT_ID: "id",
        GOOGLE_CLIENT_SECRET: "s",
        GOOGLE_API_ROOT: "http://google.internal:8080",
        GOOGLE_OAUTH_AUTH_URL: "http://google.internal:8080/o/oauth2/v2/auth",
        GOOGLE_OAUTH_TOKEN_URL: "http://google.internal:8080/token",
        GOOGLE_OAUTH_REVOKE_URL: "http://google.internal:8080/revoke",
      }),
    );
    expect(custom.sheetsRootUrl).toBe("http://google.internal:8080/");
    expect(custom.driveRootUrl).toBe("http://google.internal:8080/");
    expect(custom.endpoints.oauth2TokenUrl).toBe("http://google.internal:8080/token");
  });

  it("refuses malformed settings with one line", () => {
    expect(() => googleConfig(env({ GOOGLE_CLIENT_ID: "id" }))).toThrow(/^GOOGLE_CLIENT_SECRET is not set/);
    expect(() => googleConfig(env({ GOOGLE_CLIENT_ID: "id", GOOGLE_CLIENT_SECRET: "s", GOOGLE_API_ROOT: "https://proxy.example/google" }))).toThrow(/origin only/);
    expect(() => googleConfig(env({ GOOGLE_CLIENT_ID: "id", GOOGLE_CLIENT_SECRET: "s", GOOGLE_OAUTH_TOKEN_URL: "token" }))).toThrow(/absolute http/);
    expect(() => assertGoogleConfig(env({ NODE_ENV: "production", GOOGLE_CLIENT_ID: "id", GOOGLE_CLIENT_SECRET: "s" }))).toThrow(/APP_ORIGIN is not set/);
    expect(() => assertGoogleConfig(env({ NODE_ENV: "production", GOOGLE_CLIENT_ID: "id", GOOGLE_CLIENT_SECRET: "s", APP_ORIGIN: "https://pulse.example" }))).not.toThrow();
    expect(() => assertGoogleConfig(env({ NODE_ENV: "production" }))).not.toThrow();
  });

  it("builds the redirect URI from APP_ORIGIN, else from the request's origin", () => {
    expect(googleRedirectUri(new Request("http://localhost:3000/x"), env({ APP_ORIGIN: "https://pulse.example/" }))).toBe("https://pulse.example/google/callback");
    expect(googleRedirectUri(new Request("http://127.0.0.1:4319/clinics/a/google/connect"), env({}))).toBe("http://127.0.0.1:4319/google/callback");
  });
});

describe("Google API clients against the emulator", () => {
  let emu: GoogleEmulator;
  beforeAll(async () => {
    emu = await startGoogleEmulator({ port: 0 });
  });
  afterAll(async () => emu?.close());

  it("Sheets and Drive clients do not retry on their own (the sync engine honours Retry-After itself)", async () => {
    const { tokens } = await signIn(emu);
    const config = googleConfig(env({ GOOGLE_DEMO_EMULATOR_URL: emu.url }));
    const auth = createOAuthClient({ config });
    auth.setCredentials(tokens);

    emu.setFaults({ sheets: { status: 429, retryAfterSeconds: 7, times: 1 } });
    emu.stats.reset();
    const error = (await sheetsClient(auth, config)
      .spreadsheets.get({ spreadsheetId: BRIGHT_SMILES_ID })
      .catch((e: unknown) => e)) as { status?: number; response?: { status?: number; headers?: Headers } };
    expect(error.response?.status ?? error.status).toBe(429);
    expect(error.response?.headers?.get("retry-after")).toBe("7");
    expect(emu.stats.calls.sheets).toBe(1);
    const ok = await sheetsClient(auth, config).spreadsheets.get({ spreadsheetId: BRIGHT_SMILES_ID, fields: "properties.title" });
    expect(ok.data.properties?.title).toContain("Bright Smiles");

    emu.setFaults({ drive: { status: 503, times: 1 } });
    emu.stats.reset();
    await expect(driveClient(auth, config).files.list({ q: "mimeType = 'application/vnd.google-apps.spreadsheet'" })).rejects.toMatchObject({ status: 503 });
    expect(emu.stats.calls.drive).toBe(1);
    emu.setFaults({});
  });
});
