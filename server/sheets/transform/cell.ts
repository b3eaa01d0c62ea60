/**
 * First step of every transformer: classify a raw cell as blank, a spreadsheet
 * error, a number, a checkbox or normalised text.
 */
import { fail, quote, type Cell, type Failure } from "./result.ts";

/** Spreadsheet error values and what they mean, phrased for clinic staff. */
const SPREADSHEET_ERRORS: Readonly<Record<string, string>> = {
  "#REF!": "a formula refers to a deleted cell",
  "#DIV/0!": "a formula divides by zero",
  "#N/A": "a lookup formula found nothing",
  "#VALUE!": "a formula got the wrong kind of value",
  "#NAME?": "a formula uses a name or function the spreadsheet does not know",
  "#NUM!": "a formula produced an impossible number",
  "#NULL!": "a formula refers to ranges that do not overlap",
  "#ERROR!": "a formula could not be understood",
  "#SPILL!": "a formula's results would overwrite other cells",
  "#CALC!": "a formula could not be calculated",
};

/** Placeholders that mean "nothing here": hyphen, en dash, em dash, minus sign, double hyphen. */
const BLANK_PLACEHOLDERS = new Set(["-", "--", "–", "—", "−"]);

// Non-breaking, figure, narrow and other Unicode spaces, tabs and line breaks all become a plain space.
const SPACE_LIKE = /[\s\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/g;
// Zero-width characters that sneak in from copy-paste.
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/** Replace every kind of space with a single ASCII space, drop zero-width characters, trim. */
export function normaliseSpaces(text: string): string {
  return text.replace(ZERO_WIDTH, "").replace(SPACE_LIKE, " ").trim();
}

export type ClassifiedCell =
  | { kind: "blank" }
  | { kind: "error"; failure: Failure }
  | { kind: "number"; value: number }
  | { kind: "boolean"; value: boolean }
  | { kind: "text"; text: string };

/** Returns the failure for a spreadsheet error value such as `#REF!`, or null. */
export function spreadsheetError(text: string): Failure | null {
  const upper = text.toUpperCase();
  const meaning = SPREADSHEET_ERRORS[upper];
  if (meaning !== undefined) {
    return fail("spreadsheet_error", `${upper} is a spreadsheet error (${meaning})`);
  }
  if (/^loading\.{0,3}$/i.test(text)) {
    return fail(
      "spreadsheet_error",
      `${quote(text)} means the spreadsheet was still calculating; try the import again`,
    );
  }
  return null;
}

export function classifyCell(cell: Cell): ClassifiedCell {
  if (cell === null || cell === undefined) return { kind: "blank" };
  if (typeof cell === "boolean") return { kind: "boolean", value: cell };
  if (typeof cell === "number") return { kind: "number", value: cell };
  const text = normaliseSpaces(String(cell));
  if (text === "" || BLANK_PLACEHOLDERS.has(text)) return { kind: "blank" };
  const error = spreadsheetError(text);
  if (error) return { kind: "error", failure: error };
  return { kind: "text", text };
}

export function checkboxFailure(what: string): Failure {
  return fail("invalid_type", `A TRUE/FALSE checkbox is not ${what}`);
}

export function nonFiniteFailure(value: number, what: string): Failure {
  return fail("invalid_type", `${quote(String(value))} is not ${what}`);
}
