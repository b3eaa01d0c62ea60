/**
 * Dashboard answers kept in memory, so that opening the same dashboard again (a reload, going back
 * to a period, a second person at the same clinic) costs a membership lookup instead of a query.
 *
 * Why it cannot serve a stale number, with any number of app instances
 * (docs/decisions/0007-dashboard-answer-cache.md):
 * - an answer of `dashboard.summary` / `dashboard.trend` is a function of its input and of the
 *   clinics' metric_aggregations rows only;
 * - every change to those rows goes through the aggregation engine, which gives the clinic a new
 *   clinics.aggregations_version in the same transaction (server/metrics/aggregation/refresh.ts);
 * - the tenant path reads the versions with the caller's memberships, before the resolver reads
 *   any data, and the key holds them: once new rows are committed, every instance's next request
 *   sees a new version and so a new key. An answer computed after the version was read is at least
 *   as new as that version, never older.
 *
 * The cache sits behind the tenant path's permission check (only a caller allowed to see every
 * clinic of the key gets here) and belongs to one database client, so two databases in one process
 * (tests) never share answers. Concurrent requests for the same key share one computation.
 * `DASHBOARD_CACHE_ENTRIES` sets its size; 0 turns it off.
 */
import { LRUCache } from "lru-cache";
import { env } from "../../config/env.ts";

export interface CacheScope {
  clinicIds: readonly string[];
  aggregationsVersions: ReadonlyMap<string, bigint>;
}

export interface AnswerCacheOptions {
  /** Most answers kept (least recently used go first); 0 disables the cache. */
  maxEntries: number;
  /** An upper bound on an answer's age, whatever the versions say (defence in depth). */
  ttlMs?: number;
}

export interface AnswerCache {
  /** The cached answer for (procedure, scope, input), computing and keeping it on a miss. */
  get<T extends object>(procedure: string, scope: CacheScope, input: object, compute: () => Promise<T>): Promise<T>;
  readonly size: number;
}

const DEFAULT_TTL_MS = 15 * 60_000;

/** Sorted-key JSON of a plain input object (so {a,b} and {b,a} are one key). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function cacheKey(procedure: string, scope: CacheScope, input: object): string {
  const clinics = scope.clinicIds.map((id) => {
    const version = scope.aggregationsVersions.get(id);
    if (version === undefined) throw new Error(`No aggregations version for clinic ${id} in the tenant scope.`);
    return `${id}@${version}`;
  });
  // Clinic order matters to some answers (per-clinic lists), so it is kept as given.
  return `${procedure}|${clinics.join(",")}|${canonical(input)}`;
}

export function createAnswerCache(opts: AnswerCacheOptions): AnswerCache {
  if (opts.maxEntries <= 0) {
    return { get: (_p, _s, _i, compute) => compute(), size: 0 };
  }
  const answers = new LRUCache<string, object>({ max: opts.maxEntries, ttl: opts.ttlMs ?? DEFAULT_TTL_MS });
  const pending = new Map<string, Promise<object>>();
  return {
    async get<T extends object>(procedure: string, scope: CacheScope, input: object, compute: () => Promise<T>): Promise<T> {
      const key = cacheKey(procedure, scope, input);
      const hit = answers.get(key);
      if (hit) return hit as T;
      const running = pending.get(key);
      if (running) return running as Promise<T>;
      const computing = compute().then(
        (answer) => {
          answers.set(key, answer);
          pending.delete(key);
          return answer;
        },
        (error: unknown) => {
          pending.delete(key); // a failure is never kept: the next request tries again
          throw error;
        },
      );
      pending.set(key, computing);
      return computing;
    },
    get size() {
      return answers.size;
    },
  };
}

const perClient = new WeakMap<object, AnswerCache>();

/** The answer cache of one database client (created on first use, sized from the environment). */
export function answerCacheFor(db: object): AnswerCache {
  let cache = perClient.get(db);
  if (!cache) {
    cache = createAnswerCache({ maxEntries: env().DASHBOARD_CACHE_ENTRIES });
    perClient.set(db, cache);
  }
  return cache;
}
