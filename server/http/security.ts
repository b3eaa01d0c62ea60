import type { NextFunction, Request, Response } from "express";
import { csrfProblem } from "../auth/csrf.ts";

/** Headers only this server may set on the Request the app sees. */
export const CLIENT_IP_HEADER = "x-clinic-pulse-client-ip";

/**
 * Passes the client address to the app in a header it can trust, refuses cross-site
 * state-changing requests (CSRF), and adds basic security headers.
 */
export function security(req: Request, res: Response, next: NextFunction): void {
  req.headers[CLIENT_IP_HEADER] = req.ip ?? req.socket.remoteAddress ?? "unknown";
  const ownOrigin = `${req.protocol}://${req.get("host")}`;
  const allowed = [ownOrigin, ...(process.env.APP_ORIGIN ? [process.env.APP_ORIGIN] : [])];
  const problem = csrfProblem(req, allowed);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  if (problem) {
    res.status(403).type("text/plain").send(`Forbidden: ${problem}. Reload the page and try again.`);
    return;
  }
  next();
}
