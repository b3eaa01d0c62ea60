// Linking a Google account to a clinic: authorization code + PKCE (S256), `state` bound to the
// browser session (CSRF), offline access for background syncs. docs/google.md walks through it.
import { Auth } from "googleapis";
import { generateToken, hashToken } from "../../auth/tokens.ts";
import type { Db } from "../../db/client.ts";
import { AppError } from "../../errors/app-error.ts";
import { logger } from "../../log/logger.ts";
import type { TenantTx } from "../../tenancy/tenant-db.ts";
import { decryptToken, encryptToken, keyring } from "../crypto/token-cipher.ts";
import { revokeAtGoogle } from "../credentials/disconnect.ts";
import { encryptFor, splitScopes } from "../credentials/token-store.ts";
import { createOAuthClient, googleConfig, REQUESTED_SCOPES, REQUIRED_SCOPES, userinfoClient, type GoogleConfig } from "../google-config.ts";

/** How long the person has to finish Google's consent screen. */
export const STATE_TTL_MS = 10 * 60 * 1000;

/** Outcomes the callback reports back to the Google page (?google=<outcome>); the page words them. */
export type LinkOutcome = "linked" | "denied" | "expired" | "failed" | "scopes" | "offline";

/** A same-site path (no scheme, no host, no `//`), at most 500 characters; anything else is dropped. */
export function sanitizeReturnTo(value: string | null | undefined): string | null {
  if (!value || value.length > 500) return null;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return null;
  if (/[\u0000-\u001f\\]/.test(value)) return null;
  try {
    const url = new URL(value, "http://same-site.invalid");
    if (url.origin !== "http://same-site.invalid") return null;
    return url.pathname + url.search + url.hash;
  } catch {
    return null;
  }
}

const verifierContext = (stateHash: string) => `google_oauth_states:${stateHash}:code_verifier`;

/**
 * Creates the pending authorization (state stored only as its SHA-256, with the session, user,
 * clinic, encrypted PKCE verifier and return path, for 10 minutes) and returns Google's consent URL.
 */
export async function startLink(
  tx: TenantTx,
  opts: { clinicId: string; userId: string; sessionId: string; redirectUri: string; returnTo?: string | null; now?: Date; config?: GoogleConfig },
): Promise<{ authorizeUrl: string }> {
  const now = opts.now ?? new Date();
  const config = opts.config ?? googleConfig();
  const client = createOAuthClient({ redirectUri: opts.redirectUri, config });
  const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
  const state = generateToken(32);
  const stateHash = hashToken(state);
  await tx.googleOauthState.deleteMany({ where: { userId: opts.userId, expiresAt: { lt: now } } });
  const existing = await tx.googleCredential.findUnique({ where: { clinicId_userId: { clinicId: opts.clinicId, userId: opts.userId } }, select: { googleAccountEmail: true } });
  await tx.googleOauthState.create({
    data: {
      stateHash,
      sessionId: opts.sessionId,
      userId: opts.userId,
      clinicId: opts.clinicId,
      codeVerifier: encryptToken(codeVerifier, { context: verifierContext(stateHash) }).value,
      returnTo: sanitizeReturnTo(opts.returnTo),
      expiresAt: new Date(now.getTime() + STATE_TTL_MS),
      createdAt: now,
    },
  });
  const authorizeUrl = client.generateAuthUrl({
    access_type: "offline",
    prompt: "consent",
    include_granted_scopes: true,
    scope: [...REQUESTED_SCOPES],
    state,
    code_challenge: codeChallenge,
    code_challenge_method: Auth.CodeChallengeMethod.S256,
    ...(existing?.googleAccountEmail ? { login_hint: existing.googleAccountEmail } : {}),
  });
  return { authorizeUrl };
}

export interface ConsumedState {
  clinicId: string;
  userId: string;
  returnTo: string | null;
  codeVerifier: string;
  expired: boolean;
}

/**
 * Takes (deletes) the pending authorization for `state`. Unknown or already used → BAD_REQUEST;
 * started by another session or user → FORBIDDEN. Both are refused before anything else happens.
 * An expired one is returned with `expired: true` (the caller reports it on the clinic's page).
 */
