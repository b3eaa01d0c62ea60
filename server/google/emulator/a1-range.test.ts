import { describe, expect, it } from "vitest";
import { A1ParseError, columnToIndex, formatWindow, GridLimitError, indexToColumn, parseA1, quoteSheetTitle, resolveWindow } from "./a1-range.ts";

describe("columns", () => {
  it("round-trips letters and indexes", () => {
    expect(columnToIndex("A")).toBe(0);
    expect(columnToIndex("Z")).toBe(25);
    expect(columnToIndex("AA")).toBe(26);
    expect(columnToIndex("zz")).toBe(701);
    for (const i of [0, 25, 26, 51, 701, 702, 18_277]) expect(columnToIndex(indexToColumn(i))).toBe(i);
  });
});

describe("parseA1", () => {
  it.each([
    ["Sheet1", { sheet: "Sheet1" }],
    ["'Jan-24'", { sheet: "Jan-24" }],
    ["'Jan-24'!A1:Z", { sheet: "Jan-24", start: { col: 0, row: 0 }, end: { col: 25 } }],
    ["Jan-24!A5:F100", { sheet: "Jan-24", start: { col: 0, row: 4 }, end: { col: 5, row: 99 } }],
    ["A:Z", { start: { col: 0 }, end: { col: 25 } }],
    ["3:7", { start: { row: 2 }, end: { row: 6 } }],
    ["'It''s Q1'!B2", { sheet: "It's Q1", start: { col: 1, row: 1 }, end: { col: 1, row: 1 } }],
    ["Call Log!$A$1:$C$9", { sheet: "Call Log", start: { col: 0, row: 0 }, end: { col: 2, row: 8 } }],
    ["Q1", { start: { col: 16, row: 0 }, end: { col: 16, row: 0 } }],
    ["Notes 2024", { sheet: "Notes 2024" }],
  ])("%s", (input, expected) => {
    expect(parseA1(input)).toEqual(expected);
  });

  it.each(["", "'Jan-24", "'Jan-24'A1", "Jan-24!", "Jan-24!A1:B2:C3", "Sheet1!A", "Sheet1!1:A", "!A1", "Sheet1!A0", "Sheet1!AAAA1"])("rejects %j", (input) => {
    expect(() => parseA1(input)).toThrow(A1ParseError);
  });
});

describe("resolveWindow / formatWindow", () => {
  it("clamps open ends to the grid and normalises reversed corners", () => {
    expect(resolveWindow(parseA1("A5:F"), "S", 1000, 26)).toEqual({ startRow: 4, endRow: 999, startCol: 0, endCol: 5 });
    expect(resolveWindow(parseA1("C3:A1"), "S", 1000, 26)).toEqual({ startRow: 0, endRow: 2, startCol: 0, endCol: 2 });
    expect(resolveWindow(parseA1("S"), "S", 10, 5)).toEqual({ startRow: 0, endRow: 9, startCol: 0, endCol: 4 });
  });

  it("throws Google's grid-limit message for explicit out-of-grid references", () => {
    expect(() => resolveWindow(parseA1("A1:A1001"), "Jan-24", 1000, 26)).toThrow(new GridLimitError("Range ('Jan-24'!A1:A1001) exceeds grid limits. Max rows: 1000, max columns: 26"));
    expect(() => resolveWindow(parseA1("AA1"), "S", 1000, 26)).toThrow(GridLimitError);
  });

  it("quotes titles only when needed", () => {
    expect(quoteSheetTitle("Sheet1")).toBe("Sheet1");
    expect(quoteSheetTitle("Jan-24")).toBe("'Jan-24'");
    expect(quoteSheetTitle("Q1")).toBe("'Q1'");
    expect(quoteSheetTitle("Dana's Notes")).toBe("'Dana''s Notes'");
    expect(formatWindow("Data", { startRow: 0, endRow: 0, startCol: 1, endCol: 1 })).toBe("Data!B1");
  });
});
