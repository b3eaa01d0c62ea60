import { data, Outlet, useRouteLoaderData } from "react-router";
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

export default function ClinicLayout({ loaderData }: Route.ComponentProps) {
  const { me, scope, demo } = loaderData;
  const base = scope.clinic ? `/clinics/${scope.clinic.id}` : "/clinics/all";
  const p = scope.clinic?.permissions;
  const nav = [
    { to: base, label: "Dashboard" },
    ...(p?.["dashboard:view"] ? [{ to: `${base}/goals`, label: "Goals" }] : []),
    ...(p?.["google:manage"] || p?.["sync:run"] ? [{ to: `${base}/sheets`, label: "Google Sheets" }] : []),
    ...(p?.["members:manage"] ? [{ to: `${base}/members`, label: "Members" }] : []),
    ...(p?.["clinic:settings"] ? [{ to: `${base}/settings`, label: "Settings" }] : []),
    ...(p?.["google:manage"] ? [{ to: `${base}/google`, label: "Google accounts" }] : []),
  ].filter((item) => scope.clinic || item.to === base);
  return (
    <AppShell user={me.user} memberships={me.memberships} canRollUp={me.canRollUp} currentClinicId={scope.clinic?.id ?? "all"} nav={nav} demo={demo}>
      <Outlet />
    </AppShell>
  );
}
