// Builds a ValueRange (`{ range, majorDimension, values }`) for a resolved range, trimming like Google:
// trailing empty cells of each row/column and trailing empty rows/columns are dropped; `values` is omitted when empty.
import { formatWindow, type GridWindow } from "./a1-range.ts";
import { isEmptyCell, renderCell, type DateTimeRenderOption, type RenderedValue, type ValueRenderOption } from "./cells.ts";
import type { StoredCell, StoredSheet } from "./types.ts";

export type MajorDimension = "ROWS" | "COLUMNS";

export interface RenderOptions {
  majorDimension: MajorDimension;
  valueRenderOption: ValueRenderOption;
  dateTimeRenderOption: DateTimeRenderOption;
}

export interface ValueRange {
  range: string;
  majorDimension: MajorDimension;
  values?: RenderedValue[][];
}

function line(cells: (StoredCell | null | undefined)[], opts: RenderOptions): RenderedValue[] {
  const out: RenderedValue[] = [];
  let last = -1;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (isEmptyCell(cell)) {
      out.push("");
    } else {
      out.push(renderCell(cell as StoredCell, opts.valueRenderOption, opts.dateTimeRenderOption));
      last = i;
    }
  }
  out.length = last + 1;
  return out;
}

function trimTrailingEmpty(lines: RenderedValue[][]): RenderedValue[][] {
  let n = lines.length;
  while (n > 0 && (lines[n - 1] as RenderedValue[]).length === 0) n--;
  lines.length = n;
  return lines;
}

export function readValues(sheet: StoredSheet, w: GridWindow, opts: RenderOptions): ValueRange {
  const lastRow = Math.min(w.endRow, sheet.rows.length - 1);
  const lines: RenderedValue[][] = [];
  if (opts.majorDimension === "ROWS") {
    for (let r = w.startRow; r <= lastRow; r++) {
      const row = sheet.rows[r] ?? [];
      lines.push(line(row.slice(w.startCol, Math.min(w.endCol, row.length - 1) + 1), opts));
    }
  } else {
    for (let c = w.startCol; c <= w.endCol; c++) {
      const col: (StoredCell | null | undefined)[] = [];
      for (let r = w.startRow; r <= lastRow; r++) col.push(sheet.rows[r]?.[c]);
      lines.push(line(col, opts));
    }
  }
  const values = trimTrailingEmpty(lines);
  const out: ValueRange = { range: formatWindow(sheet.title, w), majorDimension: opts.majorDimension };
  if (values.length > 0) out.values = values;
  return out;
}
