// Where Google lives and how we talk to it. Real Google when GOOGLE_CLIENT_ID is set; otherwise the
// demo: the bundled Google API emulator, started in-process at app start (demo-emulator.ts), which
// publishes its origin in GOOGLE_DEMO_EMULATOR_URL. Every base URL is configuration so tests, the
// demo and production run the same code (docs/google.md).
import { google, type Auth } from "googleapis";
import { appOrigin } from "../auth/mail.ts";
import { AppError } from "../errors/app-error.ts";

export type OAuth2Client = Auth.OAuth2Client;
type OAuth2ClientOptions = NonNullable<ConstructorParameters<typeof google.auth.OAuth2>[0]> & object;

const AUTH = "https://www.googleapis.com/auth/";
/** Read spreadsheet values and tab names (not Drive files in general, and nothing writable). */
export const SCOPE_SHEETS_READONLY = `${AUTH}spreadsheets.readonly`;
/** List the user's spreadsheets (names, owners, modified times; never file contents). */
export const SCOPE_DRIVE_METADATA_READONLY = `${AUTH}drive.metadata.readonly`;
/** Google's normalised form of `email`. */
export const SCOPE_EMAIL = `${AUTH}userinfo.email`;

/** What we ask for; see docs/decisions/0005-google-oauth-scopes.md for why. */
export const REQUESTED_SCOPES: readonly string[] = ["openid", "email", SCOPE_SHEETS_READONLY, SCOPE_DRIVE_METADATA_READONLY];
/** Without these the import wizard cannot work; a consent that leaves one out is refused. */
export const REQUIRED_SCOPES: readonly string[] = [SCOPE_SHEETS_READONLY, SCOPE_DRIVE_METADATA_READONLY];

export const DEMO_CLIENT_ID = "clinic-pulse-demo";
export const DEMO_CLIENT_SECRET = "clinic-pulse-demo-secret";
export const DEMO_ACCOUNT_LABEL = "Demo Google account (emulator)";

/** What `new google.auth.OAuth2({ endpoints })` is given: Google's, or the emulator's. */
export interface OAuthEndpoints {
  oauth2AuthBaseUrl: string;
  oauth2TokenUrl: string;
  oauth2RevokeUrl: string;
  tokenInfoUrl: string;
  oauth2FederatedSignonPemCertsUrl: string;
  oauth2FederatedSignonJwkCertsUrl: string;
}

export interface GoogleConfig {
  /** True when talking to the bundled emulator instead of Google. */
  demo: boolean;
  clientId: string;
  clientSecret: string;
  endpoints: OAuthEndpoints;
  /** `rootUrl` for google.sheets (an origin plus "/"). */
  sheetsRootUrl: string;
  /** `rootUrl` for google.drive and google.oauth2 (userinfo). */
  driveRootUrl: string;
  userinfoRootUrl: string;
  /** Timeout of every call to Google, in ms. */
  timeoutMs: number;
}

/** Google is not set up (no client id, and the demo emulator is not running). */
export class GoogleNotConfiguredError extends AppError {
  override name = "GoogleNotConfiguredError";
  constructor() {
    super(
      "PRECONDITION_FAILED",
      "Google is not set up on this server. An administrator must set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET, or restart the app without them to use the demo Google account.",
    );
  }
}

/** A bad Google setting; the message is one line, fit for a start-up failure. */
export class GoogleConfigError extends Error {
  override name = "GoogleConfigError";
}

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

/** `https://host[:port]` → `https://host[:port]/`; anything with a path, query or fragment is refused. */
export function originRoot(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new GoogleConfigError(`${name} must be an origin such as https://sheets.googleapis.com (got "${value}").`);
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || url.pathname !== "/" || url.search || url.hash || url.username) {
    throw new GoogleConfigError(`${name} must be an origin only, such as https://sheets.googleapis.com: googleapis drops any path (got "${value}").`);
  }
  return `${url.origin}/`;
}

