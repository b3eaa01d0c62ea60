// A1 notation: parsing (`'Jan-24'!A1:Z`, `Sheet1`, `A:Z`, `5:10`, `$B$2`), resolution against a sheet's grid, formatting.

export interface A1Endpoint {
  /** 0-based column, undefined when the reference is row-only (`5:10`). */
  col?: number;
  /** 0-based row, undefined when the reference is column-only (`A:Z`). */
  row?: number;
}

export interface ParsedA1 {
  /** Sheet title (unquoted) if the range names one. */
  sheet?: string;
  /** Cell part; undefined means the whole sheet. */
  start?: A1Endpoint;
  end?: A1Endpoint;
}

/** Resolved, inclusive, 0-based grid window. */
export interface GridWindow {
  startRow: number;
  endRow: number;
  startCol: number;
  endCol: number;
}

export class A1ParseError extends Error {}

export const MAX_COLUMNS = 18_278; // ZZZ
const MAX_ROWS = 10_000_000;

// Column letters are converted the way the app reads ranges (one implementation for both).
import { columnIndex as columnToIndex, columnLetter as indexToColumn } from "../../sync/a1.ts";

export { columnToIndex, indexToColumn };

const ENDPOINT = /^\$?([A-Za-z]{1,3})?\$?([0-9]{1,8})?$/;

function parseEndpoint(text: string): A1Endpoint | undefined {
  const m = ENDPOINT.exec(text);
  if (!m || (m[1] === undefined && m[2] === undefined)) return undefined;
  const ep: A1Endpoint = {};
  if (m[1] !== undefined) ep.col = columnToIndex(m[1]);
  if (m[2] !== undefined) {
    const row = Number(m[2]);
    if (row < 1 || row > MAX_ROWS) return undefined;
    ep.row = row - 1;
  }
  if (ep.col !== undefined && ep.col >= MAX_COLUMNS) return undefined;
  return ep;
}

/** Parses the cell part (`A1`, `A1:B2`, `A:B`, `3:7`, `A5:F`); undefined if it is not a cell reference. */
export function parseCellPart(text: string): { start: A1Endpoint; end: A1Endpoint } | undefined {
  const parts = text.split(":");
  if (parts.length > 2) return undefined;
  const start = parseEndpoint(parts[0] ?? "");
  if (!start) return undefined;
  if (parts.length === 1) {
    // A single endpoint must be a full cell (`B2`); `B` or `2` alone is not a range.
    return start.col !== undefined && start.row !== undefined ? { start, end: { ...start } } : undefined;
  }
  const end = parseEndpoint(parts[1] ?? "");
  if (!end) return undefined;
  // Row-only on one side and column-only on the other (`1:A`) is meaningless.
  const rowOnly = (e: A1Endpoint) => e.col === undefined;
  if (rowOnly(start) !== rowOnly(end)) return undefined;
  return { start, end };
}

/** Splits `'It''s Q1'!A1:B` / `Jan-24!A:Z` / `Sheet1` into sheet and cell text. Throws A1ParseError. */
export function parseA1(input: string): ParsedA1 {
  const text = input.trim();
  if (text === "") throw new A1ParseError(input);
  if (text.startsWith("'")) {
    let i = 1;
    let title = "";
    for (; i < text.length; i++) {
      const ch = text[i] as string;
      if (ch === "'") {
        if (text[i + 1] === "'") {
          title += "'";
          i++;
          continue;
        }
        break;
      }
      title += ch;
    }
    if (i >= text.length || title === "") throw new A1ParseError(input);
    const rest = text.slice(i + 1);
    if (rest === "") return { sheet: title };
    if (!rest.startsWith("!")) throw new A1ParseError(input);
    const cells = parseCellPart(rest.slice(1));
    if (!cells) throw new A1ParseError(input);
    return { sheet: title, ...cells };
  }
  const bang = text.lastIndexOf("!");
  if (bang === -1) {
    // Google treats an unquoted string that is a valid cell reference as a range on the first sheet,
    // even if a sheet has that name (a tab called "Q1" must be quoted). Otherwise it is a sheet title.
    const cells = parseCellPart(text);
    return cells ?? { sheet: text };
  }
  const sheet = text.slice(0, bang);
  const cells = parseCellPart(text.slice(bang + 1));
  if (sheet === "" || sheet.includes("'") || !cells) throw new A1ParseError(input);
  return { sheet, ...cells };
}

/** Quotes a sheet title the way Google echoes it back in `range` (only when needed). */
export function quoteSheetTitle(title: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(title) && !parseCellPart(title) && !/^R\d*C\d*$/i.test(title);
  return plain ? title : `'${title.replace(/'/g, "''")}'`;
}

export function formatWindow(title: string, w: GridWindow): string {
  const a = `${indexToColumn(w.startCol)}${w.startRow + 1}`;
  const b = `${indexToColumn(w.endCol)}${w.endRow + 1}`;
  return `${quoteSheetTitle(title)}!${a === b ? a : `${a}:${b}`}`;
}

export class GridLimitError extends Error {}

/**
 * Resolves a parsed range against a grid. Open ends are clamped to the grid; explicit references
 * beyond the grid throw GridLimitError with Google's message.
 */
export function resolveWindow(parsed: ParsedA1, title: string, rowCount: number, columnCount: number): GridWindow {
  if (!parsed.start || !parsed.end) {
    return { startRow: 0, endRow: rowCount - 1, startCol: 0, endCol: columnCount - 1 };
  }
  const { start, end } = parsed;
  const c1 = start.col ?? 0;
  const c2 = end.col ?? columnCount - 1;
  const r1 = start.row ?? 0;
  const r2 = end.row ?? rowCount - 1;
  const w: GridWindow = {
    startRow: Math.min(r1, r2),
    endRow: Math.max(r1, r2),
    startCol: Math.min(c1, c2),
    endCol: Math.max(c1, c2),
  };
  if (w.endRow >= rowCount || w.endCol >= columnCount) {
    throw new GridLimitError(
      `Range (${formatWindow(title, w)}) exceeds grid limits. Max rows: ${rowCount}, max columns: ${columnCount}`,
    );
  }
  return w;
}
