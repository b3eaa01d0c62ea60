import { hashPassword, verifyPassword } from "../auth/password.ts";
import type { Role } from "../auth/permissions.ts";
import type { Db } from "../db/client.ts";
import { DEMO_CLINIC_IDS } from "./demo-group.ts";

/**
 * Demo logins for the demo clinic group. The passwords are public (the start command prints
 * them): this data is for trying the app, never for a real practice.
 */
export interface DemoLogin {
  id: string;
  email: string;
  name: string;
  password: string;
  /** Role per demo clinic index (0 Downtown, 1 Westside, 2 Lakeview). */
  roles: Partial<Record<0 | 1 | 2, Role>>;
  describe: string;
}

export const DEMO_LOGINS: readonly DemoLogin[] = [
  { id: "demo_user_owner", email: "owner@harbor.demo", name: "Olivia Harbor", password: "harbor-owner-demo", roles: { 0: "owner", 1: "owner", 2: "owner" }, describe: "owner of all three clinics" },
  { id: "demo_user_admin", email: "admin@harbor.demo", name: "Andre Admin", password: "harbor-admin-demo", roles: { 0: "admin" }, describe: "admin of Downtown" },
  { id: "demo_user_staff", email: "staff@harbor.demo", name: "Sofia Staff", password: "harbor-staff-demo", roles: { 0: "staff" }, describe: "staff at Downtown" },
  { id: "demo_user_viewer", email: "viewer@harbor.demo", name: "Victor Viewer", password: "harbor-viewer-demo", roles: { 1: "viewer" }, describe: "viewer of Westside" },
];

/** Creates the demo users and their memberships; a second run changes nothing. */
export async function seedDemoUsers(db: Db): Promise<number> {
  let created = 0;
  for (const login of DEMO_LOGINS) {
    const existing = await db.user.findUnique({ where: { id: login.id }, select: { passwordHash: true } });
    if (!existing) {
      await db.user.create({ data: { id: login.id, email: login.email, name: login.name, role: "staff", passwordHash: await hashPassword(login.password) } });
      created++;
    } else if (!existing.passwordHash || !(await verifyPassword(existing.passwordHash, login.password))) {
      await db.user.update({ where: { id: login.id }, data: { passwordHash: await hashPassword(login.password) } });
    }
    for (const [index, role] of Object.entries(login.roles)) {
      const clinicId = DEMO_CLINIC_IDS[Number(index)]!;
      const current = await db.userClinicRole.findUnique({ where: { userId_clinicId: { userId: login.id, clinicId } } });
      if (!current) await db.userClinicRole.create({ data: { userId: login.id, clinicId, role: role! } });
      else if (current.role !== role || !current.isActive) await db.userClinicRole.update({ where: { id: current.id }, data: { role: role!, isActive: true } });
    }
  }
  return created;
}

export function demoLoginsText(origin: string): string {
  const lines = DEMO_LOGINS.map((l) => `  ${l.email.padEnd(22)} ${l.password.padEnd(20)} ${l.describe}`);
  return `Demo logins (sign in at ${origin}/signin):\n${lines.join("\n")}\n`;
}
