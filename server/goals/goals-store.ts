import { Prisma } from "../db/generated/client.ts";
import { AppError } from "../errors/app-error.ts";
import { computeKpi } from "../metrics/kpi-compute.ts";
import { getKpi, isKpiKey, KPIS, type KpiKey } from "../metrics/kpi-registry.ts";
import { minDate } from "../metrics/iso-date.ts";
import { periodEnd, periodStart, type Grain } from "../metrics/period-grains.ts";
import { sameRangeLastYear } from "../metrics/ranges.ts";
import type { TenantTx } from "../tenancy/tenant-db.ts";
import { dailyCumulative } from "../dashboard/dashboard-data.ts";
import { measureTotals } from "../dashboard/measure-totals.ts";
import { goalProgress } from "./progress.ts";
import { TargetRuleSchema, type TargetRule } from "./target-rule-schema.ts";
import { resolveTarget, trailingMonthsFor, validateTargetRule } from "./target-rules.ts";
import { countWorkingDays, DEFAULT_WORKING_CALENDAR, WorkingCalendarSchema, type WorkingCalendar } from "./working-days.ts";

/** Goals: create (by hand or from a template), edit the target with history, archive, and progress. */

export type PeriodType = "week" | "month" | "quarter" | "year";
const iso = (d: Date) => d.toISOString().slice(0, 10);
const today = () => new Date().toISOString().slice(0, 10);

export async function workingCalendar(tx: TenantTx, clinicId: string): Promise<WorkingCalendar> {
  const settings = await tx.clinicSetting.findUnique({ where: { clinicId }, select: { workingCalendar: true } });
  const parsed = WorkingCalendarSchema.safeParse(settings?.workingCalendar ?? {});
  return parsed.success ? parsed.data : { ...DEFAULT_WORKING_CALENDAR };
}

async function providerOf(tx: TenantTx, clinicId: string, providerId: string | null | undefined) {
  if (!providerId) return null;
  const p = await tx.provider.findFirst({ where: { id: providerId, clinicId }, select: { id: true, name: true } });
  if (!p) throw new AppError("NOT_FOUND", "That provider does not work at this clinic.", "providerId");
  return p;
}

async function actualFor(tx: TenantTx, clinicId: string, providerId: string | null, kpi: KpiKey, from: string, to: string): Promise<number | null> {
  if (to < from) return null;
  const totals = await measureTotals(tx, { clinicIds: [clinicId], from, to, ...(providerId ? { providerId } : {}) });
  if (!totals.hasData) return null;
  return computeKpi(KPIS[kpi], totals.combined, { providerCount: providerId ? 1 : totals.providerCount });
}

export async function listGoals(tx: TenantTx, clinicId: string, status: "active" | "archived") {
  const goals = await tx.clinicGoal.findMany({ where: { clinicId, status }, orderBy: [{ periodStart: "desc" }, { createdAt: "desc" }] });
  const calendar = await workingCalendar(tx, clinicId);
  const providers = await tx.provider.findMany({ where: { clinicId, id: { in: goals.map((g) => g.providerId).filter((p): p is string => !!p) } }, select: { id: true, name: true } });
  const names = new Map(providers.map((p) => [p.id, p.name]));
  const now = today();
  const out = [];
  for (const g of goals) {
    if (!isKpiKey(g.kpiKey)) continue;
    const kpi = getKpi(g.kpiKey);
    const from = iso(g.periodStart);
    const to = iso(g.periodEnd);
    const actual = await actualFor(tx, clinicId, g.providerId, g.kpiKey, from, minDate(to, now));
    const target = Number(g.targetValue);
    const progress = goalProgress({ kpiDirection: kpi.direction, unit: kpi.unit, accumulates: kpi.accumulates, target, actualToDate: actual, period: { from, to }, today: now, calendar });
    const daily = status === "active" ? await dailyCumulative(tx, { clinicId, providerId: g.providerId, kpi: g.kpiKey, from, to: minDate(to, now) }) : [];
    const total = countWorkingDays(from, to, calendar);
    const series = daily.map((d) => ({
      label: d.day,
      actual: d.value,
      pace: kpi.accumulates && total > 0 ? (target * countWorkingDays(from, d.day, calendar)) / total : target,
    }));
    out.push({
      id: g.id,
      name: g.name,
      kpiKey: g.kpiKey,
      providerId: g.providerId,
      providerName: g.providerId ? (names.get(g.providerId) ?? null) : null,
      periodType: g.periodType,
      periodStart: from,
      periodEnd: to,
      status: g.status,
      templateId: g.templateId,
      progress: { ...progress, actual: progress.actual, target },
      series,
    });
  }
  return out;
}

