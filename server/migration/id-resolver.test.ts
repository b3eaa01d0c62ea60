import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../auth/sessions.ts";
import { rollbackPhase } from "../db/migrations/phases.ts";
import { migrate } from "../db/migrations/migration-runner.ts";
import { callerAs, twoClinicWorld } from "../test/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { forgetRowLevelSecurity } from "../tenancy/tenant-db.ts";
import { DUAL_ID_TABLES, forgetDualIds, isUuid, resolveEntityId, uuidOf } from "./id-resolver.ts";

/** The name-based (version 3) UUID phase 2 gives a row that existed before it. */
function legacyUuid(table: string, id: string): string {
  const h = createHash("md5").update(Buffer.concat([Buffer.from("6f1c2a9e3b7d4e58a0c4d2b9e7f13a65", "hex"), Buffer.from(`${table}:${id}`)])).digest();
  h[6] = (h[6]! & 0x0f) | 0x30;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

describe("dual ids (phase 2)", () => {
  let t: TestDatabase;
  let w: Awaited<ReturnType<typeof twoClinicWorld>>;
  const uuidOfClinic = async (id: string) => (await t.pool.query(`SELECT uuid_id::text AS u FROM clinics WHERE id = $1`, [id])).rows[0].u as string;

  beforeAll(async () => {
    t = await createTestDatabase();
    w = await twoClinicWorld(t.db);
  });
  afterAll(async () => t?.close());

  it("gives every entity a unique v4 UUID on insert, mirrored in id_mappings", async () => {
    const clinic = await t.db.clinic.create({ data: { name: "Dual", location: "x" } });
    expect(isUuid(clinic.uuidId)).toBe(true);
    expect(clinic.uuidId[14]).toBe("4");
    const { rows } = await t.pool.query(`SELECT new_uuid::text AS u FROM id_mappings WHERE table_name = 'clinics' AND legacy_id = $1`, [clinic.id]);
    expect(rows).toEqual([{ u: clinic.uuidId }]);
    await t.db.clinic.delete({ where: { id: clinic.id } });
    expect((await t.pool.query(`SELECT 1 FROM id_mappings WHERE legacy_id = $1`, [clinic.id])).rows).toEqual([]);
    for (const table of DUAL_ID_TABLES) {
      const { rows: cols } = await t.pool.query(`SELECT is_nullable, column_default FROM information_schema.columns WHERE table_name = $1 AND column_name = 'uuid_id'`, [table]);
      expect(cols, table).toEqual([{ is_nullable: "NO", column_default: "gen_random_uuid()" }]);
    }
  });

  it("resolves a UUID or a CUID to the row's CUID, and nothing else", async () => {
    const uuid = await uuidOfClinic(w.a.id);
    expect(await resolveEntityId(t.db, "clinics", uuid)).toBe(w.a.id);
    expect(await resolveEntityId(t.db, "clinics", w.a.id)).toBe(w.a.id);
    expect(await resolveEntityId(t.db, "clinics", ` ${uuid.toUpperCase()} `)).toBe(w.a.id);
    expect(await resolveEntityId(t.db, "clinics", "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await resolveEntityId(t.db, "clinics", "no-such-clinic")).toBeNull();
    expect(await resolveEntityId(t.db, "clinics", "no-such-clinic", { trustCuid: true })).toBe("no-such-clinic");
    // A user's UUID is not a clinic.
    const userUuid = (await t.pool.query(`SELECT uuid_id::text AS u FROM users WHERE id = $1`, [w.outsider.id])).rows[0].u as string;
    expect(await resolveEntityId(t.db, "clinics", userUuid)).toBeNull();
    expect(await resolveEntityId(t.db, "users", userUuid)).toBe(w.outsider.id);
    expect(await uuidOf(t.db, "clinics", w.a.id)).toBe(uuid);
    await expect(resolveEntityId(t.db, "sessions" as never, "x")).rejects.toThrow(/no dual ids/);
  });

  it("keys sessions by the user's UUID as well, whichever code creates them", async () => {
    const { sessionId } = await createSession(t.db, w.outsider.id);
    await t.pool.query(`INSERT INTO sessions (id, user_id, secret_hash, expires_at, user_uuid) VALUES ('raw', $1, 'x', now(), '00000000-0000-4000-8000-000000000000')`, [w.outsider.id]);
    const { rows } = await t.pool.query(
      `SELECT s.id, s.user_uuid = u.uuid_id AS same FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ANY($1) ORDER BY s.id`,
      [[sessionId, "raw"]],
    );
    expect(rows.map((r) => r.same)).toEqual([true, true]);
  });

  it("clinicProcedure accepts a clinic's UUID with exactly the same checks as its CUID", async () => {
    const aUuid = await uuidOfClinic(w.a.id);
    const bUuid = await uuidOfClinic(w.b.id);
    const viewer = await callerAs(t.db, w.membersA.viewer.id);
    await expect(viewer.clinics.get({ clinicId: aUuid })).resolves.toMatchObject({ id: w.a.id, name: "Clinic A", role: "viewer" });
    await expect(viewer.clinics.get({ clinicId: bUuid })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.clinics.get({ clinicId: "00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = await callerAs(t.db, w.membersA.admin.id);
    expect((await admin.members.list({ clinicId: aUuid })).length).toBe(6);
    await expect(admin.members.list({ clinicId: bUuid })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("without phase 2 only CUIDs resolve; re-applied, existing rows get the same name-based UUIDs again", async () => {
    const before = await uuidOfClinic(w.a.id);
    for (const phase of [4, 3, 2]) await rollbackPhase(t.url, phase);
    forgetDualIds(t.db);
    forgetRowLevelSecurity(t.db);
    try {
      expect(await resolveEntityId(t.db, "clinics", before)).toBeNull();
      expect(await resolveEntityId(t.db, "clinics", w.a.id)).toBe(w.a.id);
      expect(await uuidOf(t.db, "clinics", w.a.id)).toBeNull();
    } finally {
      await migrate(t.url);
      forgetDualIds(t.db);
      forgetRowLevelSecurity(t.db);
    }
    const after = await uuidOfClinic(w.a.id);
    expect(after).toBe(legacyUuid("clinics", w.a.id));
    expect(after).not.toBe(before); // it was created after phase 2, with a random UUID
    expect(await uuidOfClinic(w.a.id)).toBe(after);
    expect((await t.pool.query(`SELECT count(*)::int AS n FROM id_mappings WHERE table_name = 'users'`)).rows[0].n).toBe(
      (await t.pool.query(`SELECT count(*)::int AS n FROM users`)).rows[0].n,
    );
  });
});
