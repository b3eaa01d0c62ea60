import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rebuildAllAggregations } from "../metrics/aggregation/refresh.ts";
import { measureTotals } from "../metrics/dashboard/dashboard.ts";
import { addMonths, isoDateFromUtc } from "../metrics/iso-date.ts";
import { computeKpi } from "../metrics/kpi-compute.ts";
import { SYSTEM_GOAL_TEMPLATES } from "../seed/goal-templates.ts";
import { callerAs, twoClinicWorld } from "../test/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { goalProgress } from "./progress.ts";
import { countWorkingDays } from "./working-days.ts";
import { createGoal, createGoalFromTemplate, listGoals, todayIn } from "./goal-service.ts";

/**
 * Goals through the real routers (tenant handle, Row Level Security when phase 3 is applied) and
 * through the service with a fixed "today". Clinic A has Mon–Fri data for all of 2025 and 2026 up
 * to the real today; clinic B has none.
 */
type World = Awaited<ReturnType<typeof twoClinicWorld>>;
let t: TestDatabase;
let w: World;
let providerA: string;
let providerB: string;
const TODAY = isoDateFromUtc(new Date());
const THIS_MONTH = `${TODAY.slice(0, 7)}-01`;

const tx = <T>(fn: (tx: Parameters<Parameters<TestDatabase["db"]["$transaction"]>[0]>[0]) => Promise<T>) => t.db.$transaction(fn);

beforeAll(async () => {
  t = await createTestDatabase();
  w = await twoClinicWorld(t.db);
  providerA = (await t.db.provider.create({ data: { clinicId: w.a.id, name: "Dr. Alpha" } })).id;
  providerB = (await t.db.provider.create({ data: { clinicId: w.b.id, name: "Dr. Beta" } })).id;
  await t.db.goalTemplate.createMany({ data: SYSTEM_GOAL_TEMPLATES.map((tpl) => ({ ...tpl, targetRule: tpl.targetRule })) });
  await t.pool.query(
    `WITH d AS (SELECT day::date AS day FROM generate_series('2025-01-01'::date, $3::date, interval '1 day') day WHERE extract(isodow FROM day) < 6)
     INSERT INTO financial_metrics (id, clinic_id, date, provider_id, metric_type, amount)
     SELECT md5(day::text || t), $1, day, $2, t, CASE t WHEN 'production' THEN 1000 WHEN 'adjustment' THEN 100 ELSE 880 END
       FROM d CROSS JOIN unnest(ARRAY['production', 'adjustment', 'collection']) t`,
    [w.a.id, providerA, TODAY],
  );
  await t.pool.query(
    `WITH d AS (SELECT day::date AS day FROM generate_series('2025-01-01'::date, $2::date, interval '1 day') day WHERE extract(isodow FROM day) < 6)
     INSERT INTO patient_metrics (id, clinic_id, date, active_patients, new_patients) SELECT md5('p' || day::text), $1, day, 1500, 2 FROM d`,
    [w.a.id, TODAY],
  );
  await rebuildAllAggregations(t.db);
});
afterAll(async () => t?.close());

