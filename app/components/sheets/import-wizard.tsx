import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { Link, useNavigate } from "react-router";
import { TARGET_FIELDS, type FieldKey } from "../../../server/sheets/matching/fields";
import type { MappingConfig } from "../../../server/sheets/mapping-config";
import { IMPORT_STEPS } from "../../../server/sheets/wizard/steps";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../ui";
import { columnLetter } from "../../../server/sync/a1";
import { RawGrid } from "./raw-grid";
import { ErrorText, Loading, WizardProgress } from "./wizard-steps";

type Transform = MappingConfig["columns"][number]["transform"];

interface ColumnChoice {
  index: number;
  header: string;
  field: FieldKey | null;
  transform: Transform | null;
  confidence: number;
  reason: string;
  samples: (string | number | boolean | null)[];
}

export interface WizardState {
  step: number;
  credentialId?: string;
  spreadsheetId?: string;
  spreadsheetName?: string;
  tabTitles?: string[];
  tabMode: "list" | "pattern";
  tabs: string[];
  pattern: string;
  previewTab?: string;
  headerRow: number;
  endColumn: string;
  columns: ColumnChoice[];
  providerMap: Record<string, string | null>;
}

const INITIAL: WizardState = { step: 0, tabMode: "list", tabs: [], pattern: "monthly", headerRow: 1, endColumn: "Z", columns: [], providerMap: {} };
const STEP_NAMES: string[] = IMPORT_STEPS.map((s) => s.key);

function defaultTransformFor(field: FieldKey): Transform {
  const kind = TARGET_FIELDS.find((f) => f.key === field)?.kind;
  if (kind === "date") return { kind: "date", dateFormat: "auto" };
  if (kind === "provider") return { kind: "provider" };
  if (kind === "currency") return { kind: "currency" };
  return { kind: "integer" };
}

export function buildConfig(state: WizardState): MappingConfig {
  const mapped = state.columns.filter((c) => c.field);
  return {
    version: 1,
    tabs: state.tabMode === "pattern" ? { mode: "pattern", pattern: state.pattern } : { mode: "list", names: state.tabs },
    headerRow: state.headerRow,
    range: { startColumn: "A", endColumn: state.endColumn },
    columns: mapped.map((c) => ({ header: c.header, index: c.index, field: c.field!, transform: c.transform ?? defaultTransformFor(c.field!) })),
    ignored: state.columns.filter((c) => !c.field).map((c) => ({ header: c.header, index: c.index })),
    providerMap: state.providerMap,
    skipRows: { blank: true, totals: true },
  };
}

/**
 * The Google Sheets import wizard. Each step's choices are saved as a draft (its id is in the URL),
 * so a staff member can leave and come back; the last step saves the mapping and starts a sync.
 */
