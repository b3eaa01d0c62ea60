import { describe, expect, it } from "vitest";
import { parseInteger, parseNumber } from "./number.ts";
import type { Cell } from "./result.ts";

describe("parseInteger (counts)", () => {
  it.each<[Cell, number]>([
    ["12", 12],
    ["1,234", 1234],
    ["1 234", 1234],
    [" 7 ", 7],
    ["\u00A042\u00A0", 42],
    ["12.00", 12],
    ["0", 0],
    ["-0", 0],
    [15, 15],
    [2.9999999999999996, 3],
    [2_147_483_647, 2_147_483_647],
  ])("%j → %d", (cell, value) => {
    expect(parseInteger(cell)).toEqual({ ok: true, value });
  });

  it.each<[Cell, string, string]>([
    ["-3", "negative", "“-3” is below zero, and a count cannot be negative"],
    ["(3)", "negative", "“(3)” is below zero, and a count cannot be negative"],
    [-1, "negative", "“-1” is below zero, and a count cannot be negative"],
    ["2.5", "not_whole_number", "“2.5” is not a whole number, and a count cannot have a fraction"],
    [3.5, "not_whole_number", "“3.5” is not a whole number, and a count cannot have a fraction"],
    ["$12", "invalid_format", "“$12” is an amount of money, not a count"],
    ["12%", "invalid_format", "“12%” is a percentage, not a count"],
    ["twelve", "invalid_format", "“twelve” is not a count"],
    ["1e3", "scientific_notation", expect.stringContaining("scientific notation") as unknown as string],
    [2_147_483_648, "out_of_range", "“2147483648” is too large for a count"],
    [false, "invalid_type", "A TRUE/FALSE checkbox is not a count"],
  ])("%j is rejected (%s)", (cell, code, message) => {
    expect(parseInteger(cell)).toEqual({ ok: false, code, message });
  });

  it("reads a comma decimal separator", () => {
    expect(parseInteger("1.234", { decimalSeparator: "," })).toEqual({ ok: true, value: 1234 });
    expect(parseInteger("12,0", { decimalSeparator: "," })).toEqual({ ok: true, value: 12 });
  });

  it.each<Cell>([null, "", "  ", "-", "—"])("%j is blank", (cell) => {
    expect(parseInteger(cell)).toEqual({ ok: true, value: null, blank: true });
  });
});

describe("parseNumber", () => {
  it.each<[Cell, number]>([
    ["12.5", 12.5],
    ["-12.5", -12.5],
    ["(12.5)", -12.5],
    ["1,234.25", 1234.25],
    [0.1 + 0.2, 0.30000000000000004],
    ["0", 0],
    ["-0", 0],
    [-7, -7],
  ])("%j → %d", (cell, value) => {
    expect(parseNumber(cell)).toEqual({ ok: true, value });
  });

  it.each<[Cell, string]>([
    ["abc", "invalid_format"],
    ["$5", "invalid_format"],
    ["5%", "invalid_format"],
    ["1.5E+3", "scientific_notation"],
    [Number.NaN, "invalid_type"],
    [true, "invalid_type"],
  ])("%j is rejected (%s)", (cell, code) => {
    expect(parseNumber(cell)).toMatchObject({ ok: false, code });
  });
});
