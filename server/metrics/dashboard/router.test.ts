import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, callerAs, createUser, twoClinicWorld } from "../../test/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { rowLevelSecurityActive } from "../../tenancy/tenant-db.ts";
import { rebuildAllAggregations, refreshAggregations } from "../aggregation/refresh.ts";

/** The dashboard router end to end: tenant handle (with Row Level Security), validation, plain numbers. */
type World = Awaited<ReturnType<typeof twoClinicWorld>>;
let t: TestDatabase;
let w: World;
let groupOwner: string;
let providerA: string;

beforeAll(async () => {
  t = await createTestDatabase();
  w = await twoClinicWorld(t.db);
  groupOwner = (await createUser(t.db, { name: "Group Owner" })).id;
  await addMember(t.db, groupOwner, w.a.id, "owner");
  await addMember(t.db, groupOwner, w.b.id, "owner");
  providerA = (await t.db.provider.create({ data: { clinicId: w.a.id, name: "Dr. Alpha" } })).id;
  await t.pool.query(
    `INSERT INTO financial_metrics (id, clinic_id, date, provider_id, metric_type, amount) VALUES
       ('r1', $1, '2026-01-05', $3, 'production', 1000), ('r2', $1, '2026-01-05', $3, 'collection', 900),
       ('r3', $2, '2026-01-06', NULL, 'production', 500), ('r4', $2, '2026-01-06', NULL, 'collection', 100),
       ('r5', $1, '2025-01-06', $3, 'production', 800)`,
    [w.a.id, w.b.id, providerA],
  );
  await rebuildAllAggregations(t.db);
});
afterAll(async () => t?.close());

const JAN = { from: "2026-01-01", to: "2026-01-31" };