function absoluteUrl(name: string, value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === "https:" || url.protocol === "http:") return url.toString();
  } catch {
    // fall through
  }
  throw new GoogleConfigError(`${name} must be an absolute http(s) URL (got "${value}").`);
}

/** Whether the app runs against the demo emulator: decided by GOOGLE_CLIENT_ID alone. */
export function isGoogleDemo(source: NodeJS.ProcessEnv = process.env): boolean {
  return nonEmpty(source.GOOGLE_CLIENT_ID) === undefined;
}

/**
 * The Google configuration, read from the environment on every call (cheap; lets tests switch).
 * Throws GoogleNotConfiguredError in demo mode when the emulator is not running, GoogleConfigError
 * for malformed settings.
 */
export function googleConfig(source: NodeJS.ProcessEnv = process.env): GoogleConfig {
  const timeoutMs = 15_000;
  if (isGoogleDemo(source)) {
    const emulator = nonEmpty(source.GOOGLE_DEMO_EMULATOR_URL);
    if (!emulator) throw new GoogleNotConfiguredError();
    const root = originRoot("GOOGLE_DEMO_EMULATOR_URL", emulator);
    const origin = root.slice(0, -1);
    return {
      demo: true,
      clientId: DEMO_CLIENT_ID,
      clientSecret: DEMO_CLIENT_SECRET,
      endpoints: {
        oauth2AuthBaseUrl: `${origin}/o/oauth2/v2/auth`,
        oauth2TokenUrl: `${origin}/token`,
        oauth2RevokeUrl: `${origin}/revoke`,
        tokenInfoUrl: `${origin}/tokeninfo`,
        oauth2FederatedSignonPemCertsUrl: `${origin}/oauth2/v1/certs`,
        oauth2FederatedSignonJwkCertsUrl: `${origin}/oauth2/v3/certs`,
      },
      sheetsRootUrl: root,
      driveRootUrl: root,
      userinfoRootUrl: root,
      timeoutMs,
    };
  }
  const clientId = nonEmpty(source.GOOGLE_CLIENT_ID)!;
  const clientSecret = nonEmpty(source.GOOGLE_CLIENT_SECRET);
  if (!clientSecret) throw new GoogleConfigError("GOOGLE_CLIENT_SECRET is not set: it is required with GOOGLE_CLIENT_ID.");
  const apiRoot = nonEmpty(source.GOOGLE_API_ROOT);
  const root = apiRoot ? originRoot("GOOGLE_API_ROOT", apiRoot) : undefined;
  const authUrl = nonEmpty(source.GOOGLE_OAUTH_AUTH_URL);
  const tokenUrl = nonEmpty(source.GOOGLE_OAUTH_TOKEN_URL);
  const revokeUrl = nonEmpty(source.GOOGLE_OAUTH_REVOKE_URL);
  return {
    demo: false,
    clientId,
    clientSecret,
    endpoints: {
      oauth2AuthBaseUrl: authUrl ? absoluteUrl("GOOGLE_OAUTH_AUTH_URL", authUrl) : "https://accounts.google.com/o/oauth2/v2/auth",
      oauth2TokenUrl: tokenUrl ? absoluteUrl("GOOGLE_OAUTH_TOKEN_URL", tokenUrl) : "https://oauth2.googleapis.com/token",
      oauth2RevokeUrl: revokeUrl ? absoluteUrl("GOOGLE_OAUTH_REVOKE_URL", revokeUrl) : "https://oauth2.googleapis.com/revoke",
      tokenInfoUrl: root ? `${root}tokeninfo` : "https://oauth2.googleapis.com/tokeninfo",
      oauth2FederatedSignonPemCertsUrl: `${root ?? "https://www.googleapis.com/"}oauth2/v1/certs`,
      oauth2FederatedSignonJwkCertsUrl: `${root ?? "https://www.googleapis.com/"}oauth2/v3/certs`,
    },
    sheetsRootUrl: root ?? "https://sheets.googleapis.com/",
    driveRootUrl: root ?? "https://www.googleapis.com/",
    userinfoRootUrl: root ?? "https://www.googleapis.com/",
    timeoutMs,
  };
}

