import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { sessionCookie, readSessionToken } from "../auth/session-cookie.ts";
import { validateSessionToken, type ValidSession } from "../auth/sessions.ts";
import { db, type Db } from "../db/client.ts";
import { logger } from "../log/logger.ts";

/**
 * The one context factory behind both the HTTP endpoint (/api/trpc) and the server-side caller
 * that loaders use, so authentication and tenant checks are written once.
 */
export interface Context {
  db: Db;
  request: Request;
  requestId: string;
  log: Logger;
  /** The signed-in browser, or null. */
  session: ValidSession | null;
  /** The client's address as the HTTP server saw it (for rate limits). */
  clientIp: string;
  /** Headers the procedures want on the response (e.g. Set-Cookie). */
  resHeaders: Headers;
}

export async function createContext(opts: { request: Request; resHeaders?: Headers; db?: Db }): Promise<Context> {
  const requestId = opts.request.headers.get("x-request-id") ?? randomUUID();
  const resHeaders = opts.resHeaders ?? new Headers();
  const database = opts.db ?? db();
  const token = readSessionToken(opts.request.headers.get("cookie"));
  const session = token ? await validateSessionToken(database, token) : null;
  if (session?.renewed && token) resHeaders.append("Set-Cookie", sessionCookie(token, session.expiresAt));
  return {
    db: database,
    request: opts.request,
    requestId,
    log: logger().child({ requestId, userId: session?.user.id }),
    session,
    clientIp: opts.request.headers.get("x-clinic-pulse-client-ip") ?? "unknown",
    resHeaders,
  };
}
