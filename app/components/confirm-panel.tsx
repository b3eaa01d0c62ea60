import { useEffect, useRef, type ReactNode } from "react";
import { Form, Link } from "react-router";
import { Button, SECONDARY_LINK } from "./ui";

/**
 * The "are you sure?" step of a destructive action: a question, a danger button that posts the
 * hidden fields to `action`, and a link back that cancels. Works without JavaScript; with it, the
 * panel takes keyboard focus when it appears, so keyboard and screen-reader users land on the
 * question they have to answer (the link that opened it is gone).
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
}) {
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => panel.current?.focus(), []);
  return (
    <div
      ref={panel}
      tabIndex={-1}
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
        <Link to={props.action} preventScrollReset className={SECONDARY_LINK}>
          {props.cancelLabel}
        </Link>
      </Form>
    </div>
  );
}
