import type { ReactNode, Ref } from "react";
import { Form, Link } from "react-router";
import { Button } from "./ui";

/**
 * The "are you sure?" step of a destructive action: a question, a danger button that posts the
 * hidden fields to `action`, and a link back that cancels. Works without JavaScript; with it, the
 * panel can take keyboard focus (`focusRef`) so the question is read out when it opens.
 */
export function ConfirmPanel(props: {
  id: string;
  children: ReactNode;
  action: string;
  fields: Record<string, string>;
  confirmLabel: string;
  pendingLabel: string;
  cancelLabel: string;
  /** A submission is in flight (any on the page): the button is disabled. */
  busy: boolean;
  /** This panel's own submission is in flight: the button says so. */
  pending: boolean;
  focusRef?: Ref<HTMLDivElement>;
}) {
  return (
    <div
      ref={props.focusRef}
      tabIndex={props.focusRef ? -1 : undefined}
      className="mt-3 rounded-md border border-red-200 bg-red-50 p-3 outline-none focus-visible:ring-2 focus-visible:ring-red-400"
      role="group"
      aria-labelledby={props.id}
    >
      <p id={props.id} className="text-sm text-red-900">
        {props.children}
      </p>
      <Form method="post" action={props.action} className="mt-3 flex flex-wrap gap-2">
        {Object.entries(props.fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <Button variant="danger" disabled={props.busy}>
          {props.pending ? props.pendingLabel : props.confirmLabel}
        </Button>
        <Link to={props.action} preventScrollReset className="inline-flex min-h-10 items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">
          {props.cancelLabel}
        </Link>
      </Form>
    </div>
  );
}
