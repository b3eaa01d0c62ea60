/**
 * System goal templates: the starting points offered when a clinic sets a
 * goal. Rows of the GoalTemplate model with clinicId null and
 * isSystemTemplate true; ids are fixed so seeding upserts the same rows.
 *
 * Target rules follow server/goals/target-rule-schema.ts: percent targets are
 * percentage points (98 means 98%).
 */
import type { TargetRule } from "../goals/target-rule-schema.ts";

export const GOAL_TEMPLATE_KPI_KEYS = [
  "gross_production",
  "net_production",
  "collections",
  "collection_rate",
  "no_show_rate",
  "answer_rate",
  "patients_new",
  "appointments_completed",
] as const;
export type GoalTemplateKpiKey = (typeof GOAL_TEMPLATE_KPI_KEYS)[number];

export type GoalTemplatePeriodType = "month" | "quarter" | "year";
export type GoalTemplateCategory = "financial" | "operational" | "patient";

export interface SystemGoalTemplate {
  id: string;
  clinicId: null;
  name: string;
  description: string;
  category: GoalTemplateCategory;
  kpiKey: GoalTemplateKpiKey;
  periodType: GoalTemplatePeriodType;
  targetRule: TargetRule;
  isSystemTemplate: true;
  createdBy: null;
}

type TemplateSpec = Omit<SystemGoalTemplate, "clinicId" | "isSystemTemplate" | "createdBy">;

const SPECS: readonly TemplateSpec[] = [
  {
    id: "tmpl_monthly_net_production_ly_plus_5",
    name: "Net production: last year + 5%",
    description: "Each month, beat the same month last year's net production by 5%.",
    category: "financial",
    kpiKey: "net_production",
    periodType: "month",
    targetRule: { type: "vs_last_year", changePct: 5 },
  },
  {
    id: "tmpl_yearly_net_production_ly_plus_8",
    name: "Annual net production: last year + 8%",
    description: "Grow net production for the whole year by 8% over last year.",
    category: "financial",
    kpiKey: "net_production",
    periodType: "year",
    targetRule: { type: "vs_last_year", changePct: 8 },
  },
  {
    id: "tmpl_monthly_gross_production_t3m_plus_3",
    name: "Gross production: recent average + 3%",
    description:
      "Produce 3% more per working day than the average of the last 3 full months, scaled to the month's working days.",
    category: "financial",
    kpiKey: "gross_production",
    periodType: "month",
    targetRule: { type: "trailing_3_month_avg", changePct: 3 },
  },
  {
    id: "tmpl_quarterly_collections_ly_plus_5",
    name: "Collections: last year + 5%",
    description: "Each quarter, collect 5% more than in the same quarter last year.",
    category: "financial",
    kpiKey: "collections",
    periodType: "quarter",
    targetRule: { type: "vs_last_year", changePct: 5 },
  },
  {
    id: "tmpl_monthly_collection_rate_98",
    name: "Collection rate: 98%",
    description: "Collect at least 98% of net production each month.",
    category: "financial",
    kpiKey: "collection_rate",
    periodType: "month",
    targetRule: { type: "fixed", value: 98 },
  },
  {
    id: "tmpl_monthly_no_show_rate_5",
    name: "No-show rate: at most 5%",
    description: "Keep no-shows at or below 5% of scheduled appointments each month.",
    category: "operational",
    kpiKey: "no_show_rate",
    periodType: "month",
    targetRule: { type: "fixed", value: 5 },
  },
  {
    id: "tmpl_monthly_answer_rate_90",
    name: "Answer rate: 90%",
    description: "Answer at least 90% of inbound calls each month.",
    category: "operational",
    kpiKey: "answer_rate",
    periodType: "month",
    targetRule: { type: "fixed", value: 90 },
  },
  {
    id: "tmpl_monthly_appointments_completed_t3m_plus_3",
    name: "Completed appointments: recent average + 3%",
    description:
      "Complete 3% more appointments per working day than the average of the last 3 full months, scaled to the month's working days.",
    category: "operational",
    kpiKey: "appointments_completed",
    periodType: "month",
    targetRule: { type: "trailing_3_month_avg", changePct: 3 },
  },
  {
    id: "tmpl_monthly_new_patients_1_5_per_working_day",
    name: "New patients: 1.5 per working day",
    description: "Welcome 1.5 new patients for every day the clinic is open (about 32 in a 21-day month).",
    category: "patient",
    kpiKey: "patients_new",
    periodType: "month",
    targetRule: { type: "per_working_day", value: 1.5 },
  },
];

export const SYSTEM_GOAL_TEMPLATES: readonly SystemGoalTemplate[] = SPECS.map((spec) => ({
  ...spec,
  clinicId: null,
  isSystemTemplate: true,
  createdBy: null,
}));
