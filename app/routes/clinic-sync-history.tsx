import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { data, isRouteErrorResponse, Link, useNavigation, useRevalidator, useRouteError, useSearchParams } from "react-router";
import { Button, Notice } from "../components/ui";
import { apiFor, load } from "../lib/api.server";
import { useTRPC } from "../lib/trpc";
import { describeRouteError } from "../components/error-page";
import type { Route } from "./+types/clinic-sync-history";

export const meta = () => [{ title: "Sync history · Clinic Pulse" }];

const RUNS_PER_PAGE = 25;
const REJECTIONS_PER_PAGE = 50;

function pageParam(url: URL, name: string): number {
  const n = Number(url.searchParams.get(name) ?? "1");
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { api } = await apiFor(request);
  const url = new URL(request.url);
  const clinic = await load(request, () => api.clinics.get({ clinicId: params.clinicId }));
  if (!clinic.permissions["sync:run"]) throw data("Your role cannot see spreadsheet syncs. Ask an owner or admin.", { status: 403 });
  const page = pageParam(url, "page");
  const runId = url.searchParams.get("run");
  const rejectionPage = pageParam(url, "rpage");
  const [history, connections, selected, rejections] = await Promise.all([
    load(request, () => api.sync.runs({ clinicId: clinic.id, limit: RUNS_PER_PAGE, offset: (page - 1) * RUNS_PER_PAGE })),
    load(request, () => api.sync.connections({ clinicId: clinic.id })),
    runId ? load(request, () => api.sync.run({ clinicId: clinic.id, runId })) : Promise.resolve(null),
    runId ? load(request, () => api.sync.rejections({ clinicId: clinic.id, runId, limit: REJECTIONS_PER_PAGE, offset: (rejectionPage - 1) * REJECTIONS_PER_PAGE })) : Promise.resolve(null),
  ]);
  return { clinic, history, connections, selected, rejections, page, rejectionPage };
}

type LoaderData = Route.ComponentProps["loaderData"];
type Run = LoaderData["history"]["runs"][number];

const STATUS_STYLE: Record<string, string> = {
  queued: "bg-slate-100 text-slate-800",
  running: "bg-sky-100 text-sky-900",
  succeeded: "bg-emerald-100 text-emerald-900",
  failed: "bg-red-100 text-red-900",
};
const STATUS_LABEL: Record<string, string> = { queued: "Queued", running: "Running", succeeded: "Succeeded", failed: "Failed" };