export async function consumeState(db: Db, opts: { state: string; sessionId: string; userId: string; now?: Date }): Promise<ConsumedState> {
  const now = opts.now ?? new Date();
  const stateHash = hashToken(opts.state);
  const row = await db.googleOauthState.findUnique({ where: { stateHash } });
  // Single use: whoever presents it, it is gone afterwards. deleteMany's count settles a race between two callbacks.
  const taken = row ? (await db.googleOauthState.deleteMany({ where: { id: row.id } })).count === 1 : false;
  // Housekeeping: authorizations nobody came back for (an hour past expiry, any user).
  await db.googleOauthState.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 60 * 60 * 1000) } } });
  if (!row || !taken) {
    throw new AppError("BAD_REQUEST", "This Google sign-in link is no longer valid (it was already used, or it is unknown). Go back to Clinic Pulse and press Connect Google again.");
  }
  if (row.sessionId !== opts.sessionId || row.userId !== opts.userId) {
    throw new AppError("FORBIDDEN", "This Google sign-in was started in a different browser session, so it was refused. Press Connect Google again in this browser.");
  }
  let codeVerifier = "";
  try {
    codeVerifier = decryptToken(row.codeVerifier, { context: verifierContext(stateHash) });
  } catch {
    throw new AppError("BAD_REQUEST", "This Google sign-in could not be completed (its security check failed). Press Connect Google again.");
  }
  return { clinicId: row.clinicId, userId: row.userId, returnTo: row.returnTo, codeVerifier, expired: row.expiresAt.getTime() <= now.getTime() };
}

export interface ExchangedGrant {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date | null;
  scopes: string[];
  email: string | null;
}

/** Email from an ID token received straight from the token endpoint over TLS (OIDC Core 3.1.3.7 allows skipping the signature then). */
function emailFromIdToken(idToken: string | null | undefined): string | null {
  const payload = idToken?.split(".")[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { email?: unknown };
    return typeof claims.email === "string" ? claims.email : null;
  } catch {
    return null;
  }
}

/** Exchanges the code (with the PKCE verifier) and reads the account's email. Throws on a failed exchange. */
export async function exchangeCode(opts: { code: string; codeVerifier: string; redirectUri: string; config?: GoogleConfig }): Promise<ExchangedGrant> {
  const config = opts.config ?? googleConfig();
  const client = createOAuthClient({ redirectUri: opts.redirectUri, config });
  const { tokens } = await client.getToken({ code: opts.code, codeVerifier: opts.codeVerifier, redirect_uri: opts.redirectUri });
  if (!tokens.access_token) throw new Error("Google returned no access token");
  client.setCredentials(tokens);
  let email: string | null = null;
  try {
    const { data } = await userinfoClient(client, config).userinfo.get();
    email = data.email ?? null;
  } catch (error) {
    logger().warn({ err: (error as Error).message }, "google userinfo failed; using the ID token's email");
  }
  email ??= emailFromIdToken(tokens.id_token);
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? null,
    expiresAt: tokens.expiry_date ? new Date(tokens.expiry_date) : null,
    scopes: splitScopes(tokens.scope),
    email,
  };
}

export function missingScopes(granted: readonly string[]): string[] {
  return REQUIRED_SCOPES.filter((s) => !granted.includes(s));
}

/**
 * Stores the grant for (clinic, user), encrypted, status active. Keeps the stored refresh token if
 * Google sent none this time for the same account. Returns the credential id and, when the
 * person switched Google accounts, the old account's refresh token to revoke after commit.
 */
export async function storeCredential(
  tx: TenantTx,
  opts: { clinicId: string; userId: string; grant: ExchangedGrant },
): Promise<{ credentialId: string; replacedRefreshToken: string | null } | { error: "offline" }> {
  const { clinicId, userId, grant } = opts;
  const ids = { clinicId, userId };
  const keys = keyring();
  const existing = await tx.googleCredential.findUnique({ where: { clinicId_userId: ids } });
  let refreshToken = grant.refreshToken;
  let replacedRefreshToken: string | null = null;
  if (existing?.refreshToken) {
    const sameAccount = existing.googleAccountEmail !== null && existing.googleAccountEmail === grant.email;
    let old: string | null = null;
    try {
      old = decryptToken(existing.refreshToken, { context: `google_credentials:${clinicId}:${userId}:refresh_token`, keys });
    } catch {
      old = null;
    }
    if (!refreshToken && sameAccount) refreshToken = old;
    else if (old && old !== refreshToken && !sameAccount) replacedRefreshToken = old;
  }
  if (!refreshToken) return { error: "offline" };
  const access = encryptFor(ids, "access_token", grant.accessToken, keys);
  const data = {
    googleAccountEmail: grant.email,
    accessToken: access.value,
    refreshToken: encryptFor(ids, "refresh_token", refreshToken, keys).value,
    keyId: access.keyId,
    expiresAt: grant.expiresAt,
    scope: grant.scopes,
    status: "active",
    lastError: null,
  };
  const row = await tx.googleCredential.upsert({ where: { clinicId_userId: ids }, create: { ...ids, ...data }, update: data, select: { id: true } });
  return { credentialId: row.id, replacedRefreshToken };
}

/** Best effort, after a failed or refused link: give the fresh grant back to Google. */
export async function revokeQuietly(token: string | null, config?: GoogleConfig): Promise<void> {
  if (!token) return;
  await revokeAtGoogle(token, config).catch(() => undefined);
}
