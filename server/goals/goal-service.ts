/**
 * Goals for one clinic: list with progress, templates, create (by hand or from a template),
 * change the target (kept in goal_target_changes), archive, history, and the goal-vs-actual
 * series. Every function takes the tenant transaction client and the clinic id the caller was
 * checked for, and only ever touches rows of that clinic: goal, provider and template ids from the
 * input are looked up together with the clinic id, so another clinic's id is simply "not found".
 *
 * Dates are ISO YYYY-MM-DD strings; "today" is the clinic's calendar day in its time zone
 * (clinic_settings.timezone). Actuals come from metric_aggregations (server/metrics/dashboard).
 */
import { Prisma } from "../db/generated/client.ts";
import { AppError } from "../errors/app-error.ts";
import { BASE_MEASURES } from "../metrics/base-measures.ts";
import { measureTotals, kpiValue } from "../metrics/dashboard/dashboard.ts";
import { type GoalSeriesPoint, goalVsActualSeries } from "../metrics/dashboard/goal-series.ts";
import { planPieces, readAggregations } from "../metrics/dashboard/reader.ts";
import { type IsoDate, isoDateFromUtc, isoDateToUtcDate, minDate, parseIsoDate } from "../metrics/iso-date.ts";
import { type KpiDefinition, type KpiKey, KPIS, isKpiKey, requiredMeasures } from "../metrics/kpi-registry.ts";
import { periodEnd, periodStart } from "../metrics/period-grains.ts";
import { sameRangeLastYear } from "../metrics/ranges.ts";
import type { TenantTx } from "../tenancy/tenant-db.ts";
import { type GoalProgress, goalProgress } from "./progress.ts";
import { type TargetRule, resolveTarget, trailingMonthsFor, validateTargetRule } from "./target-rules.ts";
import { DEFAULT_WORKING_CALENDAR, type WorkingCalendar, WorkingCalendarSchema } from "./working-days.ts";

export const GOAL_PERIOD_TYPES = ["week", "month", "quarter", "year"] as const;
export type GoalPeriodType = (typeof GOAL_PERIOD_TYPES)[number];
export type GoalStatusFilter = "active" | "archived";

export const DEFAULT_TIMEZONE = "America/New_York";

// ───────────────────────────── clinic settings ─────────────────────────────

export interface ClinicGoalSettings {
  calendar: WorkingCalendar;
  timezone: string;
}

/** The clinic's working calendar (Mon–Fri when unset or invalid) and time zone. */
export async function loadClinicGoalSettings(tx: TenantTx, clinicId: string): Promise<ClinicGoalSettings> {
  const row = await tx.clinicSetting.findUnique({ where: { clinicId }, select: { workingCalendar: true, timezone: true } });
  const parsed = row?.workingCalendar == null ? null : WorkingCalendarSchema.safeParse(row.workingCalendar);
  const calendar = parsed?.success
    ? { weekdays: parsed.data.weekdays, closedDates: parsed.data.closedDates, ...(parsed.data.extraOpenDates ? { extraOpenDates: parsed.data.extraOpenDates } : {}) }
    : { weekdays: [...DEFAULT_WORKING_CALENDAR.weekdays], closedDates: [] };
  return { calendar, timezone: row?.timezone || DEFAULT_TIMEZONE };
}

/** The calendar day it is now in `timeZone` (falls back to UTC for an unknown zone). */
export function todayIn(timeZone: string, now = new Date()): IsoDate {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  } catch {
    return isoDateFromUtc(now);
  }
}

// ───────────────────────────── shapes ─────────────────────────────

export interface GoalView {
  id: string;
  clinicId: string;
  name: string;
  kpiKey: KpiKey;
  kpiLabel: string;
  unit: KpiDefinition["unit"];
  direction: KpiDefinition["direction"];
  providerId: string | null;
  providerName: string | null;
  periodType: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  targetValue: number;
  targetRule: unknown;
  templateId: string | null;
  status: GoalStatusFilter;
  archivedAt: string | null;
  createdAt: string;
  /** Progress on the clinic's "today". */
  progress: GoalProgress;
  /** Goal versus actual by day (empty for archived goals and goals that have not started). */
  series: GoalSeriesPoint[];
}

