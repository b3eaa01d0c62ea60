import { describe, expect, it } from "vitest";
import { formattedValue, normalizeCell, renderCell } from "./cells.ts";
import { formatNumber, isoDateToSerial, serialToIsoDate } from "./number-format.ts";
import type { StoredCell } from "./types.ts";

describe("date serials", () => {
  it("uses the Sheets epoch (1899-12-30)", () => {
    expect(isoDateToSerial("2024-01-01")).toBe(45292);
    expect(isoDateToSerial("1899-12-30")).toBe(0);
    expect(serialToIsoDate(45306)).toBe("2024-01-15");
    expect(isoDateToSerial("2024-02-30")).toBeUndefined();
    expect(isoDateToSerial("2024-2-3")).toBeUndefined();
  });
});

describe("formatNumber", () => {
  it.each([
    [1234.56, '"$"#,##0.00', "$1,234.56"],
    [-1234.56, '"$"#,##0.00', "-$1,234.56"],
    [-1234.56, "#,##0.00;(#,##0.00)", "(1,234.56)"],
    [0, "#,##0.00;(#,##0.00)", "0.00"],
    [0.125, "0.0%", "12.5%"],
    [0.125, "0.00%", "12.50%"],
    [0.5, "0%", "50%"],
    [1234567.891, "#,##0", "1,234,568"],
    [12, undefined, "12"],
    [1234.5, "General", "1234.5"],
    [0.1 + 0.2, undefined, "0.3"],
    [45306, "M/d/yyyy", "1/15/2024"],
    [45306, "yyyy-mm-dd", "2024-01-15"],
    [45306, "mmm d, yyyy", "Jan 15, 2024"],
    [45306, "dddd, mmmm d", "Monday, January 15"],
  ])("%d with %s → %s", (v, pattern, expected) => {
    expect(formatNumber(v, pattern)).toBe(expected);
  });
});

describe("cells", () => {
  it("normalizes fixture cells and renders each valueRenderOption", () => {
    const date = normalizeCell({ date: "2024-01-15" }) as StoredCell;
    expect(date).toEqual({ v: 45306, type: "date" });
    expect(renderCell(date, "FORMATTED_VALUE", "SERIAL_NUMBER")).toBe("1/15/2024");
    expect(renderCell(date, "UNFORMATTED_VALUE", "SERIAL_NUMBER")).toBe(45306);
    expect(renderCell(date, "UNFORMATTED_VALUE", "FORMATTED_STRING")).toBe("1/15/2024");
    const sum = normalizeCell({ v: 1500, formula: "=SUM(A1:A3)" }, { type: "currency" }) as StoredCell;
    expect(renderCell(sum, "FORMATTED_VALUE", "SERIAL_NUMBER")).toBe("$1,500.00");
    expect(renderCell(sum, "FORMULA", "SERIAL_NUMBER")).toBe("=SUM(A1:A3)");
    expect(renderCell(sum, "UNFORMATTED_VALUE", "SERIAL_NUMBER")).toBe(1500);
    const explicit = normalizeCell({ v: -12.5, f: "(12.50)" }) as StoredCell;
    expect(formattedValue(explicit)).toBe("(12.50)");
    expect(normalizeCell({ v: "#REF!" })?.type).toBe("error");
    expect(normalizeCell(true)).toEqual({ v: true, type: "boolean" });
    expect(formattedValue(normalizeCell(false) as StoredCell)).toBe("FALSE");
    expect(normalizeCell("")).toBeNull();
    expect(normalizeCell(null)).toBeNull();
    expect(() => normalizeCell({ date: "2024-02-30" })).toThrow(/invalid date/);
  });

  it("column formats apply to plain numbers but not to text or typed cells", () => {
    const col = { type: "currency" as const };
    expect(formattedValue(normalizeCell(5, col) as StoredCell)).toBe("$5.00");
    expect(formattedValue(normalizeCell("5", col) as StoredCell)).toBe("5");
    expect(formattedValue(normalizeCell({ v: 0.5, type: "percent" }, col) as StoredCell)).toBe("50.00%");
    expect(formattedValue(normalizeCell({ date: "2024-03-01" }, { type: "date", fmt: "yyyy-mm-dd" }) as StoredCell)).toBe("2024-03-01");
  });
});
