import { apiFor, load } from "../lib/api.server";
import type { Route } from "./+types/sync-rejections-csv";

/**
 * GET /clinics/:clinicId/sheets/history/:runId/rejections.csv — every cell a sync run rejected,
 * through the sync.rejectionsCsv procedure (same sign-in and clinic checks as the page).
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const { api } = await apiFor(request);
  const { filename, csv } = await load(request, () => api.sync.rejectionsCsv({ clinicId: params.clinicId, runId: params.runId }));
  // A byte-order mark so Excel reads the file as UTF-8 (curly quotes, accents in names).
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
