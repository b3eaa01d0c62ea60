import { describe, expect, it } from "vitest";
import { type GoalProgressInput, goalProgress } from "./progress.ts";
import { DEFAULT_WORKING_CALENDAR, type WorkingCalendar } from "./working-days.ts";

// March 2024, Mon–Fri: 21 working days. Fri 1; weeks of 4–8, 11–15, 18–22, 25–29; Sat 30, Sun 31.
const march = { from: "2024-03-01", to: "2024-03-31" };

/** Production goal of 210,000 = 10,000 per working day. */
const production = (today: string, actualToDate: number | null, extra: Partial<GoalProgressInput> = {}) =>
  goalProgress({
    kpiDirection: "higher",
    unit: "money",
    target: 210_000,
    actualToDate,
    period: march,
    today,
    calendar: DEFAULT_WORKING_CALENDAR,
    ...extra,
  });

describe("goalProgress — accumulating KPI, higher is better", () => {
  it("before the period: not started, pace 0", () => {
    expect(production("2024-02-20", null)).toEqual({
      actual: 0,
      target: 210_000,
      percentOfTarget: 0,
      pace: 0,
      paceDelta: 0,
      forecast: null,
      neededPerWorkingDay: 10_000,
      elapsedWorkingDays: 0,
      totalWorkingDays: 21,
      remainingWorkingDays: 21,
      phase: "before",
      status: "not_started",
    });
  });

  it("first day: today is not elapsed, so pace is 0 and status on track", () => {
    const p = production("2024-03-01", 3_000);
    expect(p).toMatchObject({
      phase: "during",
      elapsedWorkingDays: 0,
      remainingWorkingDays: 21,
      pace: 0,
      paceDelta: 3_000,
      forecast: null,
      status: "on_track",
    });
    expect(p.neededPerWorkingDay).toBeCloseTo(207_000 / 21, 9);
  });

  it("first working day of a period that starts on a weekend", () => {
    const june = { from: "2024-06-01", to: "2024-06-30" }; // Sat 1; 20 working days
    const p = production("2024-06-03", 0, { period: june, target: 200_000 });
    expect(p).toMatchObject({ elapsedWorkingDays: 0, totalWorkingDays: 20, pace: 0, status: "on_track" });
    expect(p.neededPerWorkingDay).toBe(10_000);
  });

  it("second day: yesterday counts", () => {
    expect(production("2024-03-02", 10_000)).toMatchObject({
      elapsedWorkingDays: 1,
      pace: 10_000,
      forecast: 210_000,
      status: "on_track",
    });
  });

  it("a weekend today paces like the following Monday", () => {
    const sat = production("2024-03-16", 100_000);
    const mon = production("2024-03-18", 100_000);
    for (const p of [sat, mon]) {
      expect(p.elapsedWorkingDays).toBe(11);
      expect(p.remainingWorkingDays).toBe(10);
      expect(p.pace).toBeCloseTo(110_000, 9);
      expect(p.paceDelta).toBeCloseTo(-10_000, 9);
      expect(p.forecast).toBeCloseTo((100_000 / 11) * 21, 9); // 190,909.09
      expect(p.neededPerWorkingDay).toBeCloseTo(11_000, 9);
      expect(p.percentOfTarget).toBeCloseTo(47.619, 3);
      expect(p.status).toBe("behind"); // 10,000 under pace > 5% of 110,000 = 5,500
    }
  });

  it("5% tolerance band around pace (110,000 ± 5,500)", () => {
    expect(production("2024-03-16", 106_000).status).toBe("on_track");
    expect(production("2024-03-16", 104_500).status).toBe("on_track"); // exactly on the edge
    expect(production("2024-03-16", 104_499).status).toBe("behind");
    expect(production("2024-03-16", 115_500).status).toBe("on_track");
    expect(production("2024-03-16", 116_000).status).toBe("ahead");
    expect(production("2024-03-16", 106_000, { tolerance: 0 }).status).toBe("behind");
  });

  it("last working day: one working day remains", () => {
    const p = production("2024-03-29", 195_000);
    expect(p).toMatchObject({ elapsedWorkingDays: 20, remainingWorkingDays: 1, pace: 200_000, status: "on_track" });
    expect(p.neededPerWorkingDay).toBe(15_000);
    expect(p.forecast).toBeCloseTo(204_750, 9);
  });

  it("last calendar day on a weekend: no working days remain, period not final yet", () => {
    const p = production("2024-03-31", 205_000);
    expect(p).toMatchObject({
      phase: "during",
      elapsedWorkingDays: 21,
      remainingWorkingDays: 0,
      pace: 210_000,
      forecast: 205_000,
      neededPerWorkingDay: null,
      status: "on_track",
    });
  });

  it("after the period the status is final", () => {
    const hit = production("2024-04-01", 210_000);
    expect(hit).toMatchObject({
      phase: "after",
      elapsedWorkingDays: 21,
      remainingWorkingDays: 0,
      pace: 210_000,
      paceDelta: 0,
      forecast: 210_000,
      neededPerWorkingDay: null,
      percentOfTarget: 100,
      status: "achieved",
    });
    expect(production("2024-06-30", 209_999).status).toBe("missed"); // no tolerance once final
    expect(production("2024-04-01", 250_000).status).toBe("achieved");
  });

  it("surpassing the target mid-period is ahead, with nothing more needed", () => {
    expect(production("2024-03-20", 230_000)).toMatchObject({ status: "ahead", neededPerWorkingDay: 0 });
  });

  it("no data yet counts as 0 for accumulating KPIs", () => {
    expect(production("2024-03-05", null)).toMatchObject({ actual: 0, status: "behind", forecast: 0 });
  });

  it("a zero target has no percent of target", () => {
    expect(production("2024-03-05", 0, { target: 0 }).percentOfTarget).toBeNull();
  });
});

