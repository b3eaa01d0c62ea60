// OAuth bookkeeping: pending consent requests, authorization codes, grants, refresh and access tokens.
import { randomBytes } from "node:crypto";
import type { Clock } from "./store.ts";

export interface PendingAuth {
  id: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state?: string;
  codeChallenge?: string;
  offline: boolean;
  nonce?: string;
  loginHint?: string;
  expiresAt: number;
}

export interface AuthCode {
  code: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  sub: string;
  codeChallenge?: string;
  offline: boolean;
  nonce?: string;
  expiresAt: number;
  /** Set once exchanged; a second exchange revokes this grant (RFC 6749 §4.1.2). */
  grantId?: string;
}

export interface Grant {
  id: string;
  clientId: string;
  sub: string;
  scopes: string[];
  refreshToken?: string;
  nonce?: string;
  revoked: boolean;
}

export interface AccessToken {
  token: string;
  grantId: string;
  expiresAt: number;
}

export type AccessLookup =
  | { status: "ok"; grant: Grant; token: AccessToken }
  | { status: "unknown" | "expired" | "revoked" };

const rand = (bytes: number) => randomBytes(bytes).toString("base64url");

export class OAuthStore {
  private pending = new Map<string, PendingAuth>();
  private codes = new Map<string, AuthCode>();
  readonly grants = new Map<string, Grant>();
  private refresh = new Map<string, string>();
  private access = new Map<string, AccessToken>();

  constructor(private readonly clock: Clock) {}

  createPending(p: Omit<PendingAuth, "id" | "expiresAt">, ttlSeconds: number): PendingAuth {
    const pending: PendingAuth = { ...p, id: rand(18), expiresAt: this.clock.now() + ttlSeconds * 1000 };
    this.pending.set(pending.id, pending);
    return pending;
  }

  /** Removes and returns a pending consent request (undefined if unknown or expired). */
  takePending(id: string): PendingAuth | undefined {
    const p = this.pending.get(id);
    this.pending.delete(id);
    return p && p.expiresAt > this.clock.now() ? p : undefined;
  }

  issueCode(p: PendingAuth, sub: string, ttlSeconds: number): AuthCode {
    const code: AuthCode = {
      code: `4/0Aemu${rand(36)}`,
      clientId: p.clientId,
      redirectUri: p.redirectUri,
      scopes: p.scopes,
      sub,
      offline: p.offline,
      expiresAt: this.clock.now() + ttlSeconds * 1000,
    };
    if (p.codeChallenge !== undefined) code.codeChallenge = p.codeChallenge;
    if (p.nonce !== undefined) code.nonce = p.nonce;
    this.codes.set(code.code, code);
    return code;
  }

  getCode(code: string): AuthCode | undefined {
    return this.codes.get(code);
  }

  createGrant(code: AuthCode): Grant {
    const grant: Grant = { id: rand(12), clientId: code.clientId, sub: code.sub, scopes: code.scopes, revoked: false };
    if (code.offline) {
      grant.refreshToken = `1//0emu${rand(48)}`;
      this.refresh.set(grant.refreshToken, grant.id);
    }
    if (code.nonce !== undefined) grant.nonce = code.nonce;
    code.grantId = grant.id;
    this.grants.set(grant.id, grant);
    return grant;
  }

  grantForRefreshToken(token: string): Grant | undefined {
    const id = this.refresh.get(token);
    return id === undefined ? undefined : this.grants.get(id);
  }

  issueAccessToken(grant: Grant, ttlSeconds: number): AccessToken {
    const token: AccessToken = { token: `ya29.emu${rand(48)}`, grantId: grant.id, expiresAt: this.clock.now() + ttlSeconds * 1000 };
    this.access.set(token.token, token);
    return token;
  }

  lookupAccessToken(token: string): AccessLookup {
    const at = this.access.get(token);
    const grant = at && this.grants.get(at.grantId);
    if (!at || !grant) return { status: "unknown" };
    if (grant.revoked) return { status: "revoked" };
    if (at.expiresAt <= this.clock.now()) return { status: "expired" };
    return { status: "ok", grant, token: at };
  }

  revokeGrant(id: string): void {
    const g = this.grants.get(id);
    if (g) g.revoked = true;
  }

  /** Revokes the grant behind an access or refresh token. Returns false if the token is unknown or already revoked. */
  revokeToken(token: string): boolean {
    const grantId = this.access.get(token)?.grantId ?? this.refresh.get(token);
    const grant = grantId === undefined ? undefined : this.grants.get(grantId);
    if (!grant || grant.revoked) return false;
    grant.revoked = true;
    return true;
  }

  /** Revokes every grant (all refresh and access tokens become invalid). */
  revokeAll(): void {
    for (const g of this.grants.values()) g.revoked = true;
  }

  /** Makes every issued access token expired (refresh tokens keep working). */
  expireAccessTokens(): void {
    const now = this.clock.now();
    for (const t of this.access.values()) t.expiresAt = Math.min(t.expiresAt, now);
  }
}
