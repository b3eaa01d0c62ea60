// Reading and writing google_credentials rows: tokens are encrypted here and nowhere else, with
// the row's clinic, user and column as authenticated context (a ciphertext moved to another row
// does not decrypt).
import type { Auth } from "googleapis";
import type { TenantTx } from "../../tenancy/tenant-db.ts";
import { decryptToken, encryptToken, keyIdOf, keyring, type Keyring } from "../crypto/token-cipher.ts";
import { CredentialNeedsReauthError } from "./errors.ts";

export type CredentialStatus = "active" | "needs_reauth";

export interface CredentialRow {
  id: string;
  clinicId: string;
  userId: string;
  googleAccountEmail: string | null;
  accessToken: string;
  refreshToken: string | null;
  keyId: string;
  expiresAt: Date | null;
  scope: string[];
  status: string;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

type Column = "access_token" | "refresh_token";
const context = (row: { clinicId: string; userId: string }, column: Column) => `google_credentials:${row.clinicId}:${row.userId}:${column}`;

export function encryptFor(row: { clinicId: string; userId: string }, column: Column, plaintext: string, keys?: Keyring) {
  return encryptToken(plaintext, { context: context(row, column), ...(keys ? { keys } : {}) });
}

export function decryptFor(row: { clinicId: string; userId: string }, column: Column, value: string, keys?: Keyring): string {
  return decryptToken(value, { context: context(row, column), ...(keys ? { keys } : {}) });
}

export interface PlainTokens {
  accessToken: string;
  refreshToken: string | null;
}

/** Decrypts a row's tokens; an undecryptable row becomes CredentialNeedsReauthError (after marking it). */
export async function readTokens(tx: TenantTx, row: CredentialRow): Promise<PlainTokens> {
  try {
    return {
      accessToken: decryptFor(row, "access_token", row.accessToken),
      refreshToken: row.refreshToken ? decryptFor(row, "refresh_token", row.refreshToken) : null,
    };
  } catch (error) {
    const reason = `Stored Google tokens could not be decrypted (${(error as Error).message}).`;
    await markCredentialNeedsReauth(tx, { clinicId: row.clinicId, credentialId: row.id }, reason);
    throw new CredentialNeedsReauthError(row.clinicId, row.id, row.googleAccountEmail, reason);
  }
}

/**
 * Marks a credential `needs_reauth` with `reason` in last_error. Call it in a transaction that
 * commits: getAuthorizedClient does so in the caller's `tx`, which rolls back if the caller lets
 * the error escape its transaction — authorizedClientFor() handles that for you.
 */
export async function markCredentialNeedsReauth(tx: TenantTx, ids: { clinicId: string; credentialId: string }, reason: string): Promise<void> {
  await tx.googleCredential.updateMany({
    where: { id: ids.credentialId, clinicId: ids.clinicId },
    data: { status: "needs_reauth", lastError: reason.slice(0, 1000) },
  });
}

/**
 * Persists tokens the client obtained by refreshing (re-encrypted with the current key). Use it
 * with the client's 'tokens' event if a long sync outlives the access token.
 */
export async function saveRefreshedTokens(tx: TenantTx, ids: { clinicId: string; credentialId: string }, tokens: Auth.Credentials): Promise<void> {
  const row = await tx.googleCredential.findFirst({ where: { id: ids.credentialId, clinicId: ids.clinicId }, select: { clinicId: true, userId: true } });
  if (!row || !tokens.access_token) return;
  const keys = keyring();
  const access = encryptFor(row, "access_token", tokens.access_token, keys);
  await tx.googleCredential.update({
    where: { id: ids.credentialId },
    data: {
      accessToken: access.value,
      keyId: access.keyId,
      ...(tokens.refresh_token ? { refreshToken: encryptFor(row, "refresh_token", tokens.refresh_token, keys).value } : {}),
      expiresAt: tokens.expiry_date ? new Date(tokens.expiry_date) : null,
      ...(tokens.scope ? { scope: splitScopes(tokens.scope) } : {}),
      status: "active",
      lastError: null,
    },
  });
}

/** Re-encrypts both tokens with the current key when either uses an older one. Returns whether it did. */
export async function reencryptIfStale(tx: TenantTx, row: CredentialRow, plain: PlainTokens): Promise<boolean> {
  const keys = keyring();
  const stale = keyIdOf(row.accessToken) !== keys.current.id || (row.refreshToken !== null && keyIdOf(row.refreshToken) !== keys.current.id);
  if (!stale) return false;
  const access = encryptFor(row, "access_token", plain.accessToken, keys);
  await tx.googleCredential.update({
    where: { id: row.id },
    data: {
      accessToken: access.value,
      keyId: access.keyId,
      refreshToken: plain.refreshToken ? encryptFor(row, "refresh_token", plain.refreshToken, keys).value : null,
    },
  });
  return true;
}

export function splitScopes(scope: string | undefined | null): string[] {
  return [...new Set((scope ?? "").split(/\s+/).filter(Boolean))];
}
