import type { ReactNode } from "react";

/** Small building blocks shared by every page: labelled fields, buttons, notices. */

export function Field(props: {
  id?: string;
  label: string;
  name: string;
  type?: string;
  autoComplete?: string;
  defaultValue?: string;
  required?: boolean;
  error?: string | null;
  hint?: string;
  minLength?: number;
  /** For type="number": "any" accepts decimals (the browser's default step is 1). */
  step?: string;
}) {
  const id = props.id ?? `field-${props.name}`;
  const describedBy = [props.error ? `${id}-error` : null, props.hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {props.label}
      </label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        autoComplete={props.autoComplete}
        defaultValue={props.defaultValue}
        required={props.required}
        minLength={props.minLength}
        step={props.step}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm focus:border-brand-600 aria-[invalid]:border-red-600"
      />
      {props.hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

export function Button(props: {
  children: ReactNode;
  type?: "submit" | "button";
  name?: string;
  value?: string;
  variant?: "primary" | "secondary" | "danger";
  disabled?: boolean;
  onClick?: () => void;
  /** The accessible name when the visible text alone is ambiguous ("Remove" in a list of people). */
  label?: string;
}) {
  const styles = {
    primary: "bg-brand-600 text-white hover:bg-brand-700",
    secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50",
    danger: "bg-red-700 text-white hover:bg-red-800",
  }[props.variant ?? "primary"];
  return (
    <button
      type={props.type ?? "submit"}
      name={props.name}
      value={props.value}
      disabled={props.disabled}
      onClick={props.onClick}
      aria-label={props.label}
      className={`inline-flex min-h-10 items-center justify-center rounded-md px-4 py-2 text-sm font-medium disabled:opacity-60 ${styles}`}
    >
      {props.children}
    </button>
  );
}

/** A link that looks like a secondary Button (Archive, Remove, Disconnect: they open a confirm step). */
export const SECONDARY_LINK =
  "inline-flex min-h-10 items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50";

export function Notice({ tone, children }: { tone: "error" | "success" | "info"; children: ReactNode }) {
  const styles = { error: "border-red-300 bg-red-50 text-red-900", success: "border-emerald-300 bg-emerald-50 text-emerald-900", info: "border-sky-300 bg-sky-50 text-sky-900" }[tone];
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`rounded-md border px-4 py-3 text-sm ${styles}`}>
      {children}
    </div>
  );
}

export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-start justify-center px-4 py-12 sm:items-center">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <p className="text-sm font-semibold text-brand-700">Clinic Pulse</p>
        <h1 className="mt-1 text-2xl font-semibold text-slate-900">{title}</h1>
        <div className="mt-6 space-y-4">{children}</div>
      </div>
    </main>
  );
}
