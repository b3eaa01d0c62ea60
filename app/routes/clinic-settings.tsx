import { Form, useActionData, useNavigation, data } from "react-router";
import { act, apiFor, formString, load } from "../lib/api.server";
import { Button, Field, Notice } from "../components/ui";
import { fieldErrorOf } from "../lib/form-errors";
import type { Route } from "./+types/clinic-settings";

export const meta = () => [{ title: "Clinic settings · Clinic Pulse" }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const { api } = await apiFor(request);
  const clinic = await load(request, () => api.clinics.get({ clinicId: params.clinicId }));
  if (!clinic.permissions["clinic:settings"]) throw data("Only owners and admins can change clinic settings.", { status: 403 });
  return { clinic };
}

export async function action({ request, params }: Route.ActionArgs) {
  const form = await request.formData();
  const { api } = await apiFor(request);
  const result = await act(() => api.clinics.updateSettings({ clinicId: params.clinicId, name: formString(form, "name"), location: formString(form, "location") }));
  return result.ok ? { ok: true as const } : data(result, { status: 400 });
}

export default function ClinicSettings({ loaderData }: Route.ComponentProps) {
  const result = useActionData<typeof action>();
  const failed = result && !result.ok ? result : null;
  const busy = useNavigation().state !== "idle";
  return (
    <section className="max-w-lg space-y-4">
      <h1 className="text-2xl font-semibold">Clinic settings</h1>
      {result && !result.ok ? <Notice tone="error">{result.error}</Notice> : null}
      {result?.ok ? <Notice tone="success">Saved.</Notice> : null}
      <Form method="post" className="space-y-4">
        <Field label="Clinic name" name="name" required defaultValue={loaderData.clinic.name} error={fieldErrorOf(failed, "name")} />
        <Field label="Location" name="location" defaultValue={loaderData.clinic.location} error={fieldErrorOf(failed, "location")} />
        <Button disabled={busy}>Save</Button>
      </Form>
    </section>
  );
}
