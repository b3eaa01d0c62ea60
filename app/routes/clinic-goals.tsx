import { Form, Link, useActionData, useNavigation, useSearchParams, data } from "react-router";
import { KPIS, isKpiKey } from "../../server/metrics/kpi-registry";
import { formatKpiValue } from "../../server/metrics/kpi-format";
import { act, apiFor, formString, load } from "../lib/api.server";
import { Button, Field, Notice, SECONDARY_LINK } from "../components/ui";
import { ConfirmPanel } from "../components/confirm-panel";
import { fieldErrorOf } from "../lib/form-errors";
import type { Route } from "./+types/clinic-goals";

export const meta = () => [{ title: "Goals · Clinic Pulse" }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const { api } = await apiFor(request);
  const clinicId = params.clinicId;
  const url = new URL(request.url);
  const status = url.searchParams.get("show") === "archived" ? "archived" : "active";
  const [clinic, goals, templates, providers] = await Promise.all([
    load(request, () => api.clinics.get({ clinicId })),
    load(request, () => api.goals.list({ clinicId, status })),
    load(request, () => api.goals.templates({ clinicId })),
    load(request, () => api.goals.providers({ clinicId })),
  ]);
  const today = new Date().toISOString().slice(0, 10);
  // `?archive=<goal id>` asks "are you sure?" on that goal's card (works without JavaScript).
  return { clinic, goals, templates, providers, status, monthStart: `${today.slice(0, 7)}-01`, confirmArchive: url.searchParams.get("archive") };
}

export async function action({ request, params }: Route.ActionArgs) {
  const form = await request.formData();
  const { api } = await apiFor(request);
  const clinicId = params.clinicId;
  const intent = formString(form, "intent");
  const providerId = formString(form, "providerId") || undefined;
  const result =
    intent === "from-template"
      ? await act(() => api.goals.createFromTemplate({ clinicId, templateId: formString(form, "templateId"), periodStart: formString(form, "periodStart"), providerId }))
      : intent === "create"
        ? await act(() =>
            api.goals.create({
              clinicId,
              kpiKey: formString(form, "kpiKey") as never,
              name: formString(form, "name"),
              periodType: formString(form, "periodType") as never,
              periodStart: formString(form, "periodStart"),
              targetValue: Number(formString(form, "targetValue")),
              providerId,
            }),
          )
        : intent === "update-target"
          ? await act(() => api.goals.updateTarget({ clinicId, goalId: formString(form, "goalId"), targetValue: Number(formString(form, "targetValue")) }))
          : intent === "archive"
            ? await act(() => api.goals.archive({ clinicId, goalId: formString(form, "goalId") }))
            : intent === "restore"
              ? await act(() => api.goals.restore({ clinicId, goalId: formString(form, "goalId") }))
              : ({ ok: false, error: "Unknown action." } as const);
  const goalId = formString(form, "goalId") || null;
  return result.ok ? { ok: true as const, intent, goalId } : data({ ...result, intent, goalId }, { status: 400 });
}

const STATUS_LABEL: Record<string, string> = {
  ahead: "Ahead",
  on_track: "On track",
  behind: "Behind",
  achieved: "Achieved",
  missed: "Missed",
  not_started: "Not started",
};

