import { useId, useState, type ReactNode } from "react";

/**
 * A chart with a title and a "Show table" switch: every chart has an accessible table view with
 * the same numbers.
 */
export function ChartFrame(props: { title: string; description?: string; chart: ReactNode; table: ReactNode; actions?: ReactNode; testId?: string }) {
  const [asTable, setAsTable] = useState(false);
  const id = useId();
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-4" aria-labelledby={id} data-testid={props.testId}>
      <div className="flex flex-wrap items-start gap-2">
        <div className="min-w-0 flex-1">
          <h2 id={id} className="text-base font-semibold text-slate-900">
            {props.title}
          </h2>
          {props.description ? <p className="text-sm text-slate-600">{props.description}</p> : null}
        </div>
        {props.actions}
        <button
          type="button"
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50"
          aria-pressed={asTable}
          onClick={() => setAsTable((v) => !v)}
        >
          {asTable ? "Show chart" : "Show table"}
        </button>
      </div>
      <div className="mt-3">{asTable ? (
          // Focusable, so the table can be scrolled with the keyboard at phone width.
          <div className="relative max-h-96 overflow-auto" tabIndex={0} role="region" aria-label={`${props.title}, as a table`}>
            {props.table}
          </div>
        ) : (
          props.chart
        )}</div>
    </section>
  );
}

export function DataTable(props: { caption: string; columns: string[]; rows: (string | number)[][]; footer?: (string | number)[] }) {
  return (
    <table className="min-w-full text-sm">
      <caption className="sr-only">{props.caption}</caption>
      <thead className="sticky top-0 bg-slate-50 text-left">
        <tr>
          {props.columns.map((c, i) => (
            <th key={c} scope="col" className={`px-3 py-2 font-medium ${i > 0 ? "text-right" : ""}`}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row, r) => (
          <tr key={r} className="border-t border-slate-100">
            {row.map((cell, i) =>
              i === 0 ? (
                <th key={i} scope="row" className="px-3 py-1.5 text-left font-normal">
                  {cell}
                </th>
              ) : (
                <td key={i} className="px-3 py-1.5 text-right tabular-nums">
                  {cell}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
      {props.footer ? (
        <tfoot className="border-t-2 border-slate-300 font-semibold">
          <tr>
            {props.footer.map((cell, i) => (i === 0 ? <th key={i} scope="row" className="px-3 py-1.5 text-left">{cell}</th> : <td key={i} className="px-3 py-1.5 text-right tabular-nums">{cell}</td>))}
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
}
