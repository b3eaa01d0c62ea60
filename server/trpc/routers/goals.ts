import { z } from "zod";
import {
  GOAL_PERIOD_TYPES,
  archiveGoal,
  restoreGoal,
  createGoal,
  createGoalFromTemplate,
  getGoalView,
  goalHistory,
  listGoals,
  listProviders,
  listTemplates,
  updateGoalTarget,
} from "../../goals/goal-service.ts";
import { isIsoDate } from "../../metrics/iso-date.ts";
import { KPI_KEYS, type KpiKey } from "../../metrics/kpi-registry.ts";
import { clinicProcedure } from "../clinic-procedure.ts";
import { router } from "../init.ts";

/**
 * Goals of one clinic. Every procedure takes `clinicId` (the tenant check); goal, template and
 * provider ids are looked up together with that clinic inside the tenant transaction, so another
 * clinic's id is NOT_FOUND. Messages meant for people come from AppError in goal-service.ts.
 */

const isoDate = z.string().refine(isIsoDate, "Use a real date as YYYY-MM-DD.");
const id = z.string().min(1).max(64);
const target = z.number({ message: "Enter a target." }).finite().min(0, "A target cannot be negative.").max(1e12, "That target is too large.");

export const goalsRouter = router({
  /** Goals with progress (actual to date, pace, forecast, status) and the day-by-day series. All statuses when omitted. */
  list: clinicProcedure("dashboard:view")
    .input(z.object({ status: z.enum(["active", "archived"]).optional() }))
    .query(({ ctx, input }) => ctx.tenant.db.run((tx) => listGoals(tx, { clinicId: input.clinicId, ...(input.status ? { status: input.status } : {}) }))),

  /** One goal with progress and its goal-vs-actual series. */
  get: clinicProcedure("dashboard:view")
    .input(z.object({ goalId: id }))
    .query(({ ctx, input }) => ctx.tenant.db.run((tx) => getGoalView(tx, { clinicId: input.clinicId, goalId: input.goalId }))),

  /** System templates and this clinic's own. */
  templates: clinicProcedure("dashboard:view").query(({ ctx, input }) => ctx.tenant.db.run((tx) => listTemplates(tx, input.clinicId))),

  /** The clinic's providers, for a provider goal. */
  providers: clinicProcedure("dashboard:view").query(({ ctx, input }) => ctx.tenant.db.run((tx) => listProviders(tx, input.clinicId))),

  createFromTemplate: clinicProcedure("goals:manage")
    .input(z.object({ templateId: id, periodStart: isoDate, providerId: id.optional() }))
    .mutation(({ ctx, input }) =>
      ctx.tenant.db.run((tx) =>
        createGoalFromTemplate(tx, {
          clinicId: input.clinicId,
          userId: ctx.session.user.id,
          templateId: input.templateId,
          periodStart: input.periodStart,
          providerId: input.providerId ?? null,
        }),
      ),
    ),

  create: clinicProcedure("goals:manage")
    .input(
      z.object({
        kpiKey: z.enum(KPI_KEYS as [KpiKey, ...KpiKey[]]),
        name: z.string().trim().max(120),
        periodType: z.enum(GOAL_PERIOD_TYPES),
        periodStart: isoDate,
        targetValue: target,
        providerId: id.optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.tenant.db.run((tx) =>
        createGoal(tx, {
          clinicId: input.clinicId,
          userId: ctx.session.user.id,
          kpiKey: input.kpiKey,
          name: input.name,
          periodType: input.periodType,
          periodStart: input.periodStart,
          targetValue: input.targetValue,
          providerId: input.providerId ?? null,
        }),
      ),
    ),

  updateTarget: clinicProcedure("goals:manage")
    .input(z.object({ goalId: id, targetValue: target }))
    .mutation(({ ctx, input }) =>
      ctx.tenant.db.run((tx) =>
        updateGoalTarget(tx, { clinicId: input.clinicId, goalId: input.goalId, targetValue: input.targetValue, userId: ctx.session.user.id }),
      ),
    ),

  archive: clinicProcedure("goals:manage")
    .input(z.object({ goalId: id }))
    .mutation(({ ctx, input }) => ctx.tenant.db.run((tx) => archiveGoal(tx, { clinicId: input.clinicId, goalId: input.goalId }))),

  restore: clinicProcedure("goals:manage")
    .input(z.object({ goalId: id }))
    .mutation(({ ctx, input }) => ctx.tenant.db.run((tx) => restoreGoal(tx, { clinicId: input.clinicId, goalId: input.goalId }))),

  /** Every target the goal has had, newest first (the first entry is the target it was created with). */
  history: clinicProcedure("dashboard:view")
    .input(z.object({ goalId: id }))
    .query(({ ctx, input }) => ctx.tenant.db.run((tx) => goalHistory(tx, { clinicId: input.clinicId, goalId: input.goalId }))),
});
