import { data, Outlet, useRouteError, useRouteLoaderData } from "react-router";
import { ErrorPanel } from "../components/error-page";
import { AppShell } from "../components/app-shell";
import { apiFor, load } from "../lib/api.server";
import type { Route } from "./+types/clinic-layout";

/** Every /clinics/:clinicId page: the caller must hold dashboard:view in that clinic. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const { api, resHeaders } = await apiFor(request);
  const me = await load(request, () => api.auth.me());
  if (!me) await load(request, () => api.clinics.mine()); // signed out: redirects to sign-in
  const scope =
    params.clinicId === "all"
      ? { kind: "all" as const, clinic: null }
      : { kind: "clinic" as const, clinic: await load(request, () => api.clinics.get({ clinicId: params.clinicId })) };
  if (scope.kind === "all" && !me!.canRollUp) throw data("“All my clinics” is for owners and admins of more than one clinic.", { status: 403 });
  return data({ me: me!, scope, demo: process.env.CLINIC_PULSE_EMBEDDED_DB === "1" }, { headers: resHeaders });
}

export function useClinicLayoutData() {
  const value = useRouteLoaderData<typeof loader>("routes/clinic-layout");
  if (!value) throw new Error("useClinicLayoutData outside /clinics/:clinicId");
  return value;
}

type LayoutData = Awaited<ReturnType<typeof loader>>["data"];

/** The clinic's navigation: what the caller's role may open. */
function clinicNav(scope: LayoutData["scope"]) {
  const base = scope.clinic ? `/clinics/${scope.clinic.id}` : "/clinics/all";
  const p = scope.clinic?.permissions;
  return [
    { to: base, label: "Dashboard" },
    ...(p?.["dashboard:view"] ? [{ to: `${base}/goals`, label: "Goals" }] : []),
    ...(p?.["google:manage"] || p?.["sync:run"] ? [{ to: `${base}/sheets`, label: "Google Sheets" }] : []),
    ...(p?.["members:manage"] ? [{ to: `${base}/members`, label: "Members" }] : []),
    ...(p?.["clinic:settings"] ? [{ to: `${base}/settings`, label: "Settings" }] : []),
    ...(p?.["google:manage"] ? [{ to: `${base}/google`, label: "Google accounts" }] : []),
  ].filter((item) => scope.clinic || item.to === base);
}

export default function ClinicLayout({ loaderData }: Route.ComponentProps) {
  const { me, scope, demo } = loaderData;
  return (
    <AppShell user={me.user} memberships={me.memberships} canRollUp={me.canRollUp} currentClinicId={scope.clinic?.id ?? "all"} nav={clinicNav(scope)} demo={demo}>
      <Outlet />
    </AppShell>
  );
}

/**
 * A page of the clinic that failed (403 for a role, 404, an outage) keeps the clinic's navigation,
 * so the way back is one click. When the clinic itself is refused there is no navigation to show.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const layout = useRouteLoaderData<typeof loader>("routes/clinic-layout");
  if (!layout) {
    return (
      <main className="mx-auto max-w-xl p-8">
        <ErrorPanel error={error} home={{ to: "/", label: "Go to the start page" }} />
      </main>
    );
  }
  const { me, scope, demo } = layout;
  const home = scope.clinic ? `/clinics/${scope.clinic.id}` : "/clinics/all";
  return (
    <AppShell user={me.user} memberships={me.memberships} canRollUp={me.canRollUp} currentClinicId={scope.clinic?.id ?? "all"} nav={clinicNav(scope)} demo={demo}>
      <ErrorPanel error={error} home={{ to: home, label: "Go to the dashboard" }} />
    </AppShell>
  );
}
