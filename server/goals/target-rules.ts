/**
 * Goal target rules: which rules a KPI accepts, and turning a rule into a
 * number for a given period.
 */
import { type DateRange, addMonths, compareDates, lastDayOfMonth } from "../metrics/iso-date.ts";
import type { KpiDefinition } from "../metrics/kpi-registry.ts";
import { periodStart } from "../metrics/period-grains.ts";
import { type TargetRule, type TargetRuleType, TARGET_RULE_TYPES, TargetRuleSchema } from "./target-rule-schema.ts";
import { type WorkingCalendar, countWorkingDays } from "./working-days.ts";

export { TargetRuleSchema, TARGET_RULE_TYPES, type TargetRule, type TargetRuleType };

type KpiForRules = Pick<KpiDefinition, "key" | "unit" | "goalable" | "accumulates">;

/**
 * Rule types a KPI accepts:
 * - percent KPIs (ratios): only `fixed` — a rate does not scale with days, and
 *   "last year's rate + 5%" reads ambiguously (points or relative?).
 * - other non-accumulating KPIs (stocks such as active patients): `fixed` and
 *   `vs_last_year`; per-day scaling makes no sense for a head count.
 * - accumulating KPIs (sums of daily flows): every rule.
 * - KPIs with goalable = false: none.
 */
export function allowedRuleTypes(kpi: KpiForRules): TargetRuleType[] {
  if (!kpi.goalable) return [];
  if (kpi.unit === "percent") return ["fixed"];
  if (!kpi.accumulates) return ["fixed", "vs_last_year"];
  return [...TARGET_RULE_TYPES];
}

export type RuleValidation = { ok: true; rule: TargetRule } | { ok: false; errors: string[] };

/** Parses stored/submitted JSON and checks that the rule suits the KPI. */
export function validateTargetRule(kpi: KpiForRules, input: unknown): RuleValidation {
  const parsed = TargetRuleSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)),
    };
  }
  const rule = parsed.data;
  const allowed = allowedRuleTypes(kpi);
  if (!allowed.includes(rule.type)) {
    const why = !kpi.goalable
      ? `${kpi.key} does not take goals`
      : `${kpi.key} only allows ${allowed.map((t) => `'${t}'`).join(" or ")} targets`;
    return { ok: false, errors: [why] };
  }
  if (kpi.unit === "percent" && rule.type === "fixed" && rule.value > 100) {
    return { ok: false, errors: [`value: a percent target must be between 0 and 100`] };
  }
  return { ok: true, rule };
}

/** One month's actual, as passed for trailing_3_month_avg. */
export interface MonthActual extends DateRange {
  value: number | null;
}

export interface TargetContext {
  period: DateRange;
  calendar: WorkingCalendar;
  /** Actual for sameRangeLastYear(period); null/undefined when there was no data. */
  lastYearActual?: number | null;
  /** The months returned by trailingMonthsFor(period), with their actuals. */
  trailing3MonthActuals?: readonly MonthActual[];
}

export type TargetUnavailableReason =
  | "no_last_year_data"
  | "missing_trailing_months"
  | "no_trailing_working_days";

export type TargetResolution =
  | { value: number; reason?: undefined; message?: undefined }
  | { value: null; reason: TargetUnavailableReason; message: string };

/**
 * The 3 full calendar months before the period's start month: for a period
 * starting 2024-03-01 or 2024-03-15 that is Dec 2023, Jan and Feb 2024.
 */
export function trailingMonthsFor(period: DateRange): DateRange[] {
  const base = periodStart(period.from, "month");
  return [-3, -2, -1].map((n) => {
    const from = addMonths(base, n);
    return { from, to: lastDayOfMonth(from) };
  });
}

const scale = (value: number, changePct: number) => value * (1 + changePct / 100);

/**
 * The target number for `ctx.period`, or null with a reason when the rule's
 * inputs are missing. Does not check the rule against a KPI (validateTargetRule
 * does that when the goal is saved).
 */
export function resolveTarget(rule: TargetRule, ctx: TargetContext): TargetResolution {
  const { period, calendar } = ctx;
  if (compareDates(period.from, period.to) > 0) {
    throw new RangeError(`Goal period starts after it ends (${period.from} > ${period.to})`);
  }
  switch (rule.type) {
    case "fixed":
      return { value: rule.value };
    case "per_working_day":
      return { value: rule.value * countWorkingDays(period.from, period.to, calendar) };
    case "vs_last_year": {
      const last = ctx.lastYearActual;
      if (typeof last !== "number" || !Number.isFinite(last)) {
        return { value: null, reason: "no_last_year_data", message: "No data for the same period last year" };
      }
      return { value: scale(last, rule.changePct) };
    }
    case "trailing_3_month_avg": {
      const supplied = ctx.trailing3MonthActuals ?? [];
      let total = 0;
      let workingDays = 0;
      for (const month of trailingMonthsFor(period)) {
        const actual = supplied.find((m) => m.from === month.from && m.to === month.to);
        if (!actual || typeof actual.value !== "number" || !Number.isFinite(actual.value)) {
          return {
            value: null,
            reason: "missing_trailing_months",
            message: `No data for ${month.from.slice(0, 7)}; the 3 months before the period are needed`,
          };
        }
        total += actual.value;
        workingDays += countWorkingDays(month.from, month.to, calendar);
      }
      if (workingDays === 0) {
        return {
          value: null,
          reason: "no_trailing_working_days",
          message: "The clinic had no working days in the 3 months before the period",
        };
      }
      const perDay = total / workingDays;
      return { value: scale(perDay * countWorkingDays(period.from, period.to, calendar), rule.changePct) };
    }
  }
}
