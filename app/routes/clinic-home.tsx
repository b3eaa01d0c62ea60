import { Link } from "react-router";
import { PERMISSION_LABELS, ROLE_LABELS, type Permission, type Role } from "../../server/auth/permissions";
import { useClinicLayoutData } from "./clinic-layout";

export const meta = () => [{ title: "Dashboard · Clinic Pulse" }];

export default function ClinicHome() {
  const { scope, me } = useClinicLayoutData();
  if (!scope.clinic) {
    return (
      <section>
        <h1 className="text-2xl font-semibold">All my clinics</h1>
        <ul className="mt-4 space-y-2">
          {me.memberships.map((m) => (
            <li key={m.clinicId}>
              <Link className="text-brand-700 underline" to={`/clinics/${m.clinicId}`}>
                {m.clinicName}
              </Link>{" "}
              <span className="text-sm text-slate-600">({ROLE_LABELS[m.role as Role]})</span>
            </li>
          ))}
        </ul>
      </section>
    );
  }
  const clinic = scope.clinic;
  return (
    <section>
      <h1 className="text-2xl font-semibold">{clinic.name}</h1>
      <p className="mt-1 text-slate-700" data-testid="your-role">
        Your role: {ROLE_LABELS[clinic.role as Role]}
      </p>
      <h2 className="mt-6 text-lg font-medium">What you can do here</h2>
      <ul className="mt-2 list-disc pl-6 text-slate-700" data-testid="permissions">
        {(Object.keys(clinic.permissions) as Permission[])
          .filter((p) => clinic.permissions[p])
          .map((p) => (
            <li key={p}>{PERMISSION_LABELS[p]}</li>
          ))}
      </ul>
    </section>
  );
}
