/**
 * A run's rejected cells as CSV (RFC 4180: CRLF line ends, fields quoted when needed), for staff
 * to fix the sheet with. Cells that start like a formula are prefixed with an apostrophe so a
 * spreadsheet program shows them as text instead of running them (CSV injection).
 */
export interface RejectionCsvRow {
  sheetName: string;
  rowNumber: number;
  columnName: string | null;
  cellValue: string | null;
  reason: string;
}

export const REJECTION_CSV_HEADER = ["Tab", "Row", "Column", "Value", "Problem"] as const;

export function csvField(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function rejectionsToCsv(rows: Iterable<RejectionCsvRow>): string {
  const lines = [REJECTION_CSV_HEADER.join(",")];
  for (const r of rows) lines.push([r.sheetName, r.rowNumber, r.columnName, r.cellValue, r.reason].map(csvField).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/** A download name like "sync-rejections-bright-smiles-2024-03-01.csv". */
export function rejectionsCsvFilename(spreadsheetName: string, startedAt: Date | null): string {
  const slug = spreadsheetName.normalize("NFKD").replace(/[^\w\s-]/g, "").trim().toLowerCase().replace(/[\s_-]+/g, "-").slice(0, 60) || "spreadsheet";
  const day = (startedAt ?? new Date()).toISOString().slice(0, 10);
  return `sync-rejections-${slug}-${day}.csv`;
}