/**
 * The OAuth redirect URI: `${APP_ORIGIN}/google/callback`. Without APP_ORIGIN, the origin the
 * browser used for this request (so http://localhost:3000 and http://127.0.0.1:3000 both keep
 * their session cookie through the round trip), else http://HOST:PORT.
 */
export function googleRedirectUri(request?: Request, source: NodeJS.ProcessEnv = process.env): string {
  const configured = nonEmpty(source.APP_ORIGIN);
  if (configured) return `${new URL(configured).origin}/google/callback`;
  if (request) {
    try {
      return `${new URL(request.url).origin}/google/callback`;
    } catch {
      // fall through
    }
  }
  return `${new URL(appOrigin()).origin}/google/callback`;
}

/** Constructor options for an OAuth2 client against the configured Google (or emulator). */
export function oauthClientOptions(opts: { redirectUri?: string; config?: GoogleConfig } = {}): OAuth2ClientOptions {
  const config = opts.config ?? googleConfig();
  return {
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    ...(opts.redirectUri ? { redirectUri: opts.redirectUri } : {}),
    endpoints: { ...config.endpoints },
    // A 401 with a token we believe valid (revoked access token, server clock skew) refreshes once and retries.
    forceRefreshOnFailure: true,
    transporterOptions: { timeout: config.timeoutMs },
  };
}

/** A new OAuth2 client (no tokens) for the configured Google. */
export function createOAuthClient(opts: { redirectUri?: string; config?: GoogleConfig } = {}): OAuth2Client {
  return new google.auth.OAuth2(oauthClientOptions(opts));
}

/**
 * Sheets v4 with `retry: false`: googleapis would otherwise retry GETs on 429/5xx three times,
 * ignoring Retry-After; the sync engine retries itself and honours Retry-After.
 */
export function sheetsClient(auth: OAuth2Client, config: GoogleConfig = googleConfig()) {
  return google.sheets({ version: "v4", auth, rootUrl: config.sheetsRootUrl, retry: false, timeout: config.timeoutMs });
}

/** Drive v3 (listing spreadsheets), `retry: false` for the same reason. */
export function driveClient(auth: OAuth2Client, config: GoogleConfig = googleConfig()) {
  return google.drive({ version: "v3", auth, rootUrl: config.driveRootUrl, retry: false, timeout: config.timeoutMs });
}

/** OAuth2 v2 userinfo (the linked account's email). */
export function userinfoClient(auth: OAuth2Client, config: GoogleConfig = googleConfig()) {
  return google.oauth2({ version: "v2", auth, rootUrl: config.userinfoRootUrl, retry: false, timeout: config.timeoutMs });
}

/** Start-up check: throws GoogleConfigError (one line) when the Google settings are malformed. */
export function assertGoogleConfig(source: NodeJS.ProcessEnv = process.env): void {
  if (isGoogleDemo(source)) return;
  googleConfig(source);
  if (nonEmpty(source.APP_ORIGIN) === undefined && source.NODE_ENV === "production") {
    throw new GoogleConfigError("APP_ORIGIN is not set: with GOOGLE_CLIENT_ID the OAuth redirect URI (APP_ORIGIN/google/callback) must be the public origin registered with Google.");
  }
}

/**
 * When the demo emulator started (GOOGLE_DEMO_EMULATOR_STARTED_AT). Tokens stored before then were
 * issued by an earlier emulator process, which forgot them: they need reconnecting.
 */
export function demoEmulatorStartedAt(source: NodeJS.ProcessEnv = process.env): Date | null {
  const raw = source.GOOGLE_DEMO_EMULATOR_STARTED_AT;
  if (!raw) return null;
  const d = new Date(raw);
  return Number.isNaN(d.getTime()) ? null : d;
}
