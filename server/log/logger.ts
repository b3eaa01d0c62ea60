import { pino, type Logger } from "pino";

/**
 * Structured logs: one JSON line per event on stdout, so an operator can ship them anywhere.
 * Request-scoped children carry a `requestId` (see server/http/request-context.ts).
 */
let root: Logger | undefined;

export function logger(): Logger {
  root ??= pino({
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info"),
    base: { service: "clinic-pulse" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: ["*.password", "*.token", "*.accessToken", "*.refreshToken", "req.headers.cookie", "*.cookie"],
      censor: "[redacted]",
    },
  });
  return root;
}