export async function listTemplates(tx: TenantTx, clinicId: string) {
  const rows = await tx.goalTemplate.findMany({ where: { OR: [{ clinicId: null, isSystemTemplate: true }, { clinicId }] }, orderBy: [{ isSystemTemplate: "desc" }, { name: "asc" }] });
  return rows.filter((t) => isKpiKey(t.kpiKey)).map((t) => ({ id: t.id, name: t.name, description: t.description, kpiKey: t.kpiKey, periodType: t.periodType, targetRule: t.targetRule, system: t.isSystemTemplate }));
}

function periodFor(periodType: PeriodType, start: string) {
  const from = periodStart(start, periodType as Grain);
  return { from, to: periodEnd(from, periodType as Grain) };
}

async function insertGoal(tx: TenantTx, data: { clinicId: string; userId: string; kpiKey: KpiKey; name: string; periodType: PeriodType; from: string; to: string; target: number; rule: TargetRule | null; templateId: string | null; providerId: string | null }) {
  const goal = await tx.clinicGoal.create({
    data: {
      clinicId: data.clinicId,
      providerId: data.providerId,
      kpiKey: data.kpiKey,
      name: data.name,
      periodType: data.periodType,
      periodStart: new Date(`${data.from}T00:00:00Z`),
      periodEnd: new Date(`${data.to}T00:00:00Z`),
      targetValue: new Prisma.Decimal(data.target.toFixed(4)),
      targetRule: data.rule ? (data.rule as unknown as Prisma.InputJsonValue) : Prisma.DbNull,
      templateId: data.templateId,
      createdBy: data.userId,
    },
  });
  await tx.goalTargetChange.create({ data: { goalId: goal.id, clinicId: data.clinicId, previousTarget: null, newTarget: goal.targetValue, targetRule: data.rule ? (data.rule as unknown as Prisma.InputJsonValue) : Prisma.DbNull, changedBy: data.userId } });
  return { goalId: goal.id, target: data.target };
}

export async function createGoal(tx: TenantTx, input: { clinicId: string; userId: string; kpiKey: KpiKey; name: string; periodType: PeriodType; periodStart: string; targetValue: number; providerId?: string }) {
  const kpi = getKpi(input.kpiKey);
  if (!kpi.goalable) throw new AppError("BAD_REQUEST", `${kpi.label} cannot have a goal.`, "kpiKey");
  const check = validateTargetRule(kpi, { type: "fixed", value: input.targetValue });
  if (!check.ok) throw new AppError("BAD_REQUEST", check.errors.join(" "), "targetValue");
  const provider = await providerOf(tx, input.clinicId, input.providerId);
  const { from, to } = periodFor(input.periodType, input.periodStart);
  return insertGoal(tx, { ...input, name: input.name.trim() || kpi.label, from, to, target: input.targetValue, rule: { type: "fixed", value: input.targetValue }, templateId: null, providerId: provider?.id ?? null });
}

