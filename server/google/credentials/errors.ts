import { AppError } from "../../errors/app-error.ts";

/**
 * Google refused the stored grant (revoked by the user, expired, or otherwise unusable): someone
 * must reconnect. The credential is marked `needs_reauth` (see markCredentialNeedsReauth). The sync
 * engine catches this to mark its run; the tRPC layer turns it into PRECONDITION_FAILED.
 */
export class CredentialNeedsReauthError extends AppError {
  override name = "CredentialNeedsReauthError";
  constructor(
    readonly clinicId: string,
    readonly credentialId: string,
    readonly email: string | null,
    /** What happened, for logs and `last_error` (the message is the one shown to people). */
    readonly reason: string,
  ) {
    super("PRECONDITION_FAILED", reauthMessage(email));
  }
}

export function reauthMessage(email: string | null): string {
  return `Google access for ${email ?? "the linked Google account"} was revoked or expired. Reconnect Google to keep syncing.`;
}

/** Whether a googleapis / gaxios error is Google's `invalid_grant` (revoked or expired refresh token). */
export function isInvalidGrant(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const e = error as { message?: unknown; response?: { data?: unknown } };
  const data = e.response?.data;
  if (data && typeof data === "object" && (data as { error?: unknown }).error === "invalid_grant") return true;
  return typeof e.message === "string" && /^invalid_grant\b/.test(e.message);
}
