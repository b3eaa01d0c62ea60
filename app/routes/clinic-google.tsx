import { data, isRouteErrorResponse, Link, useActionData, useNavigation } from "react-router";
import { act, apiFor, formString, load } from "../lib/api.server";
import { ConfirmPanel } from "../components/confirm-panel";
import { Notice, SECONDARY_LINK } from "../components/ui";
import type { Route } from "./+types/clinic-google";

export const meta = () => [{ title: "Google · Clinic Pulse" }];

/** What the callback (and the connect route) report with ?google=<code>, in words. */
const OUTCOMES: Record<string, { tone: "success" | "error" | "info"; text: string }> = {
  linked: { tone: "success", text: "Google account linked. You can now choose a spreadsheet to import." },
  denied: { tone: "error", text: "You chose not to give Clinic Pulse access on Google's screen, so nothing was linked. Press Connect Google to try again." },
  expired: { tone: "error", text: "The Google sign-in took longer than 10 minutes and expired. Nothing was linked. Press Connect Google to try again." },
  failed: { tone: "error", text: "Google did not confirm the link, so nothing was saved. Press Connect Google to try again; if it keeps failing, tell your administrator." },
  scopes: {
    tone: "error",
    text: "Google did not grant both permissions Clinic Pulse needs (see your spreadsheet names, and read their values). Nothing was linked. Press Connect Google and leave both boxes ticked.",
  },
  offline: { tone: "error", text: "Google did not grant the offline access that scheduled syncs need. Nothing was linked. Press Connect Google to try again." },
  unavailable: { tone: "error", text: "Google is not set up on this server yet. An administrator needs to configure it (see docs/google.md)." },
  "start-failed": { tone: "error", text: "The Google sign-in could not be started. Try again in a moment." },
  forbidden: { tone: "error", text: "Your role in this clinic cannot link Google accounts." },
};

