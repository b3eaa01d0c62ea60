import { Auth, google } from "googleapis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGoogleEmulator, type GoogleEmulator } from "./server.ts";
import {
  CLIENT_ID, CLIENT_SECRET, consent, DEFAULT_SCOPES, DEMO_EMAIL, failure, oauthClient, REDIRECT_URI, requestIdFrom, SCOPES, sheetsApi, signIn, BRIGHT_SMILES_ID,
} from "./test-helpers.ts";

let emu: GoogleEmulator;
beforeAll(async () => {
  emu = await startGoogleEmulator({ port: 0 });
});
afterAll(async () => {
  await emu.close();
});

describe("wiring", () => {
  it("emu.endpoints plugs straight into new google.auth.OAuth2()", () => {
    const oauth2 = new google.auth.OAuth2({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: REDIRECT_URI, endpoints: emu.endpoints });
    expect(oauth2.endpoints.oauth2TokenUrl).toBe(`${emu.url}/token`);
    expect(oauth2.generateAuthUrl({ scope: ["email"] })).toMatch(new RegExp(`^${emu.url}/o/oauth2/v2/auth\\?`));
    expect(emu.rootUrl).toBe(`${emu.url}/`);
  });
});

describe("consent page", () => {
  it("lists the demo accounts and has real Allow / Deny buttons", async () => {
    const oauth2 = oauthClient(emu);
    const { codeChallenge } = await oauth2.generateCodeVerifierAsync();
    const url = oauth2.generateAuthUrl({ scope: DEFAULT_SCOPES, state: "s1", code_challenge: codeChallenge, code_challenge_method: Auth.CodeChallengeMethod.S256 });
    expect(url.startsWith(`${emu.url}/o/oauth2/v2/auth?`)).toBe(true);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain(DEMO_EMAIL);
    expect(html).toMatch(/<form method="post" action="\/o\/oauth2\/v2\/auth\/approve">/);
    expect(html).toMatch(/<button type="submit"[^>]*>Allow<\/button>/);
    expect(html).toMatch(/<button type="submit"[^>]*formaction="\/o\/oauth2\/v2\/auth\/deny"[^>]*>Deny<\/button>/);
    // Allow is the form's default button, so pressing Enter approves.
    expect(html.indexOf(">Allow<")).toBeLessThan(html.indexOf(">Deny<"));
    expect(html).toContain("See all your Google Sheets spreadsheets");
  });

  it.each([
    ["missing PKCE", { code_challenge: undefined }, "invalid_request", "code_challenge"],
    ["plain PKCE method", { code_challenge_method: "plain" }, "invalid_request", "code_challenge_method"],
    ["missing state", { state: undefined }, "invalid_request", "state"],
    ["wrong response_type", { response_type: "token" }, "unsupported_response_type", "token"],
    ["unknown scope", { scope: "https://www.googleapis.com/auth/gmail.everything" }, "invalid_scope", "gmail.everything"],
    ["non-http redirect", { redirect_uri: "javascript:alert(1)" }, "redirect_uri_mismatch", "javascript"],
  ])("rejects %s with an error page (no redirect)", async (_name, override, error, detail) => {
    const params: Record<string, string | undefined> = {
      client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, response_type: "code", scope: "openid email", state: "s",
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", code_challenge_method: "S256", ...override,
    };
    const qs = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
    const res = await fetch(`${emu.url}/o/oauth2/v2/auth?${qs}`, { redirect: "manual" });
    expect(res.status).toBeGreaterThanOrEqual(400);
    const html = await res.text();
    expect(html).toContain(`<code data-testid="oauth-error">${error}</code>`);
    expect(html).toContain(detail);
  });

  it("Deny redirects back with error=access_denied and the state", async () => {
    const oauth2 = oauthClient(emu);
    const { codeChallenge } = await oauth2.generateCodeVerifierAsync();
    const url = oauth2.generateAuthUrl({ scope: DEFAULT_SCOPES, state: "deny-state", code_challenge: codeChallenge, code_challenge_method: Auth.CodeChallengeMethod.S256 });
    const redirect = await consent(emu, url, { decision: "deny" });
    expect(redirect.origin + redirect.pathname).toBe(REDIRECT_URI);
    expect(redirect.searchParams.get("error")).toBe("access_denied");
    expect(redirect.searchParams.get("state")).toBe("deny-state");
    expect(redirect.searchParams.has("code")).toBe(false);
  });

  it("a consent request can only be answered once", async () => {
    const oauth2 = oauthClient(emu);
    const { codeChallenge } = await oauth2.generateCodeVerifierAsync();
    const url = oauth2.generateAuthUrl({ scope: DEFAULT_SCOPES, state: "x", code_challenge: codeChallenge, code_challenge_method: Auth.CodeChallengeMethod.S256 });
    const requestId = requestIdFrom(await (await fetch(url)).text());
    const post = () => fetch(`${emu.url}/o/oauth2/v2/auth/approve`, { method: "POST", body: new URLSearchParams({ request_id: requestId, account: DEMO_EMAIL }), redirect: "manual" });
    expect((await post()).status).toBe(302);
    expect((await post()).status).toBe(400);
  });
});

