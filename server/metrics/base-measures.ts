/**
 * Base measures: the daily numbers the SQL roll-up job stores in metric_aggregations, five
 * columns each (aggregation/measure-columns.ts). KPIs (kpi-registry.ts) are built from these.
 * The dashboard's read function (migration 20261128100000_dashboard_read_function) lists them in
 * MEASURE_KEYS order too; a new measure needs a migration that replaces it.
 *
 * Assumption about raw rows: financial_metrics.amount is stored positive for
 * every metric_type, so adjustments, write-offs and refunds are subtracted.
 */

import { deepFreeze } from "./deep-freeze.ts";

export const MEASURE_KEYS = [
  "gross_production",
  "adjustments",
  "net_production",
  "collections",
  "appointments_scheduled",
  "appointments_completed",
  "appointments_cancelled",
  "appointments_no_show",
  "booked_minutes",
  "available_minutes",
  "calls_total",
  "calls_answered",
  "calls_booked",
  "patients_new",
  "patients_reactivated",
  "patients_lost",
  "patients_active",
] as const;

export type MeasureKey = (typeof MEASURE_KEYS)[number];
export type MeasureUnit = "money" | "count" | "minutes";

/**
 * flow: an amount per day; a period's value is the sum of its days.
 * stock: a level (e.g. active patients); a period's value is the value on its
 * last day with data. Never summed over time, but summed across clinics.
 */
export type MeasureKind = "flow" | "stock";

export type SourceTable = "financial_metrics" | "appointment_metrics" | "call_metrics" | "patient_metrics";

export interface BaseMeasure {
  key: MeasureKey;
  label: string;
  unit: MeasureUnit;
  kind: MeasureKind;
  source: {
    table: SourceTable;
    /** What the roll-up job sums per clinic (and provider) per day, as SQL-ish text. */
    expression: string;
  };
  /** Whether rows with a non-NULL provider_id exist for this measure. */
  hasProviderBreakdown: boolean;
}

const FIN = "financial_metrics" as const;
const APPT = "appointment_metrics" as const;
const CALLS = "call_metrics" as const;
const PATIENTS = "patient_metrics" as const;

const sumWhere = (types: string) => `SUM(amount) WHERE metric_type ${types}`;

export const BASE_MEASURES: Readonly<Record<MeasureKey, BaseMeasure>> = deepFreeze({
  gross_production: {
    key: "gross_production",
    label: "Gross production",
    unit: "money",
    kind: "flow",
    source: { table: FIN, expression: sumWhere("= 'production'") },
    hasProviderBreakdown: true,
  },
  adjustments: {
    key: "adjustments",
    label: "Adjustments & write-offs",
    unit: "money",
    kind: "flow",
    source: { table: FIN, expression: sumWhere("IN ('adjustment', 'write_off')") },
    hasProviderBreakdown: true,
  },
  net_production: {
    key: "net_production",
    label: "Net production",
    unit: "money",
    kind: "flow",
    source: {
      table: FIN,
      expression: `${sumWhere("= 'production'")} − ${sumWhere("IN ('adjustment', 'write_off')")}`,
    },
    hasProviderBreakdown: true,
  },
  collections: {
    key: "collections",
    label: "Collections",
    unit: "money",
    kind: "flow",
    source: { table: FIN, expression: `${sumWhere("= 'collection'")} − ${sumWhere("= 'refund'")}` },
    hasProviderBreakdown: true,
  },
  appointments_scheduled: {
    key: "appointments_scheduled",
    label: "Appointments scheduled",
    unit: "count",
    kind: "flow",
    source: { table: APPT, expression: "SUM(scheduled_count)" },
    hasProviderBreakdown: true,
  },
  appointments_completed: {
    key: "appointments_completed",
    label: "Appointments completed",
    unit: "count",
    kind: "flow",
    source: { table: APPT, expression: "SUM(completed_count)" },
    hasProviderBreakdown: true,
  },
  appointments_cancelled: {
    key: "appointments_cancelled",
    label: "Appointments cancelled",
    unit: "count",
    kind: "flow",
    source: { table: APPT, expression: "SUM(cancelled_count)" },
    hasProviderBreakdown: true,
  },
  appointments_no_show: {
    key: "appointments_no_show",
    label: "No-shows",
    unit: "count",
    kind: "flow",
    source: { table: APPT, expression: "SUM(no_show_count)" },
    hasProviderBreakdown: true,
  },
  booked_minutes: {
    key: "booked_minutes",
    label: "Booked minutes",
    unit: "minutes",
    kind: "flow",
    source: { table: APPT, expression: "SUM(booked_minutes)" },
    hasProviderBreakdown: true,
  },
  available_minutes: {
    key: "available_minutes",
    label: "Available minutes",
    unit: "minutes",
    kind: "flow",
    source: { table: APPT, expression: "SUM(available_minutes)" },
    hasProviderBreakdown: true,
  },
  calls_total: {
    key: "calls_total",
    label: "Calls",
    unit: "count",
    kind: "flow",
    source: { table: CALLS, expression: "SUM(total_calls)" },
    hasProviderBreakdown: false,
  },
  calls_answered: {
    key: "calls_answered",
    label: "Calls answered",
    unit: "count",
    kind: "flow",
    source: { table: CALLS, expression: "SUM(answered_calls)" },
    hasProviderBreakdown: false,
  },
  calls_booked: {
    key: "calls_booked",
    label: "Calls that booked",
    unit: "count",
    kind: "flow",
    source: { table: CALLS, expression: "SUM(appointments_booked)" },
    hasProviderBreakdown: false,
  },
  patients_new: {
    key: "patients_new",
    label: "New patients",
    unit: "count",
    kind: "flow",
    source: { table: PATIENTS, expression: "SUM(new_patients)" },
    hasProviderBreakdown: false,
  },
  patients_reactivated: {
    key: "patients_reactivated",
    label: "Reactivated patients",
    unit: "count",
    kind: "flow",
    source: { table: PATIENTS, expression: "SUM(reactivated_patients)" },
    hasProviderBreakdown: false,
  },
  patients_lost: {
    key: "patients_lost",
    label: "Lost patients",
    unit: "count",
    kind: "flow",
    source: { table: PATIENTS, expression: "SUM(lost_patients)" },
    hasProviderBreakdown: false,
  },
  patients_active: {
    key: "patients_active",
    label: "Active patients",
    unit: "count",
    kind: "stock",
    source: { table: PATIENTS, expression: "active_patients on the last day with data (not summed over days)" },
    hasProviderBreakdown: false,
  },
});

export const BASE_MEASURE_LIST: readonly BaseMeasure[] = MEASURE_KEYS.map((k) => BASE_MEASURES[k]);

export function isMeasureKey(value: unknown): value is MeasureKey {
  return typeof value === "string" && (MEASURE_KEYS as readonly string[]).includes(value);
}

export function getMeasure(key: MeasureKey): BaseMeasure {
  return BASE_MEASURES[key];
}
