import { TRPCError } from "@trpc/server";
import { redirect } from "react-router";
import { AppError } from "../../server/errors/app-error.ts";
import { googleMessagePage } from "../../server/google/oauth/message-page.ts";
import { logger } from "../../server/log/logger.ts";
import { apiFor, safeRedirect } from "../lib/api.server";
import type { Route } from "./+types/google-callback";

const TITLE = "Google was not linked";

/**
 * GET /google/callback?code&state (or ?error=access_denied&state): Google's redirect after the
 * consent screen. google.completeLink checks that the state exists, is unused and unexpired, and was
 * started by this browser session; then the browser goes back to where it started with
 * ?google=<outcome>, which the Google page words. A state that cannot be tied to this session gets a
 * short page instead (there is no trustworthy clinic to return to).
 */
export async function loader({ request }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const state = url.searchParams.get("state");
  const code = url.searchParams.get("code");
  const error = url.searchParams.get("error");
  if (!state) {
    return googleMessagePage(400, TITLE, "Google sent the browser back without the information Clinic Pulse needs. Go back and press Connect Google again.", { href: "/", label: "Back to Clinic Pulse" });
  }
  const { api, resHeaders } = await apiFor(request);
  try {
    const result = await api.google.completeLink({ state, ...(code ? { code } : {}), ...(error ? { error: error.slice(0, 200) } : {}) });
    const fallback = `/clinics/${encodeURIComponent(result.clinicId)}/google`;
    const target = new URL(safeRedirect(result.returnTo, fallback), "http://same-site.invalid");
    target.searchParams.set("google", result.outcome);
    return redirect(target.pathname + target.search + target.hash, { headers: resHeaders });
  } catch (e) {
    if (e instanceof TRPCError && e.code === "UNAUTHORIZED") {
      return googleMessagePage(401, TITLE, "You were signed out of Clinic Pulse before Google sent you back, so nothing was linked. Sign in, then press Connect Google again.", { href: "/signin", label: "Sign in" });
    }
    if (e instanceof TRPCError && e.cause instanceof AppError) {
      return googleMessagePage(e.code === "FORBIDDEN" ? 403 : 400, TITLE, e.message, { href: "/", label: "Back to Clinic Pulse" });
    }
    if (e instanceof TRPCError && e.code === "FORBIDDEN") {
      return googleMessagePage(403, TITLE, e.message, { href: "/", label: "Back to Clinic Pulse" });
    }
    if (!(e instanceof TRPCError && e.code === "BAD_REQUEST")) logger().error({ err: e }, "google callback failed");
    return googleMessagePage(
      e instanceof TRPCError && e.code === "BAD_REQUEST" ? 400 : 500,
      TITLE,
      "Something went wrong while linking Google, and nothing was saved. Go back and press Connect Google again.",
      { href: "/", label: "Back to Clinic Pulse" },
    );
  }
}
