import { Form, Link, redirect, useActionData, useNavigation, useSearchParams, data } from "react-router";
import { act, apiFor, formString, safeRedirect } from "../lib/api.server";
import { AuthCard, Button, Field, Notice } from "../components/ui";
import type { Route } from "./+types/signin";

export const meta = () => [{ title: "Sign in · Clinic Pulse" }];

export async function loader({ request }: Route.LoaderArgs) {
  const { api } = await apiFor(request);
  if (await api.auth.me()) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return { demo: process.env.CLINIC_PULSE_EMBEDDED_DB === "1" };
}

export async function action({ request }: Route.ActionArgs) {
  const form = await request.formData();
  const { api, resHeaders } = await apiFor(request);
  const result = await act(() => api.auth.signIn({ email: formString(form, "email"), password: formString(form, "password") }));
  if (!result.ok) return data({ ...result, email: formString(form, "email") }, { status: 400 });
  throw redirect(safeRedirect(formString(form, "redirectTo")), { headers: resHeaders });
}

export default function SignIn({ loaderData }: Route.ComponentProps) {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  return (
    <AuthCard title="Sign in">
      {params.get("reset") ? <Notice tone="success">Your password was changed. Sign in with the new one.</Notice> : null}
      {params.get("signedOut") ? <Notice tone="info">You are signed out.</Notice> : null}
      {result && !result.ok ? <Notice tone="error">{result.error}</Notice> : null}
      <Form method="post" className="space-y-4">
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <Field label="Email" name="email" type="email" autoComplete="username" required defaultValue={result && !result.ok ? result.email : undefined} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        <Button disabled={busy}>{busy ? "Signing in…" : "Sign in"}</Button>
      </Form>
      <p className="text-sm text-slate-700">
        <Link className="text-brand-700 underline" to="/forgot-password">
          Forgot your password?
        </Link>{" "}
        · New here?{" "}
        <Link className="text-brand-700 underline" to="/signup">
          Create an account
        </Link>
      </p>
      {loaderData.demo ? (
        <p className="text-sm text-slate-600">Demo: the start command printed the demo logins.</p>
      ) : null}
    </AuthCard>
  );
}