describe("goalProgress — custom calendar with Saturday open and a holiday", () => {
  const cal: WorkingCalendar = { weekdays: [1, 2, 3, 4, 5, 6], closedDates: ["2024-03-29"] };
  const run = (today: string, actual: number) =>
    goalProgress({
      kpiDirection: "higher",
      unit: "money",
      target: 250_000,
      actualToDate: actual,
      period: march,
      today,
      calendar: cal,
    });

  it("counts 25 working days: 26 Mon–Sat minus Good Friday", () => {
    expect(run("2024-03-10", 0).totalWorkingDays).toBe(25);
  });

  it("a Sunday today: Saturday counted as elapsed", () => {
    // Fri 1, Sat 2, Mon 4 – Sat 9, Mon 11 – Sat 16 = 14 days.
    const p = run("2024-03-17", 140_000);
    expect(p).toMatchObject({ elapsedWorkingDays: 14, remainingWorkingDays: 11, pace: 140_000, status: "on_track" });
    expect(p.neededPerWorkingDay).toBe(10_000);
  });

  it("the holiday is not elapsed working time", () => {
    // Through Thu 28: 14 + 6 (18–23) + 4 (25–28) = 24; Fri 29 closed.
    expect(run("2024-03-29", 0).elapsedWorkingDays).toBe(24);
    expect(run("2024-03-30", 0).elapsedWorkingDays).toBe(24);
    expect(run("2024-03-30", 0).remainingWorkingDays).toBe(1); // Saturday the 30th
  });
});

describe("goalProgress — a period with no working days", () => {
  const weekend = { from: "2024-03-30", to: "2024-03-31" };
  const run = (today: string, actual: number) =>
    goalProgress({
      kpiDirection: "higher",
      unit: "count",
      target: 10,
      actualToDate: actual,
      period: weekend,
      today,
      calendar: DEFAULT_WORKING_CALENDAR,
    });

  it("has no pace and no per-day need while it runs", () => {
    expect(run("2024-03-31", 4)).toEqual({
      actual: 4,
      target: 10,
      percentOfTarget: 40,
      pace: 0,
      paceDelta: 4,
      forecast: null,
      neededPerWorkingDay: null,
      elapsedWorkingDays: 0,
      totalWorkingDays: 0,
      remainingWorkingDays: 0,
      phase: "during",
      status: "on_track",
    });
  });

  it("is judged against the full target once over", () => {
    expect(run("2024-04-01", 4)).toMatchObject({ pace: 10, status: "missed" });
    expect(run("2024-04-01", 12)).toMatchObject({ pace: 10, status: "achieved" });
  });
});

