/**
 * Minimal exact decimal arithmetic on bigint, enough for money and percentages.
 * A value is `units / 10^scale`; the sign lives in `units`.
 *
 * (A library such as decimal.js or big.js would normally do this; installing
 * packages is not allowed in this change, and we only need parse/round/format.)
 */

export interface Decimal {
  units: bigint;
  scale: number;
}

const TEN = 10n;

function pow10(n: number): bigint {
  return TEN ** BigInt(n);
}

export function decimalFromDigits(negative: boolean, intDigits: string, fracDigits: string): Decimal {
  const digits = `${intDigits}${fracDigits}` || "0";
  const magnitude = BigInt(digits);
  return { units: negative ? -magnitude : magnitude, scale: fracDigits.length };
}

/**
 * Exact decimal of the shortest text that round-trips to `value`, so 1.005
 * becomes 1.005 (what the sheet shows), not 1.00499999999999989… .
 */
export function decimalFromNumber(value: number): Decimal {
  if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
  const match = /^(-)?(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!match) throw new RangeError(`Unexpected number text: ${String(value)}`);
  const [, minus, int = "0", frac = "", exp = "0"] = match;
  let units = BigInt(`${int}${frac}`);
  let scale = frac.length - Number(exp);
  if (scale < 0) {
    units *= pow10(-scale);
    scale = 0;
  }
  return { units: minus ? -units : units, scale };
}

/** Round to `scale` decimal places, halves away from zero (1.005 → 1.01, -1.005 → -1.01). */
export function roundDecimal(value: Decimal, scale: number): Decimal {
  if (value.scale <= scale) {
    return { units: value.units * pow10(scale - value.scale), scale };
  }
  const factor = pow10(value.scale - scale);
  const negative = value.units < 0n;
  const magnitude = negative ? -value.units : value.units;
  let quotient = magnitude / factor;
  if ((magnitude % factor) * 2n >= factor) quotient += 1n;
  return { units: negative ? -quotient : quotient, scale };
}

/** Move the decimal point left by `places` (divide by 10^places), exactly. */
export function shiftLeft(value: Decimal, places: number): Decimal {
  return { units: value.units, scale: value.scale + places };
}

/** Fixed-point text with exactly `scale` decimals: "-1234.50". Never "-0.00". */
export function formatFixed(value: Decimal, scale: number): string {
  const rounded = roundDecimal(value, scale);
  const negative = rounded.units < 0n;
  const digits = (negative ? -rounded.units : rounded.units).toString().padStart(scale + 1, "0");
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale);
  const body = scale > 0 ? `${int}.${frac}` : int;
  return negative ? `-${body}` : body;
}

/** Shortest plain text without trailing zeros: "0.125", "1", "-0.05". */
export function formatPlain(value: Decimal): string {
  const fixed = formatFixed(value, value.scale);
  if (!fixed.includes(".")) return fixed;
  return fixed.replace(/\.?0+$/, "");
}

/** True when |value| is greater than |limit|. */
export function absGreaterThan(value: Decimal, limit: Decimal): boolean {
  const scale = Math.max(value.scale, limit.scale);
  const a = roundDecimal(value, scale).units;
  const b = roundDecimal(limit, scale).units;
  return (a < 0n ? -a : a) > (b < 0n ? -b : b);
}

export function isZero(value: Decimal): boolean {
  return value.units === 0n;
}

/** True when the value has no non-zero digits after the decimal point. */
export function isWhole(value: Decimal): boolean {
  return value.units % pow10(value.scale) === 0n;
}