export function ImportWizard({ clinicId, draftId: initialDraftId }: { clinicId: string; draftId: string | null }) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const [state, setState] = useState<WizardState>(INITIAL);
  const [draftId, setDraftId] = useState<string | null>(initialDraftId);
  const [restored, setRestored] = useState(!initialDraftId);

  // Always read the draft afresh when the wizard opens: a copy cached earlier in this visit (say,
  // before a reload-free trip to another page and back) predates the steps saved since.
  const draft = useQuery({
    ...trpc.sheets.draft.queryOptions({ clinicId, draftId: initialDraftId ?? "none" }),
    enabled: !!initialDraftId && !restored,
    staleTime: 0,
    refetchOnMount: "always",
    retry: (failures, error) => error.data?.code !== "NOT_FOUND" && failures < 1,
  });
  // The draft is gone: saved, or discarded from the Google Sheets page.
  const draftGone = draft.error?.data?.code === "NOT_FOUND";
  useEffect(() => {
    if (draft.data && draft.isFetchedAfterMount && !restored) {
      setState({ ...INITIAL, ...(draft.data.state as Partial<WizardState>) });
      setRestored(true);
    }
    // Say so and start a fresh wizard: the next step saves a new draft instead of failing on the old id.
    if (draftGone && !restored) {
      setDraftId(null);
      setRestored(true);
    }
  }, [draft.data, draft.isFetchedAfterMount, draftGone, restored]);

  const saveDraft = useMutation(trpc.sheets.saveDraft.mutationOptions());
  const go = async (next: Partial<WizardState>) => {
    const merged = { ...state, ...next };
    setState(merged);
    const result = await saveDraft.mutateAsync({ clinicId, draftId: draftId ?? undefined, step: STEP_NAMES[merged.step] ?? "account", state: merged as unknown as Record<string, unknown> });
    if (!draftId) {
      setDraftId(result.draftId);
      navigate(`?draft=${result.draftId}`, { replace: true, preventScrollReset: true });
    }
  };

  // Each step replaces the last: move focus to the new step (its area is named "Step 4 of 6: Map
  // columns"), so keyboard and screen-reader users are not left on a button that is gone, which
  // would drop focus to the page. The area, not the step's heading: a step may still be loading.
  const stepArea = useRef<HTMLDivElement>(null);
  const shownStep = useRef(state.step);
  useEffect(() => {
    if (shownStep.current === state.step) return;
    shownStep.current = state.step;
    stepArea.current?.focus();
  }, [state.step]);

  const sheetsPage = `/clinics/${clinicId}/sheets`;
  if (!restored) {
    if (draft.error && !draftGone)
      return (
        <div role="alert" className="space-y-3 rounded-md border border-red-300 bg-red-50 px-3 py-3 text-sm text-red-900">
          <p>Your saved import could not be opened: {draft.error.message || "something went wrong."}</p>
          <div className="flex flex-wrap items-center gap-3">
            <Button type="button" variant="secondary" onClick={() => void draft.refetch()}>
              Try again
            </Button>
            <Link to={sheetsPage} className="font-medium underline">
              Back to Google Sheets
            </Link>
          </div>
        </div>
      );
    return <Loading what="your saved import" />;
  }
  return (
    <div className="space-y-6">
      <WizardProgress current={state.step} />
      {draftGone ? (
        <div role="alert" className="space-y-1 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          <p>That import draft no longer exists: it was saved or discarded. Start a new import below, or go back to the Google Sheets page.</p>
          <p>
            <Link to={sheetsPage} className="font-medium underline">
              Back to Google Sheets
            </Link>
          </p>
        </div>
      ) : null}
      <div ref={stepArea} tabIndex={-1} role="group" aria-label={`Step ${state.step + 1} of ${IMPORT_STEPS.length}: ${IMPORT_STEPS[state.step]?.label ?? ""}`} className="outline-none">
        {state.step === 0 ? <AccountStep clinicId={clinicId} state={state} onNext={(credentialId) => go({ step: 1, credentialId })} /> : null}
        {state.step === 1 ? <SpreadsheetStep clinicId={clinicId} state={state} onBack={() => setState({ ...state, step: 0 })} onNext={(s) => go({ step: 2, ...s })} /> : null}
        {state.step === 2 ? <TabsStep clinicId={clinicId} state={state} onBack={() => setState({ ...state, step: 1 })} onNext={(s) => go({ step: 3, ...s })} /> : null}
        {state.step === 3 ? <MapStep clinicId={clinicId} state={state} onBack={() => setState({ ...state, step: 2 })} onNext={(s) => go({ step: 4, ...s })} /> : null}
        {state.step === 4 ? <CheckStep clinicId={clinicId} state={state} setState={setState} onBack={() => setState({ ...state, step: 3 })} onNext={() => go({ step: 5 })} /> : null}
        {state.step === 5 ? <SaveStep clinicId={clinicId} state={state} draftId={draftId} onBack={() => setState({ ...state, step: 4 })} /> : null}
      </div>
      {saveDraft.error ? <ErrorText error={saveDraft.error} /> : null}
    </div>
  );
}

