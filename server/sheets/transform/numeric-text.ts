/**
 * Reads the text of a formatted number: signs (leading, trailing, parentheses),
 * currency symbols/codes, a trailing percent sign, thousands separators and the
 * decimal separator. It knows nothing about what the number will be used for.
 */
import { fail, quote, type Failure } from "./result.ts";

export type DecimalSeparator = "." | ",";

export interface NumericText {
  negative: boolean;
  /** Digits before the decimal separator, separators removed ('' for ".5"). */
  intDigits: string;
  /** Digits after the decimal separator. */
  fracDigits: string;
  /** The currency symbol or code found, if any ("$", "€", "USD", …). */
  currency: string | null;
  /** A trailing `%` was present. */
  percent: boolean;
}

export type LexFailureReason = "format" | "scientific" | "separator" | "signs" | "currencies";

export type LexResult = { ok: true; value: NumericText } | { ok: false; reason: LexFailureReason };

const CODES = "USD|EUR|GBP|CAD|AUD|NZD";
export const CURRENCY_PATTERN = `US\\$|CA\\$|AU\\$|NZ\\$|C\\$|A\\$|\\$|€|£|¥|(?:${CODES})(?![A-Za-z])`;
const LEAD_CURRENCY = new RegExp(`^(?:${CURRENCY_PATTERN})`, "i");
const TRAIL_CURRENCY = new RegExp(`(?:US\\$|CA\\$|AU\\$|NZ\\$|C\\$|A\\$|\\$|€|£|¥|(?<![A-Za-z])(?:${CODES}))$`, "i");
const LEAD_SIGN = /^[-+−]/;
const TRAIL_MINUS = /[-−]$/;
const SCIENTIFIC = /^\d*[.,]?\d+e[+-]?\d+$/i;

export function lexNumber(text: string, decimalSeparator: DecimalSeparator = "."): LexResult {
  let s = text.trim();
  let minus = 0;
  let plus = 0;
  let percent = false;
  let parens = false;
  const currencies: string[] = [];

  // Peel signs, currency markers, % and one pair of parentheses off both ends until nothing changes.
  for (;;) {
    const before = s;
    let m: RegExpExecArray | null;
    if ((m = LEAD_SIGN.exec(s))) {
      if (m[0] === "+") plus++;
      else minus++;
      s = s.slice(1);
    } else if ((m = LEAD_CURRENCY.exec(s))) {
      currencies.push(m[0]);
      s = s.slice(m[0].length);
    } else if (s.endsWith("%")) {
      if (percent) return { ok: false, reason: "format" };
      percent = true;
      s = s.slice(0, -1);
    } else if (s.length > 1 && TRAIL_MINUS.test(s)) {
      minus++;
      s = s.slice(0, -1);
    } else if ((m = TRAIL_CURRENCY.exec(s))) {
      currencies.push(m[0]);
      s = s.slice(0, s.length - m[0].length);
    } else if (!parens && s.startsWith("(") && s.endsWith(")")) {
      parens = true;
      minus++;
      s = s.slice(1, -1);
    }
    s = s.trim();
    if (s === before) break;
  }

  if (minus > 1 || plus > 1 || (minus > 0 && plus > 0)) return { ok: false, reason: "signs" };
  if (currencies.length > 1) return { ok: false, reason: "currencies" };
  if (SCIENTIFIC.test(s)) return { ok: false, reason: "scientific" };
  if (s === "" || !/^[\d., ]+$/.test(s)) return { ok: false, reason: "format" };

  const group = decimalSeparator === "." ? "," : ".";
  const parts = s.split(decimalSeparator);
  if (parts.length > 2) {
    return { ok: false, reason: looksGrouped(s, decimalSeparator) ? "separator" : "format" };
  }
  const intPart = parts[0] ?? "";
  const fracPart = parts[1] ?? "";
  if (!/^\d*$/.test(fracPart)) {
    return { ok: false, reason: fracPart.includes(group) ? "separator" : "format" };
  }
  if (intPart === "" && fracPart === "") return { ok: false, reason: "format" };
  if (!/^\d*$/.test(intPart) && !looksGrouped(intPart, group)) {
    // "12,34" in a sheet set to "." probably means 12.34 written the European way (and vice versa).
    const otherDecimal = new RegExp(`^\\d+\\${group}\\d{1,2}$`);
    return { ok: false, reason: fracPart === "" && otherDecimal.test(intPart) ? "separator" : "format" };
  }

  return {
    ok: true,
    value: {
      negative: minus > 0,
      intDigits: intPart.replace(/\D/g, ""),
      fracDigits: fracPart,
      currency: currencies[0] ?? null,
      percent,
    },
  };
}

/** "1,234,567" / "1 234 567": a 1–3 digit group followed by 3-digit groups, one separator kind. */
function looksGrouped(text: string, separator: string): boolean {
  const sep = `\\${separator}`;
  return new RegExp(`^\\d{1,3}(?:${sep}\\d{3})+$`).test(text) || /^\d{1,3}(?: \d{3})+$/.test(text);
}

/** Plain-English failure for a lexing problem. `what` is e.g. "an amount" or "a number". */
export function lexFailure(
  reason: LexFailureReason,
  raw: string,
  what: string,
  decimalSeparator: DecimalSeparator,
): Failure {
  const q = quote(raw);
  switch (reason) {
    case "scientific":
      return fail(
        "scientific_notation",
        `${q} is in scientific notation, which hides digits; format the column as a number in the sheet so the full value shows`,
      );
    case "separator": {
      const other = decimalSeparator === "." ? "comma" : "point";
      const mine = decimalSeparator === "." ? "point" : "comma";
      return fail(
        "invalid_format",
        `${q} is not ${what} when decimals are written with a ${mine}; if this sheet writes decimals with a ${other}, change the column's decimal separator setting`,
      );
    }
    case "signs":
      return fail("invalid_format", `${q} is not ${what} (it has more than one sign)`);
    case "currencies":
      return fail("invalid_format", `${q} is not ${what} (it has more than one currency symbol)`);
    case "format":
      return fail("invalid_format", `${q} is not ${what}`);
  }
}
