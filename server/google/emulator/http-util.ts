// Small HTTP helpers shared by the endpoint modules (node:http, no framework).
import type { IncomingMessage, ServerResponse } from "node:http";

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  url: URL;
  /** Raw (still percent-encoded) path, e.g. `/v4/spreadsheets/abc/values/'Jan-24'!A1%3AZ`. */
  rawPath: string;
  query: URLSearchParams;
  /** Regex captures of the matched route, percent-decoded. */
  params: string[];
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === "string" ? body : JSON.stringify(body));
  }
}

export const RPC_STATUS: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  409: "ABORTED",
  429: "RESOURCE_EXHAUSTED",
  499: "CANCELLED",
  500: "INTERNAL",
  501: "UNIMPLEMENTED",
  502: "UNAVAILABLE",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

/** Google JSON error body (`{ error: { code, message, status } }`), as returned by Sheets and userinfo. */
export function rpcError(code: number, message: string, extra: Record<string, unknown> = {}): HttpError {
  return new HttpError(code, { error: { code, message, status: RPC_STATUS[code] ?? "UNKNOWN", ...extra } });
}

/** Drive v3 flavour: also carries the legacy `errors[]` array. */
export function driveError(code: number, message: string, reason: string, more: Record<string, string> = {}): HttpError {
  return rpcError(code, message, { errors: [{ message, domain: "global", reason, ...more }] });
}

/** OAuth endpoint error body (`{ error, error_description }`). */
export function oauthError(status: number, error: string, description: string): HttpError {
  return new HttpError(status, { error, error_description: description });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, {
    "content-type": "application/json; charset=UTF-8",
    "cache-control": "no-cache, no-store, max-age=0, must-revalidate",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(html),
    "cache-control": "no-store",
    "x-frame-options": "DENY",
  });
  res.end(html);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, "content-length": 0, "cache-control": "no-store" });
  res.end();
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

export async function readBody(req: IncomingMessage, limit = 5_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > limit) throw new HttpError(413, { error: { code: 413, message: "Request too large", status: "INVALID_ARGUMENT" } });
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Form (or JSON object) body merged over the query string, as Google's OAuth endpoints accept both. */
export async function readForm(ctx: RequestContext): Promise<URLSearchParams> {
  const text = await readBody(ctx.req);
  const type = ctx.req.headers["content-type"] ?? "";
  const form = new URLSearchParams(ctx.query);
  if (text === "") return form;
  if (type.includes("application/json")) {
    try {
      const json: unknown = JSON.parse(text);
      if (json && typeof json === "object") {
        for (const [k, v] of Object.entries(json)) if (typeof v === "string") form.set(k, v);
      }
    } catch {
      throw new HttpError(400, { error: "invalid_request", error_description: "Invalid JSON payload" });
    }
    return form;
  }
  for (const [k, v] of new URLSearchParams(text)) form.set(k, v);
  return form;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `Authorization: Bearer x` or `?access_token=x`. */
export function bearerToken(ctx: RequestContext): string | undefined {
  const header = ctx.req.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return m?.[1] ?? "";
  }
  return ctx.query.get("access_token") ?? undefined;
}
