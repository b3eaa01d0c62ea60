// getAuthorizedClient: the contract the sync engine calls. An OAuth2 client holding a clinic's
// decrypted tokens, refreshed first when the access token is about to expire (the new token is
// stored re-encrypted), and able to refresh itself later in a long run.
import { google, type Auth } from "googleapis";
import { AppError } from "../../errors/app-error.ts";
import type { TenantDb, TenantTx } from "../../tenancy/tenant-db.ts";
import { demoEmulatorStartedAt, googleConfig, oauthClientOptions, type OAuth2Client } from "../google-config.ts";
import { CredentialNeedsReauthError, isInvalidGrant } from "./errors.ts";
import { markCredentialNeedsReauth, readTokens, reencryptIfStale, saveRefreshedTokens, type CredentialRow } from "./token-store.ts";

/** Refresh when the access token has less than this left, so a sync never starts with a dying token. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export interface CredentialRef {
  clinicId: string;
  credentialId: string;
}

/**
 * A credential used on behalf of a person (the import wizard browsing Drive), not by the sync
 * engine: only the person who linked the Google account may use it that way. A linked account can
 * read every spreadsheet its Google user can (other clinics' included), so a colleague using it
 * would see far more than this clinic's sheets.
 */
export interface CallerCredentialRef extends CredentialRef {
  userId: string;
}

/**
 * An OAuth2 client bound to one stored credential. When Google answers a refresh with
 * `invalid_grant` — now or later, during a sync — it throws CredentialNeedsReauthError instead of
 * a bare GaxiosError, so callers can tell "reconnect" from "try again".
 */
export class CredentialOAuth2Client extends google.auth.OAuth2 {
  constructor(
    options: ConstructorParameters<typeof google.auth.OAuth2>[0],
    readonly credential: CredentialRef & { email: string | null },
  ) {
    super(options);
  }

  protected override async refreshTokenNoCache(refreshToken?: string | null) {
    try {
      return await super.refreshTokenNoCache(refreshToken);
    } catch (error) {
      if (isInvalidGrant(error)) {
        const { clinicId, credentialId, email } = this.credential;
        throw new CredentialNeedsReauthError(clinicId, credentialId, email, `Google refused the refresh token (invalid_grant): ${describe(error)}`);
      }
      throw scrubRequestBody(error);
    }
  }

  /** Refreshes now and keeps a refresh token Google may have rotated (the library drops it). */
  async refreshNow(): Promise<Auth.Credentials> {
    const current = this.credentials.refresh_token;
    if (!current) throw new Error("No refresh token");
    const { tokens } = await this.refreshToken(current);
    const next: Auth.Credentials = { ...tokens, refresh_token: tokens.refresh_token ?? current };
    this.setCredentials(next);
    return next;
  }
}

/**
 * A failed refresh's GaxiosError carries the request it sent, refresh token included (gaxios only
 * redacts secrets and grant types). Drop the body so logging the error cannot leak the token; the
 * status, headers (Retry-After) and Google's answer stay for the caller's retry logic.
 */
function scrubRequestBody(error: unknown): unknown {
  const e = error as { config?: Record<string, unknown>; response?: { config?: Record<string, unknown> } } | null;
  for (const config of [e?.config, e?.response?.config]) {
    if (config && typeof config === "object") {
      if ("data" in config) config.data = "[redacted]";
      if ("body" in config) config.body = "[redacted]";
    }
  }
  return error;
}

function describe(error: unknown): string {
  const data = (error as { response?: { data?: { error_description?: unknown } } }).response?.data;
  if (data && typeof data.error_description === "string") return data.error_description;
  return error instanceof Error ? error.message : String(error);
}

