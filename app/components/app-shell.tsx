import { useState, type ReactNode } from "react";
import { Form, NavLink } from "react-router";
import { ClinicSwitcher } from "./clinic-switcher";

export interface ShellMembership {
  clinicId: string;
  clinicName: string;
  role: string;
}

export interface ShellNavItem {
  to: string;
  label: string;
}

/**
 * The signed-in frame: clinic switcher, the sections the caller's role may use, and the account
 * menu. Collapses to a menu button at phone width.
 */
export function AppShell(props: {
  user: { name: string; email: string };
  memberships: ShellMembership[];
  canRollUp: boolean;
  currentClinicId: string | null;
  nav: ShellNavItem[];
  demo?: boolean;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-3 px-4 py-3">
          <NavLink to="/" className="text-lg font-semibold text-brand-700">
            Clinic Pulse
          </NavLink>
          <ClinicSwitcher memberships={props.memberships} canRollUp={props.canRollUp} currentClinicId={props.currentClinicId} />
          {props.demo ? <span className="rounded bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">Demo data</span> : null}
          <button
            type="button"
            className="ml-auto rounded-md border border-slate-300 px-3 py-1.5 text-sm md:hidden"
            aria-expanded={open}
            aria-controls="main-nav"
            onClick={() => setOpen((v) => !v)}
          >
            Menu
          </button>
          <nav id="main-nav" aria-label="Main" className={`${open ? "flex" : "hidden"} w-full flex-col gap-1 md:ml-4 md:flex md:w-auto md:flex-row md:items-center`}>
            {props.nav.map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                end
                className={({ isActive }) => `rounded-md px-3 py-2 text-sm ${isActive ? "bg-brand-50 font-medium text-brand-900" : "text-slate-700 hover:bg-slate-100"}`}
                onClick={() => setOpen(false)}
              >
                {item.label}
              </NavLink>
            ))}
          </nav>
          <div className={`${open ? "flex" : "hidden"} w-full items-center gap-2 md:ml-auto md:flex md:w-auto`}>
            <NavLink to="/account" className="rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100" title={props.user.email}>
              {props.user.name}
            </NavLink>
            <Form method="post" action="/signout">
              <button type="submit" className="rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100">
                Sign out
              </button>
            </Form>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        {props.children}
      </main>
    </div>
  );
}