export interface GoalTemplateView {
  id: string;
  clinicId: string | null;
  name: string;
  description: string | null;
  category: string;
  kpiKey: string;
  kpiLabel: string;
  periodType: string;
  targetRule: unknown;
  isSystemTemplate: boolean;
}

export interface GoalHistoryEntry {
  id: string;
  previousTarget: number | null;
  newTarget: number;
  targetRule: unknown;
  changedBy: string | null;
  changedByName: string | null;
  changedAt: string;
}

type GoalRow = Awaited<ReturnType<TenantTx["clinicGoal"]["findFirstOrThrow"]>>;

const num = (d: Prisma.Decimal | null | undefined): number | null => (d == null ? null : Number(d.toString()));
const dateOf = (d: Date): IsoDate => isoDateFromUtc(d);

// ───────────────────────────── lookups ─────────────────────────────

async function providerOfClinic(tx: TenantTx, clinicId: string, providerId: string) {
  const provider = await tx.provider.findFirst({ where: { id: providerId, clinicId }, select: { id: true, name: true } });
  if (!provider) throw new AppError("NOT_FOUND", "That provider was not found at this clinic.", "providerId");
  return provider;
}

async function goalOfClinic(tx: TenantTx, clinicId: string, goalId: string): Promise<GoalRow> {
  const goal = await tx.clinicGoal.findFirst({ where: { id: goalId, clinicId } });
  if (!goal) throw new AppError("NOT_FOUND", "That goal was not found at this clinic.", "goalId");
  return goal;
}

function requireGoalableKpi(kpiKey: string, field = "kpiKey"): KpiDefinition {
  if (!isKpiKey(kpiKey)) throw new AppError("BAD_REQUEST", `"${kpiKey}" is not a KPI this app knows.`, field);
  const kpi = KPIS[kpiKey];
  if (!kpi.goalable) throw new AppError("BAD_REQUEST", `${kpi.label} cannot have a goal.`, field);
  return kpi;
}

/** A provider goal needs a KPI that is tracked per provider (not calls or patients). */
function requireProviderKpi(kpi: KpiDefinition): void {
  if (!requiredMeasures(kpi).every((m) => BASE_MEASURES[m].hasProviderBreakdown)) {
    throw new AppError("BAD_REQUEST", `${kpi.label} is tracked for the whole clinic only, so it cannot be a provider's goal.`, "providerId");
  }
}

/** The whole period of `periodType` that contains `date` (a goal always covers a whole period). */
export function goalPeriod(periodType: GoalPeriodType, date: IsoDate): { from: IsoDate; to: IsoDate } {
  const from = periodStart(date, periodType);
  return { from, to: periodEnd(from, periodType) };
}

/** Targets are stored rounded: cents for money, whole numbers for counts and minutes, 0.1 for percents. */
export function roundTarget(kpi: KpiDefinition, value: number): number {
  switch (kpi.unit) {
    case "money":
      return Math.round(value * 100) / 100;
    case "percent":
      return Math.round(value * 10) / 10;
    case "count":
    case "minutes":
      return Math.round(value);
  }
}

async function ensureNoDuplicate(
  tx: TenantTx,
  g: { clinicId: string; kpi: KpiDefinition; providerId: string | null; periodType: string; from: IsoDate },
): Promise<void> {
  const existing = await tx.clinicGoal.findFirst({
    where: {
      clinicId: g.clinicId,
      kpiKey: g.kpi.key,
      providerId: g.providerId,
      periodType: g.periodType,
      periodStart: isoDateToUtcDate(g.from),
      status: "active",
    },
    select: { id: true },
  });
  if (existing) {
    throw new AppError(
      "CONFLICT",
      `There is already an active ${g.kpi.label} goal for this ${g.periodType}${g.providerId ? " and provider" : ""}. Change its target instead.`,
    );
  }
}

// ───────────────────────────── reads ─────────────────────────────

/** The KPI's value over [from, to] (null when nothing is recorded). */
export async function kpiActual(
  tx: TenantTx,
  g: { clinicId: string; providerId: string | null; kpi: KpiDefinition; from: IsoDate; to: IsoDate },
): Promise<number | null> {
  if (g.to < g.from) return null;
  const totals = await measureTotals(tx, { clinicIds: [g.clinicId], providerId: g.providerId, from: g.from, to: g.to });
  if (!totals.hasData) return null;
  return kpiValue(g.kpi, totals.combined, totals.providerCount);
}

