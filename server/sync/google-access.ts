/**
 * How the sync engine reaches Google: an authorized OAuth2 client for the connection's stored
 * credential (server/google/credentials) and a Sheets client built with `retry: false`
 * (server/google/google-config.ts), so the engine's own retry policy is the only one.
 */
import type { sheets_v4 } from "googleapis";
import type { Db } from "../db/client.ts";
import { CredentialNeedsReauthError, getAuthorizedClient, markCredentialNeedsReauth, saveRefreshedTokens } from "../google/credentials/index.ts";
import { sheetsClient, type OAuth2Client } from "../google/google-config.ts";
import { runAsSystem, type SystemTx } from "../tenancy/system-db.ts";

export interface CredentialRef {
  clinicId: string;
  credentialId: string;
}

export interface SheetsHandle {
  sheets: sheets_v4.Sheets;
  auth: OAuth2Client;
}

/** Builds the Sheets client a sync uses; tests may substitute their own. */
export type SheetsProvider = (db: Db, ref: CredentialRef) => Promise<SheetsHandle>;

/**
 * The worker reads credentials on the audited system path (server/tenancy/system-db.ts): no person
 * is signed in, so there is no tenant handle to use. The credential is looked up by id AND clinic.
 */
export const defaultSheetsProvider: SheetsProvider = async (db, ref) => {
  const access = { reason: "sync:credentials", actor: "sync-engine", details: { clinicId: ref.clinicId, credentialId: ref.credentialId } };
  let auth: OAuth2Client;
  try {
    auth = await runAsSystem(db, { ...access, transaction: true }, (tx: SystemTx) => getAuthorizedClient(tx, ref));
  } catch (error) {
    // getAuthorizedClient marked the credential in the transaction that just rolled back: mark it again.
    if (error instanceof CredentialNeedsReauthError) await markNeedsReauth(db, ref, error.reason);
    throw error;
  }
  return { sheets: sheetsClient(auth), auth };
};

/** Stores tokens the client refreshed during a run (re-encrypted), so the next run starts fresh. */
export async function persistRefreshedTokens(db: Db, ref: CredentialRef, tokens: Parameters<typeof saveRefreshedTokens>[2]): Promise<void> {
  await runAsSystem(db, { reason: "sync:credentials", actor: "sync-engine", details: { ...ref }, transaction: true }, (tx: SystemTx) => saveRefreshedTokens(tx, ref, tokens));
}

export async function markNeedsReauth(db: Db, ref: CredentialRef, reason: string): Promise<void> {
  await runAsSystem(db, { reason: "sync:credentials", actor: "sync-engine", details: { ...ref }, transaction: true }, (tx: SystemTx) => markCredentialNeedsReauth(tx, ref, reason));
}
