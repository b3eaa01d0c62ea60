import { Link, redirect } from "react-router";
import { apiFor } from "../lib/api.server";
import type { Route } from "./+types/home";

export function meta() {
  return [{ title: "Clinic Pulse" }, { name: "description", content: "Goal dashboards for dental and medical clinic groups" }];
}

/** Signed in: straight to the first clinic (or the roll-up for owners of several). */
export async function loader({ request }: Route.LoaderArgs) {
  const { api } = await apiFor(request);
  const me = await api.auth.me();
  if (me) {
    if (me.canRollUp) throw redirect("/clinics/all");
    const first = me.memberships[0];
    if (first) throw redirect(`/clinics/${first.clinicId}`);
    return { signedIn: true, health: await api.system.health() };
  }
  return { signedIn: false, health: await api.system.health() };
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const { health, signedIn } = loaderData;
  return (
    <main className="mx-auto max-w-3xl px-4 py-12">
      <h1 className="text-3xl font-semibold text-brand-900">Clinic Pulse</h1>
      <p className="mt-3 text-lg text-slate-700">
        Production, collections, appointments, calls and patients against your goals — for one clinic or all of them.
      </p>
      {signedIn ? (
        <p className="mt-6 text-slate-700">You are not a member of any clinic yet. Ask a clinic owner for an invitation, or sign out and create your own account.</p>
      ) : (
        <div className="mt-8 flex flex-wrap gap-3">
          <Link to="/signin" className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
            Sign in
          </Link>
          <Link to="/signup" className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 hover:bg-slate-50">
            Create an account
          </Link>
        </div>
      )}
      <p className="mt-10 text-sm text-slate-600" data-testid="db-status">
        Database: {health.database.ok ? `connected (${health.database.kind})` : `unavailable — ${health.database.error}`}
      </p>
    </main>
  );
}
