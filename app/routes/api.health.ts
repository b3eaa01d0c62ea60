import { serverCaller } from "../../server/trpc/server-caller.ts";
import type { Route } from "./+types/api.health";

/** GET /api/health: 200 when the app and its database answer, 503 otherwise. */
export async function loader({ request }: Route.LoaderArgs) {
  const { api } = await serverCaller(request);
  const health = await api.system.health();
  return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
