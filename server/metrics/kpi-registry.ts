/**
 * KPI registry: the single source of truth for every KPI the dashboard shows
 * and the server computes (labels, units, which way is better, how it is
 * computed, tooltip help, and whether goals can be set on it).
 *
 * Conventions:
 * - `percent` KPIs are percentage points: 97.4 means 97.4%.
 * - Ratios are always Σnumerator ÷ Σdenominator over the period and over the
 *   selected clinics/providers, never an average of daily or per-clinic rates.
 */
import type { TargetRule } from "../goals/target-rule-schema.ts";
import { BASE_MEASURES, type MeasureKey } from "./base-measures.ts";

export type KpiUnit = "money" | "count" | "percent" | "minutes";
/** Which way is better. */
export type KpiDirection = "higher" | "lower";
export type KpiCategory = "production" | "collections" | "appointments" | "calls" | "patients";

export type KpiCompute =
  | { type: "measure"; measure: MeasureKey }
  | { type: "ratio"; numerator: MeasureKey; denominator: MeasureKey }
  /** measure ÷ number of distinct providers with gross production > 0 in the period. */
  | { type: "per-provider"; measure: MeasureKey };

export interface KpiDefinition<K extends string = KpiKey> {
  key: K;
  label: string;
  shortLabel: string;
  unit: KpiUnit;
  direction: KpiDirection;
  compute: KpiCompute;
  category: KpiCategory;
  /** Plain-English "i" tooltip: exactly how the number is computed. */
  help: string;
  goalable: boolean;
  defaultGoal?: TargetRule;
  /**
   * Derived, not hand-written: true when the value builds up over the period
   * (a sum of daily flows), so goal pace and forecast scale with elapsed
   * working days. False for ratios and stocks, whose to-date value is already
   * the best estimate of the period's value.
   */
  accumulates: boolean;
}

type KpiSpec = Omit<KpiDefinition<string>, "accumulates">;

const measure = (m: MeasureKey): KpiCompute => ({ type: "measure", measure: m });
const ratio = (numerator: MeasureKey, denominator: MeasureKey): KpiCompute => ({
  type: "ratio",
  numerator,
  denominator,
});