function StatusBadge({ status }: { status: string }) {
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[status] ?? "bg-slate-100"}`}>{STATUS_LABEL[status] ?? status}</span>;
}

function When({ date }: { date: Date | string | null }) {
  if (!date) return <span className="text-slate-500">—</span>;
  const d = new Date(date);
  return (
    <time dateTime={d.toISOString()} suppressHydrationWarning>
      {d.toLocaleString("en-US", { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" })}
    </time>
  );
}

function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

const TABLE_LABEL = { financial: "money:", appointments: "appointments:", calls: "calls:", patients: "patients:" } as const;

const active = (status: string) => status === "queued" || status === "running";

/** Live progress of one run: polls sync.run every second while it is queued or running. */
function LiveRun({ clinicId, runId, onDone }: { clinicId: string; runId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const run = useQuery({
    ...trpc.sync.run.queryOptions({ clinicId, runId }),
    refetchInterval: (q) => (!q.state.data || active(q.state.data.status) ? 1000 : false),
    staleTime: 0,
  });
  const notified = useRef(false);
  useEffect(() => {
    if (run.data && !active(run.data.status) && !notified.current) {
      notified.current = true;
      onDone();
    }
  }, [run.data, onDone]);
  if (run.error) return <p className="text-sm text-red-700" role="alert">Could not load the sync's progress: {run.error.message}</p>;
  const r = run.data;
  if (!r || r.status === "queued") return <p role="status" className="text-sm text-slate-700">Waiting for a worker to start the sync…</p>;
  if (r.status === "running") {
    const { phase, tabsDone, tabsTotal, rowsRead } = r.progress;
    const pct = tabsTotal > 0 ? Math.round((tabsDone / tabsTotal) * 100) : 0;
    return (
      <div role="status" className="space-y-1" data-testid="sync-progress">
        <p className="text-sm text-slate-800">
          {phase === "writing" ? "Saving the numbers…" : `Reading tabs: ${tabsDone} of ${tabsTotal || "?"}`} · {rowsRead.toLocaleString("en-US")} rows read
        </p>
        <progress className="h-2 w-full max-w-sm" max={100} value={phase === "writing" ? 100 : pct} aria-label="Sync progress" />
      </div>
    );
  }
  return (
    <p role="status" className={`text-sm ${r.status === "failed" ? "text-red-800" : "text-emerald-800"}`}>
      {r.status === "failed" ? `The sync failed: ${r.errorMessage ?? "unknown error"}` : `Done: ${r.rowsInserted} new, ${r.rowsUpdated} updated, ${r.rowsDeleted} removed, ${r.rowsRejected} rows with problems.`}
    </p>
  );
}

function SyncPanel({ clinicId, connections }: { clinicId: string; connections: LoaderData["connections"] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revalidator = useRevalidator();
  const syncNow = useMutation(trpc.sync.syncNow.mutationOptions());
  // Runs this page has seen finish: their buttons come back before the loader data catches up.
  const [finished, setFinished] = useState<ReadonlySet<string>>(() => new Set());
  const refresh = useCallback(
    (runId: string) => {
      setFinished((prev) => new Set(prev).add(runId));
      void queryClient.invalidateQueries();
      void revalidator.revalidate();
    },
    [queryClient, revalidator],
  );
  if (connections.length === 0) {
    return (
      <Notice tone="info">
        No spreadsheet is connected yet. <Link className="underline" to={`/clinics/${clinicId}/sheets/new`}>Import a spreadsheet</Link> first.
      </Notice>
    );
  }
  return (
    <ul className="grid gap-3 md:grid-cols-2" aria-label="Connected spreadsheets">
      {connections.map((c) => {
        const started = syncNow.data && syncNow.variables?.connectionId === c.id ? syncNow.data.runId : null;
        const runId = c.activeRunId ?? started;
        const busy = syncNow.isPending || (!!runId && !finished.has(runId));
        return (
          <li key={c.id} className="rounded-lg border border-slate-200 bg-white p-4">
            <div className="flex flex-wrap items-start gap-3">
              <div className="min-w-0 flex-1">
                <h2 className="break-words font-medium">{c.spreadsheetName}</h2>
                <p className="text-sm text-slate-600">
                  {c.syncStatus === "paused" ? "Automatic sync is off" : c.syncStatus === "error" ? "Needs attention" : `Syncs every ${c.syncFrequencyMinutes >= 60 ? `${c.syncFrequencyMinutes / 60} h` : `${c.syncFrequencyMinutes} min`}`}
                  {" · last sync "}
                  <When date={c.lastSyncAt} />
                </p>
                {c.lastError ? <p className="mt-1 text-sm text-red-800">{c.lastError}</p> : null}
              </div>
              <Button
                type="button"
                disabled={busy}
                onClick={() => syncNow.mutate({ clinicId, connectionId: c.id }, { onSuccess: () => void revalidator.revalidate() })}
              >
                {busy ? "Syncing…" : "Sync now"}
              </Button>
            </div>
            {syncNow.error && syncNow.variables?.connectionId === c.id ? (
              <p className="mt-2 text-sm text-red-800" role="alert">
                {syncNow.error.message}
              </p>
            ) : null}
            {runId ? (
              <div className="mt-3">
                <LiveRun key={runId} clinicId={clinicId} runId={runId} onDone={() => refresh(runId)} />
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function Count({ n, label, tone }: { n: number; label: string; tone?: string }) {
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2">
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className={`text-lg font-semibold tabular-nums ${tone ?? ""}`}>{n.toLocaleString("en-US")}</dd>
    </div>
  );
}

function RunDetail({ clinicId, run, rejections, rejectionPage }: { clinicId: string; run: NonNullable<LoaderData["selected"]>; rejections: NonNullable<LoaderData["rejections"]>; rejectionPage: number }) {
  const [params] = useSearchParams();
  const revalidator = useRevalidator();
  const onDone = useCallback(() => void revalidator.revalidate(), [revalidator]);
  const pages = Math.max(1, Math.ceil(rejections.total / REJECTIONS_PER_PAGE));
  const pageLink = (p: number) => {
    const next = new URLSearchParams(params);
    next.set("rpage", String(p));
    return `?${next.toString()}#rejections`;
  };
  const tables = (run.progress as { tables?: Record<string, { inserted: number; updated: number; unchanged: number; deleted: number }> }).tables;
  const skippedTabs = (run.progress as { tabsSkipped?: string[] }).tabsSkipped ?? [];
  const nothingChanged = run.status === "succeeded" && (run.progress as { unchangedSheet?: boolean }).unchangedSheet === true;
  return (
    <section aria-labelledby="run-detail-title" className="space-y-4 rounded-xl border border-slate-200 bg-slate-50 p-4" data-testid="run-detail">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="run-detail-title" className="text-lg font-semibold">
          Sync of {run.spreadsheetName}
        </h2>
        <StatusBadge status={run.status} />
        <Link to="." className="ml-auto text-sm text-brand-700 underline">
          Close details
        </Link>
      </div>
      <p className="text-sm text-slate-700">
        {run.trigger === "schedule" ? "Started by the schedule" : `Started by ${run.createdByName ?? "a team member"}`} · queued <When date={run.createdAt} /> · started <When date={run.startedAt} /> · took {formatDuration(run.durationMs)}
        {run.mappingVersion ? ` · mapping version ${run.mappingVersion}` : ""}
      </p>
      {active(run.status) ? <LiveRun clinicId={clinicId} runId={run.id} onDone={onDone} /> : null}
      {run.errorMessage ? <Notice tone="error">{run.errorMessage}</Notice> : null}
      {nothingChanged ? (
        <Notice tone="info">Nothing had changed since the previous sync: every number was already up to date, so none needed saving.</Notice>
      ) : null}
      {skippedTabs.length ? <Notice tone="info">Not imported because their header row changed: {skippedTabs.join(", ")}. See the rejected cells below.</Notice> : null}
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6">
        <Count n={run.rowsRead} label="Sheet rows read" />
        <Count n={run.rowsInserted} label="Numbers added" />
        <Count n={run.rowsUpdated} label="Numbers changed" />
        <Count n={run.rowsUnchanged} label="Unchanged" />
        <Count n={run.rowsDeleted} label="Removed" />
        <Count n={run.rowsRejected} label="Rows with problems" tone={run.rowsRejected ? "text-amber-800" : ""} />
      </dl>
      {tables ? (
        <p className="text-xs text-slate-600">
          By kind of number:{" "}
          {(["financial", "appointments", "calls", "patients"] as const)
            .filter((t) => tables[t])
            .map((t) => `${TABLE_LABEL[t]} ${tables[t]!.inserted} added, ${tables[t]!.updated} changed, ${tables[t]!.deleted} removed`)
            .join(" · ")}
        </p>
      ) : null}

      <div id="rejections" className="space-y-2">
        <div className="flex flex-wrap items-center gap-3">
          <h3 className="font-medium">Rejected cells ({rejections.total.toLocaleString("en-US")})</h3>
          {rejections.total > 0 ? (
            <a
              href={`/clinics/${clinicId}/sheets/history/${run.id}/rejections.csv`}
              download
              className="ml-auto inline-flex min-h-10 items-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50"
            >
              Download rejected rows (CSV)
            </a>
          ) : null}
        </div>
        {rejections.total === 0 ? (
          <p className="text-sm text-slate-700">{run.status === "succeeded" ? "Every cell this sync read could be used." : "No rejected cells recorded."}</p>
        ) : (
          <>
            <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label="Rejected cells">
              <table className="min-w-full text-sm">
                <caption className="sr-only">Cells the sync could not use</caption>
                <thead className="bg-slate-50 text-left">
                  <tr>
                    <th scope="col" className="px-3 py-2">Tab</th>
                    <th scope="col" className="px-3 py-2 text-right">Row</th>
                    <th scope="col" className="px-3 py-2">Column</th>
                    <th scope="col" className="px-3 py-2">Problem</th>
                    <th scope="col" className="px-3 py-2">Value</th>
                  </tr>
                </thead>
                <tbody>
                  {rejections.items.map((r) => (
                    <tr key={r.id} className="border-t border-slate-100 align-top">
                      <td className="whitespace-nowrap px-3 py-2">{r.sheetName}</td>
                      <td className="px-3 py-2 text-right tabular-nums">{r.rowNumber}</td>
                      <td className="px-3 py-2">{r.columnName ?? "—"}</td>
                      <td className="min-w-[14rem] px-3 py-2">{r.reason}</td>
                      <td className="max-w-[12rem] break-words px-3 py-2 font-mono text-xs">{r.cellValue ?? <span className="text-slate-500">(empty)</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {pages > 1 ? (
              <nav aria-label="Rejected cells pages" className="flex items-center gap-3 text-sm">
                {rejectionPage > 1 ? <Link to={pageLink(rejectionPage - 1)} className="underline">Previous</Link> : null}
                <span>
                  Page {rejectionPage} of {pages}
                </span>
                {rejectionPage < pages ? <Link to={pageLink(rejectionPage + 1)} className="underline">Next</Link> : null}
              </nav>
            ) : null}
          </>
        )}
      </div>
    </section>
  );
}

function RunsTable({ runs, selectedId }: { runs: Run[]; selectedId: string | null }) {
  const [params] = useSearchParams();
  const detailLink = (id: string) => {
    const next = new URLSearchParams(params);
    next.set("run", id);
    next.delete("rpage");
    return `?${next.toString()}`;
  };
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label="Sync runs">
      <table className="min-w-full text-sm" data-testid="sync-runs">
        <caption className="sr-only">Sync runs, newest first</caption>
        <thead className="bg-slate-50 text-left">
          <tr>
            <th scope="col" className="px-3 py-2">
              <span className="sr-only">Details</span>
            </th>
            <th scope="col" className="px-3 py-2">Status</th>
            <th scope="col" className="px-3 py-2">Spreadsheet</th>
            <th scope="col" className="px-3 py-2">Started</th>
            <th scope="col" className="px-3 py-2 text-right">Duration</th>
            <th scope="col" className="px-3 py-2 text-right">Read</th>
            <th scope="col" className="hidden px-3 py-2 text-right md:table-cell">Inserted</th>
            <th scope="col" className="hidden px-3 py-2 text-right md:table-cell">Updated</th>
            <th scope="col" className="hidden px-3 py-2 text-right md:table-cell">Unchanged</th>
            <th scope="col" className="px-3 py-2 text-right">Rejected</th>
            <th scope="col" className="hidden px-3 py-2 text-right md:table-cell">Deleted</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} className={`border-t border-slate-100 ${r.id === selectedId ? "bg-sky-50" : ""}`} aria-current={r.id === selectedId ? "true" : undefined}>
              <td className="whitespace-nowrap px-3 py-2">
                <Link to={detailLink(r.id)} className="text-brand-700 underline" aria-label={`Details of the sync started ${new Date(r.createdAt).toISOString()}`}>
                  Details
                </Link>
              </td>
              <td className="px-3 py-2">
                <StatusBadge status={r.status} />
                {r.trigger === "schedule" ? <span className="ml-1 text-xs text-slate-600">scheduled</span> : null}
              </td>
              <td className="max-w-[14rem] truncate px-3 py-2" title={r.spreadsheetName}>{r.spreadsheetName}</td>
              <td className="whitespace-nowrap px-3 py-2"><When date={r.startedAt ?? r.createdAt} /></td>
              <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">{formatDuration(r.durationMs)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{r.rowsRead}</td>
              <td className="hidden px-3 py-2 text-right tabular-nums md:table-cell">{r.rowsInserted}</td>
              <td className="hidden px-3 py-2 text-right tabular-nums md:table-cell">{r.rowsUpdated}</td>
              <td className="hidden px-3 py-2 text-right tabular-nums md:table-cell">{r.rowsUnchanged}</td>
              <td className={`px-3 py-2 text-right tabular-nums ${r.rowsRejected ? "font-medium text-amber-800" : ""}`}>{r.rowsRejected}</td>
              <td className="hidden px-3 py-2 text-right tabular-nums md:table-cell">{r.rowsDeleted}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function SyncHistory({ loaderData }: Route.ComponentProps) {
  const { clinic, history, connections, selected, rejections, page, rejectionPage } = loaderData;
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const revalidator = useRevalidator();
  const pages = Math.max(1, Math.ceil(history.total / RUNS_PER_PAGE));
  const anyActive = history.runs.some((r) => active(r.status));
  // While a run in the list is queued or running, refresh the list every few seconds.
  useEffect(() => {
    if (!anyActive) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") void revalidator.revalidate();
    }, 3000);
    return () => clearInterval(timer);
  }, [anyActive, revalidator]);
  const pageLink = (p: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(p));
    return `?${next.toString()}`;
  };
  return (
    <section className="space-y-6" aria-busy={navigation.state === "loading"}>
      <div className="flex flex-wrap items-center gap-3">
        <div>
          <p className="text-sm">
            <Link to={`/clinics/${clinic.id}/sheets`} className="text-brand-700 underline">
              Google Sheets
            </Link>
          </p>
          <h1 className="text-2xl font-semibold">Sync history</h1>
        </div>
        {navigation.state === "loading" ? (
          <span role="status" className="ml-auto text-sm text-slate-600">
            Loading…
          </span>
        ) : null}
      </div>

      <SyncPanel clinicId={clinic.id} connections={connections} />

      {selected && rejections ? <RunDetail clinicId={clinic.id} run={selected} rejections={rejections} rejectionPage={rejectionPage} /> : null}

      <div className="space-y-2">
        <h2 className="text-lg font-medium">All syncs</h2>
        {history.runs.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-700">No syncs yet. Press “Sync now” above, or wait for the schedule.</p>
        ) : (
          <RunsTable runs={history.runs} selectedId={selected?.id ?? null} />
        )}
        {pages > 1 ? (
          <nav aria-label="Sync history pages" className="flex items-center gap-3 text-sm">
            {page > 1 ? <Link to={pageLink(page - 1)} className="underline">Newer</Link> : null}
            <span>
              Page {page} of {pages}
            </span>
            {page < pages ? <Link to={pageLink(page + 1)} className="underline">Older</Link> : null}
          </nav>
        ) : null}
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { detail, retry } = describeRouteError(error);
  const message = isRouteErrorResponse(error) ? detail : "The sync history could not be loaded. Try again in a moment.";
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold">Sync history</h1>
      <Notice tone="error">{message}</Notice>
      {retry ? (
        <Link to="." className="text-brand-700 underline">
          Try again
        </Link>
      ) : null}
    </section>
  );
}
