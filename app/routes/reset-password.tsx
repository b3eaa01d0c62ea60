import { Form, redirect, useActionData, useNavigation, data } from "react-router";
import { act, apiFor, formString } from "../lib/api.server";
import { AuthCard, Button, Field, Notice } from "../components/ui";
import type { Route } from "./+types/reset-password";

export const meta = () => [{ title: "Choose a new password · Clinic Pulse" }];

export async function action({ request, params }: Route.ActionArgs) {
  const form = await request.formData();
  const { api } = await apiFor(request);
  const result = await act(() => api.auth.resetPassword({ token: params.token, password: formString(form, "password") }));
  if (!result.ok) return data(result, { status: 400 });
  throw redirect("/signin?reset=1");
}

export default function ResetPassword() {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <AuthCard title="Choose a new password">
      {result && !result.ok ? <Notice tone="error">{result.error}</Notice> : null}
      <Form method="post" className="space-y-4">
        <Field label="New password" name="password" type="password" autoComplete="new-password" required minLength={10} hint="At least 10 characters. You will be signed out everywhere." />
        <Button disabled={busy}>Set password</Button>
      </Form>
    </AuthCard>
  );
}