function StepNav({ onBack, next }: { onBack?: () => void; next: React.ReactNode }) {
  return (
    <div className="flex flex-wrap gap-3 pt-2">
      {onBack ? (
        <Button type="button" variant="secondary" onClick={onBack}>
          Back
        </Button>
      ) : null}
      {next}
    </div>
  );
}

function AccountStep({ clinicId, state, onNext }: { clinicId: string; state: WizardState; onNext: (credentialId: string) => void }) {
  const trpc = useTRPC();
  const status = useQuery(trpc.google.status.queryOptions({ clinicId }));
  const [choice, setChoice] = useState(state.credentialId ?? "");
  if (status.isPending) return <Loading what="linked Google accounts" />;
  if (status.error) return <ErrorText error={status.error} />;
  // Only the caller's own links: a Google account can read everything its user can, so nobody
  // browses a colleague's (the server refuses it too).
  const usable = status.data.accounts.filter((a) => a.status === "active" && a.mine);
  const colleagues = status.data.accounts.some((a) => !a.mine);
  const connectHref = `/clinics/${clinicId}/google/connect?returnTo=${encodeURIComponent(`/clinics/${clinicId}/sheets/new`)}`;
  return (
    <section className="space-y-4">
      <h2 className="text-lg font-semibold">Which Google account holds the spreadsheet?</h2>
      {usable.length === 0 ? (
        <p className="text-slate-700">You have not linked a working Google account to this clinic yet.</p>
      ) : (
        <fieldset className="space-y-2">
          <legend className="sr-only">Linked Google accounts</legend>
          {usable.map((a) => (
            <label key={a.id} className="flex items-center gap-2 rounded-md border border-slate-200 bg-white px-3 py-2">
              <input type="radio" name="account" value={a.id} checked={choice === a.id} onChange={() => setChoice(a.id)} />
              <span>{a.label}</span>
              {a.email && a.label !== a.email ? <span className="text-sm text-slate-600">({a.email})</span> : null}
            </label>
          ))}
        </fieldset>
      )}
      {colleagues ? (
        <p className="text-sm text-slate-600">
          Accounts your colleagues linked are not listed: each person chooses spreadsheets with their own Google account.
        </p>
      ) : null}
      <a href={connectHref} className="inline-block text-sm text-brand-700 underline">
        {usable.length === 0 ? "Connect your Google account" : "Use a different Google account instead"}
      </a>
      <StepNav next={<Button type="button" disabled={!choice} onClick={() => onNext(choice)}>Next</Button>} />
    </section>
  );
}

