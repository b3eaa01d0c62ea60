import { parseCurrency, parseInteger, parsePercent } from "../sheets/transform/index.ts";
import type { ValueKind } from "./legacy-map.ts";

/**
 * Legacy values are text ("$1,234.56", "(12.00)", "1,042", "98%"). The sheet parsers in
 * server/sheets/transform decide what each means; to move a million rows set-wise, the data
 * migration reads the common, unambiguous shapes in SQL (the fast path below) and hands only the
 * distinct remaining texts to those parsers. parse.test.ts proves the fast path agrees with them.
 */

/** SQL: the exact value of a plain money text ("1234.5", "$1,234.56", "-$12", "$-12"), else NULL. */
export function moneyFastPathSql(col: string): string {
  return `CASE WHEN ${col} ~ '^(-\\$?|\\$-?)?([0-9]{1,3}(,[0-9]{3})+|[0-9]{1,10})(\\.[0-9]{1,2})?$'
                THEN replace(replace(${col}, '$', ''), ',', '')::numeric(14,2) END`;
}

/** SQL: the value of a plain count text ("0" … "999999999"), else NULL. */
export function countFastPathSql(col: string): string {
  return `CASE WHEN ${col} ~ '^[0-9]{1,9}$' THEN ${col}::numeric END`;
}

export function fastPathSql(kindCol: string, col: string): string {
  return `CASE ${kindCol} WHEN 'money' THEN ${moneyFastPathSql(col)} WHEN 'count' THEN ${countFastPathSql(col)} END`;
}

export type LegacyParse =
  | { ok: true; value: string }
  | { ok: false; blank: true; code: "blank"; message: string }
  | { ok: false; blank: false; code: string; message: string };

/**
 * One legacy text as the typed model stores it: money → decimal text with 2 places, counts →
 * integer text, percentages → percentage points (98% → "98"). Blank cells are not values.
 */
export function parseLegacyValue(kind: ValueKind, raw: string): LegacyParse {
  const result = kind === "money" ? parseCurrency(raw) : kind === "count" ? parseInteger(raw) : parsePercent(raw);
  if (!result.ok) return { ok: false, blank: false, code: result.code, message: result.message };
  if (result.value === null) return { ok: false, blank: true, code: "blank", message: `“${raw}” is empty` };
  if (kind === "percent") return { ok: true, value: times100(String(result.value)) };
  return { ok: true, value: String(result.value) };
}

/** Exact decimal text × 100 ("0.125" → "12.5", "-1" → "-100"), without floating point. */
export function times100(text: string): string {
  const negative = text.startsWith("-");
  const [int = "0", frac = ""] = (negative ? text.slice(1) : text).split(".");
  const padded = frac.padEnd(2, "0");
  const whole = `${int}${padded.slice(0, 2)}`.replace(/^0+(?=\d)/, "");
  const rest = padded.slice(2).replace(/0+$/, "");
  const out = rest ? `${whole}.${rest}` : whole;
  return negative && out !== "0" ? `-${out}` : out;
}