describe("goalProgress — lower is better", () => {
  const noShow = (today: string, actual: number | null) =>
    goalProgress({
      kpiDirection: "lower",
      unit: "percent",
      target: 5,
      actualToDate: actual,
      period: march,
      today,
      calendar: DEFAULT_WORKING_CALENDAR,
    });

  it("percent KPIs: pace is the target and forecast is the actual", () => {
    const p = noShow("2024-03-16", 4.2);
    expect(p).toMatchObject({ pace: 5, forecast: 4.2, neededPerWorkingDay: null, status: "ahead" });
    expect(p.paceDelta).toBeCloseTo(-0.8, 9);
    expect(p.percentOfTarget).toBeCloseTo(84, 9);
  });

  it("above target is behind; within 5% of it is on track", () => {
    expect(noShow("2024-03-16", 6).status).toBe("behind");
    expect(noShow("2024-03-16", 5.2).status).toBe("on_track");
    expect(noShow("2024-03-16", 4.8).status).toBe("on_track");
  });

  it("final: at or under target is achieved", () => {
    expect(noShow("2024-04-01", 4.9).status).toBe("achieved");
    expect(noShow("2024-04-01", 5).status).toBe("achieved");
    expect(noShow("2024-04-01", 5.2).status).toBe("missed");
  });

  it("no appointments yet: the rate is unknown, not 0%", () => {
    expect(noShow("2024-03-05", null)).toMatchObject({
      actual: null,
      percentOfTarget: null,
      paceDelta: null,
      forecast: null,
      status: "not_started",
    });
    expect(noShow("2024-04-01", null).status).toBe("missed");
    expect(noShow("2024-02-01", 3)).toMatchObject({ pace: 0, status: "not_started" });
  });

  it("accumulating lower-is-better KPI: needed per day is the allowance left", () => {
    const adjustments = (actual: number) =>
      goalProgress({
        kpiDirection: "lower",
        unit: "money",
        target: 21_000,
        actualToDate: actual,
        period: march,
        today: "2024-03-16",
        calendar: DEFAULT_WORKING_CALENDAR,
      });
    expect(adjustments(8_000)).toMatchObject({ pace: 11_000, status: "ahead", neededPerWorkingDay: 1_300 });
    expect(adjustments(25_000)).toMatchObject({ status: "behind", neededPerWorkingDay: 0 });
  });
});

describe("goalProgress — other non-accumulating KPIs", () => {
  it("higher-is-better percent compares the rate with the target", () => {
    const rate = (actual: number) =>
      goalProgress({
        kpiDirection: "higher",
        unit: "percent",
        target: 98,
        actualToDate: actual,
        period: march,
        today: "2024-03-16",
        calendar: DEFAULT_WORKING_CALENDAR,
      }).status;
    expect(rate(97.4)).toBe("on_track");
    expect(rate(92)).toBe("behind");
    expect(rate(103.5)).toBe("ahead");
  });

  it("stocks (accumulates: false) are not scaled by elapsed days", () => {
    const p = goalProgress({
      kpiDirection: "higher",
      unit: "count",
      accumulates: false,
      target: 1_300,
      actualToDate: 1_280,
      period: march,
      today: "2024-03-16",
      calendar: DEFAULT_WORKING_CALENDAR,
    });
    expect(p).toMatchObject({ pace: 1_300, forecast: 1_280, neededPerWorkingDay: null, status: "on_track" });
  });
});

describe("goalProgress — input checks", () => {
  it("rejects an inverted period and a non-finite target", () => {
    expect(() => production("2024-03-05", 0, { period: { from: "2024-03-31", to: "2024-03-01" } })).toThrow(RangeError);
    expect(() => production("2024-03-05", 0, { target: Number.NaN })).toThrow(RangeError);
  });
});
