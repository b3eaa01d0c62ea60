/**
 * Retries for Google API calls. The Sheets client is built with `retry: false`, so this is the only
 * retry layer: exponential backoff with jitter on 429, 5xx and network errors, honouring
 * `Retry-After`, with a cap on the total time spent waiting. Other 4xx answers are final.
 */

export type GoogleErrorKind = "rate_limit" | "server" | "network" | "unauthenticated" | "forbidden" | "not_found" | "bad_request" | "other";

export interface ClassifiedError {
  kind: GoogleErrorKind;
  retryable: boolean;
  status?: number;
  /** Milliseconds from Retry-After, when the answer carried one. */
  retryAfterMs?: number;
  /** Google's own message (from the JSON error body), when there is one. */
  googleMessage?: string;
}

const NETWORK_CODES = new Set([
  "ECONNRESET", "ECONNREFUSED", "ECONNABORTED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "ENOTFOUND", "ENETUNREACH",
  "EHOSTUNREACH", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT",
  "TimeoutError", "ERR_STREAM_PREMATURE_CLOSE",
]);

interface ErrorLike {
  status?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  response?: { status?: unknown; headers?: unknown; data?: unknown };
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, unknown>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
}

/** Retry-After as seconds ("120") or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

function googleMessageOf(data: unknown): string | undefined {
  if (!data || typeof data !== "object") return undefined;
  const error = (data as { error?: unknown }).error;
  if (error && typeof error === "object" && typeof (error as { message?: unknown }).message === "string") return (error as { message: string }).message;
  if (typeof error === "string") {
    const description = (data as { error_description?: unknown }).error_description;
    return typeof description === "string" ? `${error}: ${description}` : error;
  }
  return undefined;
}

function networkCode(error: ErrorLike, depth = 0): string | undefined {
  if (depth > 4 || !error || typeof error !== "object") return undefined;
  if (typeof error.code === "string" && NETWORK_CODES.has(error.code)) return error.code;
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return error.name;
  return networkCode(error.cause as ErrorLike, depth + 1);
}

/** What kind of failure a googleapis (gaxios) error is, and whether it is worth retrying. */
export function classifyGoogleError(error: unknown): ClassifiedError {
  const e = (error ?? {}) as ErrorLike;
  const statusRaw = e.response?.status ?? e.status;
  const status = typeof statusRaw === "number" ? statusRaw : undefined;
  const googleMessage = googleMessageOf(e.response?.data);
  if (status === undefined) {
    if (networkCode(e)) return { kind: "network", retryable: true };
    return { kind: "other", retryable: false };
  }
  const retryAfter = parseRetryAfter(headerValue(e.response?.headers, "retry-after"));
  const base = { status, ...(googleMessage ? { googleMessage } : {}), ...(retryAfter === null ? {} : { retryAfterMs: retryAfter }) };
  if (status === 429) return { kind: "rate_limit", retryable: true, ...base };
  if (status >= 500) return { kind: "server", retryable: true, ...base };
  if (status === 408) return { kind: "network", retryable: true, ...base };
  if (status === 401) return { kind: "unauthenticated", retryable: false, ...base };
  if (status === 403) return { kind: "forbidden", retryable: false, ...base };
  if (status === 404) return { kind: "not_found", retryable: false, ...base };
  if (status === 400) return { kind: "bad_request", retryable: false, ...base };
  return { kind: "other", retryable: false, ...base };
}

export interface RetryPolicy {
  /** Attempts in total, including the first. */
  maxAttempts: number;
  /** First backoff (before jitter); doubles each attempt. */
  baseDelayMs: number;
  /** Largest single backoff we choose ourselves (Retry-After may ask for more, within the budget). */
  maxDelayMs: number;
  /** Total waiting allowed across all retries of one call. */
  maxTotalWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 20_000, maxTotalWaitMs: 90_000 };

export interface RetryHooks {
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (info: { attempt: number; delayMs: number; error: ClassifiedError }) => void;
}

/** Backoff before retry number `attempt` (1 = first retry): full exponential with "equal jitter". */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/** The error thrown when retrying stops: the last error plus how it was classified. */
export class RetryExhaustedError extends Error {
  override name = "RetryExhaustedError";
  constructor(
    public readonly classified: ClassifiedError,
    public readonly attempts: number,
    public readonly reason: "attempts" | "budget" | "not_retryable",
    options: { cause: unknown },
  ) {
    super(`Google call failed after ${attempts} attempt(s) (${classified.kind}${classified.status ? ` ${classified.status}` : ""})`, options);
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls `fn` until it succeeds, retrying retryable failures. When Google sends Retry-After we wait
 * at least that long (plus a little jitter so parallel clients spread out); when waiting would go
 * over the budget we stop at once rather than sleep and fail anyway.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY_POLICY, hooks: RetryHooks = {}): Promise<T> {
  const random = hooks.random ?? Math.random;
  const sleep = hooks.sleep ?? defaultSleep;
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const classified = classifyGoogleError(error);
      if (!classified.retryable) throw new RetryExhaustedError(classified, attempt, "not_retryable", { cause: error });
      if (attempt >= policy.maxAttempts) throw new RetryExhaustedError(classified, attempt, "attempts", { cause: error });
      const backoff = backoffDelay(attempt, policy, random);
      const delay = classified.retryAfterMs !== undefined ? classified.retryAfterMs + Math.round(random() * Math.min(1000, classified.retryAfterMs * 0.1 + 100)) : backoff;
      if (waited + delay > policy.maxTotalWaitMs) throw new RetryExhaustedError(classified, attempt, "budget", { cause: error });
      hooks.onRetry?.({ attempt, delayMs: delay, error: classified });
      waited += delay;
      await sleep(delay);
    }
  }
}
