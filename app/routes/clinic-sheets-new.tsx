import { data } from "react-router";
import { ImportWizard } from "../components/sheets/import-wizard";
import { apiFor, load } from "../lib/api.server";
import type { Route } from "./+types/clinic-sheets-new";

export const meta = () => [{ title: "Import a spreadsheet · Clinic Pulse" }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const { api } = await apiFor(request);
  const clinic = await load(request, () => api.clinics.get({ clinicId: params.clinicId }));
  if (!clinic.permissions["google:manage"]) throw data("Your role cannot connect spreadsheets. Ask a clinic manager or admin.", { status: 403 });
  return { clinicId: clinic.id, draftId: new URL(request.url).searchParams.get("draft") };
}

export default function NewImport({ loaderData }: Route.ComponentProps) {
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold">Import a Google spreadsheet</h1>
      <ImportWizard clinicId={loaderData.clinicId} draftId={loaderData.draftId} />
    </section>
  );
}
