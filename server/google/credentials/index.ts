// The Google credentials service (docs/google.md). The sync engine's contract:
//   getAuthorizedClient(tx, { clinicId, credentialId }): Promise<OAuth2Client>
//   CredentialNeedsReauthError (extends AppError, code PRECONDITION_FAILED)
export { getAuthorizedClient, authorizedClientFor, CredentialOAuth2Client, REFRESH_MARGIN_MS, type CredentialRef, type CallerCredentialRef } from "./authorized-client.ts";
export { CredentialNeedsReauthError, isInvalidGrant, reauthMessage } from "./errors.ts";
export { markCredentialNeedsReauth, saveRefreshedTokens, type CredentialStatus } from "./token-store.ts";
export { disconnect, forgetCredential, revokeAtGoogle, type DisconnectResult, type RevokeOutcome } from "./disconnect.ts";
export { listLinkedAccounts, canDisconnectCredential, type LinkedAccount } from "./list.ts";
export type { OAuth2Client } from "../google-config.ts";