export default function Goals({ loaderData }: Route.ComponentProps) {
  const { clinic, goals, templates, providers, status, monthStart, confirmArchive } = loaderData;
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const archiving = navigation.state === "submitting" && navigation.formData?.get("intent") === "archive";
  const [params] = useSearchParams();
  const canManage = clinic.permissions["goals:manage"];
  /** The refusal of the form that was just sent (shown beside that form, not at the top of the page). */
  const failedFor = (intent: string) => (result && !result.ok && result.intent === intent ? result : null);
  const keep = status === "archived" ? "?show=archived" : "?";
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">Goals</h1>
        <nav aria-label="Goal filter" className="ml-auto flex gap-2 text-sm">
          <Link to="?" className={`inline-flex min-h-10 items-center px-2 ${status === "active" ? "font-semibold text-brand-700" : "text-slate-600 underline"}`} aria-current={status === "active" ? "page" : undefined}>
            Active
          </Link>
          <Link to="?show=archived" className={`inline-flex min-h-10 items-center px-2 ${status === "archived" ? "font-semibold text-brand-700" : "text-slate-600 underline"}`} aria-current={status === "archived" ? "page" : undefined}>
            Archived
          </Link>
        </nav>
      </div>
      {result && !result.ok && !["create", "from-template", "update-target", "archive", "restore"].includes(result.intent) ? <Notice tone="error">{result.error}</Notice> : null}
      {result?.ok && result.intent === "archive" ? <Notice tone="success">Goal archived. Archived goals are listed under “Archived”, where they can be restored.</Notice> : null}
      {result?.ok && result.intent === "restore" ? <Notice tone="success">Goal restored. It is back in the active list with its target and history.</Notice> : null}
      {params.get("show") !== "archived" && goals.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700">
          No goals yet.{canManage ? " Create one from a template below — most clinics start with monthly net production and collection rate." : " Ask a manager to set your clinic's goals."}
        </p>
      ) : null}
      {params.get("show") === "archived" && goals.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700">No archived goals. Goals you archive are kept here with their history.</p>
      ) : null}
      <ul className="grid gap-4 md:grid-cols-2" aria-label="Goals">
        {goals.map((g) => {
          const kpi = isKpiKey(g.kpiKey) ? KPIS[g.kpiKey] : null;
          const fmt = (v: number | null | undefined) => (kpi ? formatKpiValue(kpi, v ?? null) : String(v ?? "—"));
          const p = g.progress;
          if (!p) {
            return (
              <li key={g.id} className="rounded-xl border border-slate-200 bg-white p-4" data-testid="goal-card">
                <h2 className="font-semibold">{g.name}</h2>
                <p className="text-sm text-slate-600">This goal's KPI is no longer tracked; archive it.</p>
              </li>
            );
          }
          const pct = p.percentOfTarget;
          return (
            <li key={g.id} className="rounded-xl border border-slate-200 bg-white p-4" data-testid="goal-card">
              <div className="flex items-start justify-between gap-2">
                <div>
                  <h2 className="font-semibold">{g.name}</h2>
                  <p className="text-sm text-slate-600">
                    {kpi?.label ?? g.kpiKey} · {g.periodStart} – {g.periodEnd}
                    {g.providerName ? ` · ${g.providerName}` : ""}
                  </p>
                </div>
                <span className="rounded bg-slate-100 px-2 py-0.5 text-xs font-medium" data-testid="goal-status">{STATUS_LABEL[p.status] ?? p.status}</span>
              </div>
              <dl className="mt-3 grid grid-cols-2 gap-2 text-sm sm:grid-cols-3">
                <div><dt className="text-slate-500">Actual</dt><dd className="font-semibold tabular-nums" data-testid="goal-actual">{fmt(p.actual)}</dd></div>
                <div><dt className="text-slate-500">Target</dt><dd className="tabular-nums">{fmt(p.target)}</dd></div>
                <div><dt className="text-slate-500">Pace today</dt><dd className="tabular-nums">{fmt(p.pace)}</dd></div>
                <div><dt className="text-slate-500">Forecast</dt><dd className="tabular-nums">{fmt(p.forecast)}</dd></div>
                <div><dt className="text-slate-500">Needed per working day</dt><dd className="tabular-nums">{p.neededPerWorkingDay === null ? "—" : fmt(p.neededPerWorkingDay)}</dd></div>
                <div><dt className="text-slate-500">Working days left</dt><dd className="tabular-nums">{p.remainingWorkingDays}</dd></div>
              </dl>
              <div className="mt-3 h-2 rounded bg-slate-100" role="progressbar" aria-label={`${g.name}: percent of target`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct === null ? undefined : Math.min(100, Math.round(pct))}>
                <div className="h-2 rounded bg-brand-600" style={{ width: `${Math.max(0, Math.min(100, pct ?? 0))}%` }} />
              </div>
              {result?.ok && result.intent === "update-target" && result.goalId === g.id ? (
                <Notice tone="success">Target updated; the previous target is kept in the goal's history.</Notice>
              ) : null}
              {result && !result.ok && result.goalId === g.id ? <Notice tone="error">{result.error}</Notice> : null}
              {canManage && g.status === "archived" ? (
                <Form method="post" className="mt-3">
                  <input type="hidden" name="intent" value="restore" />
                  <input type="hidden" name="goalId" value={g.id} />
                  <Button variant="secondary" disabled={busy} label={`Restore ${g.name}`}>Restore</Button>
                </Form>
              ) : null}
              {canManage && g.status === "active" && confirmArchive === g.id ? (
                <ConfirmPanel
                  id={`archive-${g.id}`}
                  action={keep}
                  fields={{ intent: "archive", goalId: g.id }}
                  confirmLabel="Yes, archive"
                  pendingLabel="Archiving…"
                  cancelLabel="Keep it"
                  busy={busy}
                  pending={archiving}
                >
                  Archive “{g.name}”? It leaves the active list and can no longer be edited; its numbers and target history stay under “Archived”.
                </ConfirmPanel>
              ) : canManage && g.status === "active" ? (
                <div className="mt-3 flex flex-wrap items-end gap-2">
                  <Form method="post" className="flex items-end gap-2">
                    <input type="hidden" name="intent" value="update-target" />
                    <input type="hidden" name="goalId" value={g.id} />
                    <div>
                      <label htmlFor={`target-${g.id}`} className="block text-xs text-slate-600">New target for {g.name}</label>
                      <input id={`target-${g.id}`} name="targetValue" type="number" step="any" required defaultValue={p.target ?? undefined} className="w-32 rounded border border-slate-300 px-2 py-1 text-sm" />
                    </div>
                    <Button variant="secondary" disabled={busy} label={`Update the target of ${g.name}`}>Update</Button>
                  </Form>
                  <Link
                    to={`${keep}${keep === "?" ? "" : "&"}archive=${encodeURIComponent(g.id)}`}
                    preventScrollReset
                    className={SECONDARY_LINK}
                    aria-label={`Archive ${g.name}`}
                  >
                    Archive
                  </Link>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>

      {canManage ? (
        <div className="grid gap-4 lg:grid-cols-2">
          <Form method="post" className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
            <h2 className="font-semibold">New goal from a template</h2>
            <input type="hidden" name="intent" value="from-template" />
            <div>
              <label htmlFor="templateId" className="block text-sm font-medium">Template</label>
              <select id="templateId" name="templateId" required className="w-full rounded-md border border-slate-300 px-2 py-2">
                {templates.map((t) => (
                  <option key={t.id} value={t.id}>{t.name}</option>
                ))}
              </select>
            </div>
            <Field id="tpl-period" label="Period starting" name="periodStart" type="date" required defaultValue={monthStart} error={fieldErrorOf(failedFor("from-template"), "periodStart")} />
            <ProviderSelect providers={providers} id="tpl-provider" />
            <FormOutcome failure={failedFor("from-template")} created={result?.ok === true && result.intent === "from-template"} />
            <Button disabled={busy}>Create goal</Button>
          </Form>
          <Form method="post" className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
            <h2 className="font-semibold">New goal by hand</h2>
            <input type="hidden" name="intent" value="create" />
            <div>
              <label htmlFor="kpiKey" className="block text-sm font-medium">KPI</label>
              <select id="kpiKey" name="kpiKey" className="w-full rounded-md border border-slate-300 px-2 py-2">
                {Object.values(KPIS).filter((k) => k.goalable).map((k) => (
                  <option key={k.key} value={k.key}>{k.label}</option>
                ))}
              </select>
            </div>
            <Field label="Name" name="name" required error={fieldErrorOf(failedFor("create"), "name")} />
            <div>
              <label htmlFor="periodType" className="block text-sm font-medium">Period</label>
              <select id="periodType" name="periodType" defaultValue="month" className="w-full rounded-md border border-slate-300 px-2 py-2">
                <option value="week">Week</option>
                <option value="month">Month</option>
                <option value="quarter">Quarter</option>
                <option value="year">Year</option>
              </select>
            </div>
            <Field id="manual-period" label="Period starting" name="periodStart" type="date" required defaultValue={monthStart} error={fieldErrorOf(failedFor("create"), "periodStart")} />
            <Field label="Target" name="targetValue" type="number" step="any" required hint="Money in dollars, rates in percent (e.g. 98.5 for 98.5%)." error={fieldErrorOf(failedFor("create"), "targetValue")} />
            <ProviderSelect providers={providers} id="manual-provider" />
            <FormOutcome failure={failedFor("create")} created={result?.ok === true && result.intent === "create"} />
            <Button disabled={busy}>Create goal</Button>
          </Form>
        </div>
      ) : (
        <p className="text-sm text-slate-600">Your role can see goals but not change them.</p>
      )}
    </section>
  );
}

/** Beside a create form's button: what went wrong with it, or that the goal was created. */
function FormOutcome({ failure, created }: { failure: { error: string } | null; created: boolean }) {
  if (failure) return <Notice tone="error">{failure.error}</Notice>;
  if (created) return <Notice tone="success">Goal created. It is listed above with its progress.</Notice>;
  return null;
}

function ProviderSelect({ providers, id }: { providers: { id: string; name: string }[]; id: string }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">For</label>
      <select id={id} name="providerId" className="w-full rounded-md border border-slate-300 px-2 py-2">
        <option value="">The whole clinic</option>
        {providers.map((p) => (
          <option key={p.id} value={p.id}>{p.name}</option>
        ))}
      </select>
    </div>
  );
}
