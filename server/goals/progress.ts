/**
 * Goal progress: how far a KPI is toward its target, where it should be by
 * now (pace), and where it is heading (forecast).
 *
 * Decisions:
 * - Today is NOT elapsed. The day is not over and data syncs after close, so
 *   pace counts working days from the period start through yesterday. On the
 *   first day nothing has elapsed (pace 0, status on_track); on the last day
 *   one working day remains. `actualToDate` may include part of today; that
 *   only nudges the forecast up a little.
 * - Accumulating KPIs (sums of daily flows: production, counts) pace linearly
 *   by working days: pace = target × elapsed ÷ total working days, forecast =
 *   actual ÷ elapsed × total. A missing actual counts as 0 (nothing recorded).
 * - Non-accumulating KPIs (percent ratios, stocks such as active patients):
 *   the to-date value is the estimate, so pace = target and forecast = actual
 *   while the period runs. A missing actual stays null (a rate with no
 *   appointments is unknown, not 0%) and the status is not_started (missed
 *   once the period is over).
 * - Status while the period runs compares actual with pace: within
 *   `tolerance` (default 5%) of pace either way → on_track; beyond it on the
 *   good side → ahead, on the bad side → behind. "Good side" follows
 *   kpiDirection, so for a lower-is-better KPI (no-show rate) being under pace
 *   is ahead. Before the period → not_started with pace 0. After it (today >
 *   period end) the result is final: achieved when actual meets the target
 *   (≥ for higher-is-better, ≤ for lower-is-better, no tolerance), else missed.
 * - A period with no working days at all: pace stays 0 during it and is the
 *   full target afterwards.
 */
import type { KpiDirection, KpiUnit } from "../metrics/kpi-registry.ts";
import { type DateRange, type IsoDate, addDays, compareDates, minDate } from "../metrics/iso-date.ts";
import { type WorkingCalendar, countWorkingDays } from "./working-days.ts";

export const DEFAULT_PACE_TOLERANCE = 0.05;

export type GoalStatus = "ahead" | "on_track" | "behind" | "achieved" | "missed" | "not_started";
export type GoalPhase = "before" | "during" | "after";

export interface GoalProgressInput {
  kpiDirection: KpiDirection;
  unit: KpiUnit;
  target: number;
  /** KPI value from the period start through the latest data (see computeKpi). */
  actualToDate: number | null;
  period: DateRange;
  today: IsoDate;
  calendar: WorkingCalendar;
  /** KpiDefinition.accumulates; when omitted, percent KPIs are treated as not accumulating and others as accumulating. */
  accumulates?: boolean;
  /** Fraction of pace counted as on track; default 0.05 (5%). */
  tolerance?: number;
}

export interface GoalProgress {
  /** null only for a non-accumulating KPI with no data. */
  actual: number | null;
  target: number;
  /** actual ÷ target × 100; null when actual is null or target is 0. */
  percentOfTarget: number | null;
  /** Where actual should be by now to be on track. */
  pace: number;
  /** actual − pace. */
  paceDelta: number | null;
  /** Expected value at period end; null when it cannot be extrapolated yet. */
  forecast: number | null;
  /**
   * Accumulating KPIs while working days remain: (target − actual) ÷ remaining
   * working days, floored at 0 (for lower-is-better KPIs: the daily allowance
   * left). null otherwise.
   */
  neededPerWorkingDay: number | null;
  elapsedWorkingDays: number;
  totalWorkingDays: number;
  remainingWorkingDays: number;
  phase: GoalPhase;
  status: GoalStatus;
}

const finiteOrNull = (v: number | null) => (v !== null && Number.isFinite(v) ? v : null);

export function goalProgress(input: GoalProgressInput): GoalProgress {
  const { kpiDirection, target, period, today, calendar } = input;
  if (!Number.isFinite(target)) throw new RangeError(`Target must be a finite number, got ${target}`);
  if (compareDates(period.from, period.to) > 0) {
    throw new RangeError(`Goal period starts after it ends (${period.from} > ${period.to})`);
  }
  const accumulates = input.accumulates ?? input.unit !== "percent";
  const tolerance = input.tolerance ?? DEFAULT_PACE_TOLERANCE;

  const phase: GoalPhase =
    compareDates(today, period.from) < 0 ? "before" : compareDates(today, period.to) > 0 ? "after" : "during";

  const totalWorkingDays = countWorkingDays(period.from, period.to, calendar);
  // Working days strictly before today (today is not over), capped at the period end.
  const elapsedWorkingDays = countWorkingDays(period.from, minDate(addDays(today, -1), period.to), calendar);
  const remainingWorkingDays = totalWorkingDays - elapsedWorkingDays;

  const actual = accumulates ? (finiteOrNull(input.actualToDate) ?? 0) : finiteOrNull(input.actualToDate);

  let pace: number;
  if (phase === "before") pace = 0;
  else if (!accumulates || phase === "after") pace = target;
  else pace = totalWorkingDays > 0 ? (target * elapsedWorkingDays) / totalWorkingDays : 0;

  let forecast: number | null;
  if (phase === "after" || (!accumulates && phase === "during")) forecast = actual;
  else if (phase === "during" && actual !== null && elapsedWorkingDays > 0) {
    forecast = (actual / elapsedWorkingDays) * totalWorkingDays;
  } else forecast = null;

  const neededPerWorkingDay =
    accumulates && phase !== "after" && remainingWorkingDays > 0 && actual !== null
      ? Math.max(0, (target - actual) / remainingWorkingDays)
      : null;

  const higherIsBetter = kpiDirection === "higher";
  let status: GoalStatus;
  if (phase === "before" || actual === null) {
    status = phase === "after" ? "missed" : "not_started";
  } else if (phase === "after") {
    const eps = 1e-9 * Math.max(1, Math.abs(target));
    status = (higherIsBetter ? actual >= target - eps : actual <= target + eps) ? "achieved" : "missed";
  } else if (accumulates && elapsedWorkingDays === 0) {
    status = "on_track"; // nothing expected yet
  } else {
    const diff = actual - pace;
    if (Math.abs(diff) <= tolerance * Math.abs(pace)) status = "on_track";
    else status = diff > 0 === higherIsBetter ? "ahead" : "behind";
  }

  return {
    actual,
    target,
    percentOfTarget: actual !== null && target !== 0 ? (actual / target) * 100 : null,
    pace,
    paceDelta: actual !== null ? actual - pace : null,
    forecast,
    neededPerWorkingDay,
    elapsedWorkingDays,
    totalWorkingDays,
    remainingWorkingDays,
    phase,
    status,
  };
}
