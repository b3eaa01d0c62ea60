// Bearer-token authentication and scope checks for Drive, Sheets and userinfo, with each API's error body shape.
import type { EmulatorEnv } from "./env.ts";
import { bearerToken, HttpError, rpcError, type RequestContext } from "./http-util.ts";
import type { Grant } from "./oauth-store.ts";
import { hasAny } from "./scopes.ts";
import type { DemoAccount } from "./types.ts";

export type ApiFlavor = "drive" | "sheets" | "userinfo" | "userinfo-v3";

const SEE = "See https://developers.google.com/identity/sign-in/web/devconsole-project.";
export const MISSING_CREDENTIALS = `Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. ${SEE}`;
export const INVALID_CREDENTIALS = `Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. ${SEE}`;

const SERVICE: Record<ApiFlavor, string> = {
  drive: "drive.googleapis.com",
  sheets: "sheets.googleapis.com",
  userinfo: "oauth2.googleapis.com",
  "userinfo-v3": "oauth2.googleapis.com",
};

export function unauthenticated(flavor: ApiFlavor, missing: boolean): HttpError {
  const headers = {
    "www-authenticate": missing ? 'Bearer realm="https://accounts.google.com/"' : 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
  };
  if (flavor === "userinfo-v3") {
    return new HttpError(401, { error: "invalid_request", error_description: missing ? "Request is missing required authentication credential." : "Invalid Credentials" }, headers);
  }
  const message = missing ? MISSING_CREDENTIALS : INVALID_CREDENTIALS;
  const extra: Record<string, unknown> =
    flavor === "drive"
      ? { errors: [{ message: missing ? "Login Required." : "Invalid Credentials", domain: "global", reason: missing ? "required" : "authError", location: "Authorization", locationType: "header" }] }
      : {};
  const e = rpcError(401, message, extra);
  return new HttpError(401, e.body, headers);
}

export function insufficientScopes(flavor: ApiFlavor, method: string): HttpError {
  const message = "Request had insufficient authentication scopes.";
  const info = {
    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
    reason: "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
    domain: "googleapis.com",
    metadata: { service: SERVICE[flavor], method },
  };
  const extra: Record<string, unknown> = { details: [info] };
  if (flavor === "drive") extra["errors"] = [{ message: "Insufficient Permission", domain: "global", reason: "insufficientPermissions" }];
  return rpcError(403, message, extra);
}

export interface Caller {
  grant: Grant;
  account: DemoAccount;
}

/** Resolves the caller from the bearer token or throws the API's 401/403 error. */
export function authenticate(ctx: RequestContext, env: EmulatorEnv, flavor: ApiFlavor, accepted?: { scopes: string[]; method: string }): Caller {
  const t = bearerToken(ctx);
  if (t === undefined) throw unauthenticated(flavor, true);
  const found = env.state.lookupAccessToken(t);
  if (found.status !== "ok" || env.faults.revoked) throw unauthenticated(flavor, false);
  const account = env.state.account(found.grant.sub);
  if (!account) throw unauthenticated(flavor, false);
  if (accepted && !hasAny(found.grant.scopes, accepted.scopes)) throw insufficientScopes(flavor, accepted.method);
  return { grant: found.grant, account };
}
