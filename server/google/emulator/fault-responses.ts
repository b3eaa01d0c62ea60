// Error bodies for injected faults, in the shape each endpoint family really uses.
import { errorPage } from "./consent-page.ts";
import type { EndpointKind, FaultDecision } from "./faults.ts";
import { driveError, HttpError, oauthError, rpcError } from "./http-util.ts";

const QUOTA_MESSAGE: Record<string, string> = {
  sheets: "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'.",
  drive: "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'drive.googleapis.com' for consumer 'project_number:000000000000'.",
};

function defaultMessage(kind: EndpointKind, status: number): string {
  if (status === 429) return QUOTA_MESSAGE[kind] ?? "Resource has been exhausted (e.g. check quota).";
  if (status === 503) return "The service is currently unavailable.";
  if (status === 500) return "Internal error encountered.";
  if (status === 504) return "The request timed out. Please try again.";
  return `Injected failure (HTTP ${status}).`;
}

export interface FaultResponse {
  error: HttpError;
  html?: string;
}

export function faultResponse(kind: EndpointKind, fault: NonNullable<FaultDecision["fault"]>): FaultResponse {
  const { status } = fault;
  const message = fault.message ?? defaultMessage(kind, status);
  const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) };
  let base: HttpError;
  if (kind === "token" || kind === "revoke" || kind === "tokeninfo") {
    const code = status === 429 ? "rate_limit_exceeded" : status >= 500 ? "temporarily_unavailable" : "invalid_request";
    base = oauthError(status, code, message);
  } else if (kind === "drive") {
    const reason = status === 429 ? "rateLimitExceeded" : status >= 500 ? "backendError" : "invalid";
    base = driveError(status, message, reason);
  } else if (status === 429) {
    base = rpcError(429, message, {
      details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "RATE_LIMIT_EXCEEDED", domain: "googleapis.com", metadata: { service: kind === "sheets" ? "sheets.googleapis.com" : "oauth2.googleapis.com" } }],
    });
  } else {
    base = rpcError(status, message);
  }
  const error = new HttpError(status, base.body, { ...base.headers, ...headers });
  return kind === "auth" ? { error, html: errorPage(status, "server_error", message) } : { error };
}
