import { Form, Link, redirect, useActionData, useNavigation, data } from "react-router";
import { act, apiFor, formString } from "../lib/api.server";
import { AuthCard, Button, Field, Notice } from "../components/ui";
import type { Route } from "./+types/signup";
import { fieldErrorOf } from "../lib/form-errors";

export const meta = () => [{ title: "Create an account · Clinic Pulse" }];

export async function loader({ request }: Route.LoaderArgs) {
  const { api } = await apiFor(request);
  if (await api.auth.me()) throw redirect("/");
  const params = new URL(request.url).searchParams;
  return { email: params.get("email") ?? "", redirectTo: params.get("redirectTo") ?? "" };
}

export async function action({ request }: Route.ActionArgs) {
  const form = await request.formData();
  const { api, resHeaders } = await apiFor(request);
  const values = { name: formString(form, "name"), email: formString(form, "email"), clinicName: formString(form, "clinicName") };
  const result = await act(() => api.auth.signUp({ ...values, password: formString(form, "password") }));
  if (!result.ok) return data({ ...result, values }, { status: 400 });
  const next = formString(form, "redirectTo");
  throw redirect(next.startsWith("/invite/") ? next : "/", { headers: resHeaders });
}

export default function SignUp({ loaderData }: Route.ComponentProps) {
  const result = useActionData<typeof action>();
  const failed = result && !result.ok ? result : null;
  const busy = useNavigation().state !== "idle";
  const fieldError = (name: string) => fieldErrorOf(failed, name);
  return (
    <AuthCard title="Create your account">
      <p className="text-sm text-slate-700">You will be the owner of your first clinic. You can add more clinics and invite your team later.</p>
      {failed && !failed.field && !failed.fieldErrors ? <Notice tone="error">{failed.error}</Notice> : null}
      {failed?.fieldErrors ? <Notice tone="error">Check the highlighted fields.</Notice> : null}
      <Form method="post" className="space-y-4">
        <input type="hidden" name="redirectTo" value={loaderData.redirectTo} />
        <Field label="Your name" name="name" autoComplete="name" required defaultValue={failed?.values.name} error={fieldError("name")} />
        <Field label="Email" name="email" type="email" autoComplete="username" required defaultValue={failed?.values.email ?? loaderData.email} error={fieldError("email")} />
        <Field label="Password" name="password" type="password" autoComplete="new-password" required minLength={10} hint="At least 10 characters. A few unrelated words work well." error={fieldError("password")} />
        <Field label="Clinic name" name="clinicName" autoComplete="organization" required defaultValue={failed?.values.clinicName} error={fieldError("clinicName")} />
        <Button disabled={busy}>{busy ? "Creating…" : "Create account"}</Button>
      </Form>
      <p className="text-sm text-slate-700">
        Already have an account?{" "}
        <Link className="text-brand-700 underline" to="/signin">
          Sign in
        </Link>
      </p>
    </AuthCard>
  );
}