async function toView(
  tx: TenantTx,
  goal: GoalRow,
  kpi: KpiDefinition,
  ctx: { settings: ClinicGoalSettings; today: IsoDate; providerNames: Map<string, string> },
): Promise<GoalView> {
  const from = dateOf(goal.periodStart);
  const to = dateOf(goal.periodEnd);
  const target = num(goal.targetValue) ?? 0;
  const actual = ctx.today < from ? null : await kpiActual(tx, { clinicId: goal.clinicId, providerId: goal.providerId, kpi, from, to: minDate(to, ctx.today) });
  const progress = goalProgress({
    kpiDirection: kpi.direction,
    unit: kpi.unit,
    accumulates: kpi.accumulates,
    target,
    actualToDate: actual,
    period: { from, to },
    today: ctx.today,
    calendar: ctx.settings.calendar,
  });
  const series =
    goal.status === "active" && ctx.today >= from
      ? await goalVsActualSeries(tx, {
          clinicId: goal.clinicId,
          providerId: goal.providerId,
          kpiKey: kpi.key,
          period: { from, to },
          target,
          calendar: ctx.settings.calendar,
          today: ctx.today,
        })
      : [];
  return {
    id: goal.id,
    clinicId: goal.clinicId,
    name: goal.name,
    kpiKey: kpi.key,
    kpiLabel: kpi.label,
    unit: kpi.unit,
    direction: kpi.direction,
    providerId: goal.providerId,
    providerName: goal.providerId ? (ctx.providerNames.get(goal.providerId) ?? null) : null,
    periodType: goal.periodType,
    periodStart: from,
    periodEnd: to,
    targetValue: target,
    targetRule: goal.targetRule ?? null,
    templateId: goal.templateId,
    status: goal.status === "archived" ? "archived" : "active",
    archivedAt: goal.archivedAt ? goal.archivedAt.toISOString() : null,
    createdAt: goal.createdAt.toISOString(),
    progress,
    series,
  };
}

/** The clinic's goals (all, or only active/archived), newest period first, with progress. */
export async function listGoals(
  tx: TenantTx,
  input: { clinicId: string; status?: GoalStatusFilter; today?: IsoDate },
): Promise<GoalView[]> {
  const settings = await loadClinicGoalSettings(tx, input.clinicId);
  const today = input.today ?? todayIn(settings.timezone);
  const goals = await tx.clinicGoal.findMany({
    where: { clinicId: input.clinicId, ...(input.status ? { status: input.status } : {}) },
    orderBy: [{ periodStart: "desc" }, { createdAt: "desc" }],
  });
  const providerIds = [...new Set(goals.map((g) => g.providerId).filter((p): p is string => !!p))];
  const providers = providerIds.length
    ? await tx.provider.findMany({ where: { clinicId: input.clinicId, id: { in: providerIds } }, select: { id: true, name: true } })
    : [];
  const providerNames = new Map(providers.map((p) => [p.id, p.name]));
  const out: GoalView[] = [];
  for (const goal of goals) {
    // A goal on a KPI this version no longer has cannot be measured: leave it out.
    if (!isKpiKey(goal.kpiKey)) continue;
    out.push(await toView(tx, goal, KPIS[goal.kpiKey], { settings, today, providerNames }));
  }
  return out;
}

export async function getGoalView(tx: TenantTx, input: { clinicId: string; goalId: string; today?: IsoDate }): Promise<GoalView> {
  const goal = await goalOfClinic(tx, input.clinicId, input.goalId);
  const settings = await loadClinicGoalSettings(tx, input.clinicId);
  const providers = goal.providerId
    ? await tx.provider.findMany({ where: { clinicId: input.clinicId, id: goal.providerId }, select: { id: true, name: true } })
    : [];
  if (!isKpiKey(goal.kpiKey)) throw new AppError("NOT_FOUND", "This goal's KPI is no longer available.", "goalId");
  return toView(tx, goal, KPIS[goal.kpiKey], {
    settings,
    today: input.today ?? todayIn(settings.timezone),
    providerNames: new Map(providers.map((p) => [p.id, p.name])),
  });
}