describe("goals router", () => {
  it("creates a goal from a last-year template: target = last year's actual × 1.05, to the cent", async () => {
    const owner = await callerAs(t.db, w.membersA.owner.id);
    const created = await owner.goals.createFromTemplate({ clinicId: w.a.id, templateId: "tmpl_monthly_net_production_ly_plus_5", periodStart: "2026-03-15" });
    expect(created).toMatchObject({ periodStart: "2026-03-01", periodEnd: "2026-03-31" });
    const ly = await tx((db) => measureTotals(db, { clinicIds: [w.a.id], from: "2025-03-01", to: "2025-03-31" }));
    expect(ly.combined.net_production).toBe(21 * 900); // 21 weekdays in March 2025
    expect(created.targetValue).toBe(Math.round(21 * 900 * 1.05 * 100) / 100);

    const history = await owner.goals.history({ clinicId: w.a.id, goalId: created.id });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ previousTarget: null, newTarget: created.targetValue, changedBy: w.membersA.owner.id, changedByName: "A owner" });
  });

  it("explains when a template cannot set a target", async () => {
    const owner = await callerAs(t.db, w.membersA.owner.id);
    await expect(owner.goals.createFromTemplate({ clinicId: w.a.id, templateId: "tmpl_monthly_net_production_ly_plus_5", periodStart: "2025-06-01" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "There is no data for the same period last year, so this template cannot set a target. Enter a target by hand.",
    });
    await expect(owner.goals.createFromTemplate({ clinicId: w.a.id, templateId: "tmpl_monthly_gross_production_t3m_plus_3", periodStart: "2025-02-01" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("There is no data for November 2024"),
    });
    const bOwner = await callerAs(t.db, w.membersB.owner.id);
    await expect(bOwner.goals.createFromTemplate({ clinicId: w.b.id, templateId: "tmpl_monthly_net_production_ly_plus_5", periodStart: "2026-01-01" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("trailing 3 months and per-working-day templates use the clinic's working calendar", async () => {
    const owner = await callerAs(t.db, w.membersA.owner.id);
    // Open Monday–Saturday, closed on 2026-05-25.
    await t.db.clinicSetting.create({ data: { clinicId: w.a.id, workingCalendar: { weekdays: [1, 2, 3, 4, 5, 6], closedDates: ["2026-05-25"] } } });
    try {
      const cal = { weekdays: [1, 2, 3, 4, 5, 6], closedDates: ["2026-05-25"] };
      const perDay = await owner.goals.createFromTemplate({ clinicId: w.a.id, templateId: "tmpl_monthly_new_patients_1_5_per_working_day", periodStart: "2026-05-01" });
      expect(perDay.targetValue).toBe(Math.round(1.5 * countWorkingDays("2026-05-01", "2026-05-31", cal)));
      const t3m = await owner.goals.createFromTemplate({ clinicId: w.a.id, templateId: "tmpl_monthly_gross_production_t3m_plus_3", periodStart: "2026-05-01", providerId: providerA });
      const months = [["2026-02-01", "2026-02-28"], ["2026-03-01", "2026-03-31"], ["2026-04-01", "2026-04-30"]] as const;
      const total = months.reduce((s, [f, to]) => s + countWorkingDays(f, to, { weekdays: [1, 2, 3, 4, 5], closedDates: [] }) * 1000, 0);
      const days = months.reduce((s, [f, to]) => s + countWorkingDays(f, to, cal), 0);
      expect(t3m.targetValue).toBeCloseTo(Math.round((total / days) * countWorkingDays("2026-05-01", "2026-05-31", cal) * 1.03 * 100) / 100, 2);
      const list = await owner.goals.list({ clinicId: w.a.id, status: "active" });
      expect(list.find((g) => g.id === t3m.id)).toMatchObject({ providerId: providerA, providerName: "Dr. Alpha", name: expect.stringContaining("Dr. Alpha") });
    } finally {
      await t.db.clinicSetting.delete({ where: { clinicId: w.a.id } });
    }
  });

  it("validates goals entered by hand", async () => {
    const owner = await callerAs(t.db, w.membersA.owner.id);
    await expect(owner.goals.create({ clinicId: w.a.id, kpiKey: "collection_rate", name: "", periodType: "month", periodStart: "2026-04-01", targetValue: 120 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(owner.goals.create({ clinicId: w.a.id, kpiKey: "no_show_rate", name: "x", periodType: "month", periodStart: "2026-04-01", targetValue: 5, providerId: providerB })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.goals.create({ clinicId: w.a.id, kpiKey: "answer_rate", name: "x", periodType: "month", periodStart: "2026-04-01", targetValue: 90, providerId: providerA })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("whole clinic only"),
    });
    await expect(owner.goals.create({ clinicId: w.a.id, kpiKey: "appointments_cancelled", name: "x", periodType: "month", periodStart: "2026-04-01", targetValue: 5 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const made = await owner.goals.create({ clinicId: w.a.id, kpiKey: "collection_rate", name: "  ", periodType: "quarter", periodStart: "2026-05-20", targetValue: 97.5 });
    expect(made).toMatchObject({ periodStart: "2026-04-01", periodEnd: "2026-06-30", targetValue: 97.5 });
    await expect(owner.goals.create({ clinicId: w.a.id, kpiKey: "collection_rate", name: "again", periodType: "quarter", periodStart: "2026-04-01", targetValue: 98 })).rejects.toMatchObject({ code: "CONFLICT" });
    const viewer = await callerAs(t.db, w.membersA.viewer.id);
    await expect(viewer.goals.create({ clinicId: w.a.id, kpiKey: "collections", name: "x", periodType: "month", periodStart: "2026-04-01", targetValue: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("keeps every target change, and archived goals stop changing", async () => {
    const owner = await callerAs(t.db, w.membersA.owner.id);
    const goal = await owner.goals.create({ clinicId: w.a.id, kpiKey: "collections", name: "Collections", periodType: "month", periodStart: THIS_MONTH, targetValue: 10000 });
    await owner.goals.updateTarget({ clinicId: w.a.id, goalId: goal.id, targetValue: 12000 });
    const manager = await callerAs(t.db, w.membersA.manager.id);
    await manager.goals.updateTarget({ clinicId: w.a.id, goalId: goal.id, targetValue: 12500.5 });
    const history = await owner.goals.history({ clinicId: w.a.id, goalId: goal.id });
    expect(history.map((h) => [h.previousTarget, h.newTarget])).toEqual([[12000, 12500.5], [10000, 12000], [null, 10000]]);
    expect(history[0]!.changedByName).toBe("A manager");

    const active = await owner.goals.list({ clinicId: w.a.id, status: "active" });
    const view = active.find((g) => g.id === goal.id)!;
    expect(view.targetValue).toBe(12500.5);
    expect(typeof view.progress.pace).toBe("number");
    expect(view.series.length).toBeGreaterThan(27);

    await owner.goals.archive({ clinicId: w.a.id, goalId: goal.id });
    await owner.goals.archive({ clinicId: w.a.id, goalId: goal.id }); // idempotent
    await expect(owner.goals.updateTarget({ clinicId: w.a.id, goalId: goal.id, targetValue: 1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await owner.goals.list({ clinicId: w.a.id, status: "active" })).some((g) => g.id === goal.id)).toBe(false);
    expect((await owner.goals.list({ clinicId: w.a.id, status: "archived" })).find((g) => g.id === goal.id)).toMatchObject({ status: "archived", series: [] });
    expect((await owner.goals.list({ clinicId: w.a.id })).some((g) => g.id === goal.id)).toBe(true);

    // Restored, it is active again with its target and history; not while another covers the month.
    const other = await owner.goals.create({ clinicId: w.a.id, kpiKey: "collections", name: "Collections again", periodType: "month", periodStart: THIS_MONTH, targetValue: 9000 });
    await expect(owner.goals.restore({ clinicId: w.a.id, goalId: goal.id })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/already an active Collections goal/) });
    await owner.goals.archive({ clinicId: w.a.id, goalId: other.id });
    await expect(owner.goals.restore({ clinicId: w.a.id, goalId: goal.id })).resolves.toEqual({ id: goal.id, status: "active" });
    const restored = (await owner.goals.list({ clinicId: w.a.id, status: "active" })).find((g) => g.id === goal.id);
    expect(restored).toMatchObject({ status: "active", targetValue: 12500.5 });
    expect((await owner.goals.history({ clinicId: w.a.id, goalId: goal.id })).length).toBe(3);
    await expect((await callerAs(t.db, w.membersA.viewer.id)).goals.restore({ clinicId: w.a.id, goalId: other.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("lists templates (system and the clinic's own) and the clinic's providers only", async () => {
    await t.db.goalTemplate.create({ data: { clinicId: w.b.id, name: "B only", category: "financial", kpiKey: "collections", periodType: "month", targetRule: { type: "fixed", value: 1 } } });
    const viewer = await callerAs(t.db, w.membersA.viewer.id);
    const templates = await viewer.goals.templates({ clinicId: w.a.id });
    expect(templates.map((x) => x.id).sort()).toEqual(SYSTEM_GOAL_TEMPLATES.map((x) => x.id).sort());
    expect(await viewer.goals.providers({ clinicId: w.a.id })).toEqual([{ id: providerA, name: "Dr. Alpha", providerType: "dentist", active: true }]);
  });
});

describe("goal progress from the service", () => {
  it("computes actual, pace, forecast and status on a fixed day", async () => {
    const goal = await tx((db) =>
      createGoal(db, { clinicId: w.a.id, userId: w.membersA.owner.id, kpiKey: "gross_production", name: "Gross", periodType: "month", periodStart: "2026-06-01", targetValue: 25000 }),
    );
    const goals = await tx((db) => listGoals(db, { clinicId: w.a.id, today: "2026-06-15" }));
    const view = goals.find((g) => g.id === goal.id)!;
    // June 1–15, 2026: 11 weekdays of $1,000 (Mon 1 … Mon 15).
    const expected = goalProgress({ kpiDirection: "higher", unit: "money", accumulates: true, target: 25000, actualToDate: 11000, period: { from: "2026-06-01", to: "2026-06-30" }, today: "2026-06-15", calendar: { weekdays: [1, 2, 3, 4, 5], closedDates: [] } });
    expect(view.progress).toEqual(expected);
    expect(view.progress.status).toBe("on_track"); // pace: 25000 × 10 elapsed of 22 working days = 11,364; 11,000 is within 5%
    expect(view.series.find((p) => p.label === "2026-06-15")!.actual).toBe(11000);
    expect(view.series.find((p) => p.label === "2026-06-16")!.actual).toBeNull();

    const stock = await tx((db) => createGoalFromTemplate(db, { clinicId: w.a.id, userId: w.membersA.owner.id, templateId: "tmpl_monthly_collection_rate_98", periodStart: "2026-06-01" }));
    const after = await tx((db) => listGoals(db, { clinicId: w.a.id, status: "active", today: "2026-07-02" }));
    const rate = after.find((g) => g.id === stock.id)!;
    const june = await tx((db) => measureTotals(db, { clinicIds: [w.a.id], from: "2026-06-01", to: "2026-06-30" }));
    expect(rate.progress.actual).toBeCloseTo(computeKpi("collection_rate", june.combined)!, 6);
    expect(rate.progress.status).toBe("missed"); // 880 / 900 = 97.8% < 98%
  });

  it("knows the clinic's day in its time zone", () => {
    expect(todayIn("America/New_York", new Date("2026-03-01T03:00:00Z"))).toBe("2026-02-28");
    expect(todayIn("Asia/Tokyo", new Date("2026-03-01T20:00:00Z"))).toBe("2026-03-02");
    expect(todayIn("Not/AZone", new Date("2026-03-01T20:00:00Z"))).toBe("2026-03-01");
    expect(addMonths(THIS_MONTH, 0)).toBe(THIS_MONTH);
  });
});
