import { z } from "zod";

/**
 * The application's configuration, read once from the environment and validated.
 * Every variable is documented in .env.example and README.md.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  /** Public origin of the app (used for OAuth redirects and CSRF checks). Defaults to http://HOST:PORT. */
  APP_ORIGIN: z.string().url().optional(),
  /** PostgreSQL connection string. Unset: an embedded PGlite database in DATA_DIR. */
  DATABASE_URL: z.string().optional(),
  /** Directory of the embedded database (only used without DATABASE_URL). */
  DATA_DIR: z.string().default(".data"),
  /** Apply pending migrations at start-up even with DATABASE_URL set. */
  AUTO_MIGRATE: z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true" || v === "1")),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** Dashboard answers kept in memory per app instance (server/metrics/dashboard/answer-cache.ts); 0 turns the cache off. */
  DASHBOARD_CACHE_ENTRIES: z.coerce.number().int().min(0).max(100_000).default(500),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Keys that encrypt Google tokens at rest: "keyId:base64-32-bytes[,older…]"; the first encrypts (server/google/crypto). Required in production. */
  TOKEN_ENCRYPTION_KEYS: z.string().optional(),
  /** Google OAuth client. Unset: demo mode with the bundled Google API emulator (docs/google.md). */
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  /** Origin that replaces https://sheets.googleapis.com and https://www.googleapis.com (origin only). */
  GOOGLE_API_ROOT: z.string().url().optional(),
  GOOGLE_OAUTH_AUTH_URL: z.string().url().optional(),
  GOOGLE_OAUTH_TOKEN_URL: z.string().url().optional(),
  GOOGLE_OAUTH_REVOKE_URL: z.string().url().optional(),
  /** Demo mode: use an already running Google API emulator instead of starting one in-process. */
  GOOGLE_DEMO_EMULATOR_URL: z.string().url().optional(),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses process.env; throws a ConfigError naming every bad variable. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`Invalid configuration (${problems}). See .env.example.`);
  }
  return parsed.data;
}

export function env(): Env {
  cached ??= loadEnv();
  return cached;
}

/** For tests and the launcher, which change process.env before the app reads it. */
export function resetEnvCache(): void {
  cached = undefined;
}
