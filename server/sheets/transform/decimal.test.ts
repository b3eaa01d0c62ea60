import { describe, expect, it } from "vitest";
import { decimalFromDigits, decimalFromNumber, formatFixed, formatPlain, roundDecimal } from "./decimal.ts";

describe("decimal helpers", () => {
  it.each<[number, string]>([
    [1.005, "1.005"],
    [0.1 + 0.2, "0.30000000000000004"],
    [1e-7, "0.0000001"],
    [1e21, "1000000000000000000000"],
    [-2.5e-3, "-0.0025"],
    [-0, "0"],
  ])("decimalFromNumber(%d) is exact", (n, text) => {
    expect(formatPlain(decimalFromNumber(n))).toBe(text);
  });

  it.each<[string, number, string]>([
    ["1.005", 2, "1.01"],
    ["-1.005", 2, "-1.01"],
    ["1.004", 2, "1.00"],
    ["-0.004", 2, "0.00"],
    ["2.5", 0, "3"],
    ["12", 2, "12.00"],
  ])("round %s to %d places → %s", (text, places, expected) => {
    const [int = "", frac = ""] = text.replace("-", "").split(".");
    const d = decimalFromDigits(text.startsWith("-"), int, frac);
    expect(formatFixed(roundDecimal(d, places), places)).toBe(expected);
  });

  it("rejects non-finite numbers", () => {
    expect(() => decimalFromNumber(Number.NaN)).toThrow(RangeError);
  });
});
