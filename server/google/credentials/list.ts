// The clinic's linked Google accounts as people may see them: never a token, never a ciphertext.
import type { Role } from "../../auth/permissions.ts";
import type { TenantTx } from "../../tenancy/tenant-db.ts";
import { DEMO_ACCOUNT_LABEL, googleConfig, isGoogleDemo } from "../google-config.ts";
import { isDemoLeftover } from "./authorized-client.ts";

export interface LinkedAccount {
  id: string;
  email: string | null;
  /** What to call the account in the UI ("Demo Google account (emulator)" in demo mode). */
  label: string;
  status: "active" | "needs_reauth";
  lastError: string | null;
  linkedBy: { userId: string; name: string | null; email: string | null };
  /** The caller linked it (only they can reconnect it: links are per person). */
  mine: boolean;
  canDisconnect: boolean;
  linkedAt: Date;
  /** When the current access token expires (it renews on its own while the grant is valid). */
  expiresAt: Date | null;
  scopes: string[];
  isDemo: boolean;
  /** Spreadsheet connections that sync with this account. */
  connections: number;
}

/** Roles that may disconnect anyone's link in the clinic; others may disconnect only their own. */
const DISCONNECT_ANY: readonly Role[] = ["owner", "admin"];

export function canDisconnectCredential(row: { userId: string }, caller: { userId: string; role: Role }): boolean {
  return row.userId === caller.userId || DISCONNECT_ANY.includes(caller.role);
}

export async function listLinkedAccounts(tx: TenantTx, clinicId: string, caller: { userId: string; role: Role }): Promise<LinkedAccount[]> {
  const rows = await tx.googleCredential.findMany({
    where: { clinicId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, userId: true, googleAccountEmail: true, status: true, lastError: true, createdAt: true, updatedAt: true, expiresAt: true, scope: true },
  });
  if (rows.length === 0) return [];
  const users = await tx.user.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.userId))] } }, select: { id: true, name: true, email: true } });
  const counts = await tx.spreadsheetConnection.groupBy({ by: ["credentialId"], where: { clinicId, credentialId: { in: rows.map((r) => r.id) } }, _count: { _all: true } });
  let demo = isGoogleDemo();
  try {
    demo = googleConfig().demo;
  } catch {
    // not configured: keep the env-based answer
  }
  return rows.map((r) => {
    const user = users.find((u) => u.id === r.userId);
    const leftover = r.status === "active" && isDemoLeftover(r, demo);
    return {
      id: r.id,
      email: r.googleAccountEmail,
      label: demo ? DEMO_ACCOUNT_LABEL : (r.googleAccountEmail ?? "Google account"),
      status: leftover || r.status === "needs_reauth" ? "needs_reauth" : "active",
      lastError: leftover ? "The demo Google emulator restarted and forgot this link. Reconnect to continue." : r.lastError,
      linkedBy: { userId: r.userId, name: user?.name ?? null, email: user?.email ?? null },
      mine: r.userId === caller.userId,
      canDisconnect: canDisconnectCredential(r, caller),
      linkedAt: r.createdAt,
      expiresAt: r.expiresAt,
      scopes: r.scope,
      isDemo: demo,
      connections: counts.find((c) => c.credentialId === r.id)?._count._all ?? 0,
    };
  });
}
