import { describe, expect, it } from "vitest";
import { cacheKey, createAnswerCache, type CacheScope } from "./answer-cache.ts";

const scope = (versions: Record<string, bigint>): CacheScope => ({
  clinicIds: Object.keys(versions),
  aggregationsVersions: new Map(Object.entries(versions)),
});

describe("dashboard answer cache", () => {
  it("computes once and then answers from memory for the same procedure, clinics, versions and input", async () => {
    const cache = createAnswerCache({ maxEntries: 10 });
    let calls = 0;
    const compute = async () => ({ n: ++calls });
    const a = await cache.get("dashboard.summary", scope({ c1: 1n }), { from: "2026-01-01", to: "2026-01-31" }, compute);
    // Same input with its keys in another order: the same answer.
    const b = await cache.get("dashboard.summary", scope({ c1: 1n }), { to: "2026-01-31", from: "2026-01-01" }, compute);
    expect(a).toEqual({ n: 1 });
    expect(b).toBe(a);
    expect(calls).toBe(1);
  });

  it("computes again when a clinic's version, the clinics, the input or the procedure differ", async () => {
    const cache = createAnswerCache({ maxEntries: 10 });
    let calls = 0;
    const compute = async () => ({ n: ++calls });
    const input = { from: "2026-01-01", to: "2026-01-31" };
    await cache.get("dashboard.summary", scope({ c1: 1n, c2: 5n }), input, compute);
    await cache.get("dashboard.summary", scope({ c1: 1n, c2: 6n }), input, compute); // c2's numbers changed
    await cache.get("dashboard.summary", scope({ c1: 1n }), input, compute); // fewer clinics
    await cache.get("dashboard.summary", scope({ c1: 1n }), { ...input, granularity: "week" }, compute);
    await cache.get("dashboard.trend", scope({ c1: 1n }), input, compute);
    expect(calls).toBe(5);
  });

  it("shares one computation between concurrent requests and never keeps a failure", async () => {
    const cache = createAnswerCache({ maxEntries: 10 });
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = async () => {
      calls++;
      await gate;
      return { n: calls };
    };
    const both = Promise.all([cache.get("p", scope({ c1: 1n }), {}, slow), cache.get("p", scope({ c1: 1n }), {}, slow)]);
    release();
    const [x, y] = await both;
    expect(x).toBe(y);
    expect(calls).toBe(1);

    const failing = async (): Promise<{ n: number }> => {
      throw new Error("database is down");
    };
    await expect(cache.get("q", scope({ c1: 1n }), {}, failing)).rejects.toThrow("database is down");
    await expect(cache.get("q", scope({ c1: 1n }), {}, async () => ({ n: 42 }))).resolves.toEqual({ n: 42 });
  });

  it("forgets the least recently used answers beyond its size, and is off at size 0", async () => {
    const cache = createAnswerCache({ maxEntries: 2 });
    let calls = 0;
    const compute = async () => ({ n: ++calls });
    for (const from of ["a", "b", "c", "a"]) await cache.get("p", scope({ c1: 1n }), { from }, compute);
    expect(calls).toBe(4); // "a" was pushed out by "c"
    expect(cache.size).toBe(2);

    const off = createAnswerCache({ maxEntries: 0 });
    await off.get("p", scope({ c1: 1n }), {}, compute);
    await off.get("p", scope({ c1: 1n }), {}, compute);
    expect(calls).toBe(6);
  });

  it("keys on every clinic's version and refuses a scope without one", () => {
    expect(cacheKey("p", scope({ c1: 3n, c2: 4n }), { b: 1, a: [2, { d: 3, c: undefined }] })).toBe('p|c1@3,c2@4|{"a":[2,{"d":3}],"b":1}');
    expect(() => cacheKey("p", { clinicIds: ["c1"], aggregationsVersions: new Map() }, {})).toThrow(/No aggregations version/);
  });
});
