import { Form, Link, useActionData, useNavigation } from "react-router";
import { act, apiFor, formString } from "../lib/api.server";
import { AuthCard, Button, Field, Notice } from "../components/ui";
import type { Route } from "./+types/forgot-password";

export const meta = () => [{ title: "Reset your password · Clinic Pulse" }];

export async function action({ request }: Route.ActionArgs) {
  const form = await request.formData();
  const { api } = await apiFor(request);
  return act(() => api.auth.requestPasswordReset({ email: formString(form, "email") }));
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <AuthCard title="Reset your password">
      {result?.ok ? (
        <Notice tone="success">If an account uses that address, we sent it a link to choose a new password. The link works for one hour.</Notice>
      ) : (
        <>
          {result && !result.ok ? <Notice tone="error">{result.error}</Notice> : null}
          <Form method="post" className="space-y-4">
            <Field label="Email" name="email" type="email" autoComplete="username" required />
            <Button disabled={busy}>Send reset link</Button>
          </Form>
        </>
      )}
      <Link className="text-sm text-brand-700 underline" to="/signin">
        Back to sign in
      </Link>
    </AuthCard>
  );
}
