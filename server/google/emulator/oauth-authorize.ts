// GET /o/oauth2/v2/auth (consent screen), POST /o/oauth2/v2/auth/approve and /deny.
import { consentPage, errorPage } from "./consent-page.ts";
import type { EmulatorEnv } from "./env.ts";
import { readForm, redirect, sendHtml, type RequestContext } from "./http-util.ts";
import { isKnownScope, parseScopes } from "./scopes.ts";

const PENDING_TTL_SECONDS = 600;
const PKCE_CHALLENGE = /^[A-Za-z0-9._~-]{43,128}$/;

class ConsentError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly details: string,
  ) {
    super(`${error}: ${details}`);
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hash === "";
  } catch {
    return false;
  }
}

function requireParam(q: URLSearchParams, name: string): string {
  const v = q.get(name);
  if (v === null || v === "") throw new ConsentError(400, "invalid_request", `Missing required parameter: ${name}`);
  return v;
}

/** Validates the authorization request like Google does: bad client/redirect → error page, never a redirect. */
function validate(q: URLSearchParams, env: EmulatorEnv) {
  const { state: world } = env;
  const clientId = requireParam(q, "client_id");
  const client = world.client(clientId);
  if (world.clients.length > 0 && !client) throw new ConsentError(401, "invalid_client", "The OAuth client was not found.");
  const redirectUri = requireParam(q, "redirect_uri");
  if (client ? !client.redirectUris.includes(redirectUri) : !isHttpUrl(redirectUri)) {
    throw new ConsentError(400, "redirect_uri_mismatch", `You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. redirect_uri=${redirectUri}`);
  }
  const responseType = requireParam(q, "response_type");
  if (responseType !== "code") throw new ConsentError(400, "unsupported_response_type", `Invalid response_type: ${responseType}`);
  const scopes = parseScopes(requireParam(q, "scope"));
  const invalid = scopes.filter((s) => !isKnownScope(s));
  if (invalid.length > 0) throw new ConsentError(400, "invalid_scope", `Some requested scopes were invalid. {invalid=[${invalid.join(", ")}]}`);
  const challenge = q.get("code_challenge") ?? undefined;
  const method = q.get("code_challenge_method") ?? undefined;
  if (method !== undefined && challenge === undefined) throw new ConsentError(400, "invalid_request", "Missing required parameter: code_challenge");
  if (challenge !== undefined) {
    if (method !== "S256") throw new ConsentError(400, "invalid_request", `Invalid code_challenge_method: ${method ?? "(missing, defaults to plain)"}; the emulator only accepts S256`);
    if (!PKCE_CHALLENGE.test(challenge)) throw new ConsentError(400, "invalid_request", "Invalid code_challenge");
  } else if (world.settings.requirePkce) {
    throw new ConsentError(400, "invalid_request", "Missing required parameter: code_challenge (PKCE is required by this emulator)");
  }
  const state = q.get("state") ?? undefined;
  if (state === undefined && world.settings.requireState) throw new ConsentError(400, "invalid_request", "Missing required parameter: state");
  const accessType = q.get("access_type") ?? "online";
  if (accessType !== "online" && accessType !== "offline") throw new ConsentError(400, "invalid_request", `Invalid access_type: ${accessType}`);
  return { clientId, client, redirectUri, scopes, challenge, state, offline: accessType === "offline" };
}

export function authorize(ctx: RequestContext, env: EmulatorEnv): void {
  const q = ctx.query;
  let v: ReturnType<typeof validate>;
  try {
    v = validate(q, env);
  } catch (e) {
    if (!(e instanceof ConsentError)) throw e;
    sendHtml(ctx.res, e.status, errorPage(e.status, e.error, e.details));
    return;
  }
  if (q.get("prompt") === "none") {
    redirectBack(ctx, v.redirectUri, { error: "interaction_required", ...(v.state === undefined ? {} : { state: v.state }) });
    return;
  }
  const loginHint = q.get("login_hint") ?? undefined;
  const nonce = q.get("nonce") ?? undefined;
  const pending = env.state.oauth.createPending(
    {
      clientId: v.clientId,
      redirectUri: v.redirectUri,
      scopes: v.scopes,
      offline: v.offline,
      ...(v.state === undefined ? {} : { state: v.state }),
      ...(v.challenge === undefined ? {} : { codeChallenge: v.challenge }),
      ...(nonce === undefined ? {} : { nonce }),
      ...(loginHint === undefined ? {} : { loginHint }),
    },
    PENDING_TTL_SECONDS,
  );
  const html = consentPage({
    requestId: pending.id,
    appName: v.client?.name ?? v.clientId,
    accounts: env.state.accounts,
    scopes: v.scopes,
    ...(loginHint === undefined ? {} : { selectedEmail: loginHint }),
  });
  sendHtml(ctx.res, 200, html);
}

function redirectBack(ctx: RequestContext, redirectUri: string, params: Record<string, string>): void {
  const url = new URL(redirectUri);
  for (const [k, val] of Object.entries(params)) url.searchParams.set(k, val);
  redirect(ctx.res, url.toString());
}

async function decide(ctx: RequestContext, env: EmulatorEnv, allow: boolean): Promise<void> {
  const form = await readForm(ctx);
  const pending = env.state.oauth.takePending(form.get("request_id") ?? "");
  if (!pending) {
    sendHtml(ctx.res, 400, errorPage(400, "invalid_request", "This consent request is unknown, was already answered, or expired. Start sign-in again."));
    return;
  }
  const state: Record<string, string> = pending.state === undefined ? {} : { state: pending.state };
  if (!allow || form.get("decision") === "deny") {
    redirectBack(ctx, pending.redirectUri, { error: "access_denied", ...state });
    return;
  }
  const email = form.get("account") ?? env.state.accounts[0]?.email ?? "";
  const account = env.state.accountByEmail(email);
  if (!account) {
    sendHtml(ctx.res, 400, errorPage(400, "invalid_request", `Unknown account ${email}`));
    return;
  }
  const code = env.state.oauth.issueCode(pending, account.sub, env.state.settings.authCodeTtlSeconds);
  redirectBack(ctx, pending.redirectUri, {
    ...state,
    code: code.code,
    scope: pending.scopes.join(" "),
    authuser: String(Math.max(0, env.state.accounts.indexOf(account))),
    prompt: "consent",
  });
}

export const approve = (ctx: RequestContext, env: EmulatorEnv) => decide(ctx, env, true);
export const deny = (ctx: RequestContext, env: EmulatorEnv) => decide(ctx, env, false);