export async function loader({ request, params }: Route.LoaderArgs) {
  const { api } = await apiFor(request);
  const clinicId = params.clinicId;
  const clinic = await load(request, () => api.clinics.get({ clinicId }));
  if (!clinic.permissions["google:manage"]) throw data("Your role in this clinic cannot manage Google connections.", { status: 403 });
  const status = await load(request, () => api.google.status({ clinicId }));
  const url = new URL(request.url);
  const code = url.searchParams.get("google");
  return {
    clinic: { id: clinic.id, name: clinic.name },
    status,
    outcome: code && code in OUTCOMES ? code : null,
    confirmId: url.searchParams.get("confirm"),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const form = await request.formData();
  const { api } = await apiFor(request);
  if (formString(form, "intent") !== "disconnect") return data({ ok: false as const, error: "Unknown action." }, { status: 400 });
  const result = await act(() => api.google.disconnect({ clinicId: params.clinicId, credentialId: formString(form, "credentialId") }));
  if (!result.ok) return data(result, { status: 400 });
  return { ok: true as const, revoked: result.value.revoked, message: result.value.message };
}

function formatDate(value: Date | string | null): string {
  if (!value) return "";
  return new Date(value).toLocaleDateString("en-US", { year: "numeric", month: "short", day: "numeric" });
}

function StatusBadge({ status }: { status: "active" | "needs_reauth" }) {
  return status === "active" ? (
    <span className="inline-flex items-center rounded-full bg-emerald-100 px-2.5 py-0.5 text-xs font-medium text-emerald-900" data-testid="google-status">
      Active
    </span>
  ) : (
    <span className="inline-flex items-center rounded-full bg-amber-100 px-2.5 py-0.5 text-xs font-medium text-amber-900" data-testid="google-status">
      Needs reconnecting
    </span>
  );
}

export default function ClinicGoogle({ loaderData }: Route.ComponentProps) {
  const { clinic, status, outcome, confirmId } = loaderData;
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const disconnecting = navigation.state === "submitting" && navigation.formData?.get("intent") === "disconnect";
  const page = `/clinics/${clinic.id}/google`;
  const connectHref = `${page}/connect?returnTo=${encodeURIComponent(page)}`;
  const mine = status.accounts.find((a) => a.mine);
  const notice = outcome && !result ? OUTCOMES[outcome] : undefined;

  return (
    <section className="max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Google accounts</h1>
        <p className="mt-1 text-sm text-slate-600">
          Link a Google account so {clinic.name} can list your spreadsheets and read the values you map. Clinic Pulse only reads: it never changes your
          spreadsheets or other Drive files.
        </p>
      </div>

      {status.demo ? (
        <Notice tone="info">
          <strong>Demo mode.</strong> Google here is the built-in emulator: connecting uses the {status.demoLabel} and its sample spreadsheets. No real
          Google account is involved.
        </Notice>
      ) : null}
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      {result && !result.ok ? <Notice tone="error">{result.error}</Notice> : null}
      {result?.ok ? <Notice tone={result.revoked ? "success" : "info"}>{result.message}</Notice> : null}
      {!status.configured ? <Notice tone="error">{OUTCOMES.unavailable!.text}</Notice> : null}

      {status.accounts.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center" data-testid="google-empty">
          <p className="font-medium text-slate-900">No Google account is linked to this clinic yet.</p>
          <p className="mt-1 text-sm text-slate-600">Link one to import production, collections, appointments and calls from Google Sheets.</p>
        </div>
      ) : (
        <ul className="space-y-3" aria-label="Linked Google accounts">
          {status.accounts.map((a) => {
            const confirming = confirmId === a.id && a.canDisconnect;
            return (
              <li key={a.id} className="rounded-lg border border-slate-200 bg-white p-4" data-testid="google-account">
                <div className="flex flex-wrap items-start gap-x-3 gap-y-2">
                  <div className="min-w-0 flex-1">
                    <p className="break-words font-medium text-slate-900">{a.isDemo ? a.label : (a.email ?? "Google account")}</p>
                    {a.isDemo && a.email ? <p className="break-words text-sm text-slate-600">{a.email}</p> : null}
                    <p className="mt-1 text-sm text-slate-600">
                      Linked by {a.mine ? "you" : (a.linkedBy.name ?? a.linkedBy.email ?? "a former member")} on {formatDate(a.linkedAt)}
                      {a.connections > 0 ? ` · used by ${a.connections} spreadsheet ${a.connections === 1 ? "sync" : "syncs"}` : ""}
                    </p>
                  </div>
                  <StatusBadge status={a.status} />
                </div>
                {a.status === "needs_reauth" ? (
                  <p className="mt-2 text-sm text-amber-900">
                    {a.lastError && a.lastError.startsWith("The demo") ? a.lastError : "Google no longer accepts this link (access was revoked or expired), so syncs using it stop."}{" "}
                    {a.mine ? "Reconnect to keep syncing." : `Ask ${a.linkedBy.name ?? "the person who linked it"} to reconnect.`}
                  </p>
                ) : null}
                {confirming ? (
                  <ConfirmPanel
                    id={`confirm-${a.id}`}
                    action={page}
                    fields={{ intent: "disconnect", credentialId: a.id }}
                    confirmLabel="Yes, disconnect"
                    pendingLabel="Disconnecting…"
                    cancelLabel="Cancel"
                    busy={busy}
                    pending={disconnecting}
                  >
                    Disconnect {a.email ?? "this account"}? Clinic Pulse gives the access back to Google and deletes its copy.
                    {a.connections > 0 ? ` ${a.connections} spreadsheet ${a.connections === 1 ? "sync" : "syncs"} will pause until someone links Google again.` : ""}
                  </ConfirmPanel>
                ) : (
                  <div className="mt-3 flex flex-wrap gap-2">
                    {a.mine && a.status === "needs_reauth" && status.configured ? (
                      <a href={connectHref} className="inline-flex min-h-10 items-center rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
                        Reconnect
                      </a>
                    ) : null}
                    {a.canDisconnect ? (
                      <Link
                        to={`${page}?confirm=${encodeURIComponent(a.id)}`}
                        preventScrollReset
                        className={SECONDARY_LINK}
                        aria-label={`Disconnect ${a.email ?? "Google account"}`}
                      >
                        Disconnect
                      </Link>
                    ) : null}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}

      {!mine && status.configured ? (
        <div className="flex flex-wrap items-center gap-3">
          <a href={connectHref} className="inline-flex min-h-10 items-center rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
            Connect Google
          </a>
          <p className="text-sm text-slate-600">
            {status.demo ? "Opens the emulator's consent page." : "Opens Google's consent page; you can remove the access at any time."}
          </p>
        </div>
      ) : null}
      {mine && mine.status === "active" ? (
        <p className="text-sm text-slate-600">
          Links are per person: you have linked {mine.email ?? "a Google account"} here. To use another Google account, disconnect this one first.
        </p>
      ) : null}
    </section>
  );
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  const message =
    isRouteErrorResponse(error) && typeof error.data === "string" && error.data
      ? error.data
      : "The Google page could not be shown. Try again in a moment; if it keeps happening, tell your administrator.";
  return (
    <section className="max-w-xl space-y-3" role="alert">
      <h1 className="text-2xl font-semibold">{isRouteErrorResponse(error) && error.status === 403 ? "Not allowed" : "Google accounts"}</h1>
      <p className="text-slate-700">{message}</p>
    </section>
  );
}
