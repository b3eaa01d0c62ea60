/**
 * Money cells → exact decimal text with 2 places ("-1234.56") plus integer cents.
 *
 * Decisions:
 *  - Negatives: "-1,234.56", "(1,234.56)", "$-12", "-$12", "$ (12.00)" and the
 *    accounting trailing minus "1,234.56-" are all accepted. Two signs are rejected.
 *  - "$ -" / "$-" (how accounting formats show zero) is 0.00, while a bare "-" is blank.
 *  - Text with more than 2 decimals is rejected rather than rounded: "1.234" is
 *    more likely a thousands separator in the wrong locale than a fraction of a cent.
 *  - Numbers (UNFORMATTED_VALUE) are rounded to cents, halves away from zero, using
 *    the shortest decimal that round-trips (1.005 → 1.01).
 *  - Scientific notation text ("1.2E+05") is rejected: the sheet is hiding digits.
 *  - The column is Decimal(12,2): anything beyond ±9,999,999,999.99 is rejected.
 *  - A percentage ("12%") is not an amount.
 */
import { checkboxFailure, classifyCell, nonFiniteFailure } from "./cell.ts";
import {
  absGreaterThan,
  decimalFromDigits,
  decimalFromNumber,
  formatFixed,
  roundDecimal,
  type Decimal,
} from "./decimal.ts";
import { CURRENCY_PATTERN, lexFailure, lexNumber, type DecimalSeparator } from "./numeric-text.ts";
import { BLANK, fail, quote, type Cell, type ParseResult } from "./result.ts";

export interface CurrencyOptions {
  /** How the sheet writes decimals; the other of `.`/`,` is the thousands separator. Default ".". */
  decimalSeparator?: DecimalSeparator;
}

export type CurrencyResult = ParseResult<string, { cents: number }>;

const WHAT = "an amount";
const MAX_AMOUNT: Decimal = { units: 999_999_999_999n, scale: 2 };
const ACCOUNTING_ZERO = new RegExp(`^(?:(?:${CURRENCY_PATTERN})\\s*[-–—]+|[-–—]+\\s*(?:${CURRENCY_PATTERN}))$`, "i");

export function parseCurrency(cell: Cell, opts: CurrencyOptions = {}): CurrencyResult {
  const decimalSeparator = opts.decimalSeparator ?? ".";
  const c = classifyCell(cell);
  switch (c.kind) {
    case "blank":
      return BLANK;
    case "error":
      return c.failure;
    case "boolean":
      return checkboxFailure(WHAT);
    case "number":
      if (!Number.isFinite(c.value)) return nonFiniteFailure(c.value, WHAT);
      return fromDecimal(decimalFromNumber(c.value), String(c.value));
    case "text":
      break;
  }

  const text = c.text;
  if (ACCOUNTING_ZERO.test(text)) return fromDecimal({ units: 0n, scale: 2 }, text);

  const lexed = lexNumber(text, decimalSeparator);
  if (!lexed.ok) return lexFailure(lexed.reason, text, WHAT, decimalSeparator);
  const { negative, intDigits, fracDigits, percent } = lexed.value;
  if (percent) return fail("invalid_format", `${quote(text)} is a percentage, not an amount`);
  if (fracDigits.length > 2) {
    const hint =
      decimalSeparator === "." && fracDigits.length === 3
        ? "; if the sheet uses a point as the thousands separator, change the column's decimal separator setting to comma"
        : "";
    return fail("too_many_decimals", `${quote(text)} has more than 2 decimal places${hint}`);
  }
  return fromDecimal(decimalFromDigits(negative, intDigits, fracDigits), text);
}

function fromDecimal(value: Decimal, raw: string): CurrencyResult {
  const cents = roundDecimal(value, 2);
  if (absGreaterThan(cents, MAX_AMOUNT)) {
    return fail("out_of_range", `${quote(raw)} is larger than the largest allowed amount, 9,999,999,999.99`);
  }
  // A literal rather than a spread of extras (see success() in result.ts).
  return { ok: true, value: formatFixed(cents, 2), cents: Number(cents.units) === 0 ? 0 : Number(cents.units) };
}