/** System templates (clinic_id NULL) and this clinic's own, system ones first. */
export async function listTemplates(tx: TenantTx, clinicId: string): Promise<GoalTemplateView[]> {
  const rows = await tx.goalTemplate.findMany({
    where: { OR: [{ clinicId: null, isSystemTemplate: true }, { clinicId }] },
    orderBy: [{ isSystemTemplate: "desc" }, { category: "asc" }, { name: "asc" }],
  });
  return rows
    .filter((t) => isKpiKey(t.kpiKey))
    .map((t) => ({
      id: t.id,
      clinicId: t.clinicId,
      name: t.name,
      description: t.description,
      category: t.category,
      kpiKey: t.kpiKey,
      kpiLabel: KPIS[t.kpiKey as KpiKey].label,
      periodType: t.periodType,
      targetRule: t.targetRule,
      isSystemTemplate: t.isSystemTemplate,
    }));
}

/** The clinic's providers, for choosing a provider goal. */
export async function listProviders(tx: TenantTx, clinicId: string) {
  const rows = await tx.provider.findMany({
    where: { clinicId },
    orderBy: [{ status: "asc" }, { name: "asc" }],
    select: { id: true, name: true, providerType: true, status: true },
  });
  return rows.map((p) => ({ id: p.id, name: p.name, providerType: p.providerType, active: p.status === "active" }));
}

export async function goalHistory(tx: TenantTx, input: { clinicId: string; goalId: string }): Promise<GoalHistoryEntry[]> {
  await goalOfClinic(tx, input.clinicId, input.goalId);
  const changes = await tx.goalTargetChange.findMany({
    where: { goalId: input.goalId, clinicId: input.clinicId },
    orderBy: [{ changedAt: "desc" }, { id: "desc" }],
  });
  const userIds = [...new Set(changes.map((c) => c.changedBy).filter((u): u is string => !!u))];
  const users = userIds.length ? await tx.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  return changes.map((c) => ({
    id: c.id,
    previousTarget: num(c.previousTarget),
    newTarget: num(c.newTarget) ?? 0,
    targetRule: c.targetRule ?? null,
    changedBy: c.changedBy,
    changedByName: c.changedBy ? (names.get(c.changedBy) ?? null) : null,
    changedAt: c.changedAt.toISOString(),
  }));
}

// ───────────────────────────── writes ─────────────────────────────

export interface CreatedGoal {
  id: string;
  targetValue: number;
  periodStart: IsoDate;
  periodEnd: IsoDate;
}

async function insertGoal(
  tx: TenantTx,
  g: {
    clinicId: string;
    userId: string;
    kpi: KpiDefinition;
    name: string;
    periodType: string;
    from: IsoDate;
    to: IsoDate;
    target: number;
    rule: TargetRule;
    templateId: string | null;
    providerId: string | null;
  },
): Promise<CreatedGoal> {
  const rule = g.rule as unknown as Prisma.InputJsonValue;
  const goal = await tx.clinicGoal.create({
    data: {
      clinicId: g.clinicId,
      providerId: g.providerId,
      kpiKey: g.kpi.key,
      name: g.name,
      periodType: g.periodType,
      periodStart: isoDateToUtcDate(g.from),
      periodEnd: isoDateToUtcDate(g.to),
      targetValue: new Prisma.Decimal(g.target.toFixed(4)),
      targetRule: rule,
      templateId: g.templateId,
      createdBy: g.userId,
    },
    select: { id: true },
  });
  // The first entry of the target's history: no previous target.
  await tx.goalTargetChange.create({
    data: { goalId: goal.id, clinicId: g.clinicId, previousTarget: null, newTarget: new Prisma.Decimal(g.target.toFixed(4)), targetRule: rule, changedBy: g.userId },
  });
  return { id: goal.id, targetValue: g.target, periodStart: g.from, periodEnd: g.to };
}

export interface CreateGoalInput {
  clinicId: string;
  userId: string;
  kpiKey: string;
  name: string;
  periodType: GoalPeriodType;
  periodStart: IsoDate;
  targetValue: number;
  providerId?: string | null;
}

