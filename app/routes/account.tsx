import { Form, Link, useActionData, useNavigation, data } from "react-router";
import { act, apiFor, formString, load } from "../lib/api.server";
import { Button, Field, Notice } from "../components/ui";
import type { Route } from "./+types/account";
import { fieldErrorOf } from "../lib/form-errors";

export const meta = () => [{ title: "Your account · Clinic Pulse" }];

export async function loader({ request }: Route.LoaderArgs) {
  const { api } = await apiFor(request);
  const memberships = await load(request, () => api.clinics.mine());
  const me = await api.auth.me();
  return { user: me!.user, memberships, isOwner: memberships.some((m) => m.role === "owner") };
}

export async function action({ request }: Route.ActionArgs) {
  const form = await request.formData();
  const { api } = await apiFor(request);
  const intent = formString(form, "intent");
  if (intent === "create-clinic") {
    const result = await act(() => api.clinics.create({ name: formString(form, "name"), location: formString(form, "location") }));
    return result.ok ? { ok: true as const, intent, clinicId: result.value.clinicId } : data({ ...result, intent }, { status: 400 });
  }
  const result = await act(() => api.auth.changePassword({ currentPassword: formString(form, "currentPassword"), newPassword: formString(form, "newPassword") }));
  return result.ok ? { ok: true as const, intent, clinicId: null } : data({ ...result, intent }, { status: 400 });
}

export default function Account({ loaderData }: Route.ComponentProps) {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { user, memberships, isOwner } = loaderData;
  const failedClinic = result?.intent === "create-clinic" && !result.ok ? result : null;
  const failedPassword = result?.intent === "change-password" && !result.ok ? result : null;
  return (
    <main className="mx-auto max-w-2xl space-y-10 px-4 py-8">
      <div>
        <Link to="/" className="text-sm text-brand-700 underline">← Back to your clinics</Link>
        <h1 className="mt-2 text-2xl font-semibold">Your account</h1>
        <p className="text-slate-700">{user.name} · {user.email}</p>
      </div>

      <section className="space-y-3">
        <h2 className="text-lg font-medium">Your clinics</h2>
        <ul className="list-disc pl-6">
          {memberships.map((m) => (
            <li key={m.clinicId}><Link className="text-brand-700 underline" to={`/clinics/${m.clinicId}`}>{m.clinicName}</Link> ({m.role})</li>
          ))}
        </ul>
        {isOwner ? (
          <Form method="post" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
            <input type="hidden" name="intent" value="create-clinic" />
            <Field label="New clinic name" name="name" required error={fieldErrorOf(failedClinic, "name")} />
            <Field label="Location" name="location" error={fieldErrorOf(failedClinic, "location")} />
            <Button disabled={busy}>Add clinic</Button>
          </Form>
        ) : null}
        {result?.intent === "create-clinic" && result.ok ? (
          <Notice tone="success">Clinic created. <Link className="underline" to={`/clinics/${result.clinicId}`}>Open it</Link></Notice>
        ) : null}
        {result?.intent === "create-clinic" && !result.ok ? <Notice tone="error">{result.error}</Notice> : null}
      </section>

      <section className="space-y-3">
        <h2 className="text-lg font-medium">Change password</h2>
        {result?.intent === "change-password" && result.ok ? <Notice tone="success">Password changed. Other browsers were signed out.</Notice> : null}
        {result?.intent === "change-password" && !result.ok ? <Notice tone="error">{result.error}</Notice> : null}
        <Form method="post" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
          <input type="hidden" name="intent" value="change-password" />
          <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required error={fieldErrorOf(failedPassword, "currentPassword")} />
          <Field label="New password" name="newPassword" type="password" autoComplete="new-password" required minLength={10} error={fieldErrorOf(failedPassword, "newPassword")} />
          <Button disabled={busy}>Change password</Button>
        </Form>
      </section>

      <section className="space-y-3">
        <h2 className="text-lg font-medium">Sign out everywhere</h2>
        <p className="text-sm text-slate-700">Ends every session of your account, on every device, including this one.</p>
        <Form method="post" action="/signout">
          <input type="hidden" name="everywhere" value="1" />
          <Button variant="danger">Sign out everywhere</Button>
        </Form>
      </section>
    </main>
  );
}
