import { Form, Link, redirect, useActionData, data } from "react-router";
import { act, apiFor } from "../lib/api.server";
import { AuthCard, Button, Notice } from "../components/ui";
import type { Route } from "./+types/invite";

export const meta = () => [{ title: "Invitation · Clinic Pulse" }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const { api } = await apiFor(request);
  const [preview, me] = await Promise.all([api.invitations.preview({ token: params.token }), api.auth.me()]);
  return { preview, me: me ? { email: me.user.email } : null, path: new URL(request.url).pathname };
}

export async function action({ request, params }: Route.ActionArgs) {
  const { api } = await apiFor(request);
  const result = await act(() => api.invitations.accept({ token: params.token }));
  if (!result.ok) return data(result, { status: 400 });
  throw redirect(`/clinics/${result.value.clinicId}`);
}

export default function Invite({ loaderData }: Route.ComponentProps) {
  const { preview, me, path } = loaderData;
  const result = useActionData<typeof action>();
  if (!preview.ok) {
    return (
      <AuthCard title="Invitation">
        <Notice tone="error">{preview.message}</Notice>
      </AuthCard>
    );
  }
  const next = encodeURIComponent(path);
  return (
    <AuthCard title={`Join ${preview.clinicName}`}>
      <p className="text-slate-700">
        You were invited to <strong>{preview.clinicName}</strong> as <strong>{preview.role}</strong> ({preview.email}).
      </p>
      {result && !result.ok ? <Notice tone="error">{result.error}</Notice> : null}
      {me ? (
        me.email === preview.email ? (
          <Form method="post">
            <Button>Accept invitation</Button>
          </Form>
        ) : (
          <Notice tone="error">
            This invitation is for {preview.email}, but you are signed in as {me.email}. Sign out, then open the link again.
          </Notice>
        )
      ) : preview.hasAccount ? (
        <Link className="inline-block rounded-md bg-brand-600 px-4 py-2 text-white" to={`/signin?redirectTo=${next}`}>
          Sign in to accept
        </Link>
      ) : (
        <Link className="inline-block rounded-md bg-brand-600 px-4 py-2 text-white" to={`/signup?email=${encodeURIComponent(preview.email)}&redirectTo=${next}`}>
          Create your account to accept
        </Link>
      )}
    </AuthCard>
  );
}
