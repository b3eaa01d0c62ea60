/**
 * Result types shared by every cell transformer.
 *
 * A transformer never throws for bad input: it returns one of three outcomes.
 *  - success: `{ ok: true, value }` (plus parser-specific extras such as `cents`)
 *  - blank:   `{ ok: true, value: null, blank: true }` for empty cells, whitespace and `-`/`—` placeholders
 *  - failure: `{ ok: false, code, message }` where `message` is plain English for clinic staff
 */

/** A cell as returned by the Google Sheets API `values.get` (FORMATTED_VALUE or UNFORMATTED_VALUE). */
export type Cell = string | number | boolean | null | undefined;

export type ErrorCode =
  /** `#REF!`, `#DIV/0!`, … or an IMPORTRANGE still loading. */
  | "spreadsheet_error"
  /** A TRUE/FALSE checkbox or a non-finite number where a value was expected. */
  | "invalid_type"
  /** Text that cannot be read as the expected kind of value. */
  | "invalid_format"
  /** `1.2E+05`: the sheet is hiding digits, so the exact value is unknown. */
  | "scientific_notation"
  /** An amount typed with more than 2 decimal places. */
  | "too_many_decimals"
  /** Too large / too small, or a year outside 1990–2100. */
  | "out_of_range"
  /** A count below zero. */
  | "negative"
  /** A count with a fractional part. */
  | "not_whole_number"
  /** A calendar date that does not exist (February 30, month 13, …). */
  | "invalid_date"
  /** A day-only date (`15`) without a month tab to say which month it is in. */
  | "missing_context";

export interface Failure {
  ok: false;
  code: ErrorCode;
  message: string;
}

export interface Blank {
  ok: true;
  value: null;
  blank: true;
}

export type Success<T, Extra extends object = Record<never, never>> = {
  ok: true;
  value: T;
  blank?: false;
} & Extra;

export type ParseResult<T, Extra extends object = Record<never, never>> =
  | Success<T, Extra>
  | Blank
  | Failure;

export const BLANK: Blank = Object.freeze({ ok: true, value: null, blank: true }) as Blank;

export function fail(code: ErrorCode, message: string): Failure {
  return { ok: false, code, message };
}

/**
 * A success without extras. Transformers with extras (`cents`, `original`/`key`) write their
 * result as a literal: this is called for every cell of a sync, and spreading extras per call
 * cost more than parsing the cell.
 */
export function success<T>(value: T): Success<T> {
  return { ok: true, value };
}

/** True when the result carries a real value (not blank, not a failure). */
export function hasValue<T, E extends object>(result: ParseResult<T, E>): result is Success<T, E> {
  return result.ok && result.blank !== true;
}

const MAX_QUOTE = 60;

/** Quote a cell's text for a message: “$12,3a4”. Long text is shortened. */
export function quote(text: string): string {
  const shown = text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE - 1)}…` : text;
  return `“${shown}”`;
}
