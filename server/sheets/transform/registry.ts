/**
 * The transform registry: one function per column kind, and the zod schema for
 * a column's transform config (stored as JSON in the database).
 */
import { z } from "zod";
import { parseCurrency } from "./currency.ts";
import { DATE_FORMATS, parseDate } from "./date.ts";
import { parseInteger, parseNumber } from "./number.ts";
import { parsePercent } from "./percent.ts";
import type { Cell, ParseResult } from "./result.ts";
import { parseProviderName, parseText } from "./text.ts";

export const TRANSFORM_KINDS = ["currency", "number", "integer", "percent", "date", "text", "provider"] as const;
export type TransformKind = (typeof TRANSFORM_KINDS)[number];

export const transformSpecSchema = z.object({
  kind: z.enum(TRANSFORM_KINDS),
  dateFormat: z.enum(DATE_FORMATS).optional(),
  decimalSeparator: z.enum([".", ","]).optional(),
  percentAssume: z.enum(["fraction", "percent"]).optional(),
});
export type TransformSpec = z.infer<typeof transformSpecSchema>;

/** Where the cell came from; not stored with the column config. */
export interface TransformContext {
  /** Title of the tab, for day-only dates in month tabs. */
  monthTab?: string;
  /** "Now" for dates without a year; a function is called only when a cell needs it. */
  today?: Date | (() => Date);
}

export type TransformOptions = Omit<TransformSpec, "kind"> & TransformContext;

/**
 * Any transformer's result. Successful values are a string (currency "1234.50",
 * percent "0.125", date "2024-01-15", text, provider name) or a number (number, integer);
 * some kinds add extras (`cents`, `ambiguous`, `original`/`key`).
 */
export type TransformResult = ParseResult<string | number, { [extra: string]: unknown }>;

export type Transformer = (cell: Cell, options?: TransformOptions) => TransformResult;

export const transformers: Record<TransformKind, Transformer> = {
  currency: (cell, o = {}) => parseCurrency(cell, { decimalSeparator: o.decimalSeparator }),
  number: (cell, o = {}) => parseNumber(cell, { decimalSeparator: o.decimalSeparator }),
  integer: (cell, o = {}) => parseInteger(cell, { decimalSeparator: o.decimalSeparator }),
  percent: (cell, o = {}) => parsePercent(cell, { assume: o.percentAssume, decimalSeparator: o.decimalSeparator }),
  date: (cell, o = {}) => parseDate(cell, { format: o.dateFormat, monthTab: o.monthTab, today: o.today }),
  text: (cell) => parseText(cell),
  provider: (cell) => parseProviderName(cell),
};

/** Apply a column's stored transform config to one cell. */
export function transformCell(cell: Cell, spec: TransformSpec, context: TransformContext = {}): TransformResult {
  const { kind, ...options } = spec;
  return transformers[kind](cell, { ...options, ...context });
}
