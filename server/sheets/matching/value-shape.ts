/**
 * What a column's sample values look like, how well that fits a field's kind,
 * and which fields the values alone suggest.
 *
 *  - Mostly dates → the date field (serial numbers count only when they are all
 *    whole numbers in 1990–2100 within about a year of each other, so amounts
 *    like 45,000 are not mistaken for dates).
 *  - Mostly "Dr. X" / "X, DDS" → provider; plain "First Last" names → provider
 *    only when the header is blank or generic ("Name"), never for "Patient".
 *  - Mostly money → a currency field only when a header word hints which one
 *    ("Fees" → production, "Deposits" → collections).
 */
import { classifyCell } from "../transform/cell.ts";
import { parseCurrency } from "../transform/currency.ts";
import { parseDate } from "../transform/date.ts";
import { parseInteger, parseNumber } from "../transform/number.ts";
import { parsePercent } from "../transform/percent.ts";
import type { Cell } from "../transform/result.ts";
import { WEEKDAY_PATTERN } from "../transform/calendar.ts";
import type { FieldKind } from "./fields.ts";
import type { Candidate } from "./header-score.ts";
import { MONEY_HINTS } from "./vocabulary.ts";

export type ValueShape =
  | "empty"
  | "mixed"
  | "date"
  | "weekday"
  | "currency"
  | "integer"
  | "decimal"
  | "percent"
  | "provider"
  | "name"
  | "text";

type CellShape = Exclude<ValueShape, "empty" | "mixed">;

const DOMINANT = 0.8;
const SERIAL_MIN = 32874; // 1990-01-01
const SERIAL_MAX = 73415; // 2100-12-31
const SERIAL_SPAN = 400;

const WEEKDAY = new RegExp(`^(?:${WEEKDAY_PATTERN})\\.?$`, "i");
const CURRENCY_MARK = /[$€£¥]|^\(.*\)$|\b(?:usd|eur|gbp)\b/i;
const PROVIDER = /^(?:dr|doctor)\b\.?\s*\S|[\s,](?:d\.?d\.?s|d\.?m\.?d|r\.?d\.?h)\.?$/i;
const PERSON_NAME = /^(?:\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}\.?)?(?:\s+\p{Lu}[\p{L}'’-]+){1,2}|\p{Lu}[\p{L}'’-]+,\s*\p{Lu}[\p{L}'’-]+)$/u;

function shapeOf(cell: Cell): { shape: CellShape; serial: number | null } | null {
  const c = classifyCell(cell);
  switch (c.kind) {
    case "blank":
    case "error":
      return null;
    case "boolean":
      return { shape: "text", serial: null };
    case "number": {
      const whole = Number.isInteger(c.value);
      const serial = whole && c.value >= SERIAL_MIN && c.value <= SERIAL_MAX ? c.value : null;
      return { shape: whole ? "integer" : "decimal", serial };
    }
    case "text":
      return { shape: textShape(c.text), serial: null };
  }
}

function textShape(text: string): CellShape {
  if (text.endsWith("%") && parsePercent(text).ok) return "percent";
  if (CURRENCY_MARK.test(text) && parseCurrency(text).ok) return "currency";
  if (parseInteger(text).ok) return "integer";
  if (parseNumber(text).ok) return "decimal";
  if (WEEKDAY.test(text)) return "weekday";
  if (parseDate(text).ok) return "date";
  if (PROVIDER.test(text)) return "provider";
  if (PERSON_NAME.test(text)) return "name";
  return "text";
}

export function inferValueShape(cells: readonly Cell[]): ValueShape {
  const counts = new Map<CellShape, number>();
  const serials: number[] = [];
  let total = 0;
  for (const cell of cells) {
    const s = shapeOf(cell);
    if (!s) continue;
    total++;
    counts.set(s.shape, (counts.get(s.shape) ?? 0) + 1);
    if (s.serial !== null) serials.push(s.serial);
  }
  if (total === 0) return "empty";
  const n = (...shapes: CellShape[]) => shapes.reduce((sum, s) => sum + (counts.get(s) ?? 0), 0);

  if (serials.length === total && total >= 2 && Math.max(...serials) - Math.min(...serials) <= SERIAL_SPAN) {
    return "date";
  }
  for (const single of ["date", "weekday", "percent"] as const) {
    if (n(single) / total >= DOMINANT) return single;
  }
  const numeric = n("currency", "integer", "decimal");
  if (numeric / total >= DOMINANT) {
    if (n("currency") * 2 >= numeric) return "currency";
    return n("decimal") > 0 ? "decimal" : "integer";
  }
  const people = n("provider", "name");
  if (people / total >= DOMINANT) return n("provider") * 2 >= people ? "provider" : "name";
  if ((people + n("text")) / total >= DOMINANT) return "text";
  return "mixed";
}

const COMPATIBILITY: Record<FieldKind, Partial<Record<ValueShape, number>>> = {
  date: { date: 1, integer: 0.9, text: 0.7, weekday: 0.3 },
  provider: { provider: 1, name: 1, text: 1 },
  currency: { currency: 1, decimal: 1, integer: 1, percent: 0.6, text: 0.6, name: 0.6, provider: 0.6, weekday: 0.6 },
  integer: { integer: 1, decimal: 0.85, currency: 0.7, percent: 0.6, text: 0.6, name: 0.6, provider: 0.6, weekday: 0.6 },
};

/** Multiplier (≤ 1) for a header-based match whose values do not look like the field's kind. */
export function shapeCompatibility(kind: FieldKind, shape: ValueShape): number {
  if (shape === "empty" || shape === "mixed") return 1;
  return COMPATIBILITY[kind][shape] ?? 0.5;
}

/** Fields suggested by the values themselves (low confidence). */
export function shapeCandidates(shape: ValueShape, headerWords: readonly string[], genericHeader: boolean): Candidate[] {
  switch (shape) {
    case "date":
      return [{ field: "date", confidence: 0.45, reason: "value-shape" }];
    case "provider":
      return [{ field: "provider", confidence: 0.45, reason: "value-shape" }];
    case "name":
      return genericHeader ? [{ field: "provider", confidence: 0.35, reason: "value-shape" }] : [];
    case "currency":
    case "decimal":
    case "integer": {
      const hinted = new Set(headerWords.flatMap((w) => MONEY_HINTS[w] ?? []));
      if (hinted.size !== 1) return [];
      const [field] = hinted;
      if (field === undefined) return [];
      return [{ field, confidence: shape === "currency" ? 0.4 : 0.35, reason: "value-shape" }];
    }
    default:
      return [];
  }
}
