import { useState } from "react";
import { Link, useNavigation } from "react-router";
import { KPIS, isKpiKey, type KpiKey } from "../../server/metrics/kpi-registry";
import { formatDelta, formatKpiValue } from "../../server/metrics/kpi-format";
import { isRangePreset, resolveRange, type RangePreset } from "../../server/metrics/ranges";
import { ChartFrame, DataTable } from "../components/dashboard/chart-frame";
import { GoalPaceChart, HorizontalBars, TrendLineChart } from "../components/dashboard/charts";
import { KpiCard, type KpiCardModel } from "../components/dashboard/kpi-card";
import { PeriodPicker, type Granularity } from "../components/dashboard/period-picker";
import { RoleSummary } from "../components/role-summary";
import { Notice } from "../components/ui";
import { apiFor, load } from "../lib/api.server";
import type { Route } from "./+types/clinic-dashboard";

export const meta = () => [{ title: "Dashboard · Clinic Pulse" }];

/** The KPIs on the cards, in order. */
const CARD_KPIS: KpiKey[] = [
  "gross_production",
  "net_production",
  "collections",
  "collection_rate",
  "appointments_completed",
  "no_show_rate",
  "utilization",
  "answer_rate",
  "booking_rate",
  "patients_new",
  "patients_active",
  "production_per_provider",
];

export interface DashboardQuery {
  clinicIds: string[] | "all";
  preset: RangePreset;
  from: string;
  to: string;
  label: string;
  granularity: Granularity;
  /** Why the custom range asked for is not the one shown (dates missing or the wrong way round). */
  notice: string | null;
}

/** Reads the period, custom dates and granularity from the URL (so a view can be shared). */
export function dashboardQuery(url: URL, clinicIds: string[] | "all", today = new Date().toISOString().slice(0, 10)): DashboardQuery {
  const p = url.searchParams;
  const preset: RangePreset = isRangePreset(p.get("period")) ? (p.get("period") as RangePreset) : "this_month";
  const from = p.get("from") ?? "";
  const to = p.get("to") ?? "";
  const custom = preset === "custom" && /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to ? { from, to } : undefined;
  const range = resolveRange(custom ? "custom" : preset === "custom" ? "this_month" : preset, today, custom);
  const g = p.get("granularity");
  const granularity: Granularity = g === "week" || g === "month" ? g : "day";
  let notice: string | null = null;
  if (preset === "custom" && !custom) {
    notice =
      from && to && from > to
        ? `The custom range ends on ${to}, before it starts on ${from}, so “${range.label}” is shown instead. Swap the two dates and press Apply.`
        : `A custom range needs both a From and a To date, so “${range.label}” is shown instead.`;
  }
  return { clinicIds, preset: range.preset, from: range.from, to: range.to, label: range.label, granularity, notice };
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { api } = await apiFor(request);
  const all = params.clinicId === "all";
  const clinic = all ? null : await load(request, () => api.clinics.get({ clinicId: params.clinicId }));
  const q = dashboardQuery(new URL(request.url), all ? "all" : [params.clinicId]);
  const input = { clinicIds: q.clinicIds, from: q.from, to: q.to, granularity: q.granularity };
  const [summary, trend, providers, clinics, goals] = await Promise.all([
    load(request, () => api.dashboard.summary(input)),
    load(request, () => api.dashboard.trend({ ...input, kpis: CARD_KPIS })),
    load(request, () => api.dashboard.providers(input)),
    all ? load(request, () => api.dashboard.clinics(input)) : Promise.resolve(null),
    clinic ? load(request, () => api.goals.list({ clinicId: clinic.id, status: "active" })) : Promise.resolve([]),
  ]);
  return { clinic, q, summary, trend, providers, clinics, goals };
}

const STATUS_LABEL: Record<string, string> = { ahead: "Ahead", on_track: "On track", behind: "Behind", achieved: "Achieved", missed: "Missed", not_started: "Not started" };

