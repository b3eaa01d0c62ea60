import { describe, expect, it } from "vitest";
import { assignableRoles, can, PERMISSIONS, ROLES, type Permission, type Role } from "./permissions.ts";

/** The matrix written out by hand: a change to the table must change this test too. */
const EXPECTED: Record<Role, Record<Permission, boolean>> = {
  owner: { "dashboard:view": true, "goals:manage": true, "google:manage": true, "sync:run": true, "members:manage": true, "clinic:settings": true },
  admin: { "dashboard:view": true, "goals:manage": true, "google:manage": true, "sync:run": true, "members:manage": true, "clinic:settings": true },
  manager: { "dashboard:view": true, "goals:manage": true, "google:manage": true, "sync:run": true, "members:manage": false, "clinic:settings": false },
  staff: { "dashboard:view": true, "goals:manage": false, "google:manage": true, "sync:run": true, "members:manage": false, "clinic:settings": false },
  provider: { "dashboard:view": true, "goals:manage": false, "google:manage": false, "sync:run": false, "members:manage": false, "clinic:settings": false },
  viewer: { "dashboard:view": true, "goals:manage": false, "google:manage": false, "sync:run": false, "members:manage": false, "clinic:settings": false },
};

describe("permission matrix", () => {
  for (const role of ROLES) {
    for (const permission of PERMISSIONS) {
      it(`${role} ${EXPECTED[role][permission] ? "may" : "may not"} ${permission}`, () => {
        expect(can(role, permission)).toBe(EXPECTED[role][permission]);
      });
    }
  }
  it("grants nothing to unknown roles or non-members", () => {
    for (const permission of PERMISSIONS) {
      expect(can("superuser", permission)).toBe(false);
      expect(can(null, permission)).toBe(false);
    }
  });
  it("lets only owners hand out the owner role", () => {
    expect(assignableRoles("owner")).toContain("owner");
    expect(assignableRoles("admin")).not.toContain("owner");
    expect(assignableRoles("manager")).toEqual([]);
  });
});
