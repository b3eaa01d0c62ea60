import { redirect } from "react-router";
import { apiFor } from "../lib/api.server";
import type { Route } from "./+types/signout";

export async function action({ request }: Route.ActionArgs) {
  const { api, resHeaders } = await apiFor(request);
  const form = await request.formData();
  if (form.get("everywhere") === "1") await api.auth.signOutEverywhere().catch(() => api.auth.signOut());
  else await api.auth.signOut();
  throw redirect("/signin?signedOut=1", { headers: resHeaders });
}

export const loader = () => redirect("/");
