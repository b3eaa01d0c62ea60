import { Form, Link, useActionData, useNavigation, data } from "react-router";
import { assignableRoles, ROLE_LABELS, ROLES, type Role } from "../../server/auth/permissions";
import { act, apiFor, formString, load } from "../lib/api.server";
import { Button, Field, Notice, SECONDARY_LINK } from "../components/ui";
import { ConfirmPanel } from "../components/confirm-panel";
import { fieldErrorOf } from "../lib/form-errors";
import type { Route } from "./+types/clinic-members";

export const meta = () => [{ title: "Members · Clinic Pulse" }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const { api } = await apiFor(request);
  const clinicId = params.clinicId;
  const [clinic, members, invitations, me] = await Promise.all([
    load(request, () => api.clinics.get({ clinicId })),
    load(request, () => api.members.list({ clinicId })),
    load(request, () => api.invitations.list({ clinicId })),
    load(request, () => api.auth.me()),
  ]);
  // `?remove=<user id>` asks "are you sure?" under that member's row (works without JavaScript).
  return { clinic, members, invitations, myUserId: me?.user.id ?? "", confirmRemove: new URL(request.url).searchParams.get("remove") };
}

export async function action({ request, params }: Route.ActionArgs) {
  const form = await request.formData();
  const { api } = await apiFor(request);
  const clinicId = params.clinicId;
  const intent = formString(form, "intent");
  const role = formString(form, "role") as Role;
  const result =
    intent === "invite"
      ? await act(() => api.invitations.create({ clinicId, email: formString(form, "email"), role }))
      : intent === "change-role"
        ? await act(() => api.members.changeRole({ clinicId, userId: formString(form, "userId"), role }))
        : intent === "remove"
          ? await act(() => api.members.remove({ clinicId, userId: formString(form, "userId") }))
          : intent === "revoke"
            ? await act(() => api.invitations.revoke({ clinicId, invitationId: formString(form, "invitationId") }))
            : ({ ok: false, error: "Unknown action." } as const);
  if (!result.ok) return data({ ...result, intent }, { status: 400 });
  const link = intent === "invite" && result.value && typeof result.value === "object" && "link" in result.value ? String(result.value.link) : null;
  const message = intent === "remove" && result.value && typeof result.value === "object" && "message" in result.value ? String(result.value.message) : null;
  return { ok: true as const, intent, link, message };
}