async function loadRow(tx: TenantTx, ref: CredentialRef & { userId?: string }): Promise<CredentialRow> {
  const row = await tx.googleCredential.findFirst({ where: { id: ref.credentialId, clinicId: ref.clinicId } });
  if (!row) throw new AppError("NOT_FOUND", "That Google connection no longer exists. Connect Google again and choose the spreadsheet.");
  if (ref.userId !== undefined && row.userId !== ref.userId) {
    throw new AppError("FORBIDDEN", "That Google account was linked by a colleague, and only they can browse it. Connect your own Google account to choose a spreadsheet.");
  }
  return row;
}

/** In demo mode, tokens stored before the emulator (re)started were forgotten by it. */
export function isDemoLeftover(row: { updatedAt: Date }, demo: boolean): boolean {
  if (!demo) return false;
  const started = demoEmulatorStartedAt();
  return started !== null && row.updatedAt.getTime() < started.getTime();
}

/**
 * An OAuth2 client with the credential's decrypted tokens, for `sheetsClient(auth)` /
 * `driveClient(auth)`. Refreshes (and persists, re-encrypted, in `tx`) when the access token
 * expires within REFRESH_MARGIN_MS; later refreshes during a long run happen in memory and emit
 * the client's 'tokens' event (persist with saveRefreshedTokens if you like).
 *
 * Throws AppError NOT_FOUND for a credential not in `clinicId`, FORBIDDEN when `ref.userId` is given
 * and someone else linked the account (CallerCredentialRef), and CredentialNeedsReauthError
 * (PRECONDITION_FAILED) when Google refused the grant; the credential was then marked
 * `needs_reauth` in `tx`, which only sticks if `tx` commits (see authorizedClientFor).
 */
export async function getAuthorizedClient(tx: TenantTx, ref: CredentialRef | CallerCredentialRef): Promise<OAuth2Client> {
  const { clinicId, credentialId } = ref;
  const row = await loadRow(tx, ref);
  const email = row.googleAccountEmail;
  if (row.status === "needs_reauth") throw new CredentialNeedsReauthError(clinicId, credentialId, email, row.lastError ?? "The credential is marked as needing reconnection.");
  const config = googleConfig();
  const plain = await readTokens(tx, row);
  const client = new CredentialOAuth2Client(oauthClientOptions({ config }), { clinicId, credentialId, email });
  client.setCredentials({
    access_token: plain.accessToken,
    refresh_token: plain.refreshToken,
    expiry_date: row.expiresAt?.getTime() ?? null,
    scope: row.scope.join(" "),
    token_type: "Bearer",
  });

  const expiring = row.expiresAt === null || row.expiresAt.getTime() - Date.now() < REFRESH_MARGIN_MS;
  if (!expiring && !isDemoLeftover(row, config.demo)) {
    await reencryptIfStale(tx, row, plain);
    return client;
  }
  if (!plain.refreshToken) {
    const reason = "The access token expired and Google gave no refresh token (offline access was not granted).";
    await markCredentialNeedsReauth(tx, { clinicId, credentialId }, reason);
    throw new CredentialNeedsReauthError(clinicId, credentialId, email, reason);
  }
  try {
    const tokens = await client.refreshNow();
    await saveRefreshedTokens(tx, { clinicId, credentialId }, tokens);
  } catch (error) {
    if (error instanceof CredentialNeedsReauthError) await markCredentialNeedsReauth(tx, { clinicId, credentialId }, error.reason);
    throw error;
  }
  return client;
}

/**
 * getAuthorizedClient in its own transaction of `db`, for callers that let errors escape their
 * transaction: on CredentialNeedsReauthError the `needs_reauth` mark is written again in a second
 * transaction (the first rolled back), then the error is rethrown.
 */
export async function authorizedClientFor(db: TenantDb, ref: CredentialRef | CallerCredentialRef): Promise<OAuth2Client> {
  try {
    return await db.run((tx) => getAuthorizedClient(tx, ref));
  } catch (error) {
    if (error instanceof CredentialNeedsReauthError) {
      await db.run((tx) => markCredentialNeedsReauth(tx, ref, error.reason));
    }
    throw error;
  }
}
