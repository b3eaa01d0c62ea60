import { TRPCError } from "@trpc/server";
import { redirect } from "react-router";
import { logger } from "../../server/log/logger.ts";
import { apiFor, safeRedirect } from "../lib/api.server";
import { googleMessagePage } from "../../server/google/oauth/message-page.ts";
import type { Route } from "./+types/google-connect";

/**
 * GET /clinics/:clinicId/google/connect?returnTo=/same/site/path — starts linking the caller's
 * Google account (google.startLink: permission check, state bound to this session, PKCE) and sends
 * the browser to Google's consent screen (or the demo emulator's).
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const clinicId = params.clinicId;
  const page = `/clinics/${encodeURIComponent(clinicId)}/google`;
  const url = new URL(request.url);
  const returnTo = safeRedirect(url.searchParams.get("returnTo"), page);
  const { api, resHeaders } = await apiFor(request);
  try {
    const { authorizeUrl } = await api.google.startLink({ clinicId, returnTo });
    return redirect(authorizeUrl, { headers: resHeaders });
  } catch (error) {
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") {
      throw redirect(`/signin?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
    }
    if (error instanceof TRPCError && error.code === "FORBIDDEN") {
      throw googleMessagePage(403, "Not allowed", error.message, { href: "/", label: "Back to Clinic Pulse" });
    }
    if (error instanceof TRPCError && error.code === "PRECONDITION_FAILED") return redirect(`${page}?google=unavailable`, { headers: resHeaders });
    logger().error({ err: error }, "google connect failed");
    return redirect(`${page}?google=start-failed`, { headers: resHeaders });
  }
}
