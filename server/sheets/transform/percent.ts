/**
 * Percentages → the fraction as exact decimal text: "12.5%" → "0.125".
 *
 * Decisions:
 *  - With a `%` sign the value is always a percentage.
 *  - Without one (text or UNFORMATTED_VALUE numbers) `assume` decides. The default
 *    is 'fraction', because Google Sheets stores 12.5% as the number 0.125.
 *  - Negative percentages are allowed; anything beyond ±1000% is rejected.
 *  - The fraction is rounded to 6 decimal places (0.0001%) to remove float noise.
 */
import { checkboxFailure, classifyCell, nonFiniteFailure } from "./cell.ts";
import {
  absGreaterThan,
  decimalFromDigits,
  decimalFromNumber,
  formatPlain,
  roundDecimal,
  shiftLeft,
  type Decimal,
} from "./decimal.ts";
import { lexFailure, lexNumber, type DecimalSeparator } from "./numeric-text.ts";
import { BLANK, fail, quote, success, type Cell, type ParseResult } from "./result.ts";

export type PercentAssume = "fraction" | "percent";

export interface PercentOptions {
  /** How to read a value without a % sign: 0.125 ('fraction') or 12.5 ('percent'). Default 'fraction'. */
  assume?: PercentAssume;
  decimalSeparator?: DecimalSeparator;
}

const WHAT = "a percentage";
const MAX_FRACTION: Decimal = { units: 10n, scale: 0 };
const FRACTION_PLACES = 6;

export function parsePercent(cell: Cell, opts: PercentOptions = {}): ParseResult<string> {
  const assume = opts.assume ?? "fraction";
  const sep = opts.decimalSeparator ?? ".";
  const c = classifyCell(cell);
  let value: Decimal;
  let hasPercentSign = false;
  let raw: string;
  switch (c.kind) {
    case "blank":
      return BLANK;
    case "error":
      return c.failure;
    case "boolean":
      return checkboxFailure(WHAT);
    case "number":
      if (!Number.isFinite(c.value)) return nonFiniteFailure(c.value, WHAT);
      value = decimalFromNumber(c.value);
      raw = String(c.value);
      break;
    case "text": {
      const lexed = lexNumber(c.text, sep);
      if (!lexed.ok) return lexFailure(lexed.reason, c.text, WHAT, sep);
      const { negative, intDigits, fracDigits, currency, percent } = lexed.value;
      if (currency !== null) return fail("invalid_format", `${quote(c.text)} is an amount of money, not ${WHAT}`);
      value = decimalFromDigits(negative, intDigits, fracDigits);
      hasPercentSign = percent;
      raw = c.text;
      break;
    }
  }
  const fraction = hasPercentSign || assume === "percent" ? shiftLeft(value, 2) : value;
  if (absGreaterThan(fraction, MAX_FRACTION)) {
    const asPercent = formatPlain({ units: fraction.units * 100n, scale: fraction.scale });
    const shown = hasPercentSign ? quote(raw) : `${quote(raw)} (${asPercent}%)`;
    return fail("out_of_range", `${shown} is more than 1000%`);
  }
  return success(formatPlain(roundDecimal(fraction, FRACTION_PLACES)));
}
