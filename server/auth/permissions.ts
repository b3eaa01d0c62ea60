/**
 * The role ladder and the one table that says what each role may do in a clinic. The UI reads it
 * to hide what a role cannot do; the server checks it on every tenant procedure regardless.
 *
 *   owner    everything, including making other owners; a clinic always keeps at least one owner
 *   admin    everything except managing owners
 *   manager  goals, Google connections and mappings, syncs
 *   staff    Google connections and mappings, syncs
 *   provider dashboards
 *   viewer   dashboards
 */
export const ROLES = ["owner", "admin", "manager", "staff", "provider", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "dashboard:view",
  "goals:manage",
  "google:manage",
  "sync:run",
  "members:manage",
  "clinic:settings",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: ["dashboard:view", "goals:manage", "google:manage", "sync:run", "members:manage", "clinic:settings"],
  admin: ["dashboard:view", "goals:manage", "google:manage", "sync:run", "members:manage", "clinic:settings"],
  manager: ["dashboard:view", "goals:manage", "google:manage", "sync:run"],
  staff: ["dashboard:view", "google:manage", "sync:run"],
  provider: ["dashboard:view"],
  viewer: ["dashboard:view"],
};

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  manager: "Manager",
  staff: "Staff",
  provider: "Provider",
  viewer: "Viewer",
};

export const PERMISSION_LABELS: Record<Permission, string> = {
  "dashboard:view": "View dashboards",
  "goals:manage": "Manage goals",
  "google:manage": "Manage Google connections and mappings",
  "sync:run": "Run a sync",
  "members:manage": "Manage members",
  "clinic:settings": "Manage clinic settings",
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function can(role: string | null | undefined, permission: Permission): boolean {
  return !!role && isRole(role) && ROLE_PERMISSIONS[role].includes(permission);
}

/** Which roles a member with `actorRole` may give or take away: only owners manage owners. */
export function assignableRoles(actorRole: Role): Role[] {
  if (actorRole === "owner") return [...ROLES];
  if (actorRole === "admin") return ROLES.filter((r) => r !== "owner");
  return [];
}

/** Roles whose holders may see the "all my clinics" roll-up across every clinic they hold it in. */
export const ROLLUP_ROLES: readonly Role[] = ["owner", "admin"];
