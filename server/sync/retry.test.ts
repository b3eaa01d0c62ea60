import { describe, expect, it } from "vitest";
import { backoffDelay, classifyGoogleError, parseRetryAfter, RetryExhaustedError, withRetry, type RetryPolicy } from "./retry.ts";

function httpError(status: number, headers: Record<string, string> = {}, data: unknown = {}) {
  return Object.assign(new Error(`HTTP ${status}`), { status, response: { status, headers: new Headers(headers), data } });
}

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, maxTotalWaitMs: 10_000 };

describe("classifyGoogleError", () => {
  it("retries 429, 5xx, 408 and network errors, and nothing else", () => {
    expect(classifyGoogleError(httpError(429))).toMatchObject({ kind: "rate_limit", retryable: true });
    expect(classifyGoogleError(httpError(503))).toMatchObject({ kind: "server", retryable: true, status: 503 });
    expect(classifyGoogleError(httpError(408))).toMatchObject({ retryable: true });
    expect(classifyGoogleError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toMatchObject({ kind: "network", retryable: true });
    expect(classifyGoogleError(new Error("x", { cause: Object.assign(new Error("y"), { code: "ECONNREFUSED" }) }))).toMatchObject({ kind: "network" });
    for (const status of [400, 401, 403, 404, 409]) expect(classifyGoogleError(httpError(status)).retryable).toBe(false);
    expect(classifyGoogleError(new Error("boom"))).toMatchObject({ kind: "other", retryable: false });
  });

  it("reads Retry-After (seconds or HTTP date) and Google's message", () => {
    expect(classifyGoogleError(httpError(429, { "retry-after": "3" }, { error: { message: "Quota exceeded" } }))).toMatchObject({ retryAfterMs: 3000, googleMessage: "Quota exceeded" });
    expect(parseRetryAfter("1.5")).toBe(1500);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter("soon")).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
  });
});

describe("withRetry", () => {
  it("backs off exponentially with jitter, within bounds", () => {
    for (const r of [0, 0.5, 0.999]) {
      expect(backoffDelay(1, policy, () => r)).toBeGreaterThanOrEqual(50);
      expect(backoffDelay(1, policy, () => r)).toBeLessThanOrEqual(100);
      expect(backoffDelay(3, policy, () => r)).toBeGreaterThanOrEqual(200);
      expect(backoffDelay(10, policy, () => r)).toBeLessThanOrEqual(1000);
    }
  });

  it("retries retryable failures and returns the first success", async () => {
    const waits: number[] = [];
    let calls = 0;
    const value = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw httpError(500);
        return "ok";
      },
      policy,
      { sleep: async (ms) => void waits.push(ms), random: () => 0.5 },
    );
    expect(value).toBe("ok");
    expect(calls).toBe(3);
    expect(waits).toEqual([75, 150]);
  });

  it("waits at least Retry-After", async () => {
    const waits: number[] = [];
    let calls = 0;
    await withRetry(
      async () => {
        if (calls++ === 0) throw httpError(429, { "retry-after": "2" });
        return 1;
      },
      policy,
      { sleep: async (ms) => void waits.push(ms), random: () => 0 },
    );
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(2000);
  });

  it("does not retry other 4xx", async () => {
    let calls = 0;
    const error = await withRetry(async () => {
      calls++;
      throw httpError(403);
    }, policy).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(error).toBeInstanceOf(RetryExhaustedError);
    expect((error as RetryExhaustedError).reason).toBe("not_retryable");
  });

  it("stops after maxAttempts, and before waiting past the budget", async () => {
    let calls = 0;
    const exhausted = await withRetry(async () => {
      calls++;
      throw httpError(503);
    }, policy, { sleep: async () => {} }).catch((e: unknown) => e as RetryExhaustedError);
    expect(calls).toBe(5);
    expect(exhausted.reason).toBe("attempts");

    const slept: number[] = [];
    const budget = await withRetry(async () => {
      throw httpError(429, { "retry-after": "60" });
    }, policy, { sleep: async (ms) => void slept.push(ms) }).catch((e: unknown) => e as RetryExhaustedError);
    expect(budget.reason).toBe("budget");
    expect(slept).toEqual([]);
  });
});