describe("authorization code flow with PKCE (real OAuth2Client)", () => {
  it("exchanges the code for tokens", async () => {
    const { tokens, redirect } = await signIn(emu);
    expect(redirect.searchParams.get("state")).toBe("csrf-123");
    expect(redirect.searchParams.get("scope")).toContain(SCOPES.sheets);
    expect(tokens.access_token).toMatch(/^ya29\./);
    expect(tokens.refresh_token).toMatch(/^1\/\//);
    expect(tokens.token_type).toBe("Bearer");
    expect(tokens.expiry_date).toBeGreaterThan(Date.now() + 3500_000);
    // `email`/`profile` come back as full scope URLs, like Google.
    expect(tokens.scope?.split(" ")).toEqual(expect.arrayContaining(["openid", SCOPES.email, SCOPES.profile, SCOPES.sheets]));
    expect(tokens.id_token).toBeTruthy();
  });

  it("issues a verifiable ID token", async () => {
    const { oauth2, tokens } = await signIn(emu);
    const ticket = await oauth2.verifyIdToken({ idToken: tokens.id_token ?? "", audience: CLIENT_ID });
    const payload = ticket.getPayload();
    expect(payload?.email).toBe(DEMO_EMAIL);
    expect(payload?.name).toBe("Dana Whitfield");
    expect(payload?.iss).toBe("https://accounts.google.com");
  });

  it("no refresh token without access_type=offline", async () => {
    const { tokens } = await signIn(emu, { offline: false });
    expect(tokens.access_token).toBeTruthy();
    expect(tokens.refresh_token).toBeUndefined();
  });

  it("rejects a wrong code_verifier and a missing one", async () => {
    const oauth2 = oauthClient(emu);
    const { codeChallenge } = await oauth2.generateCodeVerifierAsync();
    const wrong = await oauth2.generateCodeVerifierAsync();
    const url = oauth2.generateAuthUrl({ access_type: "offline", scope: DEFAULT_SCOPES, state: "s", code_challenge: codeChallenge, code_challenge_method: Auth.CodeChallengeMethod.S256 });
    const code = (await consent(emu, url)).searchParams.get("code") ?? "";
    const bad = await failure(oauth2.getToken({ code, codeVerifier: wrong.codeVerifier }));
    expect(bad.status).toBe(400);
    expect(bad.data).toEqual({ error: "invalid_grant", error_description: "Invalid code verifier." });
    const missing = await failure(oauth2.getToken({ code }));
    expect(missing.data).toEqual({ error: "invalid_grant", error_description: "Missing code verifier." });
  });

  it("codes are single use; replaying one revokes the tokens it issued", async () => {
    const oauth2 = oauthClient(emu);
    const { codeVerifier, codeChallenge } = await oauth2.generateCodeVerifierAsync();
    const url = oauth2.generateAuthUrl({ access_type: "offline", scope: DEFAULT_SCOPES, state: "s", code_challenge: codeChallenge, code_challenge_method: Auth.CodeChallengeMethod.S256 });
    const code = (await consent(emu, url)).searchParams.get("code") ?? "";
    const { tokens } = await oauth2.getToken({ code, codeVerifier });
    const replay = await failure(oauth2.getToken({ code, codeVerifier }));
    expect(replay.status).toBe(400);
    expect((replay.data as { error: string }).error).toBe("invalid_grant");
    expect(emu.state.lookupAccessToken(tokens.access_token ?? "").status).toBe("revoked");
  });

  it("rejects a redirect_uri different from the one in the authorization request", async () => {
    const oauth2 = oauthClient(emu);
    const { codeVerifier, codeChallenge } = await oauth2.generateCodeVerifierAsync();
    const url = oauth2.generateAuthUrl({ scope: DEFAULT_SCOPES, state: "s", code_challenge: codeChallenge, code_challenge_method: Auth.CodeChallengeMethod.S256 });
    const code = (await consent(emu, url)).searchParams.get("code") ?? "";
    const r = await failure(oauth2.getToken({ code, codeVerifier, redirect_uri: "http://localhost:9999/other" }));
    expect(r.data).toEqual({ error: "redirect_uri_mismatch", error_description: "Bad Request" });
  });
});

describe("refresh and revoke", () => {
  it("refreshes the access token", async () => {
    const { oauth2, tokens } = await signIn(emu);
    const before = tokens.access_token;
    const { credentials } = await oauth2.refreshAccessToken();
    expect(credentials.access_token).toMatch(/^ya29\./);
    expect(credentials.access_token).not.toBe(before);
    expect(credentials.refresh_token).toBe(tokens.refresh_token);
    // Both tokens of the same grant are valid until they expire.
    expect(emu.state.lookupAccessToken(credentials.access_token ?? "").status).toBe("ok");
  });

  it("revoke makes refresh fail with invalid_grant and API calls fail with 401", async () => {
    const { oauth2, tokens } = await signIn(emu);
    await oauth2.revokeToken(tokens.access_token ?? "");
    const refresh = await failure(oauth2.refreshAccessToken());
    expect(refresh.status).toBe(400);
    expect(refresh.data).toEqual({ error: "invalid_grant", error_description: "Token has been expired or revoked." });
    const fresh = oauthClient(emu);
    fresh.setCredentials({ access_token: tokens.access_token ?? "", expiry_date: Date.now() + 3600_000 });
    const api = await failure(sheetsApi(emu, fresh).spreadsheets.get({ spreadsheetId: BRIGHT_SMILES_ID }, { retry: false }));
    expect(api.status).toBe(401);
    // Revoking again: Google answers invalid_token.
    const again = await failure(oauth2.revokeToken(tokens.refresh_token ?? ""));
    expect(again.status).toBe(400);
  });

  it("state.revokeAll() revokes every grant", async () => {
    const local = await startGoogleEmulator({ port: 0 });
    try {
      const { oauth2 } = await signIn(local);
      local.state.revokeAll();
      const r = await failure(oauth2.refreshAccessToken());
      expect((r.data as { error: string }).error).toBe("invalid_grant");
    } finally {
      await local.close();
    }
  });
});

describe("expiry", () => {
  it("answers 401 UNAUTHENTICATED for an expired access token", async () => {
    const { tokens } = await signIn(emu);
    emu.state.advanceClock(3601);
    try {
      const client = oauthClient(emu);
      // The client believes the token is still valid, so it sends it as-is.
      client.setCredentials({ access_token: tokens.access_token ?? "", expiry_date: Date.now() + 3600_000 });
      const r = await failure(sheetsApi(emu, client).spreadsheets.get({ spreadsheetId: BRIGHT_SMILES_ID }, { retry: false }));
      expect(r.status).toBe(401);
      expect(r.data).toEqual({
        error: {
          code: 401,
          message: expect.stringContaining("Request had invalid authentication credentials."),
          status: "UNAUTHENTICATED",
        },
      });
      expect(r.headers?.get("www-authenticate")).toContain('error="invalid_token"');
    } finally {
      emu.state.clock.reset();
    }
  });

  it("the real client refreshes and retries once after a 401 when it has a refresh token", async () => {
    const { tokens } = await signIn(emu);
    emu.state.expireAccessTokens();
    const client = oauthClient(emu);
    client.setCredentials({ access_token: tokens.access_token ?? "", refresh_token: tokens.refresh_token ?? "" });
    const tokenCallsBefore = emu.stats.calls.token;
    const res = await sheetsApi(emu, client).spreadsheets.get({ spreadsheetId: BRIGHT_SMILES_ID, fields: "spreadsheetId" });
    expect(res.data.spreadsheetId).toBe(BRIGHT_SMILES_ID);
    expect(emu.stats.calls.token).toBe(tokenCallsBefore + 1);
  });

  it("honours accessTokenTtlSeconds", async () => {
    const local = await startGoogleEmulator({ port: 0, accessTokenTtlSeconds: 60 });
    try {
      const { tokens } = await signIn(local);
      expect(tokens.expiry_date).toBeLessThan(Date.now() + 61_000);
      local.state.advanceClock(61);
      expect(local.state.lookupAccessToken(tokens.access_token ?? "").status).toBe("expired");
    } finally {
      await local.close();
    }
  });
});

describe("userinfo and tokeninfo", () => {
  it("oauth2 v2 userinfo returns the linked account", async () => {
    const { oauth2 } = await signIn(emu);
    const { data } = await google.oauth2({ version: "v2", auth: oauth2, rootUrl: emu.rootUrl }).userinfo.get();
    expect(data).toMatchObject({ email: DEMO_EMAIL, name: "Dana Whitfield", verified_email: true });
    expect(data.id).toMatch(/^\d+$/);
  });

  it("v3 userinfo returns sub/email/name; profile fields need the profile scope", async () => {
    const { tokens } = await signIn(emu, { scopes: ["openid", "email", SCOPES.sheets] });
    const res = await fetch(`${emu.url}/oauth2/v3/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ email: DEMO_EMAIL, email_verified: true });
    expect(body["sub"]).toMatch(/^\d+$/);
    expect(body["name"]).toBeUndefined();
  });

  it("userinfo without a token is 401", async () => {
    const res = await fetch(`${emu.url}/oauth2/v2/userinfo`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { status: string } }).error.status).toBe("UNAUTHENTICATED");
  });

  it("getTokenInfo reports scopes and email", async () => {
    const { oauth2, tokens } = await signIn(emu);
    const info = await oauth2.getTokenInfo(tokens.access_token ?? "");
    expect(info.email).toBe(DEMO_EMAIL);
    expect(info.scopes).toContain(SCOPES.sheets);
    expect(info.aud).toBe(CLIENT_ID);
  });
});

describe("strict client registration", () => {
  it("checks client id, secret and registered redirect URIs", async () => {
    const local = await startGoogleEmulator({ port: 0, clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI], name: "Clinic Pulse" }] });
    try {
      const { tokens } = await signIn(local);
      expect(tokens.access_token).toBeTruthy();
      const page = await (await fetch(`${local.url}/o/oauth2/v2/auth?${new URLSearchParams({ client_id: CLIENT_ID, redirect_uri: "http://evil.test/cb", response_type: "code", scope: "email", state: "s", code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", code_challenge_method: "S256" })}`)).text();
      expect(page).toContain("redirect_uri_mismatch");
      const unknown = await fetch(`${local.url}/o/oauth2/v2/auth?client_id=nope&redirect_uri=${encodeURIComponent(REDIRECT_URI)}`);
      expect(unknown.status).toBe(401);
      const wrongSecret = oauthClient(local, { clientSecret: "wrong" });
      wrongSecret.setCredentials({ refresh_token: tokens.refresh_token ?? "" });
      const r = await failure(wrongSecret.refreshAccessToken());
      expect(r.status).toBe(401);
      expect((r.data as { error: string }).error).toBe("invalid_client");
    } finally {
      await local.close();
    }
  });
});
