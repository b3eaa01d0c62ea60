import { describe, expect, it } from "vitest";
import { parsePercent, type PercentAssume } from "./percent.ts";
import type { Cell } from "./result.ts";

describe("parsePercent", () => {
  const cases: [cell: Cell, assume: PercentAssume | undefined, value: string][] = [
    ["12.5%", undefined, "0.125"],
    ["12.5 %", undefined, "0.125"],
    ["100%", undefined, "1"],
    ["0%", undefined, "0"],
    ["0.1%", undefined, "0.001"],
    ["-5%", undefined, "-0.05"],
    ["(5%)", undefined, "-0.05"],
    ["1,000%", undefined, "10"],
    ["33.3333333%", undefined, "0.333333"],
    ["12.5%", "percent", "0.125"],
    ["12.5", "percent", "0.125"],
    ["0.125", "fraction", "0.125"],
    ["0.125", undefined, "0.125"],
    [0.125, undefined, "0.125"],
    [0.125, "fraction", "0.125"],
    [12.5, "percent", "0.125"],
    [0.123, undefined, "0.123"],
    [0.1 + 0.2, undefined, "0.3"],
    [1, undefined, "1"],
    [-0.05, undefined, "-0.05"],
  ];
  it.each(cases)("%j (assume %s) → %s", (cell, assume, value) => {
    expect(parsePercent(cell, assume ? { assume } : {})).toEqual({ ok: true, value });
  });

  it("reads a comma decimal separator", () => {
    expect(parsePercent("12,5 %", { decimalSeparator: "," })).toEqual({ ok: true, value: "0.125" });
  });

  it.each<[Cell, PercentAssume | undefined, string, string]>([
    ["1500%", undefined, "out_of_range", "“1500%” is more than 1000%"],
    ["-1001%", undefined, "out_of_range", "“-1001%” is more than 1000%"],
    ["12.5", undefined, "out_of_range", "“12.5” (1250%) is more than 1000%"],
    [11, undefined, "out_of_range", "“11” (1100%) is more than 1000%"],
    ["$5", undefined, "invalid_format", "“$5” is an amount of money, not a percentage"],
    ["5%%", undefined, "invalid_format", "“5%%” is not a percentage"],
    ["high", undefined, "invalid_format", "“high” is not a percentage"],
    [true, undefined, "invalid_type", "A TRUE/FALSE checkbox is not a percentage"],
  ])("%j is rejected", (cell, assume, code, message) => {
    expect(parsePercent(cell, assume ? { assume } : {})).toEqual({ ok: false, code, message });
  });

  it.each<Cell>(["", "-", "—", null, " \u00A0 "])("%j is blank", (cell) => {
    expect(parsePercent(cell)).toEqual({ ok: true, value: null, blank: true });
  });
});
