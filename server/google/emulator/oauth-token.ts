// POST /token (authorization_code + PKCE, refresh_token), POST /revoke, /tokeninfo and the ID-token signing certs.
import { createHash, timingSafeEqual } from "node:crypto";
import type { EmulatorEnv } from "./env.ts";
import { bearerToken, oauthError, readForm, sendJson, type RequestContext } from "./http-util.ts";
import type { AuthCode, Grant } from "./oauth-store.ts";
import { EMAIL_SCOPE, PROFILE_SCOPE } from "./scopes.ts";

const NO_STORE = { "cache-control": "no-cache, no-store, max-age=0, must-revalidate", pragma: "no-cache" };

function clientCredentials(ctx: RequestContext, form: URLSearchParams): { clientId?: string; clientSecret?: string } {
  const basic = /^Basic\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? "");
  if (basic?.[1]) {
    const [id = "", secret = ""] = Buffer.from(basic[1], "base64").toString("utf8").split(":");
    return { clientId: decodeURIComponent(id), clientSecret: decodeURIComponent(secret) };
  }
  const out: { clientId?: string; clientSecret?: string } = {};
  const id = form.get("client_id");
  const secret = form.get("client_secret");
  if (id) out.clientId = id;
  if (secret) out.clientSecret = secret;
  return out;
}

/** Strict mode (clients registered): id and secret must match. Permissive mode: any non-empty client id. */
function authenticateClient(ctx: RequestContext, form: URLSearchParams, env: EmulatorEnv): string {
  const { clientId, clientSecret } = clientCredentials(ctx, form);
  if (!clientId) throw oauthError(400, "invalid_request", "Could not determine client ID from request.");
  if (env.state.clients.length === 0) return clientId;
  const client = env.state.client(clientId);
  if (!client) throw oauthError(401, "invalid_client", "The OAuth client was not found.");
  if (client.clientSecret !== clientSecret) throw oauthError(401, "invalid_client", "Unauthorized");
  return clientId;
}