describe("dashboard router", () => {
  it("runs under Row Level Security in this test database", async () => {
    expect(await rowLevelSecurityActive(t.db)).toBe(true);
  });

  it("summarises all of an owner's clinics with plain numbers", async () => {
    const api = await callerAs(t.db, groupOwner);
    const s = await api.dashboard.summary({ clinicIds: "all", ...JAN, granularity: "week" });
    expect(s.clinicIds.sort()).toEqual([w.a.id, w.b.id].sort());
    const byKey = new Map(s.kpis.map((k) => [k.key, k]));
    expect(byKey.get("gross_production")).toMatchObject({ value: 1500, previous: null, lastYear: 800 });
    expect(byKey.get("collection_rate")!.value).toBeCloseTo(((900 + 100) / 1500) * 100, 6); // not the mean of 90% and 20%
    expect(byKey.get("production_per_provider")!.value).toBe(1500); // one producing provider
    expect(s.lastDataDate).toBe("2026-01-06");
    for (const k of s.kpis) {
      expect(k.value === null || typeof k.value === "number").toBe(true);
      for (const p of k.sparkline) expect(p.value === null || typeof p.value === "number").toBe(true);
    }
    const clinics = await api.dashboard.clinics({ clinicIds: "all", ...JAN });
    expect(clinics.rows.map((r) => [r.clinicName, r.values.gross_production])).toEqual([
      ["Clinic A", 1000],
      ["Clinic B", 500],
      ["All selected clinics", 1500],
    ]);
    const providers = await api.dashboard.providers({ clinicIds: "all", ...JAN });
    expect(providers).toEqual([
      expect.objectContaining({ providerId: providerA, providerName: "Dr. Alpha", clinicName: "Clinic A", productionShare: 100, values: expect.objectContaining({ gross_production: 1000 }) }),
    ]);
    const trend = await api.dashboard.trend({ clinicIds: [w.a.id], ...JAN, granularity: "day", kpis: ["gross_production"] });
    expect(trend.points).toHaveLength(31);
    expect(trend.points.find((p) => p.periodStart === "2026-01-05")!.values).toEqual({ gross_production: 1000 });
  });

  it("filters to one provider of the selected clinics", async () => {
    const api = await callerAs(t.db, groupOwner);
    const s = await api.dashboard.summary({ clinicIds: [w.a.id], ...JAN, providerId: providerA, kpis: ["gross_production", "answer_rate"] });
    expect(s.kpis.map((k) => [k.key, k.value])).toEqual([["gross_production", 1000], ["answer_rate", null]]);
    await expect(api.dashboard.summary({ clinicIds: [w.b.id], ...JAN, providerId: providerA })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("validates the range", async () => {
    const api = await callerAs(t.db, w.membersA.viewer.id);
    await expect(api.dashboard.summary({ clinicIds: [w.a.id], from: "2026-02-01", to: "2026-01-01" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(api.dashboard.summary({ clinicIds: [w.a.id], from: "2026-02-30", to: "2026-03-01" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(api.dashboard.trend({ clinicIds: [w.a.id], from: "2023-01-01", to: "2026-01-01" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const threeYears = await api.dashboard.trend({ clinicIds: [w.a.id], from: "2023-01-01", to: "2025-12-31", kpis: ["collections"] });
    expect(threeYears.granularity).toBe("month");
    expect(threeYears.points).toHaveLength(36);
    // Roll-ups across all clinics are for owners and admins.
    await expect(api.dashboard.summary({ clinicIds: "all", ...JAN })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(api.dashboard.ping()).resolves.toEqual({ ok: true });
  });

  it("answers a repeated request from memory until the clinic's numbers change, and only behind the permission check", async () => {
    const MARCH = { from: "2026-03-01", to: "2026-03-31", kpis: ["gross_production" as const] };
    const viewer = w.membersA.viewer.id;
    const gross = async (userId: string) => {
      const s = await (await callerAs(t.db, userId)).dashboard.summary({ clinicIds: [w.a.id], ...MARCH });
      return s.kpis[0]!.value;
    };
    await t.pool.query(`INSERT INTO financial_metrics (id, clinic_id, date, metric_type, amount) VALUES ('m1', $1, '2026-03-02', 'production', 700)`, [w.a.id]);
    await refreshAggregations(t.db, { clinicIds: [w.a.id], from: "2026-03-02", to: "2026-03-02" });
    expect(await gross(viewer)).toBe(700);

    // A change behind the aggregation engine's back (no new version) is not seen: the answer is
    // served from memory. Every real write goes through the engine, which the next step uses.
    await t.pool.query(`UPDATE metric_aggregations SET gross_production = 1 WHERE clinic_id = $1 AND period_start = '2026-03-02' AND provider_id IS NULL`, [w.a.id]);
    expect(await gross(viewer)).toBe(700);

    // A sync or edit refreshes through the engine: the clinic gets a new version, the answer is recomputed.
    await t.pool.query(`INSERT INTO financial_metrics (id, clinic_id, date, metric_type, amount) VALUES ('m2', $1, '2026-03-03', 'production', 50)`, [w.a.id]);
    await refreshAggregations(t.db, { clinicIds: [w.a.id], from: "2026-03-02", to: "2026-03-03" });
    expect(await gross(viewer)).toBe(750);

    // The cached answer is only handed to callers the tenant path lets through.
    await expect(gross(w.membersB.owner.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await t.pool.query(`UPDATE user_clinic_roles SET is_active = false WHERE user_id = $1 AND clinic_id = $2`, [viewer, w.a.id]);
    await expect(gross(viewer)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await t.pool.query(`UPDATE user_clinic_roles SET is_active = true WHERE user_id = $1 AND clinic_id = $2`, [viewer, w.a.id]);
  });

  it("checks the provider filter on every request, also when the answer is cached", async () => {
    const api = await callerAs(t.db, groupOwner);
    const moved = (await t.db.provider.create({ data: { clinicId: w.a.id, name: "Dr. Moving" } })).id;
    const input = { clinicIds: [w.a.id], ...JAN, providerId: moved, kpis: ["gross_production" as const] };
    const first = await api.dashboard.summary(input);
    expect(await api.dashboard.summary(input)).toEqual(first); // served from memory
    // The provider now belongs to clinic B: the same request is refused, cached answer or not.
    await t.pool.query(`UPDATE providers SET clinic_id = $1 WHERE id = $2`, [w.b.id, moved]);
    await expect(api.dashboard.summary(input)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
