import { isRouteErrorResponse } from "react-router";

/** A thrown route error in plain words: a title, what happened, and whether trying again can help. */
export function describeRouteError(error: unknown): { title: string; detail: string; retry: boolean } {
  if (isRouteErrorResponse(error)) {
    const text = typeof error.data === "string" && error.data ? error.data : null;
    if (error.status === 404) return { title: "Page not found", detail: text ?? "There is nothing at this address. Check the link, or go back to the dashboard.", retry: false };
    if (error.status === 403) return { title: "Not allowed", detail: text ?? "Your role in this clinic does not allow this.", retry: false };
    if (error.status < 500) return { title: "That did not work", detail: text ?? "The request could not be used. Check the address and try again.", retry: false };
    return { title: "Something went wrong", detail: text ?? "The page could not be shown. Try again in a moment; if it keeps happening, tell your administrator.", retry: true };
  }
  return { title: "Something went wrong", detail: "The page could not be shown. Try again in a moment; if it keeps happening, tell your administrator.", retry: true };
}

/** The body of an error page, with the page title set (React hoists <title> into the head). */
export function ErrorPanel({ error, home }: { error: unknown; home: { to: string; label: string } }) {
  const { title, detail, retry } = describeRouteError(error);
  return (
    <div role="alert" className="max-w-xl">
      <title>{`${title} · Clinic Pulse`}</title>
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="mt-3 text-slate-700">{detail}</p>
      <div className="mt-6 flex flex-wrap gap-3">
        <a className="inline-flex min-h-10 items-center rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700" href={home.to}>
          {home.label}
        </a>
        {retry ? (
          <a className="inline-flex min-h-10 items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50" href="">
            Try again
          </a>
        ) : null}
      </div>
    </div>
  );
}
