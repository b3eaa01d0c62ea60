import { KPI_LIST } from "../../server/metrics/kpi-registry";
import { toCsv } from "../lib/csv";
import { apiFor, load } from "../lib/api.server";
import { dashboardQuery } from "./clinic-dashboard";
import type { Route } from "./+types/clinic-dashboard-csv";

/** GET /clinics/:clinicId/dashboard.csv — the KPIs and trend shown on the dashboard, as CSV. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const { api } = await apiFor(request);
  const all = params.clinicId === "all";
  const q = dashboardQuery(new URL(request.url), all ? "all" : [params.clinicId]);
  const input = { clinicIds: q.clinicIds, from: q.from, to: q.to, granularity: q.granularity };
  const keys = KPI_LIST.map((k) => k.key);
  const [summary, trend] = await Promise.all([load(request, () => api.dashboard.summary(input)), load(request, () => api.dashboard.trend({ ...input, kpis: keys }))]);
  const rows: (string | number | null)[][] = [
    ["KPI", "Unit", `Value ${q.from}..${q.to}`, "Previous period", "Same period last year"],
    ...summary.kpis.map((k) => [KPI_LIST.find((d) => d.key === k.key)?.label ?? k.key, KPI_LIST.find((d) => d.key === k.key)?.unit ?? "", k.value, k.previous, k.lastYear]),
    [],
    ["Period start", ...KPI_LIST.map((k) => k.label)],
    ...trend.points.map((p) => [p.periodStart, ...keys.map((k) => p.values[k] ?? null)]),
  ];
  const name = `clinic-pulse-${all ? "all-clinics" : params.clinicId}-${q.from}-to-${q.to}.csv`;
  return new Response(toCsv(rows), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" },
  });
}
