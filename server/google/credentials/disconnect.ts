// Disconnecting a Google account: revoke the grant at Google (best effort), delete the stored
// tokens, and pause the spreadsheet connections that used them, saying why.
import type { TenantTx } from "../../tenancy/tenant-db.ts";
import { AppError } from "../../errors/app-error.ts";
import { googleConfig, oauthClientOptions, type GoogleConfig } from "../google-config.ts";
import { google } from "googleapis";
import { decryptFor } from "./token-store.ts";

export interface DisconnectResult {
  email: string | null;
  /** Google confirmed the grant is gone (revoked now, or already revoked). */
  revoked: boolean;
  /** Spreadsheet connections paused because they used this account. */
  pausedConnections: number;
  /** A plain-English summary for the person who pressed "Disconnect". */
  message: string;
}

export type RevokeOutcome = "revoked" | "already-revoked" | "unreachable";

/** Revokes a token (the whole grant) at Google: one attempt, 5 s at most, never throws. */
export async function revokeAtGoogle(token: string, config: GoogleConfig = googleConfig()): Promise<RevokeOutcome> {
  const client = new google.auth.OAuth2(oauthClientOptions({ config }));
  try {
    await client.transporter.request({ url: client.getRevokeTokenURL(token).toString(), method: "POST", retry: false, timeout: 5_000 });
    return "revoked";
  } catch (error) {
    const res = (error as { response?: { status?: number; data?: { error?: unknown } } }).response;
    // Google answers 400 invalid_token for a token it no longer knows: the grant is gone already.
    if (res?.status === 400 && (res.data?.error === "invalid_token" || res.data?.error === "invalid_request")) return "already-revoked";
    return "unreachable";
  }
}

/**
 * Disconnects one credential of `clinicId`: revoke (best effort), pause the dependent spreadsheet
 * connections with an explanation, delete the credential. A credential of another clinic is
 * NOT_FOUND. `by` names who disconnected, for the paused connections' last_error.
 */
export async function disconnect(tx: TenantTx, opts: { clinicId: string; credentialId: string; by?: string }): Promise<DisconnectResult> {
  const row = await tx.googleCredential.findFirst({ where: { id: opts.credentialId, clinicId: opts.clinicId } });
  if (!row) throw new AppError("NOT_FOUND", "That Google account is not linked to this clinic (it may already be disconnected).");
  const email = row.googleAccountEmail;
  const who = email ?? "the Google account";

  let outcome: RevokeOutcome = "unreachable";
  let token: string | null = null;
  try {
    token = row.refreshToken ? decryptFor(row, "refresh_token", row.refreshToken) : decryptFor(row, "access_token", row.accessToken);
  } catch {
    token = null; // undecryptable tokens cannot be revoked from here
  }
  let config: GoogleConfig | null = null;
  try {
    config = googleConfig();
  } catch {
    config = null;
  }
  if (token && config) outcome = await revokeAtGoogle(token, config);

  const when = new Date().toISOString().slice(0, 10);
  const paused = await forgetCredential(tx, {
    clinicId: opts.clinicId,
    credentialId: row.id,
    why: `the Google account ${who} was disconnected${opts.by ? ` by ${opts.by}` : ""} on ${when}`,
  });

  const revoked = outcome !== "unreachable";
  const pausedText = paused.count > 0 ? ` ${paused.count} spreadsheet ${paused.count === 1 ? "sync was" : "syncs were"} paused.` : "";
  const message = revoked
    ? `Disconnected ${who}. Google access was revoked.${pausedText}`
    : `Disconnected ${who} here, but Google could not be reached to revoke access. To finish, remove Clinic Pulse at https://myaccount.google.com/permissions.${pausedText}`;
  return { email, revoked, pausedConnections: paused.count, message };
}

/**
 * Deletes a stored credential of `clinicId` without calling Google, and pauses the spreadsheet
 * connections that used it; their last_error reads "Sync paused: <why>. Connect Google again …".
 * Used by disconnect (after revoking) and when a member leaves the clinic: their Google account
 * may still be linked in other clinics, and revoking the grant at Google would end those links too.
 */
export async function forgetCredential(tx: TenantTx, opts: { clinicId: string; credentialId: string; why: string }): Promise<{ count: number }> {
  const paused = await tx.spreadsheetConnection.updateMany({
    where: { clinicId: opts.clinicId, credentialId: opts.credentialId },
    data: { syncStatus: "paused", lastError: `Sync paused: ${opts.why}. Connect Google again and choose this spreadsheet to resume.` },
  });
  await tx.googleCredential.deleteMany({ where: { id: opts.credentialId, clinicId: opts.clinicId } });
  return { count: paused.count };
}