export default function Members({ loaderData }: Route.ComponentProps) {
  const { clinic, members, invitations, myUserId, confirmRemove } = loaderData;
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const removing = navigation.state === "submitting" && navigation.formData?.get("intent") === "remove";
  const page = `/clinics/${clinic.id}/members`;
  const roles = assignableRoles(clinic.role as Role);
  return (
    <section className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Members of {clinic.name}</h1>
        <p className="mt-1 text-sm text-slate-600">Owners and admins manage who can see and change this clinic's data. A clinic always keeps at least one owner.</p>
      </div>
      {result && !result.ok && result.intent !== "invite" ? <Notice tone="error">{result.error}</Notice> : null}
      {result?.ok && result.message ? <Notice tone="success">{result.message}</Notice> : null}
      <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-sm">
          <caption className="sr-only">Members</caption>
          <thead className="bg-slate-50 text-left">
            <tr>
              <th scope="col" className="px-3 py-2">Name</th>
              <th scope="col" className="px-3 py-2">Email</th>
              <th scope="col" className="px-3 py-2">Role</th>
              <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => {
              const editable = roles.includes(m.role as Role) || clinic.role === "owner";
              const confirming = editable && confirmRemove === m.userId;
              return [
                <tr key={m.userId} className="border-t border-slate-100">
                  <td className="px-3 py-2">{m.name}{m.userId === myUserId ? " (you)" : ""}</td>
                  <td className="px-3 py-2">{m.email}</td>
                  <td className="px-3 py-2">
                    {editable ? (
                      <Form method="post" className="flex items-center gap-2">
                        <input type="hidden" name="intent" value="change-role" />
                        <input type="hidden" name="userId" value={m.userId} />
                        <label className="sr-only" htmlFor={`role-${m.userId}`}>Role of {m.name}</label>
                        <select id={`role-${m.userId}`} name="role" defaultValue={m.role} className="rounded border border-slate-300 px-2 py-1">
                          {roles.map((r) => (
                            <option key={r} value={r}>{ROLE_LABELS[r]}</option>
                          ))}
                        </select>
                        <Button variant="secondary" disabled={busy} label={`Save the role of ${m.name}`}>Save</Button>
                      </Form>
                    ) : (
                      ROLE_LABELS[m.role as Role]
                    )}
                  </td>
                  <td className="px-3 py-2 text-right">
                    {editable && !confirming ? (
                      <Link
                        to={`${page}?remove=${encodeURIComponent(m.userId)}`}
                        preventScrollReset
                        className={SECONDARY_LINK}
                        aria-label={`Remove ${m.name}`}
                      >
                        Remove
                      </Link>
                    ) : null}
                  </td>
                </tr>,
                confirming ? (
                  <tr key={`${m.userId}-confirm`}>
                    <td colSpan={4} className="px-3 pb-3">
                      <ConfirmPanel
                        id={`remove-${m.userId}`}
                        action={page}
                        fields={{ intent: "remove", userId: m.userId }}
                        confirmLabel="Yes, remove"
                        pendingLabel="Removing…"
                        cancelLabel="Keep them"
                        busy={busy}
                        pending={removing}
                      >
                        Remove {m.name}{m.userId === myUserId ? " (you)" : ""} from {clinic.name}? They lose access at once. A Google account they linked here
                        stops being used, and the spreadsheet syncs that use it pause; invitations they sent are withdrawn. You can invite them again later.
                      </ConfirmPanel>
                    </td>
                  </tr>
                ) : null,
              ];
            })}
          </tbody>
        </table>
      </div>

      <div className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="text-lg font-medium">Invite someone</h2>
        <Form method="post" className="mt-3 grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end">
          <input type="hidden" name="intent" value="invite" />
          <Field label="Email" name="email" type="email" required error={result && !result.ok && result.intent === "invite" ? fieldErrorOf(result, "email") : null} />
          <div className="space-y-1">
            <label htmlFor="invite-role" className="block text-sm font-medium">Role</label>
            <select id="invite-role" name="role" defaultValue="staff" className="block w-full rounded-md border border-slate-300 px-3 py-2">
              {ROLES.filter((r) => roles.includes(r)).map((r) => (
                <option key={r} value={r}>{ROLE_LABELS[r]}</option>
              ))}
            </select>
          </div>
          <Button disabled={busy}>Send invitation</Button>
        </Form>
        <div className="mt-3 space-y-2">
          {result && !result.ok && result.intent === "invite" ? <Notice tone="error">{result.error}</Notice> : null}
          {result?.ok && result.intent === "invite" ? (
            <Notice tone="success">
              Invitation sent. They can also use this link (valid for 7 days): <code className="break-all" data-testid="invite-link">{result.link}</code>
            </Notice>
          ) : null}
        </div>
      </div>

      <div>
        <h2 className="text-lg font-medium">Open invitations</h2>
        {invitations.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">No open invitations.</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
            {invitations.map((i) => (
              <li key={i.id} className="flex flex-wrap items-center gap-3 px-3 py-2 text-sm">
                <span>{i.email}</span>
                <span className="text-slate-600">{ROLE_LABELS[i.role as Role] ?? i.role}</span>
                <span className="text-slate-600">expires {new Date(i.expiresAt).toLocaleDateString("en-US")}</span>
                <Form method="post" className="ml-auto">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="invitationId" value={i.id} />
                  <Button variant="secondary" disabled={busy} label={`Withdraw the invitation to ${i.email}`}>Withdraw</Button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
