/**
 * Picks the day/month order of a date column from its values: any "15/01/2024"
 * (first part above 12) is evidence for DD/MM/YYYY, any "01/15/2024" for MM/DD/YYYY.
 * Returns null when there is no evidence or the evidence conflicts.
 */
import { classifyCell } from "./cell.ts";
import type { Cell } from "./result.ts";

const NUMERIC = /^(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2}|\d{4}))?\b/;

export function inferDateOrder(cells: readonly Cell[]): "MM/DD/YYYY" | "DD/MM/YYYY" | null {
  let dayFirst = 0;
  let monthFirst = 0;
  for (const cell of cells) {
    const c = classifyCell(cell);
    if (c.kind !== "text") continue;
    const m = NUMERIC.exec(c.text);
    if (!m) continue;
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > 12 && b <= 12) dayFirst++;
    else if (b > 12 && a <= 12) monthFirst++;
  }
  if (dayFirst > 0 && monthFirst === 0) return "DD/MM/YYYY";
  if (monthFirst > 0 && dayFirst === 0) return "MM/DD/YYYY";
  return null;
}
