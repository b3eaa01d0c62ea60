import { PERMISSION_LABELS, ROLE_LABELS, type Permission, type Role } from "../../server/auth/permissions";

/** The caller's role in the clinic and, in plain words, what it lets them do. */
export function RoleSummary({ role, permissions }: { role: string; permissions: Record<Permission, boolean> }) {
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-4 text-sm" aria-label="Your access">
      <p data-testid="your-role">Your role: {ROLE_LABELS[role as Role] ?? role}</p>
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-slate-600" data-testid="permissions">
        {(Object.keys(permissions) as Permission[])
          .filter((p) => permissions[p])
          .map((p) => (
            <li key={p}>✓ {PERMISSION_LABELS[p]}</li>
          ))}
      </ul>
    </section>
  );
}
