import type { Role } from "../auth/permissions.ts";
import type { FieldKey } from "../sheets/matching/fields.ts";

/**
 * How legacy concepts map onto the multi-tenant model (docs/migration/schema-differences.md).
 * One table per concept, so the data migration, its report and the docs agree.
 */

/** Legacy users.role → the role of the membership the migration creates in users.clinic_id. */
export const LEGACY_ROLE_MAP: Readonly<Record<string, Role>> = {
  // The legacy "admin" ran the single-tenant install: the practice owner. Every clinic needs an owner.
  admin: "owner",
  system_admin: "owner",
  // Office managers managed staff and settings: admin (everything but managing owners).
  office_manager: "admin",
  clinic_admin: "admin",
  manager: "manager",
  dentist: "provider",
  hygienist: "provider",
  provider: "provider",
  front_desk: "staff",
  staff: "staff",
  viewer: "viewer",
  read_only: "viewer",
};
/** A legacy role not in the map gets the least privilege, and the report lists the user. */
export const UNKNOWN_ROLE_FALLBACK: Role = "viewer";

export type ValueKind = "money" | "count" | "percent";
export type TargetTable = "financial_metrics" | "appointment_metrics" | "call_metrics" | "patient_metrics";

export interface LegacyMetric {
  /** The import field it corresponds to (server/sheets/matching/fields.ts), for mappings. */
  field: FieldKey | null;
  kind: ValueKind;
  /** Where a value goes, or null when the new model derives it (rates) instead of storing it. */
  target: { table: "financial_metrics"; metricType: "production" | "collection" | "adjustment" | "write_off" | "refund" } | { table: Exclude<TargetTable, "financial_metrics">; column: string } | null;
  /** The KPI a legacy goal on this metric becomes (server/metrics/kpi-registry.ts), or null. */
  kpi: string | null;
  /** A stock (a level, e.g. active patients): duplicates keep the latest value instead of adding up. */
  stock?: boolean;
  /** Stored as a magnitude: the new model subtracts adjustments, write-offs and refunds itself. */
  magnitude?: boolean;
}

const fin = (metricType: "production" | "collection" | "adjustment" | "write_off" | "refund") => ({ table: "financial_metrics" as const, metricType });
const col = (table: Exclude<TargetTable, "financial_metrics">, column: string) => ({ table, column });

/** Legacy metric_definitions.name → the typed model. Names not listed are reported as unmapped. */
export const LEGACY_METRICS: Readonly<Record<string, LegacyMetric>> = {
  daily_production: { field: "gross_production", kind: "money", target: fin("production"), kpi: "gross_production" },
  production: { field: "gross_production", kind: "money", target: fin("production"), kpi: "gross_production" },
  gross_production: { field: "gross_production", kind: "money", target: fin("production"), kpi: "gross_production" },
  daily_collection: { field: "collections", kind: "money", target: fin("collection"), kpi: "collections" },
  daily_collections: { field: "collections", kind: "money", target: fin("collection"), kpi: "collections" },
  collections: { field: "collections", kind: "money", target: fin("collection"), kpi: "collections" },
  adjustments: { field: "adjustments", kind: "money", target: fin("adjustment"), kpi: "adjustments", magnitude: true },
  write_offs: { field: "write_offs", kind: "money", target: fin("write_off"), kpi: null, magnitude: true },
  refunds: { field: "refunds", kind: "money", target: fin("refund"), kpi: null, magnitude: true },
  scheduled_appointments: { field: "appointments_scheduled", kind: "count", target: col("appointment_metrics", "scheduled_count"), kpi: "appointments_scheduled" },
  completed_appointments: { field: "appointments_completed", kind: "count", target: col("appointment_metrics", "completed_count"), kpi: "appointments_completed" },
  cancelled_appointments: { field: "appointments_cancelled", kind: "count", target: col("appointment_metrics", "cancelled_count"), kpi: "appointments_cancelled" },
  no_show_appointments: { field: "appointments_no_show", kind: "count", target: col("appointment_metrics", "no_show_count"), kpi: "appointments_no_show" },
  no_shows: { field: "appointments_no_show", kind: "count", target: col("appointment_metrics", "no_show_count"), kpi: "appointments_no_show" },
  new_patients: { field: "patients_new", kind: "count", target: col("patient_metrics", "new_patients"), kpi: "patients_new" },
  reactivated_patients: { field: "patients_reactivated", kind: "count", target: col("patient_metrics", "reactivated_patients"), kpi: "patients_reactivated" },
  lost_patients: { field: "patients_lost", kind: "count", target: col("patient_metrics", "lost_patients"), kpi: "patients_lost" },
  active_patients: { field: "patients_active", kind: "count", target: col("patient_metrics", "active_patients"), kpi: "patients_active", stock: true },
  total_calls: { field: "calls_total", kind: "count", target: col("call_metrics", "total_calls"), kpi: "calls_total" },
  answered_calls: { field: "calls_answered", kind: "count", target: col("call_metrics", "answered_calls"), kpi: "calls_answered" },
  voicemails: { field: "calls_voicemail", kind: "count", target: col("call_metrics", "voicemails"), kpi: null },
  calls_booked: { field: "calls_appointments_booked", kind: "count", target: col("call_metrics", "appointments_booked"), kpi: "calls_booked" },
  // Rates are derived from their numerator and denominator in the new model; only goals move.
  collection_rate: { field: null, kind: "percent", target: null, kpi: "collection_rate" },
  no_show_rate: { field: null, kind: "percent", target: null, kpi: "no_show_rate" },
};

/** Legacy goals.time_period → clinic_goals.period_type. */
export const LEGACY_PERIOD_MAP: Readonly<Record<string, string>> = {
  daily: "day",
  weekly: "week",
  monthly: "month",
  quarterly: "quarter",
  annual: "year",
  annually: "year",
  yearly: "year",
};

/** Goal template categories by legacy definition category. */
export const CATEGORY_MAP: Readonly<Record<string, string>> = {
  financial: "financial",
  patient: "patient",
  appointment: "operational",
  provider: "operational",
  treatment: "operational",
};

/** Ids of rows the data migration writes start with these; phase-4 rollback deletes by them. */
export const MIGRATED_ID_PREFIX = {
  membership: "mig_ucr_",
  connection: "mig_conn_",
  mapping: "mig_map_",
  financial: "mig_fin_",
  appointment: "mig_appt_",
  call: "mig_call_",
  patient: "mig_pat_",
  template: "mig_tpl_",
  goal: "mig_goal_",
} as const;

/** source_reference of every typed metric row made from metric_values. */
export const LEGACY_SOURCE_REFERENCE = "legacy:metric_values";
/** created_by of memberships, connections, mappings, templates and goals the migration makes. */
export const MIGRATION_ACTOR = "legacy-migration";