/** A goal with a target entered by hand. `periodStart` may be any day of the period. */
export async function createGoal(tx: TenantTx, input: CreateGoalInput): Promise<CreatedGoal> {
  const kpi = requireGoalableKpi(input.kpiKey);
  parseIsoDate(input.periodStart);
  const check = validateTargetRule(kpi, { type: "fixed", value: input.targetValue });
  if (!check.ok) throw new AppError("BAD_REQUEST", `The target is not valid for ${kpi.label}: ${check.errors.join("; ")}.`, "targetValue");
  let providerId: string | null = null;
  if (input.providerId) {
    requireProviderKpi(kpi);
    providerId = (await providerOfClinic(tx, input.clinicId, input.providerId)).id;
  }
  const { from, to } = goalPeriod(input.periodType, input.periodStart);
  await ensureNoDuplicate(tx, { clinicId: input.clinicId, kpi, providerId, periodType: input.periodType, from });
  return insertGoal(tx, {
    clinicId: input.clinicId,
    userId: input.userId,
    kpi,
    name: input.name.trim() || kpi.label,
    periodType: input.periodType,
    from,
    to,
    target: input.targetValue,
    rule: check.rule,
    templateId: null,
    providerId,
  });
}

export interface CreateFromTemplateInput {
  clinicId: string;
  userId: string;
  templateId: string;
  periodStart: IsoDate;
  providerId?: string | null;
}

const RULE_MESSAGES = {
  no_last_year_data: () =>
    "There is no data for the same period last year, so this template cannot set a target. Enter a target by hand.",
  missing_trailing_months: (detail: string) =>
    `${detail}, so this template cannot set a target from the 3 months before the period. Enter a target by hand.`,
  no_trailing_working_days: () =>
    "The clinic had no working days in the 3 months before this period, so this template cannot set a target. Enter a target by hand.",
} as const;

/**
 * A goal from a template (a system one or this clinic's): the target comes from the template's
 * rule — last year's actual, the trailing 3 months, per working day, or fixed — computed from
 * metric_aggregations for the clinic (or the provider). When the rule cannot be computed (no data)
 * this is a BAD_REQUEST that says so.
 */
export async function createGoalFromTemplate(tx: TenantTx, input: CreateFromTemplateInput): Promise<CreatedGoal> {
  const template = await tx.goalTemplate.findFirst({
    where: { id: input.templateId, OR: [{ clinicId: null, isSystemTemplate: true }, { clinicId: input.clinicId }] },
  });
  if (!template) throw new AppError("NOT_FOUND", "That goal template was not found.", "templateId");
  const kpi = requireGoalableKpi(template.kpiKey, "templateId");
  const periodType = (GOAL_PERIOD_TYPES as readonly string[]).includes(template.periodType) ? (template.periodType as GoalPeriodType) : null;
  if (!periodType) throw new AppError("BAD_REQUEST", `This template's period ("${template.periodType}") is not supported.`, "templateId");
  const checked = validateTargetRule(kpi, template.targetRule);
  if (!checked.ok) throw new AppError("BAD_REQUEST", `This template's target rule cannot be used: ${checked.errors.join("; ")}.`, "templateId");
  parseIsoDate(input.periodStart);

  let providerId: string | null = null;
  let providerName: string | null = null;
  if (input.providerId) {
    requireProviderKpi(kpi);
    const provider = await providerOfClinic(tx, input.clinicId, input.providerId);
    providerId = provider.id;
    providerName = provider.name;
  }
  const period = goalPeriod(periodType, input.periodStart);
  await ensureNoDuplicate(tx, { clinicId: input.clinicId, kpi, providerId, periodType, from: period.from });
  const { calendar } = await loadClinicGoalSettings(tx, input.clinicId);

  // Last year's actual and the 3 trailing months, in one read of metric_aggregations.
  const lastYear = sameRangeLastYear(period);
  const months = trailingMonthsFor(period);
  const { targets } = await readAggregations(tx, {
    clinicIds: [input.clinicId],
    providerId,
    targets: [lastYear, ...months].map((r) => ({ pieces: planPieces(r.from, r.to) })),
  });
  const valueOf = (i: number): number | null => {
    const t = targets[i];
    if (!t || Object.keys(t.sums).length === 0) return null;
    return kpiValue(kpi, t.sums, providerId ? Math.min(t.providerCount, 1) : t.providerCount);
  };
  const resolution = resolveTarget(checked.rule, {
    period,
    calendar,
    lastYearActual: valueOf(0),
    trailing3MonthActuals: months.map((m, i) => ({ ...m, value: valueOf(i + 1) })),
  });
  if (resolution.value === null) {
    const message =
      resolution.reason === "missing_trailing_months"
        ? RULE_MESSAGES.missing_trailing_months(`There is no data for ${monthName(months.find((_, i) => valueOf(i + 1) === null)?.from)}`)
        : RULE_MESSAGES[resolution.reason]();
    throw new AppError("BAD_REQUEST", message, "templateId");
  }
  const target = roundTarget(kpi, resolution.value);
  return insertGoal(tx, {
    clinicId: input.clinicId,
    userId: input.userId,
    kpi,
    name: providerName ? `${template.name} (${providerName})` : template.name,
    periodType,
    from: period.from,
    to: period.to,
    target,
    rule: checked.rule,
    templateId: template.id,
    providerId,
  });
}