export async function createGoalFromTemplate(tx: TenantTx, input: { clinicId: string; userId: string; templateId: string; periodStart: string; providerId?: string }) {
  const template = await tx.goalTemplate.findFirst({ where: { id: input.templateId, OR: [{ clinicId: null, isSystemTemplate: true }, { clinicId: input.clinicId }] } });
  if (!template || !isKpiKey(template.kpiKey)) throw new AppError("NOT_FOUND", "That goal template does not exist.", "templateId");
  const provider = await providerOf(tx, input.clinicId, input.providerId);
  const rule = TargetRuleSchema.parse(template.targetRule);
  const periodType = template.periodType as PeriodType;
  const period = periodFor(periodType, input.periodStart);
  const calendar = await workingCalendar(tx, input.clinicId);
  const kpiKey = template.kpiKey;
  const lastYear = sameRangeLastYear(period);
  const resolved = resolveTarget(rule, {
    period,
    calendar,
    lastYearActual: rule.type === "vs_last_year" ? await actualFor(tx, input.clinicId, provider?.id ?? null, kpiKey, lastYear.from, lastYear.to) : undefined,
    trailing3MonthActuals:
      rule.type === "trailing_3_month_avg"
        ? await Promise.all(trailingMonthsFor(period).map(async (m) => ({ ...m, value: await actualFor(tx, input.clinicId, provider?.id ?? null, kpiKey, m.from, m.to) })))
        : undefined,
  });
  if (resolved.value === null) {
    throw new AppError("BAD_REQUEST", `${resolved.message} Enter a target by hand instead.`, "templateId");
  }
  const name = provider ? `${template.name} — ${provider.name}` : template.name;
  return insertGoal(tx, { clinicId: input.clinicId, userId: input.userId, kpiKey, name, periodType, from: period.from, to: period.to, target: Math.round(resolved.value * 100) / 100, rule, templateId: template.id, providerId: provider?.id ?? null });
}

async function goalOf(tx: TenantTx, clinicId: string, goalId: string) {
  const goal = await tx.clinicGoal.findFirst({ where: { id: goalId, clinicId } });
  if (!goal) throw new AppError("NOT_FOUND", "That goal does not exist in this clinic.");
  return goal;
}

export async function updateTarget(tx: TenantTx, input: { clinicId: string; userId: string; goalId: string; targetValue: number }) {
  const goal = await goalOf(tx, input.clinicId, input.goalId);
  if (!isKpiKey(goal.kpiKey)) throw new AppError("BAD_REQUEST", "This goal's KPI no longer exists.");
  const check = validateTargetRule(getKpi(goal.kpiKey), { type: "fixed", value: input.targetValue });
  if (!check.ok) throw new AppError("BAD_REQUEST", check.errors.join(" "), "targetValue");
  const newTarget = new Prisma.Decimal(input.targetValue.toFixed(4));
  const rule = { type: "fixed", value: input.targetValue } as unknown as Prisma.InputJsonValue;
  await tx.clinicGoal.update({ where: { id: goal.id }, data: { targetValue: newTarget, targetRule: rule } });
  await tx.goalTargetChange.create({ data: { goalId: goal.id, clinicId: input.clinicId, previousTarget: goal.targetValue, newTarget, targetRule: rule, changedBy: input.userId } });
  return { ok: true };
}

export async function archiveGoal(tx: TenantTx, input: { clinicId: string; goalId: string }) {
  const goal = await goalOf(tx, input.clinicId, input.goalId);
  await tx.clinicGoal.update({ where: { id: goal.id }, data: { status: "archived", archivedAt: new Date() } });
  return { ok: true };
}

export async function goalHistory(tx: TenantTx, input: { clinicId: string; goalId: string }) {
  await goalOf(tx, input.clinicId, input.goalId);
  const rows = await tx.goalTargetChange.findMany({ where: { goalId: input.goalId, clinicId: input.clinicId }, orderBy: { changedAt: "asc" } });
  return rows.map((r) => ({ changedAt: r.changedAt, previousTarget: r.previousTarget === null ? null : Number(r.previousTarget), newTarget: Number(r.newTarget), changedBy: r.changedBy }));
}