const SPECS = [
  // Production
  {
    key: "gross_production",
    label: "Gross production",
    shortLabel: "Gross prod.",
    unit: "money",
    direction: "higher",
    compute: measure("gross_production"),
    category: "production",
    help: "Total fees for procedures completed in the period, before adjustments and write-offs.",
    goalable: true,
    defaultGoal: { type: "vs_last_year", changePct: 5 },
  },
  {
    key: "net_production",
    label: "Net production",
    shortLabel: "Net prod.",
    unit: "money",
    direction: "higher",
    compute: measure("net_production"),
    category: "production",
    help: "Gross production minus adjustments and write-offs over the period.",
    goalable: true,
    defaultGoal: { type: "vs_last_year", changePct: 5 },
  },
  {
    key: "adjustments",
    label: "Adjustments & write-offs",
    shortLabel: "Adjustments",
    unit: "money",
    direction: "lower",
    compute: measure("adjustments"),
    category: "production",
    help: "Sum of adjustments and write-offs over the period (insurance discounts, courtesy credits, bad debt). Lower is better.",
    goalable: true,
  },
  {
    key: "production_per_provider",
    label: "Production per provider",
    shortLabel: "Prod./provider",
    unit: "money",
    direction: "higher",
    compute: { type: "per-provider", measure: "gross_production" },
    category: "production",
    help: "Gross production ÷ the number of providers who produced anything (more than $0) in the period.",
    goalable: true,
  },
  // Collections
  {
    key: "collections",
    label: "Collections",
    shortLabel: "Collections",
    unit: "money",
    direction: "higher",
    compute: measure("collections"),
    category: "collections",
    help: "Payments received in the period minus refunds.",
    goalable: true,
    defaultGoal: { type: "vs_last_year", changePct: 5 },
  },
  {
    key: "collection_rate",
    label: "Collection rate",
    shortLabel: "Coll. rate",
    unit: "percent",
    direction: "higher",
    compute: ratio("collections", "net_production"),
    category: "collections",
    help: "Collections ÷ net production over the period. 98%+ is healthy.",
    goalable: true,
    defaultGoal: { type: "fixed", value: 98 },
  },
  // Appointments
  {
    key: "appointments_scheduled",
    label: "Appointments scheduled",
    shortLabel: "Scheduled",
    unit: "count",
    direction: "higher",
    compute: measure("appointments_scheduled"),
    category: "appointments",
    help: "Number of appointments scheduled to take place in the period.",
    goalable: true,
  },
  {
    key: "appointments_completed",
    label: "Appointments completed",
    shortLabel: "Completed",
    unit: "count",
    direction: "higher",
    compute: measure("appointments_completed"),
    category: "appointments",
    help: "Number of appointments in the period where the patient was seen.",
    goalable: true,
    defaultGoal: { type: "trailing_3_month_avg", changePct: 3 },
  },
  {
    key: "appointments_cancelled",
    label: "Cancellations",
    shortLabel: "Cancelled",
    unit: "count",
    direction: "lower",
    compute: measure("appointments_cancelled"),
    category: "appointments",
    help: "Number of appointments in the period that were cancelled. Lower is better.",
    goalable: false,
  },
  {
    key: "appointments_no_show",
    label: "No-shows",
    shortLabel: "No-shows",
    unit: "count",
    direction: "lower",
    compute: measure("appointments_no_show"),
    category: "appointments",
    help: "Number of appointments in the period where the patient did not come and did not cancel. Lower is better.",
    goalable: false,
  },
  {
    key: "no_show_rate",
    label: "No-show rate",
    shortLabel: "No-show %",
    unit: "percent",
    direction: "lower",
    compute: ratio("appointments_no_show", "appointments_scheduled"),
    category: "appointments",
    help: "No-shows ÷ appointments scheduled over the period. Lower is better; under 5% is healthy.",
    goalable: true,
    defaultGoal: { type: "fixed", value: 5 },
  },
  {
    key: "cancellation_rate",
    label: "Cancellation rate",
    shortLabel: "Cancel %",
    unit: "percent",
    direction: "lower",
    compute: ratio("appointments_cancelled", "appointments_scheduled"),
    category: "appointments",
    help: "Cancellations ÷ appointments scheduled over the period. Lower is better; under 10% is healthy.",
    goalable: true,
    defaultGoal: { type: "fixed", value: 10 },
  },
  {
    key: "utilization",
    label: "Schedule utilization",
    shortLabel: "Utilization",
    unit: "percent",
    direction: "higher",
    compute: ratio("booked_minutes", "available_minutes"),
    category: "appointments",
    help: "Booked chair minutes ÷ available chair minutes over the period. 85%+ is healthy.",
    goalable: true,
    defaultGoal: { type: "fixed", value: 85 },
  },
  // Calls
  {
    key: "calls_total",
    label: "Inbound calls",
    shortLabel: "Calls",
    unit: "count",
    direction: "higher",
    compute: measure("calls_total"),
    category: "calls",
    help: "Number of inbound calls to the clinic in the period, answered or not.",
    goalable: false,
  },
  {
    key: "calls_answered",
    label: "Calls answered",
    shortLabel: "Answered",
    unit: "count",
    direction: "higher",
    compute: measure("calls_answered"),
    category: "calls",
    help: "Number of inbound calls picked up by staff in the period.",
    goalable: true,
  },
  {
    key: "answer_rate",
    label: "Answer rate",
    shortLabel: "Answer %",
    unit: "percent",
    direction: "higher",
    compute: ratio("calls_answered", "calls_total"),
    category: "calls",
    help: "Calls answered ÷ inbound calls over the period. 90%+ is healthy.",
    goalable: true,
    defaultGoal: { type: "fixed", value: 90 },
  },
  {
    key: "calls_booked",
    label: "Calls that booked",
    shortLabel: "Booked calls",
    unit: "count",
    direction: "higher",
    compute: measure("calls_booked"),
    category: "calls",
    help: "Number of calls in the period that ended with an appointment booked.",
    goalable: true,
  },
  {
    key: "booking_rate",
    label: "Call booking rate",
    shortLabel: "Booking %",
    unit: "percent",
    direction: "higher",
    compute: ratio("calls_booked", "calls_answered"),
    category: "calls",
    help: "Calls that booked an appointment ÷ calls answered over the period. 50%+ is healthy.",
    goalable: true,
    defaultGoal: { type: "fixed", value: 50 },
  },
  // Patients
  {
    key: "patients_new",
    label: "New patients",
    shortLabel: "New pts",
    unit: "count",
    direction: "higher",
    compute: measure("patients_new"),
    category: "patients",
    help: "Number of patients seen for the first time in the period.",
    goalable: true,
    defaultGoal: { type: "vs_last_year", changePct: 10 },
  },
  {
    key: "patients_reactivated",
    label: "Reactivated patients",
    shortLabel: "Reactivated",
    unit: "count",
    direction: "higher",
    compute: measure("patients_reactivated"),
    category: "patients",
    help: "Number of lapsed patients who came back in the period.",
    goalable: true,
  },
  {
    key: "patients_lost",
    label: "Lost patients",
    shortLabel: "Lost pts",
    unit: "count",
    direction: "lower",
    compute: measure("patients_lost"),
    category: "patients",
    help: "Number of patients who became inactive in the period. Lower is better.",
    goalable: false,
  },
  {
    key: "patients_active",
    label: "Active patients",
    shortLabel: "Active pts",
    unit: "count",
    direction: "higher",
    compute: measure("patients_active"),
    category: "patients",
    help: "Active patients on the last day with data in the period (a head count, not added up over days). For several clinics, each clinic's latest count is added together.",
    goalable: true,
  },
] as const satisfies readonly KpiSpec[];

