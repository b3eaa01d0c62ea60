// GET /oauth2/v2/userinfo (googleapis `oauth2('v2').userinfo.get()`) and GET /oauth2/v3/userinfo (OpenID shape).
import { authenticate, unauthenticated } from "./api-auth.ts";
import type { EmulatorEnv } from "./env.ts";
import { sendJson, type RequestContext } from "./http-util.ts";
import { EMAIL_SCOPE, PROFILE_SCOPE } from "./scopes.ts";

const IDENTITY_SCOPES = ["openid", EMAIL_SCOPE, PROFILE_SCOPE];

/** Fields depend on the granted scopes, like Google: email needs `email`, name/picture need `profile`. */
function claims(ctx: RequestContext, env: EmulatorEnv, v3: boolean): Record<string, unknown> {
  const flavor = v3 ? "userinfo-v3" : "userinfo";
  const { grant, account } = authenticate(ctx, env, flavor);
  const scopes = grant.scopes;
  // Google answers 401 when the token carries none of the identity scopes.
  if (!scopes.some((s) => IDENTITY_SCOPES.includes(s))) throw unauthenticated(flavor, false);
  const out: Record<string, unknown> = v3 ? { sub: account.sub } : { id: account.sub };
  if (scopes.includes(EMAIL_SCOPE)) {
    out["email"] = account.email;
    out[v3 ? "email_verified" : "verified_email"] = true;
  }
  if (scopes.includes(PROFILE_SCOPE)) {
    out["name"] = account.name;
    if (account.givenName) out["given_name"] = account.givenName;
    if (account.familyName) out["family_name"] = account.familyName;
    out["picture"] = account.picture ?? `https://lh3.googleusercontent.com/a/emu-${account.sub}=s96-c`;
  }
  return out;
}

export function userinfoV2(ctx: RequestContext, env: EmulatorEnv): void {
  sendJson(ctx.res, 200, claims(ctx, env, false));
}

export function userinfoV3(ctx: RequestContext, env: EmulatorEnv): void {
  sendJson(ctx.res, 200, claims(ctx, env, true));
}
