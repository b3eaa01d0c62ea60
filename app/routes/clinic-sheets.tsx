import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { data, Link, useActionData, useNavigation, useRevalidator, useSearchParams } from "react-router";
import { useTRPC } from "../lib/trpc";
import { act, apiFor, formString, load } from "../lib/api.server";
import { ConfirmPanel } from "../components/confirm-panel";
import { Button, Notice, SECONDARY_LINK } from "../components/ui";
import type { Route } from "./+types/clinic-sheets";

export const meta = () => [{ title: "Google Sheets · Clinic Pulse" }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const { api } = await apiFor(request);
  const clinic = await load(request, () => api.clinics.get({ clinicId: params.clinicId }));
  if (!clinic.permissions["google:manage"] && !clinic.permissions["sync:run"]) throw data("Your role cannot manage spreadsheet imports.", { status: 403 });
  const connections = await load(request, () => api.sync.connections({ clinicId: clinic.id }));
  // Unfinished imports: only for roles that may import. A failure here must not hide the connections.
  const drafts = clinic.permissions["google:manage"] ? await act(() => api.sheets.drafts({ clinicId: clinic.id })) : null;
  return {
    clinic,
    connections,
    drafts: drafts?.ok ? drafts.value : [],
    draftsError: drafts && !drafts.ok ? drafts.error : null,
    confirmDiscard: new URL(request.url).searchParams.get("discard"),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const form = await request.formData();
  const { api } = await apiFor(request);
  if (formString(form, "intent") !== "discard-draft") return data({ ok: false as const, error: "Unknown action." }, { status: 400 });
  const result = await act(() => api.sheets.discardDraft({ clinicId: params.clinicId, draftId: formString(form, "draftId") }));
  if (!result.ok) return data(result, { status: 400 });
  return { ok: true as const, message: result.value.message };
}

type Draft = Route.ComponentProps["loaderData"]["drafts"][number];

function formatWhen(value: Date | string): string {
  return new Date(value).toLocaleString("en-US", { month: "short", day: "numeric", year: "numeric", hour: "numeric", minute: "2-digit" });
}

/**
 * The caller's unfinished imports (wizard drafts): resume one where it was left, or discard it
 * after a confirmation (`?discard=<id>` shows it, as the Google page's Disconnect does).
 */
function UnfinishedImports({ clinicId, drafts, error, confirmId }: { clinicId: string; drafts: Draft[]; error: string | null; confirmId: string | null }) {
  const navigation = useNavigation();
  const page = `/clinics/${clinicId}/sheets`;
  const discarding = navigation.state === "submitting" && navigation.formData?.get("intent") === "discard-draft";
  const busy = navigation.state !== "idle";
  if (error) return <Notice tone="error">Your unfinished imports could not be loaded: {error}</Notice>;
  if (drafts.length === 0) return null;
  return (
    <section aria-labelledby="unfinished-imports" className="space-y-3">
      <div>
        <h2 id="unfinished-imports" className="text-lg font-semibold">Unfinished imports</h2>
        <p className="text-sm text-slate-600">Imports you started and have not saved yet. Only you see them; nothing has been imported from them.</p>
      </div>
      <ul aria-labelledby="unfinished-imports" aria-busy={busy || undefined} className="space-y-3">
        {drafts.map((d) => {
          const name = d.spreadsheetName ?? "No spreadsheet chosen yet";
          const confirming = confirmId === d.id;
          const which = d.spreadsheetName ? `of “${d.spreadsheetName}”` : "with no spreadsheet chosen yet";
          return (
            <li key={d.id} className="rounded-xl border border-amber-200 bg-amber-50/40 p-4" data-testid="unfinished-import">
              <div className="flex flex-wrap items-start gap-x-3 gap-y-2">
                <div className="min-w-0 flex-1">
                  <h3 className={`break-words font-semibold ${d.spreadsheetName ? "" : "italic text-slate-700"}`}>{name}</h3>
                  <p className="text-sm text-slate-700">
                    Step {d.stepNumber} of {d.totalSteps}: {d.stepLabel}
                  </p>
                  {d.tabs.length > 0 || d.tabPattern ? (
                    <p className="break-words text-sm text-slate-600">Tabs: {d.tabPattern ? `matching “${d.tabPattern}”` : d.tabs.join(", ")}</p>
                  ) : null}
                  <p className="text-sm text-slate-600">
                    Last updated{" "}
                    <time dateTime={new Date(d.updatedAt).toISOString()} suppressHydrationWarning>
                      {formatWhen(d.updatedAt)}
                    </time>
                  </p>
                </div>
              </div>
              {confirming ? (
                <ConfirmPanel
                  id={`discard-${d.id}`}
                  action={page}
                  fields={{ intent: "discard-draft", draftId: d.id }}
                  confirmLabel="Yes, discard"
                  pendingLabel="Discarding…"
                  cancelLabel="Keep it"
                  busy={busy}
                  pending={discarding}
                >
                  Discard the unfinished import {which}? The choices made so far are deleted. Nothing
                  has been imported from it, so your numbers and connected spreadsheets stay as they are.
                </ConfirmPanel>
              ) : (
                <div className="mt-3 flex flex-wrap gap-2">
                  <Link
                    to={`/clinics/${clinicId}/sheets/new?draft=${encodeURIComponent(d.id)}`}
                    className="inline-flex min-h-10 items-center rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
                    aria-label={`Resume the import ${which} (step ${d.stepNumber} of ${d.totalSteps})`}
                  >
                    Resume
                  </Link>
                  <Link
                    to={`${page}?discard=${encodeURIComponent(d.id)}`}
                    preventScrollReset
                    className={SECONDARY_LINK}
                    aria-label={`Discard the import ${which}`}
                  >
                    Discard
                  </Link>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function RunProgress({ clinicId, runId, onDone }: { clinicId: string; runId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const run = useQuery({ ...trpc.sync.run.queryOptions({ clinicId, runId }), refetchInterval: (q) => (q.state.data && (q.state.data.status === "queued" || q.state.data.status === "running") ? 1000 : false) });
  const notified = useRef(false);
  useEffect(() => {
    if (run.data && (run.data.status === "succeeded" || run.data.status === "failed") && !notified.current) {
      notified.current = true;
      onDone();
    }
  }, [run.data, onDone]);
  if (!run.data) return <span role="status" className="text-sm text-slate-600">Starting…</span>;
  const r = run.data;
  if (r.status === "queued") return <span role="status" className="text-sm text-slate-600">Waiting to start…</span>;
  if (r.status === "running")
    return (
      <span role="status" className="text-sm text-slate-700" data-testid="sync-progress">
        Syncing: {r.progress.phase}
        {r.progress.tabsTotal ? `, tab ${r.progress.tabsDone} of ${r.progress.tabsTotal}` : ""}, {r.progress.rowsRead} rows read…
      </span>
    );
  return null;
}

function describeRun(run: NonNullable<Route.ComponentProps["loaderData"]["connections"][number]["lastRun"]>) {
  if (run.status === "failed") return `Failed: ${run.errorMessage ?? "unknown error"}`;
  if (run.status === "succeeded")
    return `Synced ${new Date(run.finishedAt ?? run.createdAt).toLocaleString("en-US")}: ${run.rowsInserted} new, ${run.rowsUpdated} updated, ${run.rowsUnchanged} unchanged, ${run.rowsDeleted} removed, ${run.rowsRejected} rejected`;
  return run.status === "running" ? "Running" : "Queued";
}

export default function Sheets({ loaderData }: Route.ComponentProps) {
  const { clinic, connections, drafts, draftsError, confirmDiscard } = loaderData;
  const discarded = useActionData<typeof action>();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revalidator = useRevalidator();
  const [params, setParams] = useSearchParams();
  const syncNow = useMutation(trpc.sync.syncNow.mutationOptions());
  const saved = params.get("saved");
  const started = useRef(false);
  const [savedVersion, setSavedVersion] = useState<string | null>(null);
  // A mapping just saved by the wizard: run its first sync straight away, once. The address then
  // forgets "saved", so reloading the page or coming back to it does not start another sync.
  useEffect(() => {
    if (saved && !started.current && clinic.permissions["sync:run"]) {
      started.current = true;
      setSavedVersion(params.get("version") ?? "");
      setParams(
        (next) => {
          next.delete("saved");
          next.delete("version");
          return next;
        },
        { replace: true, preventScrollReset: true },
      );
      syncNow.mutate({ clinicId: clinic.id, connectionId: saved }, { onSuccess: () => revalidator.revalidate() });
    }
  }, [saved, params, setParams, clinic.id, clinic.permissions, syncNow, revalidator]);
  const refresh = () => {
    void queryClient.invalidateQueries();
    void revalidator.revalidate();
  };
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">Google Sheets</h1>
        <div className="ml-auto flex gap-2">
          <Link to="history" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50">Sync history</Link>
          {clinic.permissions["google:manage"] ? (
            <Link to="new" className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">Import a spreadsheet</Link>
          ) : null}
        </div>
      </div>
      {savedVersion !== null ? <Notice tone="success">Mapping saved (version {savedVersion}). The first sync has started.</Notice> : null}
      {syncNow.error ? <Notice tone="error">{syncNow.error.message}</Notice> : null}
      {discarded?.ok ? <Notice tone="success">{discarded.message}</Notice> : null}
      {discarded && !discarded.ok ? <Notice tone="error">{discarded.error}</Notice> : null}
      {clinic.permissions["google:manage"] ? <UnfinishedImports clinicId={clinic.id} drafts={drafts} error={draftsError} confirmId={confirmDiscard} /> : null}
      {connections.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center">
          <h2 className="text-lg font-semibold">No spreadsheets connected yet</h2>
          <p className="mt-2 text-slate-700">Connect the Google Sheet your team already keeps; map its columns once and Clinic Pulse keeps the numbers in sync.</p>
        </div>
      ) : (
        <ul className="space-y-3" aria-label="Connected spreadsheets">
          {connections.map((c) => (
            <li key={c.id} className="rounded-xl border border-slate-200 bg-white p-4" data-testid="connection">
              <div className="flex flex-wrap items-start gap-3">
                <div className="min-w-0 flex-1">
                  <h2 className="font-semibold">{c.spreadsheetName}</h2>
                  <p className="text-sm text-slate-600" data-testid="last-run">{c.lastRun ? describeRun(c.lastRun) : "Never synced"}</p>
                  {c.lastError ? <p className="text-sm text-red-700">{c.lastError}</p> : null}
                  {c.activeRunId ? <RunProgress clinicId={clinic.id} runId={c.activeRunId} onDone={refresh} /> : null}
                  {syncNow.data && syncNow.variables?.connectionId === c.id && syncNow.data.runId !== c.activeRunId ? <RunProgress clinicId={clinic.id} runId={syncNow.data.runId} onDone={refresh} /> : null}
                </div>
                {clinic.permissions["sync:run"] ? (
                  <Button type="button" disabled={syncNow.isPending || !!c.activeRunId} onClick={() => syncNow.mutate({ clinicId: clinic.id, connectionId: c.id }, { onSuccess: () => revalidator.revalidate() })}>
                    Sync now
                  </Button>
                ) : null}
              </div>
              {clinic.permissions["google:manage"] ? (
                <ScheduleForm clinicId={clinic.id} connection={c} onSaved={() => revalidator.revalidate()} />
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * How often a connection syncs by itself. The choice is applied with a button, not on change: with
 * the keyboard, arrowing through a select's options changes its value at every step.
 */
function ScheduleForm({ clinicId, connection, onSaved }: { clinicId: string; connection: { id: string; spreadsheetName: string; syncStatus: string; syncFrequencyMinutes: number }; onSaved: () => void }) {
  const trpc = useTRPC();
  const schedule = useMutation(trpc.sync.setSchedule.mutationOptions());
  const current = connection.syncStatus === "paused" ? "off" : String(connection.syncFrequencyMinutes);
  const [choice, setChoice] = useState(current);
  const id = `schedule-${connection.id}`;
  return (
    <form
      className="mt-3 flex flex-wrap items-center gap-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        schedule.mutate({ clinicId, connectionId: connection.id, frequencyMinutes: choice === "off" ? "off" : Number(choice) }, { onSuccess: onSaved });
      }}
    >
      <label htmlFor={id}>Sync automatically</label>
      <select id={id} value={choice} onChange={(e) => setChoice(e.target.value)} className="rounded border border-slate-300 px-2 py-1">
        <option value="15">every 15 minutes</option>
        <option value="60">every hour</option>
        <option value="240">every 4 hours</option>
        <option value="1440">once a day</option>
        <option value="off">never (paused)</option>
      </select>
      <Button variant="secondary" disabled={schedule.isPending || choice === current} label={`Save the schedule of ${connection.spreadsheetName}`}>
        {schedule.isPending ? "Saving…" : "Save"}
      </Button>
      <span role="status" className="text-slate-700">
        {schedule.isSuccess && choice === current ? "Saved." : ""}
      </span>
      {schedule.error ? <p role="alert" className="w-full text-red-700">{schedule.error.message}</p> : null}
    </form>
  );
}