function monthName(date: IsoDate | undefined): string {
  if (!date) return "one of those months";
  const { year, month } = parseIsoDate(date);
  const names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  return `${names[month - 1]} ${year}`;
}

/** Changes an active goal's target by hand; the change is recorded with the previous target. */
export async function updateGoalTarget(
  tx: TenantTx,
  input: { clinicId: string; goalId: string; targetValue: number; userId: string },
): Promise<{ id: string; previousTarget: number; targetValue: number }> {
  const goal = await goalOfClinic(tx, input.clinicId, input.goalId);
  if (goal.status !== "active") throw new AppError("BAD_REQUEST", "This goal is archived, so its target can no longer change.", "goalId");
  const kpi = isKpiKey(goal.kpiKey) ? KPIS[goal.kpiKey] : null;
  if (kpi) {
    const check = validateTargetRule(kpi, { type: "fixed", value: input.targetValue });
    if (!check.ok) throw new AppError("BAD_REQUEST", `The target is not valid for ${kpi.label}: ${check.errors.join("; ")}.`, "targetValue");
  }
  const previous = num(goal.targetValue) ?? 0;
  const rule = { type: "fixed", value: input.targetValue } as Prisma.InputJsonValue;
  const newTarget = new Prisma.Decimal(input.targetValue.toFixed(4));
  await tx.clinicGoal.update({ where: { id: goal.id }, data: { targetValue: newTarget, targetRule: rule } });
  await tx.goalTargetChange.create({
    data: { goalId: goal.id, clinicId: input.clinicId, previousTarget: goal.targetValue, newTarget, targetRule: rule, changedBy: input.userId },
  });
  return { id: goal.id, previousTarget: previous, targetValue: input.targetValue };
}

/** Archives a goal (idempotent): it keeps its numbers and history but leaves the active list. */
/**
 * Brings an archived goal back to the active list, unchanged (target and history kept). Refused
 * while another active goal covers the same KPI, period and provider: two would contradict.
 */
export async function restoreGoal(tx: TenantTx, input: { clinicId: string; goalId: string }): Promise<{ id: string; status: "active" }> {
  const goal = await goalOfClinic(tx, input.clinicId, input.goalId);
  if (goal.status !== "active") {
    const kpi = requireGoalableKpi(goal.kpiKey);
    await ensureNoDuplicate(tx, { clinicId: input.clinicId, kpi, providerId: goal.providerId, periodType: goal.periodType, from: isoDateFromUtc(goal.periodStart) });
    await tx.clinicGoal.update({ where: { id: goal.id }, data: { status: "active", archivedAt: null } });
  }
  return { id: goal.id, status: "active" };
}

export async function archiveGoal(tx: TenantTx, input: { clinicId: string; goalId: string }): Promise<{ id: string; status: "archived" }> {
  const goal = await goalOfClinic(tx, input.clinicId, input.goalId);
  if (goal.status !== "archived") {
    await tx.clinicGoal.update({ where: { id: goal.id }, data: { status: "archived", archivedAt: new Date() } });
  }
  return { id: goal.id, status: "archived" };
}
