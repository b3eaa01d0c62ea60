import { describe, expect, it } from "vitest";
import { allowedEdits, editDistance } from "./distance.ts";

describe("editDistance", () => {
  it.each<[string, string, number]>([
    ["", "", 0],
    ["abc", "", 3],
    ["", "abc", 3],
    ["production", "production", 0],
    ["producton", "production", 1], // deletion
    ["productionn", "production", 1], // insertion
    ["prodaction", "production", 1], // substitution
    ["cancles", "cancels", 1], // neighbouring swap counts once
    ["kitten", "sitting", 3],
    ["broken", "booked", 2],
  ])("%s ↔ %s = %d", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it("stops early past the maximum", () => {
    expect(editDistance("abcdef", "uvwxyz", 1)).toBe(2);
    expect(editDistance("a", "abcdefgh", 2)).toBe(3);
  });

  it("tolerates more edits in longer words", () => {
    expect([3, 5, 9, 16].map(allowedEdits)).toEqual([0, 1, 2, 3]);
  });
});