function s256(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

function checkPkce(code: AuthCode, verifier: string | null): void {
  if (code.codeChallenge === undefined) {
    if (verifier) throw oauthError(400, "invalid_request", "code_verifier or verifier is not needed.");
    return;
  }
  if (!verifier) throw oauthError(400, "invalid_grant", "Missing code verifier.");
  const a = Buffer.from(s256(verifier));
  const b = Buffer.from(code.codeChallenge);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw oauthError(400, "invalid_grant", "Invalid code verifier.");
}

function tokenResponse(env: EmulatorEnv, grant: Grant, includeRefresh: boolean): Record<string, unknown> {
  const ttl = env.state.settings.accessTokenTtlSeconds;
  const at = env.state.oauth.issueAccessToken(grant, ttl);
  const body: Record<string, unknown> = {
    access_token: at.token,
    expires_in: ttl,
    scope: grant.scopes.join(" "),
    token_type: "Bearer",
  };
  if (includeRefresh && grant.refreshToken) body["refresh_token"] = grant.refreshToken;
  const account = env.state.account(grant.sub);
  if (grant.scopes.includes("openid") && account) {
    const email = grant.scopes.includes(EMAIL_SCOPE);
    const profile = grant.scopes.includes(PROFILE_SCOPE);
    body["id_token"] = env.signer.sign(
      {
        aud: grant.clientId,
        sub: account.sub,
        ...(email ? { email: account.email, email_verified: true } : {}),
        ...(profile ? { name: account.name } : {}),
        ...(profile && account.givenName ? { given_name: account.givenName } : {}),
        ...(profile && account.familyName ? { family_name: account.familyName } : {}),
        ...(grant.nonce === undefined ? {} : { nonce: grant.nonce }),
      },
      env.state.clock.now(),
    );
  }
  return body;
}

function exchangeCode(form: URLSearchParams, clientId: string, env: EmulatorEnv): Record<string, unknown> {
  const raw = form.get("code");
  if (!raw) throw oauthError(400, "invalid_request", "Missing required parameter: code");
  const code = env.state.oauth.getCode(raw);
  if (!code) throw oauthError(400, "invalid_grant", "Malformed auth code.");
  if (code.grantId !== undefined) {
    env.state.oauth.revokeGrant(code.grantId); // replayed code: revoke what it issued
    throw oauthError(400, "invalid_grant", "Bad Request");
  }
  if (code.clientId !== clientId) throw oauthError(400, "invalid_grant", "Bad Request");
  if (code.expiresAt <= env.state.clock.now()) throw oauthError(400, "invalid_grant", "Bad Request");
  if (form.get("redirect_uri") !== code.redirectUri) throw oauthError(400, "redirect_uri_mismatch", "Bad Request");
  checkPkce(code, form.get("code_verifier"));
  const grant = env.state.oauth.createGrant(code);
  return tokenResponse(env, grant, true);
}

function refresh(form: URLSearchParams, clientId: string, env: EmulatorEnv): Record<string, unknown> {
  const token = form.get("refresh_token");
  if (!token) throw oauthError(400, "invalid_request", "Missing required parameter: refresh_token");
  const grant = env.state.oauth.grantForRefreshToken(token);
  if (!grant) throw oauthError(400, "invalid_grant", "Bad Request");
  if (grant.clientId !== clientId) throw oauthError(401, "unauthorized_client", "Unauthorized");
  if (grant.revoked || env.faults.revoked) throw oauthError(400, "invalid_grant", "Token has been expired or revoked.");
  return tokenResponse(env, grant, false);
}

export async function token(ctx: RequestContext, env: EmulatorEnv): Promise<void> {
  const form = await readForm(ctx);
  const clientId = authenticateClient(ctx, form, env);
  const grantType = form.get("grant_type");
  let body: Record<string, unknown>;
  if (grantType === "authorization_code") body = exchangeCode(form, clientId, env);
  else if (grantType === "refresh_token") body = refresh(form, clientId, env);
  else if (!grantType) throw oauthError(400, "invalid_request", "Missing required parameter: grant_type");
  else throw oauthError(400, "unsupported_grant_type", `Invalid grant_type: ${grantType}`);
  sendJson(ctx.res, 200, body, NO_STORE);
}

export async function revoke(ctx: RequestContext, env: EmulatorEnv): Promise<void> {
  const form = await readForm(ctx);
  const t = form.get("token");
  if (!t) throw oauthError(400, "invalid_request", "Missing required parameter: token");
  if (!env.state.oauth.revokeToken(t)) throw oauthError(400, "invalid_token", "Token expired or revoked");
  sendJson(ctx.res, 200, {}, NO_STORE);
}

/** Like https://oauth2.googleapis.com/tokeninfo for access tokens (numbers are strings, as Google returns them). */
export async function tokenInfo(ctx: RequestContext, env: EmulatorEnv): Promise<void> {
  const form = await readForm(ctx);
  const t = form.get("access_token") ?? bearerToken(ctx);
  const found = t ? env.state.lookupAccessToken(t) : undefined;
  if (!found || found.status !== "ok" || env.faults.revoked) throw oauthError(400, "invalid_token", "Invalid Value");
  const { grant, token: at } = found;
  const account = env.state.account(grant.sub);
  const body: Record<string, string> = {
    azp: grant.clientId,
    aud: grant.clientId,
    sub: grant.sub,
    scope: grant.scopes.join(" "),
    exp: String(Math.floor(at.expiresAt / 1000)),
    expires_in: String(Math.max(0, Math.floor((at.expiresAt - env.state.clock.now()) / 1000))),
    access_type: grant.refreshToken ? "offline" : "online",
  };
  if (account && grant.scopes.includes(EMAIL_SCOPE)) {
    body["email"] = account.email;
    body["email_verified"] = "true";
  }
  sendJson(ctx.res, 200, body, NO_STORE);
}

export function pemCerts(ctx: RequestContext, env: EmulatorEnv): void {
  sendJson(ctx.res, 200, env.signer.pemCerts(), { "cache-control": "public, max-age=3600" });
}

export function jwkCerts(ctx: RequestContext, env: EmulatorEnv): void {
  sendJson(ctx.res, 200, env.signer.jwkCerts(), { "cache-control": "public, max-age=3600" });
}
