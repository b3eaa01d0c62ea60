import { useId, useState } from "react";
import { Line, LineChart, ResponsiveContainer } from "recharts";
import { ClientOnly } from "../client-only";

export interface DeltaModel {
  text: string;
  sentiment: "good" | "bad" | "neutral";
}

export interface KpiCardModel {
  key: string;
  label: string;
  help: string;
  formatted: string;
  vsPrevious: DeltaModel | null;
  vsLastYear: DeltaModel | null;
  sparkline: { periodStart: string; value: number | null }[];
  /** For a lower-is-better KPI (no-shows) the target is a limit: the bar shows how much of it is used. */
  goal: { targetFormatted: string; percentOfTarget: number | null; status: string; statusLabel: string; lowerIsBetter?: boolean } | null;
}

const SENTIMENT = { good: "text-emerald-700", bad: "text-red-700", neutral: "text-slate-600" } as const;
const STATUS = {
  ahead: "bg-emerald-100 text-emerald-900",
  on_track: "bg-sky-100 text-sky-900",
  achieved: "bg-emerald-100 text-emerald-900",
  behind: "bg-amber-100 text-amber-900",
  missed: "bg-red-100 text-red-900",
  not_started: "bg-slate-100 text-slate-700",
} as Record<string, string>;

/** One KPI: its value, goal progress, change vs the previous period and last year, and a sparkline. */
export function KpiCard({ kpi }: { kpi: KpiCardModel }) {
  const pct = kpi.goal?.percentOfTarget;
  const [helpOpen, setHelpOpen] = useState(false);
  const helpId = useId();
  return (
    <article className="flex flex-col rounded-xl border border-slate-200 bg-white p-4" data-testid={`kpi-${kpi.key}`}>
      <div className="flex items-start justify-between gap-2">
        <div className="flex items-center gap-1.5">
          <h3 className="text-sm font-medium text-slate-700">{kpi.label}</h3>
          {/* A button, not a tooltip: the explanation must open by keyboard and by touch too. */}
          <button
            type="button"
            className="inline-flex h-6 w-6 items-center justify-center rounded-full border border-slate-400 text-xs font-semibold text-slate-600 hover:bg-slate-50"
            title={kpi.help}
            aria-label={`About ${kpi.label}`}
            aria-expanded={helpOpen}
            aria-controls={helpId}
            onClick={() => setHelpOpen((open) => !open)}
          >
            i
          </button>
        </div>
        {kpi.goal ? <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATUS[kpi.goal.status] ?? STATUS.not_started}`}>{kpi.goal.statusLabel}</span> : null}
      </div>
      {helpOpen ? (
        <p id={helpId} className="mt-2 rounded-md bg-slate-50 px-2 py-1.5 text-xs text-slate-700">
          {kpi.help}
        </p>
      ) : null}
      <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid="kpi-value">
        {kpi.formatted}
      </p>
      {kpi.goal ? (
        <div className="mt-2">
          <div className="flex justify-between text-xs text-slate-600">
            <span>{kpi.goal.lowerIsBetter ? `Limit ${kpi.goal.targetFormatted}` : `Goal ${kpi.goal.targetFormatted}`}</span>
            <span>{pct === null || pct === undefined ? "—" : kpi.goal.lowerIsBetter ? `${Math.round(pct)}% of limit` : `${Math.round(pct)}%`}</span>
          </div>
          <div
            className="mt-1 h-2 rounded bg-slate-100"
            role="progressbar"
            aria-label={kpi.goal.lowerIsBetter ? `${kpi.label}: share of the limit used (lower is better)` : `${kpi.label} progress to goal`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct === null || pct === undefined ? undefined : Math.min(100, Math.round(pct))}
          >
            <div className="h-2 rounded bg-brand-600" style={{ width: `${Math.max(0, Math.min(100, pct ?? 0))}%` }} />
          </div>
        </div>
      ) : null}
      <dl className="mt-2 grid grid-cols-2 gap-1 text-xs">
        <div>
          <dt className="text-slate-500">vs previous</dt>
          <dd className={kpi.vsPrevious ? SENTIMENT[kpi.vsPrevious.sentiment] : "text-slate-500"}>{kpi.vsPrevious?.text ?? "—"}</dd>
        </div>
        <div>
          <dt className="text-slate-500">vs last year</dt>
          <dd className={kpi.vsLastYear ? SENTIMENT[kpi.vsLastYear.sentiment] : "text-slate-500"}>{kpi.vsLastYear?.text ?? "—"}</dd>
        </div>
      </dl>
      <div className="mt-2" aria-hidden="true">
        <ClientOnly height={36} label={`${kpi.label} sparkline`}>
          {() => (
            <ResponsiveContainer width="100%" height={36}>
              <LineChart data={kpi.sparkline} accessibilityLayer={false}>
                <Line type="monotone" dataKey="value" stroke="#0f766e" strokeWidth={1.5} dot={false} isAnimationActive={false} connectNulls />
              </LineChart>
            </ResponsiveContainer>
          )}
        </ClientOnly>
      </div>
    </article>
  );
}