export type KpiKey = (typeof SPECS)[number]["key"];

function accumulates(compute: KpiCompute): boolean {
  switch (compute.type) {
    case "ratio":
      return false;
    case "per-provider":
    case "measure":
      return BASE_MEASURES[compute.measure].kind === "flow";
  }
}

/** Frozen so no caller can change the shared definitions at runtime. */
function build(spec: KpiSpec): KpiDefinition {
  const def = { ...spec, compute: Object.freeze({ ...spec.compute }), accumulates: accumulates(spec.compute) };
  if (spec.defaultGoal) def.defaultGoal = Object.freeze({ ...spec.defaultGoal });
  return Object.freeze(def) as KpiDefinition;
}

export const KPI_LIST: readonly KpiDefinition[] = Object.freeze(SPECS.map(build));
export const KPI_KEYS: readonly KpiKey[] = KPI_LIST.map((k) => k.key);
export const KPIS: Readonly<Record<KpiKey, KpiDefinition>> = Object.fromEntries(
  KPI_LIST.map((k) => [k.key, k]),
) as Record<KpiKey, KpiDefinition>;

export const KPI_CATEGORIES = [
  "production",
  "collections",
  "appointments",
  "calls",
  "patients",
] as const satisfies readonly KpiCategory[];

export function isKpiKey(value: unknown): value is KpiKey {
  return typeof value === "string" && Object.hasOwn(KPIS, value);
}

export function getKpi(key: KpiKey): KpiDefinition {
  return KPIS[key];
}

export function kpisInCategory(category: KpiCategory): KpiDefinition[] {
  return KPI_LIST.filter((k) => k.category === category);
}

/** The base measures a KPI reads (what to fetch from metric_aggregations). */
export function requiredMeasures(kpi: KpiDefinition): MeasureKey[] {
  const c = kpi.compute;
  return c.type === "ratio" ? [c.numerator, c.denominator] : [c.measure];
}

/** Whether computeKpi needs `providerCount` for this KPI. */
export function needsProviderCount(kpi: KpiDefinition): boolean {
  return kpi.compute.type === "per-provider";
}
