import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { can, ROLES, type Permission } from "../auth/permissions.ts";
import { callerAs, twoClinicWorld } from "../test/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { appRouter } from "./app-router.ts";
import type { ProcedureMeta } from "./init.ts";

/**
 * Inside one clinic, every tenant procedure is refused (FORBIDDEN) to exactly the roles whose
 * permission table entry lacks its permission, and to no other. The permission is read from the
 * procedure itself (clinicProcedure / clinicsProcedure record it as metadata), so a new procedure
 * is covered without editing this file. Each role calls its OWN clinic with only the clinic id:
 * an allowed role gets past the check and, for most procedures, stops at input validation, so no
 * mutation runs.
 */
type AnyCaller = Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;
const tenantProcedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ProcedureMeta } }>)
  .flatMap(([path, p]) => (p._def.meta?.permission ? [[path, p._def.meta.permission] as [string, Permission]] : []))
  .sort(([a], [b]) => a.localeCompare(b));

describe("the role matrix of every tenant procedure", () => {
  let t: TestDatabase;
  let w: Awaited<ReturnType<typeof twoClinicWorld>>;
  beforeAll(async () => {
    t = await createTestDatabase();
    w = await twoClinicWorld(t.db);
  });
  afterAll(async () => t?.close());

  it("finds the permission of the tenant procedures (dashboard, goals, sheets, sync, members, …)", () => {
    const groups = new Set(tenantProcedures.map(([path]) => path.split(".")[0]));
    expect([...groups].sort()).toEqual(["clinics", "dashboard", "goals", "google", "invitations", "members", "sheets", "sync"]);
  });

  for (const [path, permission] of tenantProcedures) {
    it(`${path} (${permission}): refused to exactly the roles without it`, async () => {
      const [group, name] = path.split(".") as [string, string];
      const outcomes: Record<string, string> = {};
      for (const role of ROLES) {
        const caller = (await callerAs(t.db, w.membersA[role].id)) as unknown as AnyCaller;
        outcomes[role] = await caller[group]![name]!({ clinicId: w.a.id, clinicIds: [w.a.id] }).then(
          () => "ran",
          (e: { code?: string }) => (e.code === "FORBIDDEN" ? "FORBIDDEN" : "past the check"),
        );
      }
      const expected = Object.fromEntries(ROLES.map((role) => [role, can(role, permission) ? expect.not.stringMatching(/^FORBIDDEN$/) : "FORBIDDEN"]));
      expect(outcomes).toEqual(expected);
    });
  }
});
