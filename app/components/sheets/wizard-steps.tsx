import { IMPORT_STEPS } from "../../../server/sheets/wizard/steps";

/** The wizard's progress indicator: six steps, the current one announced to screen readers. */
export const WIZARD_STEPS = IMPORT_STEPS.map((s) => s.label);

export function WizardProgress({ current }: { current: number }) {
  return (
    <nav aria-label="Import steps">
      {/* Phones: the six steps do not fit on one line, so say where you are in words. */}
      <p className="text-sm font-medium text-slate-700 sm:hidden">
        Step {current + 1} of {WIZARD_STEPS.length}: {WIZARD_STEPS[current]}
      </p>
      <ol className="hidden flex-wrap gap-2 text-sm sm:flex">
        {WIZARD_STEPS.map((label, i) => (
          <li
            key={label}
            aria-current={i === current ? "step" : undefined}
            className={`rounded-full px-3 py-1 ${i === current ? "bg-brand-600 text-white" : i < current ? "bg-brand-100 text-brand-900" : "bg-slate-100 text-slate-600"}`}
          >
            <span className="sr-only">{i < current ? "Done: " : i === current ? "Current: " : "Next: "}</span>
            {i + 1}. {label}
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function ErrorText({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : "Something went wrong. Try again.";
  return (
    <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
      {message}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="animate-pulse text-sm text-slate-600">
      Loading {what}…
    </p>
  );
}
