import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import type { ShellMembership } from "./app-shell";

/**
 * Which clinic (or all of them) the pages show: a button that opens a list of links. Not a
 * <select> that navigates on change: with the keyboard, one arrow key there changes the value and
 * so left the page. Escape closes the list and returns focus to the button; tabbing away or
 * clicking elsewhere closes it too.
 */
export function ClinicSwitcher(props: { memberships: ShellMembership[]; canRollUp: boolean; currentClinicId: string | null }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const items = [
    ...(props.canRollUp ? [{ id: "all", to: "/clinics/all", label: "All my clinics" }] : []),
    ...props.memberships.map((m) => ({ id: m.clinicId, to: `/clinics/${m.clinicId}`, label: m.clinicName })),
  ];
  const current = items.find((i) => i.id === props.currentClinicId)?.label ?? "Choose a clinic";

  useEffect(() => {
    if (!open) return;
    const closeOutside = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", closeOutside);
    return () => document.removeEventListener("mousedown", closeOutside);
  }, [open]);

  return (
    <div
      ref={box}
      className="relative"
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
      onBlur={(e) => {
        // Only when focus moved on to something else (Tab): a mouse click outside is handled by the
        // mousedown listener, and some browsers (Safari) do not focus a link on click, so closing
        // on every blur would remove the list before the click on it lands.
        const next = e.relatedTarget as Node | null;
        if (open && next && !box.current?.contains(next)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls="clinic-list"
        onClick={() => setOpen((v) => !v)}
        title={current}
        className="inline-flex min-h-10 max-w-[18rem] items-center gap-1 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm"
      >
        <span className="sr-only">Clinic: </span>
        <span className="truncate">{current}</span>
        <span aria-hidden="true" className="text-slate-500">
          ▾
        </span>
      </button>
      {open ? (
        <ul id="clinic-list" aria-label="Clinics" className="absolute left-0 z-30 mt-1 w-max max-w-[90vw] rounded-md border border-slate-200 bg-white py-1 shadow-lg">
          {items.map((item) => (
            <li key={item.id}>
              <Link
                to={item.to}
                aria-current={item.id === props.currentClinicId ? "page" : undefined}
                onClick={() => setOpen(false)}
                className={`block px-4 py-2 text-sm hover:bg-slate-100 ${item.id === props.currentClinicId ? "font-medium text-brand-900" : "text-slate-800"}`}
              >
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
