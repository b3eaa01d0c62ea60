import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { FormFailure } from "./form-errors";
import { TRPCError } from "@trpc/server";
import { data, redirect } from "react-router";
import { serverCaller } from "../../server/trpc/server-caller.ts";

/**
 * Loaders and actions reach data only through the tRPC procedures (in-process), so the same
 * authentication and tenant checks apply as for /api/trpc.
 */
export async function apiFor(request: Request) {
  return serverCaller(request);
}

function signInRedirect(request: Request): never {
  const url = new URL(request.url);
  throw redirect(`/signin?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/** Runs a procedure call for a loader; refusals become the matching HTTP response. */
export async function load<T>(request: Request, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof TRPCError) {
      if (error.code === "UNAUTHORIZED") signInRedirect(request);
      const status = getHTTPStatusCodeFromError(error);
      throw data(error.code === "INTERNAL_SERVER_ERROR" ? "Something went wrong on our side. Try again in a moment." : error.message, { status });
    }
    throw error;
  }
}

export interface ActionFailure extends FormFailure {
  ok: false;
}

/** Runs a procedure call for an action; a refusal becomes a message the form shows. */
export async function act<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | ActionFailure> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    if (error instanceof TRPCError) {
      const cause = error.cause as { field?: string; issues?: { path: (string | number)[]; message: string }[] } | undefined;
      if (error.code === "BAD_REQUEST" && cause?.issues) {
        const fieldErrors: Record<string, string[]> = {};
        for (const issue of cause.issues) (fieldErrors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
        // The summary repeats what is wrong in words, so a form that does not mark the field
        // (or a field scrolled out of view) still says it.
        const messages = [...new Set(Object.values(fieldErrors).flat())];
        return { ok: false, error: messages.join(" ") || "Check the highlighted fields.", fieldErrors };
      }
      if (error.code === "INTERNAL_SERVER_ERROR") return { ok: false, error: "Something went wrong on our side. Try again in a moment." };
      return { ok: false, error: error.message, field: cause?.field ?? null };
    }
    throw error;
  }
}

export function formString(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/** A same-site path to return to after sign-in (never an absolute URL: no open redirects). */
export function safeRedirect(target: string | null | undefined, fallback = "/"): string {
  if (!target || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  return target;
}