function SpreadsheetStep({ clinicId, state, onBack, onNext }: { clinicId: string; state: WizardState; onBack: () => void; onNext: (s: Partial<WizardState>) => void }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const [pasted, setPasted] = useState("");
  const [ref, setRef] = useState<string | null>(state.spreadsheetId ?? null);
  const list = useQuery(trpc.sheets.spreadsheets.queryOptions({ clinicId, credentialId: state.credentialId!, search: query || undefined }));
  const tabs = useQuery({ ...trpc.sheets.tabs.queryOptions({ clinicId, credentialId: state.credentialId!, spreadsheetRef: ref ?? "none" }), enabled: !!ref, retry: false });
  return (
    <section className="space-y-4">
      <h2 className="text-lg font-semibold">Choose the spreadsheet</h2>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(search);
        }}
      >
        <div>
          <label htmlFor="sheet-search" className="block text-sm font-medium">Search your spreadsheets</label>
          <input id="sheet-search" value={search} onChange={(e) => setSearch(e.target.value)} className="rounded-md border border-slate-300 px-3 py-2" />
        </div>
        <Button variant="secondary">Search</Button>
      </form>
      {list.isPending ? <Loading what="your spreadsheets" /> : null}
      <ErrorText error={list.error} />
      {list.data ? (
        list.data.files.length === 0 ? (
          <p className="text-sm text-slate-600">No spreadsheets found{query ? ` matching “${query}”` : ""}.</p>
        ) : (
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" aria-label="Spreadsheets">
            {list.data.files.map((f) => (
              <li key={f.id}>
                <button type="button" onClick={() => setRef(f.id)} aria-pressed={ref === f.id} className={`flex w-full justify-between px-3 py-2 text-left hover:bg-slate-50 ${ref === f.id ? "bg-brand-50 font-medium" : ""}`}>
                  <span>{f.name}</span>
                  {f.modifiedTime ? <span className="text-xs text-slate-500">edited {new Date(f.modifiedTime).toLocaleDateString("en-US")}</span> : null}
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          setRef(pasted);
        }}
      >
        <div className="min-w-0 flex-1">
          <label htmlFor="sheet-url" className="block text-sm font-medium">…or paste its link</label>
          <input id="sheet-url" value={pasted} onChange={(e) => setPasted(e.target.value)} placeholder="https://docs.google.com/spreadsheets/d/…" className="w-full rounded-md border border-slate-300 px-3 py-2" />
        </div>
        <Button variant="secondary">Use this link</Button>
      </form>
      {ref && tabs.isPending ? <Loading what="the spreadsheet" /> : null}
      <ErrorText error={tabs.error} />
      {tabs.data ? <p className="text-sm text-slate-700">Selected: <strong>{tabs.data.title}</strong> ({tabs.data.tabs.length} tabs)</p> : null}
      <StepNav
        onBack={onBack}
        next={
          <Button
            type="button"
            disabled={!tabs.data}
            onClick={() => tabs.data && onNext({ spreadsheetId: tabs.data.spreadsheetId, spreadsheetName: tabs.data.title, tabTitles: tabs.data.tabs.filter((t) => !t.hidden).map((t) => t.title), tabs: [], previewTab: undefined })}
          >
            Next
          </Button>
        }
      />
    </section>
  );
}

function TabsStep({ clinicId, state, onBack, onNext }: { clinicId: string; state: WizardState; onBack: () => void; onNext: (s: Partial<WizardState>) => void }) {
  const trpc = useTRPC();
  const titles = state.tabTitles ?? [];
  const [mode, setMode] = useState(state.tabMode);
  const [tabs, setTabs] = useState<string[]>(state.tabs.length ? state.tabs : titles.slice(0, 1));
  const [pattern, setPattern] = useState(state.pattern);
  const [previewTab, setPreviewTab] = useState(state.previewTab ?? tabs[0] ?? titles[0] ?? "");
  const [headerRow, setHeaderRow] = useState<number | null>(state.previewTab ? state.headerRow : null);
  const grid = useQuery({ ...trpc.sheets.grid.queryOptions({ clinicId, credentialId: state.credentialId!, spreadsheetId: state.spreadsheetId!, tab: previewTab }), enabled: !!previewTab });
  const effectiveHeader = headerRow ?? grid.data?.guessedHeaderRow ?? 1;
  const width = grid.data ? Math.max(1, ...grid.data.grid.map((r) => r.length)) : 26;
  return (
    <section className="space-y-4">
      <h2 className="text-lg font-semibold">Which tabs, and where is the header?</h2>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Tabs to import</legend>
        <label className="flex items-center gap-2"><input type="radio" checked={mode === "list"} onChange={() => setMode("list")} /> Choose tabs</label>
        {mode === "list" ? (
          <div className="ml-6 grid gap-1 sm:grid-cols-3">
            {titles.map((t) => (
              <label key={t} className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={tabs.includes(t)} onChange={(e) => setTabs(e.target.checked ? [...tabs, t] : tabs.filter((x) => x !== t))} /> {t}
              </label>
            ))}
          </div>
        ) : null}
        <label className="flex items-center gap-2"><input type="radio" checked={mode === "pattern"} onChange={() => setMode("pattern")} /> Every tab matching a pattern</label>
        {mode === "pattern" ? (
          <div className="ml-6 space-y-1">
            <label htmlFor="tab-pattern" className="block text-sm">Pattern: “monthly” for month tabs like Jan-24, or a wildcard such as Jan-*</label>
            <input id="tab-pattern" value={pattern} onChange={(e) => setPattern(e.target.value)} className="rounded-md border border-slate-300 px-3 py-1.5" />
          </div>
        ) : null}
      </fieldset>
      <div className="flex flex-wrap items-end gap-4">
        <div>
          <label htmlFor="preview-tab" className="block text-sm font-medium">Preview tab</label>
          <select id="preview-tab" value={previewTab} onChange={(e) => { setPreviewTab(e.target.value); setHeaderRow(null); }} className="rounded-md border border-slate-300 px-2 py-1.5">
            {titles.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="header-row" className="block text-sm font-medium">Header row</label>
          <input id="header-row" type="number" min={1} max={50} value={effectiveHeader} onChange={(e) => setHeaderRow(Number(e.target.value) || 1)} className="w-24 rounded-md border border-slate-300 px-2 py-1.5" />
        </div>
      </div>
      {grid.isPending ? <Loading what="the tab" /> : null}
      <ErrorText error={grid.error} />
      {grid.data ? (grid.data.grid.length === 0 ? <p className="text-sm text-slate-600">This tab is empty.</p> : <RawGrid grid={grid.data.grid} headerRow={effectiveHeader} />) : null}
      <StepNav
        onBack={onBack}
        next={
          <Button
            type="button"
            disabled={!grid.data || (mode === "list" ? tabs.length === 0 : !pattern.trim())}
            onClick={() => onNext({ tabMode: mode, tabs, pattern, previewTab, headerRow: effectiveHeader, endColumn: columnLetter(Math.min(width, 26) - 1), columns: [] })}
          >
            Next
          </Button>
        }
      />
    </section>
  );
}

const FIELD_GROUPS: { label: string; table: string }[] = [
  { label: "Row", table: "all" },
  { label: "Financial", table: "financial" },
  { label: "Appointments", table: "appointments" },
  { label: "Calls", table: "calls" },
  { label: "Patients", table: "patients" },
];

function MapStep({ clinicId, state, onBack, onNext }: { clinicId: string; state: WizardState; onBack: () => void; onNext: (s: Partial<WizardState>) => void }) {
  const trpc = useTRPC();
  const suggest = useQuery(trpc.sheets.suggest.queryOptions({ clinicId, credentialId: state.credentialId!, spreadsheetId: state.spreadsheetId!, tab: state.previewTab!, headerRow: state.headerRow }));
  const [columns, setColumns] = useState<ColumnChoice[]>(state.columns);
  const [providerMap, setProviderMap] = useState(state.providerMap);
  const createProvider = useMutation(trpc.sheets.createProvider.mutationOptions());
  const providers = useQuery(trpc.sheets.providers.queryOptions({ clinicId }));
  useEffect(() => {
    if (!suggest.data || columns.length > 0) return;
    setColumns(suggest.data.columns.map((c) => ({ index: c.columnIndex, header: c.header, field: c.field, transform: c.transform, confidence: c.confidence, reason: c.reason, samples: c.samples as ColumnChoice["samples"] })));
    setProviderMap((m) => ({ ...Object.fromEntries(suggest.data.providerMatches.map((p) => [p.key, p.providerId])), ...m }));
  }, [suggest.data, columns.length]);
  if (suggest.isPending) return <Loading what="column suggestions" />;
  if (suggest.error) return <ErrorText error={suggest.error} />;
  const taken = new Map(columns.filter((c) => c.field).map((c) => [c.field, c.index]));
  const hasDate = columns.some((c) => c.field === "date");
  const metricCount = columns.filter((c) => c.field && c.field !== "date" && c.field !== "provider").length;
  const hasProvider = columns.some((c) => c.field === "provider");
  const update = (index: number, field: FieldKey | null) =>
    setColumns((cols) => cols.map((c) => (c.index === index ? { ...c, field, transform: field ? defaultTransformFor(field) : null, reason: "chosen", confidence: 1 } : c)));
  return (
    <section className="space-y-4">
      <h2 className="text-lg font-semibold">Map columns to metrics</h2>
      <p className="text-sm text-slate-700">Suggestions come from the header names and the values. Check each one; columns left on “Ignore” are not imported.</p>
      {!hasDate ? <p role="alert" className="text-sm font-medium text-red-700">Required: choose the column that holds the date.</p> : null}
      <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-sm" data-testid="mapping-table">
          <caption className="sr-only">Columns and the metric each one maps to</caption>
          <thead className="bg-slate-50 text-left">
            <tr>
              <th scope="col" className="px-3 py-2">Column</th>
              <th scope="col" className="px-3 py-2">Sample values</th>
              <th scope="col" className="px-3 py-2">Maps to</th>
              <th scope="col" className="px-3 py-2">Confidence</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((c) => (
              <tr key={c.index} className="border-t border-slate-100">
                <th scope="row" className="px-3 py-2 text-left font-medium">{c.header || `Column ${columnLetter(c.index)}`}</th>
                <td className="px-3 py-2 text-slate-600">{c.samples.filter((s) => s !== null && s !== "").slice(0, 2).join(" · ") || "—"}</td>
                <td className="px-3 py-2">
                  <label className="sr-only" htmlFor={`map-${c.index}`}>Metric for {c.header || `column ${columnLetter(c.index)}`}</label>
                  <select id={`map-${c.index}`} value={c.field ?? ""} onChange={(e) => update(c.index, (e.target.value || null) as FieldKey | null)} className="rounded border border-slate-300 px-2 py-1">
                    <option value="">Ignore</option>
                    {FIELD_GROUPS.map((g) => (
                      <optgroup key={g.table} label={g.label}>
                        {TARGET_FIELDS.filter((f) => f.table === g.table).map((f) => (
                          <option key={f.key} value={f.key} disabled={taken.has(f.key) && taken.get(f.key) !== c.index}>
                            {f.label}{f.required ? " (required)" : ""}
                          </option>
                        ))}
                      </optgroup>
                    ))}
                  </select>
                </td>
                <td className="px-3 py-2">
                  {c.field ? (
                    <span className={`rounded px-2 py-0.5 text-xs ${c.confidence >= 0.9 ? "bg-emerald-100 text-emerald-900" : c.confidence >= 0.6 ? "bg-sky-100 text-sky-900" : "bg-amber-100 text-amber-900"}`}>
                      {c.reason === "chosen" ? "Your choice" : `${Math.round(c.confidence * 100)}% · ${c.reason}`}
                    </span>
                  ) : <span className="text-xs text-slate-500">ignored</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {hasProvider ? (
        <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-3">
          <h3 className="font-medium">Providers in the sheet</h3>
          {suggest.data.providerMatches.length === 0 ? <p className="text-sm text-slate-600">No provider names in the first rows.</p> : null}
          {suggest.data.providerMatches.map((p) => (
            <div key={p.key} className="flex flex-wrap items-center gap-2 text-sm">
              <label htmlFor={`prov-${p.key}`} className="min-w-[10rem]">{p.name}</label>
              <select id={`prov-${p.key}`} value={providerMap[p.key] ?? ""} onChange={(e) => setProviderMap({ ...providerMap, [p.key]: e.target.value || null })} className="rounded border border-slate-300 px-2 py-1">
                <option value="">Skip these rows</option>
                {(providers.data ?? suggest.data.providers).map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
              </select>
              {!providerMap[p.key] ? (
                <Button
                  type="button"
                  variant="secondary"
                  disabled={createProvider.isPending}
                  onClick={async () => {
                    const created = await createProvider.mutateAsync({ clinicId, name: p.name, providerType: "dentist" });
                    await providers.refetch();
                    setProviderMap((m) => ({ ...m, [p.key]: created.id }));
                  }}
                >
                  Add “{p.name}” as a provider
                </Button>
              ) : null}
            </div>
          ))}
          <ErrorText error={createProvider.error} />
        </div>
      ) : null}
      <StepNav onBack={onBack} next={<Button type="button" disabled={!hasDate || metricCount === 0} onClick={() => onNext({ columns, providerMap })}>Next</Button>} />
    </section>
  );
}

function CheckStep({ clinicId, state, setState, onBack, onNext }: { clinicId: string; state: WizardState; setState: (s: WizardState) => void; onBack: () => void; onNext: () => void }) {
  const trpc = useTRPC();
  const config = useMemo(() => buildConfig(state), [state]);
  const preview = useQuery(trpc.sheets.preview.queryOptions({ clinicId, credentialId: state.credentialId!, spreadsheetId: state.spreadsheetId!, config }));
  const providers = useQuery(trpc.sheets.providers.queryOptions({ clinicId }));
  const providerName = (id: string | null) => (id === null ? "Whole clinic" : (providers.data?.find((p) => p.id === id)?.name ?? "A provider"));
  const setTransform = (index: number, transform: Transform) => setState({ ...state, columns: state.columns.map((c) => (c.index === index ? { ...c, transform } : c)) });
  const mapped = state.columns.filter((c) => c.field);
  return (
    <section className="space-y-4">
      <h2 className="text-lg font-semibold">Check the data before importing</h2>
      <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
        {mapped.map((c) => {
          const t = c.transform ?? defaultTransformFor(c.field!);
          const label = TARGET_FIELDS.find((f) => f.key === c.field)?.label ?? c.field;
          return (
            <div key={c.index} className="rounded-md border border-slate-200 bg-white p-2 text-sm">
              <p className="font-medium">{c.header} → {label}</p>
              {t.kind === "date" ? (
                <label className="mt-1 block">
                  Date format{" "}
                  <select value={t.dateFormat ?? "auto"} onChange={(e) => setTransform(c.index, { ...t, dateFormat: e.target.value as never })} className="rounded border border-slate-300 px-1 py-0.5">
                    <option value="auto">Automatic (US when unclear)</option>
                    <option value="MM/DD/YYYY">MM/DD/YYYY</option>
                    <option value="DD/MM/YYYY">DD/MM/YYYY</option>
                    <option value="YYYY-MM-DD">YYYY-MM-DD</option>
                    <option value="serial">Spreadsheet serial number</option>
                  </select>
                </label>
              ) : t.kind === "currency" || t.kind === "number" || t.kind === "integer" ? (
                <label className="mt-1 block">
                  Read as{" "}
                  <select value={t.kind} onChange={(e) => setTransform(c.index, { kind: e.target.value as "currency" | "number" | "integer" })} className="rounded border border-slate-300 px-1 py-0.5">
                    <option value="currency">Money ($1,234.56, (12.00))</option>
                    <option value="number">Number</option>
                    <option value="integer">Whole number</option>
                  </select>
                </label>
              ) : null}
            </div>
          );
        })}
      </div>
      {preview.isPending ? <Loading what="the preview" /> : null}
      <ErrorText error={preview.error} />
      {preview.data ? (
        <>
          <p className="text-sm" data-testid="preview-counts">
            Tabs {preview.data.tabs.join(", ")}: <strong>{preview.data.counts.valid}</strong> valid rows, <strong>{preview.data.counts.invalid}</strong> with problems, <strong>{preview.data.counts.skipped}</strong> skipped (blank or total rows).
          </p>
          {preview.data.headerMismatch.length ? <p role="alert" className="text-sm text-amber-800">The header row of {preview.data.headerMismatch.join(", ")} does not match; those tabs are left out.</p> : null}
          {preview.data.rejections.length > 0 ? (
            <div className="relative overflow-x-auto rounded-lg border border-red-200 bg-white" tabIndex={0} role="region" aria-label="Cells that will not be imported">
              <table className="min-w-full text-sm" data-testid="bad-cells">
                <caption className="px-3 py-2 text-left font-medium text-red-900">Cells that will not be imported</caption>
                <thead className="bg-red-50 text-left">
                  {/* "Why" before "Value": on a phone the reason is what must stay in view. */}
                  <tr><th scope="col" className="px-3 py-1">Tab</th><th scope="col" className="px-3 py-1">Row</th><th scope="col" className="px-3 py-1">Column</th><th scope="col" className="min-w-48 px-3 py-1">Why</th><th scope="col" className="px-3 py-1">Value</th></tr>
                </thead>
                <tbody>
                  {preview.data.rejections.map((r, i) => (
                    <tr key={i} className="border-t border-red-100">
                      <td className="px-3 py-1">{r.sheetName}</td><td className="px-3 py-1">{r.rowNumber}</td><td className="px-3 py-1">{r.columnName ?? "—"}</td>
                      <td className="px-3 py-1">{r.reason}</td><td className="px-3 py-1 font-mono">{r.cellValue ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : <p className="text-sm text-emerald-800">No problems found in the previewed rows.</p>}
          <details className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
            <summary className="cursor-pointer font-medium">Rows as they will be imported ({preview.data.records.length} shown)</summary>
            <div className="relative mt-2 max-h-80 overflow-auto">
              <table className="min-w-full text-xs">
                <thead className="text-left"><tr><th className="px-2">Tab!Row</th><th className="px-2">Date</th><th className="px-2">Provider</th><th className="px-2">Values</th></tr></thead>
                <tbody>
                  {preview.data.records.map((r) => (
                    <tr key={`${r.tab}-${r.row}`} className="border-t border-slate-100">
                      <td className="px-2">{r.tab}!{r.row}</td><td className="px-2">{r.date}</td><td className="px-2">{providerName(r.providerId ?? null)}</td>
                      <td className="px-2">{[...Object.entries(r.money).map(([k, v]) => `${fieldLabel(k)} ${USD.format((v as number) / 100)}`), ...Object.entries(r.counts).map(([k, v]) => `${fieldLabel(k)} ${v}`)].join(", ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      ) : null}
      <StepNav onBack={onBack} next={<Button type="button" disabled={!preview.data || preview.data.counts.valid === 0} onClick={onNext}>Next</Button>} />
    </section>
  );
}

const USD = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
/** A metric field's label for people ("Gross production"), not its key. */
const fieldLabel = (key: string) => TARGET_FIELDS.find((f) => f.key === key)?.label ?? key;

function SaveStep({ clinicId, state, draftId, onBack }: { clinicId: string; state: WizardState; draftId: string | null; onBack: () => void }) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const save = useMutation(trpc.sheets.save.mutationOptions());
  const config = buildConfig(state);
  return (
    <section className="space-y-4">
      <h2 className="text-lg font-semibold">Save and run the first sync</h2>
      <ul className="list-disc pl-6 text-sm text-slate-700">
        <li>Spreadsheet: {state.spreadsheetName}</li>
        <li>Tabs: {config.tabs.mode === "list" ? config.tabs.names.join(", ") : `matching “${config.tabs.pattern}”`} (header on row {config.headerRow})</li>
        <li>{config.columns.length} columns mapped, {config.ignored.length} ignored</li>
        <li>Syncs again every hour; you can change this later.</li>
      </ul>
      <ErrorText error={save.error} />
      <StepNav
        onBack={onBack}
        next={
          <Button
            type="button"
            disabled={save.isPending}
            onClick={async () => {
              const saved = await save.mutateAsync({ clinicId, credentialId: state.credentialId!, spreadsheetId: state.spreadsheetId!, spreadsheetName: state.spreadsheetName!, config, draftId: draftId ?? undefined });
              navigate(`/clinics/${clinicId}/sheets?saved=${saved.connectionId}&version=${saved.version}`);
            }}
          >
            {save.isPending ? "Saving…" : "Save and sync now"}
          </Button>
        }
      />
      <Link to={`/clinics/${clinicId}/sheets`} className="text-sm text-brand-700 underline">Cancel</Link>
    </section>
  );
}
