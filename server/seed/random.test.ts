import { describe, expect, it } from "vitest";
import { createRng, deriveSeed, hashString, keyedRng } from "./random.ts";

const draws = (seed: number, n: number) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.next());
};

describe("createRng", () => {
  it("repeats the same sequence for the same seed", () => {
    expect(draws(20240601, 50)).toEqual(draws(20240601, 50));
  });

  it("gives different sequences for different seeds", () => {
    expect(draws(20240601, 5)).not.toEqual(draws(20240602, 5));
  });

  it("is pinned: the algorithm must never change under existing demo data", () => {
    // mulberry32 reference values; if these change, every seeded dataset changes.
    expect(draws(1, 3).map((x) => Math.round(x * 4294967296))).toEqual([2693262067, 11749833, 2265367787]);
    expect(hashString("HARBOR_DOWNTOWN")).toBe(hashString("HARBOR_DOWNTOWN"));
    expect(deriveSeed(20240601, "a", 1)).toBe(deriveSeed(20240601, "a", 1));
    expect(deriveSeed(20240601, "a", 1)).not.toBe(deriveSeed(20240601, "a", 2));
    expect(deriveSeed(20240601, "a", 1)).not.toBe(deriveSeed(20240601, "b", 1));
  });

  it("keeps next() in [0, 1) and float() in [min, max)", () => {
    const rng = createRng(7);
    let outside = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next();
      const f = rng.float(-2, 3);
      if (!(x >= 0 && x < 1) || !(f >= -2 && f < 3)) outside++;
    }
    expect(outside).toBe(0);
  });

  it("int() covers both ends of the range and nothing outside", () => {
    const rng = createRng(11);
    const seen = new Set<number>();
    for (let i = 0; i < 5_000; i++) seen.add(rng.int(3, 7));
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
    expect(() => rng.int(5, 4)).toThrow(RangeError);
  });

  it("normal() has the requested mean and standard deviation", () => {
    const rng = createRng(3);
    const xs = Array.from({ length: 40_000 }, () => rng.normal(10, 2));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeCloseTo(2, 1);
  });

  it("chance(), pick() and poisson() behave", () => {
    const rng = createRng(5);
    let hits = 0;
    for (let i = 0; i < 20_000; i++) if (rng.chance(0.25)) hits++;
    expect(hits / 20_000).toBeCloseTo(0.25, 1);

    const picked = new Set(Array.from({ length: 200 }, () => rng.pick(["a", "b", "c"])));
    expect([...picked].sort()).toEqual(["a", "b", "c"]);
    expect(() => rng.pick([])).toThrow(RangeError);

    const counts = Array.from({ length: 20_000 }, () => rng.poisson(2.5));
    expect(counts.reduce((a, b) => a + b, 0) / counts.length).toBeCloseTo(2.5, 1);
    expect(counts.every((k) => Number.isInteger(k) && k >= 0)).toBe(true);
    expect(rng.poisson(0)).toBe(0);
  });
});

describe("keyedRng", () => {
  it("gives the same stream for the same key, whatever was drawn before", () => {
    const a = keyedRng(1, "HARBOR_DT_CHEN", 19800, 1);
    keyedRng(1, "other", 1).next();
    const b = keyedRng(1, "HARBOR_DT_CHEN", 19800, 1);
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()]);
  });

  it("gives unrelated streams for neighbouring keys", () => {
    const firsts = Array.from({ length: 1_000 }, (_, day) => keyedRng(1, "p", day).next());
    expect(new Set(firsts).size).toBe(1_000);
    const mean = firsts.reduce((a, b) => a + b, 0) / firsts.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});