export default function Dashboard({ loaderData }: Route.ComponentProps) {
  const { clinic, q, summary, trend, providers, clinics } = loaderData;
  // Goals whose KPI still exists (progress is null only for a KPI that was removed).
  const goals = loaderData.goals.flatMap((g) => (g.progress ? [{ ...g, progress: g.progress }] : []));
  const loading = useNavigation().state === "loading";
  const [trendKpi, setTrendKpi] = useState<KpiKey>("net_production");
  const base = clinic ? `/clinics/${clinic.id}` : "/clinics/all";
  const search = `period=${q.preset}&from=${q.from}&to=${q.to}&granularity=${q.granularity}`;

  // Goals that cover the chosen range, clinic-wide, one per KPI.
  const goalByKpi = new Map<string, (typeof goals)[number]>();
  for (const g of goals) if (!g.providerId && !goalByKpi.has(g.kpiKey) && g.periodStart <= q.to && g.periodEnd >= q.from) goalByKpi.set(g.kpiKey, g);

  const cards: KpiCardModel[] = CARD_KPIS.map((key) => {
    const kpi = KPIS[key];
    const s = summary.kpis.find((k) => k.key === key);
    const goal = goalByKpi.get(key);
    const prev = s ? formatDelta(kpi, s.value, s.previous) : null;
    const ly = s ? formatDelta(kpi, s.value, s.lastYear) : null;
    return {
      key,
      label: kpi.label,
      help: kpi.help,
      formatted: formatKpiValue(kpi, s?.value ?? null),
      vsPrevious: prev && prev.absolute !== null ? { text: prev.text, sentiment: prev.sentiment } : null,
      vsLastYear: ly && ly.absolute !== null ? { text: ly.text, sentiment: ly.sentiment } : null,
      sparkline: s?.sparkline ?? [],
      goal: goal
        ? {
            targetFormatted: formatKpiValue(kpi, goal.progress.target),
            percentOfTarget: goal.progress.percentOfTarget,
            status: goal.progress.status,
            statusLabel: STATUS_LABEL[goal.progress.status] ?? goal.progress.status,
            lowerIsBetter: kpi.direction === "lower",
          }
        : null,
    };
  });

  const trendDef = KPIS[trendKpi];
  const trendData = trend.points.map((p) => ({ label: p.periodStart, value: p.values[trendKpi] ?? null }));
  const fmt = (key: KpiKey) => (v: number) => formatKpiValue(KPIS[key], v);
  const paceGoal = goals.find((g) => !g.providerId && g.kpiKey === "net_production") ?? goals.find((g) => !g.providerId && isKpiKey(g.kpiKey) && KPIS[g.kpiKey].unit === "money");

  return (
    <div className={`space-y-6 ${loading ? "opacity-60 transition-opacity" : ""}`} aria-busy={loading}>
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1">
          <h1 className="text-2xl font-semibold">{clinic ? clinic.name : "All my clinics"}</h1>
          <p className="text-sm text-slate-600">
            {q.label}
            {summary.lastDataDate ? ` · data up to ${summary.lastDataDate}` : ""}
          </p>
        </div>
        <a href={`${base}/dashboard.csv?${search}`} className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50" download>
          Export CSV
        </a>
      </div>
      <PeriodPicker preset={q.preset} from={q.from} to={q.to} granularity={q.granularity} label={q.label} />
      {q.notice ? <Notice tone="info">{q.notice}</Notice> : null}

      {!summary.hasData ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center" data-testid="dashboard-empty">
          <h2 className="text-lg font-semibold">No numbers for this period yet</h2>
          <p className="mt-2 text-slate-700">Numbers appear here once a spreadsheet is synced, or choose an earlier period.</p>
          {clinic?.permissions["google:manage"] ? (
            <Link to={`${base}/sheets/new`} className="mt-4 inline-block rounded-md bg-brand-600 px-4 py-2 text-white">
              Connect a spreadsheet
            </Link>
          ) : null}
        </div>
      ) : (
        <>
          <section aria-labelledby="key-figures" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <h2 id="key-figures" className="sr-only">Key figures</h2>
            {cards.map((c) => (
              <KpiCard key={c.key} kpi={c} />
            ))}
          </section>

          {paceGoal && clinic ? (
            <ChartFrame
              title={`Goal: ${paceGoal.name}`}
              description={`Actual to date against the pace needed to reach ${formatKpiValue(KPIS[paceGoal.kpiKey as KpiKey], paceGoal.progress.target)} by ${paceGoal.periodEnd}.`}
              testId="goal-chart"
              chart={<GoalPaceChart data={paceGoal.series ?? []} target={paceGoal.progress.target ?? 0} format={fmt(paceGoal.kpiKey as KpiKey)} />}
              table={<DataTable caption="Goal progress by day" columns={["Day", "Actual to date", "Pace"]} rows={(paceGoal.series ?? []).map((p) => [p.label, p.actual === null ? "—" : fmt(paceGoal.kpiKey as KpiKey)(p.actual), p.pace === null ? "—" : fmt(paceGoal.kpiKey as KpiKey)(p.pace)])} />}
            />
          ) : null}

          <ChartFrame
            title={`${trendDef.label} by ${q.granularity}`}
            testId="trend-chart"
            actions={
              <label className="text-sm">
                <span className="sr-only">KPI to chart</span>
                <select value={trendKpi} onChange={(e) => setTrendKpi(e.target.value as KpiKey)} className="rounded-md border border-slate-300 px-2 py-1.5">
                  {CARD_KPIS.map((k) => (
                    <option key={k} value={k}>{KPIS[k].label}</option>
                  ))}
                </select>
              </label>
            }
            chart={<TrendLineChart data={trendData} valueName={trendDef.label} format={fmt(trendKpi)} />}
            table={<DataTable caption={`${trendDef.label} by ${q.granularity}`} columns={[q.granularity === "day" ? "Day" : q.granularity === "week" ? "Week starting" : "Month", ...CARD_KPIS.map((k) => KPIS[k].shortLabel)]} rows={trend.points.map((p) => [p.periodStart, ...CARD_KPIS.map((k) => formatKpiValue(KPIS[k], p.values[k] ?? null))])} />}
          />

          <ChartFrame
            title="Production by provider"
            testId="provider-chart"
            chart={providers.length === 0 ? <p className="text-sm text-slate-600">No provider-level numbers in this period.</p> : <HorizontalBars data={providers.map((p) => ({ name: p.providerName, value: p.values.gross_production ?? 0 }))} valueName="Gross production" format={fmt("gross_production")} />}
            table={<DataTable caption="KPIs by provider" columns={["Provider", "Clinic", "Gross production", "Net production", "Completed appointments", "No-show rate"]} rows={providers.map((p) => [p.providerName, p.clinicName, formatKpiValue(KPIS.gross_production, p.values.gross_production ?? null), formatKpiValue(KPIS.net_production, p.values.net_production ?? null), formatKpiValue(KPIS.appointments_completed, p.values.appointments_completed ?? null), formatKpiValue(KPIS.no_show_rate, p.values.no_show_rate ?? null)])} />}
          />

          {clinics ? (
            <ChartFrame
              title="Clinic comparison"
              description="Each clinic and the group total; rates are recomputed from the summed figures."
              testId="clinic-comparison"
              chart={<HorizontalBars data={clinics.rows.filter((r) => !r.isTotal).map((r) => ({ name: r.clinicName, value: r.values.net_production ?? 0 }))} valueName="Net production" format={fmt("net_production")} />}
              table={
                <DataTable
                  caption="KPIs by clinic with the group total"
                  columns={["Clinic", "Net production", "Collections", "Collection rate", "No-show rate", "Answer rate", "New patients"]}
                  rows={clinics.rows.filter((r) => !r.isTotal).map((r) => [r.clinicName, ...(["net_production", "collections", "collection_rate", "no_show_rate", "answer_rate", "patients_new"] as KpiKey[]).map((k) => formatKpiValue(KPIS[k], r.values[k] ?? null))])}
                  footer={clinics.rows.filter((r) => r.isTotal).flatMap((r) => [r.clinicName, ...(["net_production", "collections", "collection_rate", "no_show_rate", "answer_rate", "patients_new"] as KpiKey[]).map((k) => formatKpiValue(KPIS[k], r.values[k] ?? null))])}
                />
              }
            />
          ) : null}
        </>
      )}
      {clinic ? <RoleSummary role={clinic.role} permissions={clinic.permissions} /> : null}
    </div>
  );
}
