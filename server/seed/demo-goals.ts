/**
 * Demo goals: a few goals for the current month and quarter in every demo clinic, created from the
 * system templates exactly as a manager would (targets computed from metric_aggregations, so run
 * this after the aggregation rebuild). Idempotent: a goal that already exists for the same clinic,
 * template, provider and period is left alone, so a second run adds nothing.
 */
import type { Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import { createGoalFromTemplate, goalPeriod, type GoalPeriodType } from "../goals/goal-service.ts";
import { isoDateToUtcDate, type IsoDate } from "../metrics/iso-date.ts";
import { runAsSystem, type SystemTx } from "../tenancy/system-db.ts";
import { DEMO_CLINIC_IDS, DEMO_PROVIDER_IDS } from "./demo-group.ts";
import { SYSTEM_GOAL_TEMPLATES } from "./goal-templates.ts";
import { resolveDemoEndDate } from "./write-demo-data.ts";

const CLINIC_TEMPLATES = [
  "tmpl_monthly_net_production_ly_plus_5",
  "tmpl_monthly_collection_rate_98",
  "tmpl_monthly_no_show_rate_5",
  "tmpl_monthly_answer_rate_90",
  "tmpl_monthly_new_patients_1_5_per_working_day",
  "tmpl_quarterly_collections_ly_plus_5",
] as const;

/** One provider goal, to show provider goals in the demo: the first provider of the first clinic. */
const PROVIDER_TEMPLATE = "tmpl_monthly_gross_production_t3m_plus_3";

const DEMO_GOAL_AUTHOR = "demo_user_owner";

export interface DemoGoalsResult {
  created: number;
  skipped: number;
}

export async function seedDemoGoals(db: Db, opts: { today?: IsoDate; log?: (msg: string) => void } = {}): Promise<DemoGoalsResult> {
  const today = opts.today ?? resolveDemoEndDate();
  const clinics = await db.clinic.findMany({ where: { id: { in: [...DEMO_CLINIC_IDS] } }, select: { id: true } });
  const present = new Set(clinics.map((c) => c.id));
  const author = (await db.user.findUnique({ where: { id: DEMO_GOAL_AUTHOR }, select: { id: true } }))?.id ?? null;

  const wanted: { clinicId: string; templateId: string; providerId: string | null }[] = [];
  for (const clinicId of DEMO_CLINIC_IDS) {
    if (!present.has(clinicId)) continue;
    for (const templateId of CLINIC_TEMPLATES) wanted.push({ clinicId, templateId, providerId: null });
  }
  const firstClinic = DEMO_CLINIC_IDS[0];
  const firstProvider = firstClinic
    ? await db.provider.findFirst({ where: { clinicId: firstClinic, id: { in: [...DEMO_PROVIDER_IDS] } }, orderBy: { id: "asc" }, select: { id: true } })
    : null;
  if (firstClinic && firstProvider) wanted.push({ clinicId: firstClinic, templateId: PROVIDER_TEMPLATE, providerId: firstProvider.id });

  const result: DemoGoalsResult = { created: 0, skipped: 0 };
  const todo: (typeof wanted[number] & { periodStart: IsoDate })[] = [];
  for (const goal of wanted) {
    const template = SYSTEM_GOAL_TEMPLATES.find((t) => t.id === goal.templateId);
    if (!template) continue;
    const period = goalPeriod(template.periodType as GoalPeriodType, today);
    const exists = await db.clinicGoal.findFirst({
      where: { clinicId: goal.clinicId, templateId: goal.templateId, providerId: goal.providerId, periodStart: isoDateToUtcDate(period.from) },
      select: { id: true },
    });
    if (exists) result.skipped++;
    else todo.push({ ...goal, periodStart: period.from });
  }
  if (todo.length === 0) return result;

  // The seed is not a signed-in user: it writes on the audited system path, in one transaction.
  await runAsSystem(db, { reason: "seed:demo-goals", actor: "seed", transaction: true }, async (tx: SystemTx) => {
    for (const goal of todo) {
      try {
        await createGoalFromTemplate(tx, { clinicId: goal.clinicId, userId: author ?? DEMO_GOAL_AUTHOR, templateId: goal.templateId, periodStart: goal.periodStart, providerId: goal.providerId });
        result.created++;
      } catch (error) {
        // A template whose rule has no data to work from (e.g. a very short demo window) is
        // refused before anything is written; skip it.
        if (!(error instanceof AppError)) throw error;
        opts.log?.(`demo goal ${goal.templateId} for ${goal.clinicId} skipped: ${error.message}`);
        result.skipped++;
      }
    }
  });
  return result;
}
