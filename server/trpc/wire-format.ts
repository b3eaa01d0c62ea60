/**
 * The tRPC transformer: superjson's wire format, with a fast path for answers that are plain JSON.
 *
 * superjson walks every value to record what JSON cannot carry (Date, BigInt, Map, undefined, …).
 * On a dashboard answer (tens of kilobytes of numbers and date strings, nothing special) that walk
 * measured about 4 ms, more than the database read behind it, against 0.2 ms for JSON.stringify.
 * When a value holds only what JSON carries exactly (null, booleans, finite numbers other than -0,
 * strings, arrays without holes, plain objects without undefined properties), superjson's own
 * output is `{ json: value }` with no `meta`, so that is produced directly after one cheap check;
 * anything else goes through superjson. The browser keeps using superjson unchanged: the bytes on
 * the wire are the same either way (server/trpc/wire-format.test.ts checks that). No library offers
 * this shortcut, hence these few lines.
 */
import superjson from "superjson";
import type { SuperJSONResult } from "superjson";

/** Whether `value` survives JSON.stringify/JSON.parse unchanged (the values superjson leaves alone). */
export function isPlainJson(value: unknown, depth = 0): boolean {
  if (depth > 200) return false; // very deep (or cyclic) values: superjson decides
  if (value === null) return true;
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0);
    case "object": {
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          if (!(i in value) || !isPlainJson(value[i], depth + 1)) return false;
        }
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value) {
        if (!isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
      }
      return true;
    }
    default:
      return false; // undefined, bigint, symbol, function
  }
}

export const wireFormat = {
  serialize(value: unknown): SuperJSONResult {
    return isPlainJson(value) ? { json: value as SuperJSONResult["json"] } : superjson.serialize(value);
  },
  deserialize<T = unknown>(payload: SuperJSONResult): T {
    return superjson.deserialize<T>(payload);
  },
};
