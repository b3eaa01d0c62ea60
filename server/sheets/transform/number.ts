/**
 * Plain numbers and counts.
 *
 * Decisions:
 *  - Currency symbols and `%` are rejected: use the currency / percent kinds.
 *  - Scientific notation text is rejected (the sheet is hiding digits).
 *  - Counts (`parseInteger`) reject negatives and fractions; "12.00" is fine, and
 *    floating-point noise from formulas (2.9999999999999996) is rounded away.
 *  - Counts must fit a database Int (≤ 2,147,483,647).
 */
import { checkboxFailure, classifyCell, nonFiniteFailure } from "./cell.ts";
import { decimalFromDigits, formatPlain, isWhole, isZero, type Decimal } from "./decimal.ts";
import { lexFailure, lexNumber, type DecimalSeparator } from "./numeric-text.ts";
import { BLANK, fail, quote, success, type Cell, type Failure, type ParseResult } from "./result.ts";

export interface NumberOptions {
  decimalSeparator?: DecimalSeparator;
}

const MAX_INT = 2_147_483_647;
const FLOAT_NOISE = 1e-9;

type Read = { ok: true; value: Decimal | number; raw: string } | Failure | null;

/** Shared reading of a cell into a Decimal (text) or a number (UNFORMATTED_VALUE); null = blank. */
function read(cell: Cell, what: string, opts: NumberOptions): Read {
  const sep = opts.decimalSeparator ?? ".";
  const c = classifyCell(cell);
  switch (c.kind) {
    case "blank":
      return null;
    case "error":
      return c.failure;
    case "boolean":
      return checkboxFailure(what);
    case "number":
      return Number.isFinite(c.value) ? { ok: true, value: c.value, raw: String(c.value) } : nonFiniteFailure(c.value, what);
    case "text": {
      const lexed = lexNumber(c.text, sep);
      if (!lexed.ok) return lexFailure(lexed.reason, c.text, what, sep);
      const { negative, intDigits, fracDigits, currency, percent } = lexed.value;
      if (currency !== null) return fail("invalid_format", `${quote(c.text)} is an amount of money, not ${what}`);
      if (percent) return fail("invalid_format", `${quote(c.text)} is a percentage, not ${what}`);
      return { ok: true, value: decimalFromDigits(negative, intDigits, fracDigits), raw: c.text };
    }
  }
}

export function parseNumber(cell: Cell, opts: NumberOptions = {}): ParseResult<number> {
  const r = read(cell, "a number", opts);
  if (r === null) return BLANK;
  if (!r.ok) return r;
  const n = typeof r.value === "number" ? r.value : Number(formatPlain(r.value));
  return success(n === 0 ? 0 : n);
}

/** A count: a whole number, zero or more. Accepts "1,234". */
export function parseInteger(cell: Cell, opts: NumberOptions = {}): ParseResult<number> {
  const r = read(cell, "a count", opts);
  if (r === null) return BLANK;
  if (!r.ok) return r;
  let n: number;
  if (typeof r.value === "number") {
    const nearest = Math.round(r.value);
    if (Math.abs(r.value - nearest) > FLOAT_NOISE) return notWhole(r.raw);
    n = nearest;
  } else {
    if (!isWhole(r.value)) return notWhole(r.raw);
    n = isZero(r.value) ? 0 : Number(formatPlain(r.value));
  }
  if (n < 0) return fail("negative", `${quote(r.raw)} is below zero, and a count cannot be negative`);
  if (n > MAX_INT) return fail("out_of_range", `${quote(r.raw)} is too large for a count`);
  return success(n === 0 ? 0 : n);
}

function notWhole(raw: string): Failure {
  return fail("not_whole_number", `${quote(raw)} is not a whole number, and a count cannot have a fraction`);
}
