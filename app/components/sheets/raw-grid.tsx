import type { Cell } from "../../../server/sheets/transform/index";
import { columnLetter } from "../../../server/sync/a1";

/** The top of a tab as it looks in Google Sheets, with the chosen header row highlighted. */
export function RawGrid({ grid, headerRow, maxRows = 15 }: { grid: Cell[][]; headerRow: number; maxRows?: number }) {
  const width = Math.min(26, Math.max(1, ...grid.map((r) => r.length)));
  const rows = grid.slice(0, Math.max(maxRows, headerRow + 5));
  return (
    <div className="relative max-h-96 overflow-auto rounded-lg border border-slate-200">
      <table className="min-w-full border-collapse text-xs" data-testid="raw-grid">
        <caption className="sr-only">First rows of the tab; row {headerRow} is the header</caption>
        <thead className="sticky top-0 bg-slate-100">
          <tr>
            <th scope="col" className="w-10 px-2 py-1 text-slate-500">#</th>
            {Array.from({ length: width }, (_, i) => (
              <th key={i} scope="col" className="px-2 py-1 font-medium text-slate-600">{columnLetter(i)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r} className={r + 1 === headerRow ? "bg-amber-50 font-semibold" : r + 1 < headerRow ? "text-slate-400" : ""}>
              <th scope="row" className="px-2 py-1 text-right font-normal text-slate-500">{r + 1}</th>
              {Array.from({ length: width }, (_, c) => (
                <td key={c} className="max-w-[10rem] truncate whitespace-nowrap border-l border-slate-100 px-2 py-1">
                  {row[c] === null || row[c] === undefined ? "" : String(row[c])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

