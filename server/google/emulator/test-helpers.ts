// Helpers for tests that drive the emulator through the real googleapis client.
import { Auth, google } from "googleapis";
import type { GoogleEmulator } from "./server.ts";

export const BRIGHT_SMILES_ID = "1BrightSmilesKpis2024_emuQ7xLp3VdN9sTcWm2Hk";
export const FRONT_DESK_ID = "1FrontDeskCalls2024_emuR4tYb8KcM2wPzX6nJfL0";
export const LAKESIDE_ID = "1LakesideCollections2024_emuH5sVq1ZyT8dGbN3";
export const OLD_2023_ID = "1BrightSmilesKpis2023Old_emuW2eRt6YuI8oPa4";
export const XLSX_ID = "1emuKpiExportFeb2024Xlsx";
export const DEMO_EMAIL = "demo.owner@clinicpulse.test";

export const CLIENT_ID = "clinic-pulse-test.apps.googleusercontent.com";
export const CLIENT_SECRET = "GOCSPX-emulator-test-secret";
export const REDIRECT_URI = "http://localhost:5173/api/google/callback";

export const SCOPES = {
  sheets: "https://www.googleapis.com/auth/spreadsheets.readonly",
  driveMeta: "https://www.googleapis.com/auth/drive.metadata.readonly",
  driveFile: "https://www.googleapis.com/auth/drive.file",
  email: "https://www.googleapis.com/auth/userinfo.email",
  profile: "https://www.googleapis.com/auth/userinfo.profile",
};
export const DEFAULT_SCOPES = ["openid", "email", "profile", SCOPES.sheets, SCOPES.driveMeta];

export type OAuth2 = InstanceType<typeof google.auth.OAuth2>;

export function oauthClient(emu: GoogleEmulator, overrides: { clientId?: string; clientSecret?: string; redirectUri?: string } = {}): OAuth2 {
  return new google.auth.OAuth2({
    clientId: overrides.clientId ?? CLIENT_ID,
    clientSecret: overrides.clientSecret ?? CLIENT_SECRET,
    redirectUri: overrides.redirectUri ?? REDIRECT_URI,
    endpoints: {
      oauth2AuthBaseUrl: `${emu.url}/o/oauth2/v2/auth`,
      oauth2TokenUrl: `${emu.url}/token`,
      oauth2RevokeUrl: `${emu.url}/revoke`,
      tokenInfoUrl: `${emu.url}/tokeninfo`,
      oauth2FederatedSignonPemCertsUrl: `${emu.url}/oauth2/v1/certs`,
    },
  });
}

/** Extracts the hidden request id from the consent page HTML. */
export function requestIdFrom(html: string): string {
  const id = /name="request_id" value="([^"]+)"/.exec(html)?.[1];
  if (!id) throw new Error(`no request_id in consent page:\n${html.slice(0, 500)}`);
  return id;
}

/** Plays the browser: opens the consent page, presses Allow/Deny, returns the redirect URL. */
export async function consent(emu: GoogleEmulator, authUrl: string, opts: { account?: string; decision?: "allow" | "deny" } = {}): Promise<URL> {
  const page = await fetch(authUrl);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`consent page returned ${page.status}: ${html.slice(0, 300)}`);
  const deny = opts.decision === "deny";
  const res = await fetch(`${emu.url}/o/oauth2/v2/auth/${deny ? "deny" : "approve"}`, {
    method: "POST",
    body: new URLSearchParams({ request_id: requestIdFrom(html), account: opts.account ?? DEMO_EMAIL, decision: deny ? "deny" : "allow" }),
    redirect: "manual",
  });
  const location = res.headers.get("location");
  if (res.status !== 302 || !location) throw new Error(`expected a redirect, got ${res.status}`);
  return new URL(location);
}

/** Full authorization-code + PKCE flow; returns the client with credentials set. */
export async function signIn(emu: GoogleEmulator, opts: { scopes?: string[]; account?: string; offline?: boolean } = {}) {
  const oauth2 = oauthClient(emu);
  const { codeVerifier, codeChallenge } = await oauth2.generateCodeVerifierAsync();
  const authUrl = oauth2.generateAuthUrl({
    access_type: opts.offline === false ? "online" : "offline",
    scope: opts.scopes ?? DEFAULT_SCOPES,
    state: "csrf-123",
    code_challenge: codeChallenge,
    code_challenge_method: Auth.CodeChallengeMethod.S256,
    prompt: "consent",
  });
  const redirect = await consent(emu, authUrl, opts.account ? { account: opts.account } : {});
  const code = redirect.searchParams.get("code");
  if (!code) throw new Error(`no code in ${redirect.toString()}`);
  const { tokens } = await oauth2.getToken({ code, codeVerifier });
  oauth2.setCredentials(tokens);
  return { oauth2, tokens, redirect, codeVerifier };
}

export function sheetsApi(emu: GoogleEmulator, auth: OAuth2) {
  return google.sheets({ version: "v4", auth, rootUrl: emu.rootUrl });
}

export function driveApi(emu: GoogleEmulator, auth: OAuth2) {
  return google.drive({ version: "v3", auth, rootUrl: emu.rootUrl });
}

/** Status and parsed body of a rejected googleapis call. */
export async function failure(p: Promise<unknown>): Promise<{ status: number | undefined; data: unknown; headers: Headers | undefined; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { status?: number; response?: { status?: number; data?: unknown; headers?: Headers }; message?: string };
    return { status: err.response?.status ?? err.status, data: err.response?.data, headers: err.response?.headers, message: err.message ?? "" };
  }
  throw new Error("expected the call to fail, but it succeeded");
}
