// Cell normalization (fixture Cell -> StoredCell) and rendering for the three valueRenderOptions.
import { DEFAULT_PATTERNS, formatNumber, isDatePattern, isoDateToSerial, serialToDate } from "./number-format.ts";
import type { Cell, CellType, ColumnFormat, StoredCell } from "./types.ts";

export type ValueRenderOption = "FORMATTED_VALUE" | "UNFORMATTED_VALUE" | "FORMULA";
export type DateTimeRenderOption = "SERIAL_NUMBER" | "FORMATTED_STRING";
export type RenderedValue = string | number | boolean;

export class CellError extends Error {}

/** Converts a fixture cell into its stored form; returns null for empty cells (null, "", {}). */
export function normalizeCell(cell: Cell | undefined, column?: ColumnFormat): StoredCell | null {
  if (cell === null || cell === undefined || cell === "") return null;
  if (typeof cell === "string") return { v: cell, type: "text" };
  if (typeof cell === "boolean") return { v: cell, type: "boolean" };
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) throw new CellError(`non-finite number ${cell}`);
    return withColumnFormat({ v: cell, type: "number" }, column, true);
  }
  let v = cell.v ?? null;
  let type: CellType | undefined = cell.type;
  if (cell.date !== undefined) {
    const serial = isoDateToSerial(cell.date);
    if (serial === undefined) throw new CellError(`invalid date "${cell.date}" (use a real YYYY-MM-DD date or a text cell)`);
    v = serial;
    type = "date";
  }
  if (v === null || v === "") {
    if (cell.f === undefined || cell.f === "") return null;
    v = cell.f; // display-only cell: behaves like text
    type ??= "text";
  }
  const stored: StoredCell = { v, type: type ?? inferType(v, cell.fmt) };
  if (cell.fmt !== undefined) stored.fmt = cell.fmt;
  if (cell.f !== undefined) stored.f = cell.f;
  if (cell.formula !== undefined) stored.formula = cell.formula;
  if (typeof v === "number" && !Number.isFinite(v)) throw new CellError(`non-finite number ${v}`);
  const untyped = cell.type === undefined && cell.fmt === undefined;
  if (cell.date !== undefined) {
    // `{ date }` cells take a date pattern from their column (e.g. yyyy-mm-dd), never another type.
    if (untyped && column?.fmt && (column.type ?? "date") === "date") stored.fmt = column.fmt;
    return stored;
  }
  return withColumnFormat(stored, column, untyped);
}

function inferType(v: number | string | boolean, fmt: string | undefined): CellType {
  if (typeof v === "boolean") return "boolean";
  if (typeof v === "string") return /^#(REF!|DIV\/0!|N\/A|VALUE!|NAME\?|NUM!|NULL!|ERROR!)$/.test(v) ? "error" : "text";
  if (fmt && isDatePattern(fmt)) return "date";
  if (fmt && fmt.includes("%")) return "percent";
  return "number";
}

function withColumnFormat(cell: StoredCell, column: ColumnFormat | undefined, untyped: boolean): StoredCell {
  if (!column || !untyped || typeof cell.v !== "number") return cell;
  if (column.type) cell.type = column.type;
  if (column.fmt) cell.fmt = column.fmt;
  return cell;
}

/** The pattern used to display a numeric cell. Plain numbers use "General". */
function patternOf(cell: StoredCell): string | undefined {
  return cell.fmt ?? DEFAULT_PATTERNS[cell.type];
}

export function formattedValue(cell: StoredCell): string {
  if (cell.f !== undefined) return cell.f;
  if (typeof cell.v === "boolean") return cell.v ? "TRUE" : "FALSE";
  if (typeof cell.v === "string") return cell.v;
  return formatNumber(cell.v, patternOf(cell));
}

function isDateCell(cell: StoredCell): boolean {
  return typeof cell.v === "number" && (cell.type === "date" || (cell.fmt !== undefined && isDatePattern(cell.fmt)));
}

export function renderCell(cell: StoredCell, value: ValueRenderOption, dateTime: DateTimeRenderOption): RenderedValue {
  if (value === "FORMATTED_VALUE") return formattedValue(cell);
  if (value === "FORMULA" && cell.formula !== undefined) return cell.formula;
  if (isDateCell(cell) && dateTime === "FORMATTED_STRING") return formattedValue(cell);
  return cell.v;
}

/** True when a stored cell would be returned as an empty value (trimmed at row/column ends). */
export function isEmptyCell(cell: StoredCell | null | undefined): boolean {
  return cell === null || cell === undefined || cell.v === "";
}

/** For tests and fixture checks: the JS Date (UTC midnight) of a date cell, else undefined. */
export function dateOfCell(cell: StoredCell | null | undefined): Date | undefined {
  if (!cell || !isDateCell(cell) || typeof cell.v !== "number") return undefined;
  return serialToDate(cell.v);
}
