/**
 * A small seeded pseudo-random number generator for the demo data.
 *
 * Why hand-written instead of a package: the whole point of the demo generator
 * is that the same seed gives byte-identical data forever. A dependency could
 * change its algorithm or its seeding in any release (and Math.random cannot be
 * seeded at all); these ~40 lines will not. mulberry32 is tiny, fast, public
 * domain, and plenty good for synthetic business data (it is not for crypto).
 *
 * Besides one stream per seed, {@link keyedRng} derives an independent stream
 * from a key such as (seed, provider code, day). The demo generator draws every
 * day's numbers from its own keyed stream, so a day's values do not depend on
 * which window is generated, on the order of the loops, or on how many other
 * providers exist.
 *
 * Only 32-bit integer math (Math.imul, >>>) feeds the stream, so it is exact on
 * every platform. normal() and poisson() use Math.log/cos/exp, which V8
 * implements with its own portable fdlibm port; callers round results to cents
 * or whole counts anyway.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  float(min: number, max: number): number;
  /** Uniform integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** Normal (Gaussian) draw via Box–Muller. */
  normal(mean?: number, sd?: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** true with probability p. */
  chance(p: number): boolean;
  /** Poisson-distributed count (Knuth's method; meant for small means, say < 30). */
  poisson(mean: number): number;
}

/** murmur3's 32-bit finalizer: a cheap, well-mixing integer hash. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a hash of a string's UTF-16 code units, as an unsigned 32-bit integer. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Combines a seed and key parts (strings or integers) into one 32-bit seed. */
export function deriveSeed(seed: number, ...parts: readonly (string | number)[]): number {
  let h = fmix32((seed >>> 0) ^ 0x9e3779b9);
  for (const part of parts) {
    const v = typeof part === "string" ? hashString(part) : part >>> 0;
    h = fmix32(((h ^ v) + 0x9e3779b9 + (h << 6) + (h >>> 2)) >>> 0);
  }
  return h;
}

/** mulberry32: 32 bits of state, one add and a few multiplies per draw. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator for one seed (any number; only its low 32 bits are used). */
export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  let spareNormal: number | undefined;

  const rng: Rng = {
    next,
    float: (min, max) => min + (max - min) * next(),
    int: (min, max) => {
      const lo = Math.ceil(min);
      const hi = Math.floor(max);
      if (hi < lo) throw new RangeError(`int(${min}, ${max}): empty range`);
      return lo + Math.floor(next() * (hi - lo + 1));
    },
    normal: (mean = 0, sd = 1) => {
      if (spareNormal !== undefined) {
        const z = spareNormal;
        spareNormal = undefined;
        return mean + sd * z;
      }
      // 1 - next() is in (0, 1], so the log is finite.
      const r = Math.sqrt(-2 * Math.log(1 - next()));
      const theta = 2 * Math.PI * next();
      spareNormal = r * Math.sin(theta);
      return mean + sd * r * Math.cos(theta);
    },
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError("pick() from an empty array");
      return items[Math.floor(next() * items.length)] as T;
    },
    chance: (p) => next() < p,
    poisson: (mean) => {
      if (!(mean > 0)) return 0;
      const limit = Math.exp(-mean);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
  };
  return rng;
}

/** An independent generator for `seed` and a key, e.g. `keyedRng(seed, "HARBOR_DOWNTOWN", epochDay, "calls")`. */
export function keyedRng(seed: number, ...parts: readonly (string | number)[]): Rng {
  return createRng(deriveSeed(seed, ...parts));
}
