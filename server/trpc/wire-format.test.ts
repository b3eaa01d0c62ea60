import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { isPlainJson, wireFormat } from "./wire-format.ts";

const wire = (v: unknown) => JSON.stringify(wireFormat.serialize(v));
const superjsonWire = (v: unknown) => JSON.stringify(superjson.serialize(v));

describe("tRPC wire format", () => {
  const plain = [
    null,
    "text",
    0,
    12.5,
    -3,
    true,
    [],
    {},
    { kpis: [{ key: "gross_production", value: 1234.56, previous: null, sparkline: [{ periodStart: "2026-01-01", value: 1 }] }] },
    Object.assign(Object.create(null), { a: 1 }),
  ];
  const special = [
    new Date("2026-01-01T00:00:00Z"),
    { at: new Date(0) },
    { n: 10n },
    { missing: undefined },
    [1, undefined],
    // eslint-disable-next-line no-sparse-arrays
    [1, , 3],
    Number.NaN,
    { x: Number.POSITIVE_INFINITY },
    -0,
    new Map([["a", 1]]),
    new Set([1]),
    { re: /x/g },
    undefined,
  ];

  it("sends plain JSON exactly as superjson would, without superjson's walk", () => {
    for (const v of plain) {
      expect(isPlainJson(v)).toBe(true);
      expect(wire(v)).toBe(superjsonWire(v));
    }
  });

  it("leaves dates, big integers, undefined, holes, non-finite numbers, -0 and collections to superjson", () => {
    for (const v of special) {
      expect(isPlainJson(v)).toBe(false);
      expect(wire(v)).toBe(superjsonWire(v));
      // What the browser reads back is what superjson alone gives (which turns an array hole into null).
      expect(superjson.deserialize(JSON.parse(wire(v)))).toEqual(superjson.parse(superjson.stringify(v)));
    }
  });

  it("gives the browser back dates and big integers as they were", () => {
    const value = { at: new Date("2026-01-01T00:00:00Z"), n: 10n, rows: [{ v: 1 }] };
    expect(superjson.deserialize(JSON.parse(wire(value)))).toEqual(value);
  });

  it("reads what superjson writes (the browser's input)", () => {
    const input = { from: "2026-01-01", when: new Date("2026-02-03T04:05:06Z"), big: 7n };
    expect(wireFormat.deserialize(superjson.serialize(input))).toEqual(input);
  });
});
