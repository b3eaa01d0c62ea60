import { describe, expect, it } from "vitest";
import { parseCurrency } from "./currency.ts";
import type { Cell } from "./result.ts";

const NBSP = "\u00A0";
const NARROW_NBSP = "\u202F";

describe("parseCurrency — accepted values", () => {
  const cases: [label: string, cell: Cell, value: string, cents: number][] = [
    ["dollar with thousands", "$1,234.56", "1234.56", 123456],
    ["plain number text", "1234.56", "1234.56", 123456],
    ["whole dollars", "$12", "12.00", 1200],
    ["one decimal", "$12.5", "12.50", 1250],
    ["leading decimal point", ".5", "0.50", 50],
    ["trailing decimal point", "12.", "12.00", 1200],
    ["zero", "$0.00", "0.00", 0],
    ["millions", "$1,234,567.89", "1234567.89", 123456789],
    ["parentheses negative", "(1,234.56)", "-1234.56", -123456],
    ["parentheses with dollar inside", "($1,234.56)", "-1234.56", -123456],
    ["accounting format negative", "$ (1,234.56)", "-1234.56", -123456],
    ["minus before amount", "-1,234.56", "-1234.56", -123456],
    ["dollar then minus", "$-12", "-12.00", -1200],
    ["minus then dollar", "-$12", "-12.00", -1200],
    ["unicode minus sign", "−12.00", "-12.00", -1200],
    ["trailing minus (accounting exports)", "1,234.56-", "-1234.56", -123456],
    ["plus sign", "+12.00", "12.00", 1200],
    ["euro prefix", "€99.90", "99.90", 9990],
    ["pound prefix", "£1,000", "1000.00", 100000],
    ["euro suffix with space", "99.90 €", "99.90", 9990],
    ["ISO code prefix", "USD 12.00", "12.00", 1200],
    ["ISO code suffix", "12.00 usd", "12.00", 1200],
    ["US$ prefix", "US$5", "5.00", 500],
    ["spaces around", "  $ 1,234.56  ", "1234.56", 123456],
    ["non-breaking spaces", `${NBSP}$1,234.56${NBSP}`, "1234.56", 123456],
    ["space as thousands separator", "1 234 567.00", "1234567.00", 123456700],
    ["narrow no-break space thousands", `1${NARROW_NBSP}234.50`, "1234.50", 123450],
    ["accounting zero", "$ -", "0.00", 0],
    ["accounting zero without space", "$-", "0.00", 0],
    ["largest allowed", "$9,999,999,999.99", "9999999999.99", 999999999999],
    ["largest allowed negative", "(9,999,999,999.99)", "-9999999999.99", -999999999999],
    ["number input", 1234.56, "1234.56", 123456],
    ["integer number input", 1200, "1200.00", 120000],
    ["negative number input", -45.5, "-45.50", -4550],
    ["number rounds half away from zero", 1.005, "1.01", 101],
    ["negative number rounds half away from zero", -1.005, "-1.01", -101],
    ["float noise is rounded away", 0.1 + 0.2, "0.30", 30],
    ["number rounds down below half", 2.344999, "2.34", 234],
    ["tiny number", 1e-7, "0.00", 0],
    ["negative zero", -0, "0.00", 0],
  ];
  it.each(cases)("%s: %j", (_label, cell, value, cents) => {
    expect(parseCurrency(cell)).toEqual({ ok: true, value, cents });
  });
});

describe("parseCurrency — comma decimal separator", () => {
  const cases: [Cell, string][] = [
    ["1.234,56", "1234.56"],
    ["€1.234,56", "1234.56"],
    ["1 234,56 €", "1234.56"],
    ["(1.234,56)", "-1234.56"],
    ["12,5", "12.50"],
    ["1.234", "1234.00"],
    [1234.56, "1234.56"],
  ];
  it.each(cases)("%j → %s", (cell, value) => {
    expect(parseCurrency(cell, { decimalSeparator: "," })).toMatchObject({ ok: true, value });
  });

  it("points at the setting when the sheet writes decimals with a point", () => {
    expect(parseCurrency("1.5", { decimalSeparator: "," })).toMatchObject({
      ok: false,
      code: "invalid_format",
      message: expect.stringContaining("decimal separator setting"),
    });
  });
});

describe("parseCurrency — blanks", () => {
  it.each<[string, Cell]>([
    ["null", null],
    ["undefined", undefined],
    ["empty string", ""],
    ["spaces", "   "],
    ["non-breaking space only", NBSP],
    ["hyphen placeholder", "-"],
    ["em dash placeholder", "—"],
    ["en dash placeholder", " – "],
  ])("%s is blank", (_label, cell) => {
    expect(parseCurrency(cell)).toEqual({ ok: true, value: null, blank: true });
  });
});

describe("parseCurrency — rejected values", () => {
  const cases: [label: string, cell: Cell, code: string, message?: string][] = [
    ["letters in the number", "$12,3a4", "invalid_format", "“$12,3a4” is not an amount"],
    ["words", "closed", "invalid_format", "“closed” is not an amount"],
    ["typed N/A is not a spreadsheet error", "N/A", "invalid_format"],
    ["two signs", "--12", "invalid_format"],
    ["minus and parentheses", "-(12)", "invalid_format"],
    ["plus and minus", "+12-", "invalid_format"],
    ["unbalanced parenthesis", "(12", "invalid_format"],
    ["two currency symbols", "$12 €", "invalid_format"],
    ["bad grouping", "1,23,456", "invalid_format"],
    ["two decimal points", "1.2.3", "invalid_format"],
    ["European decimal comma", "12,34", "invalid_format"],
    ["European thousands and decimals", "1.234,56", "invalid_format"],
    ["scientific notation", "1.2E+05", "scientific_notation"],
    ["scientific notation lower case", "3e7", "scientific_notation"],
    ["three decimals", "12.345", "too_many_decimals"],
    ["four decimals", "$1.2345", "too_many_decimals"],
    ["too large", "$10,000,000,000.00", "out_of_range"],
    ["too large number", 12_345_678_901, "out_of_range"],
    ["too negative", "(10,000,000,000)", "out_of_range"],
    ["percentage", "12%", "invalid_format", "“12%” is a percentage, not an amount"],
    ["checkbox", true, "invalid_type"],
    ["NaN", Number.NaN, "invalid_type"],
    ["Infinity", Number.POSITIVE_INFINITY, "invalid_type"],
  ];
  it.each(cases)("%s: %j", (_label, cell, code, message) => {
    const result = parseCurrency(cell);
    expect(result).toMatchObject({ ok: false, code });
    if (message !== undefined) expect(result).toMatchObject({ message });
  });

  it("suggests the comma setting for 1.234", () => {
    const result = parseCurrency("1.234");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/decimal separator setting to comma/);
  });

  it("shortens very long text in messages", () => {
    const result = parseCurrency("x".repeat(200));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.length).toBeLessThan(100);
  });
});
