/**
 * Which column of which metric table each mapped field fills. The field list itself (labels,
 * synonyms, kinds) lives in server/sheets/matching/fields.ts; this is only the write side.
 */
import type { FieldKey } from "../sheets/matching/fields.ts";

export const MONEY_FIELDS = ["gross_production", "adjustments", "write_offs", "collections", "refunds"] as const;
export type MoneyField = (typeof MONEY_FIELDS)[number];

export const APPOINTMENT_FIELDS = [
  "appointments_scheduled",
  "appointments_completed",
  "appointments_cancelled",
  "appointments_no_show",
  "booked_minutes",
  "available_minutes",
] as const;
export const CALL_FIELDS = ["calls_total", "calls_answered", "calls_voicemail", "calls_appointments_booked"] as const;
export const PATIENT_FIELDS = ["patients_new", "patients_active", "patients_reactivated", "patients_lost"] as const;

export const COUNT_FIELDS = [...APPOINTMENT_FIELDS, ...CALL_FIELDS, ...PATIENT_FIELDS] as const;
export type CountField = (typeof COUNT_FIELDS)[number];
export type AppointmentField = (typeof APPOINTMENT_FIELDS)[number];
export type CallField = (typeof CALL_FIELDS)[number];
export type PatientField = (typeof PATIENT_FIELDS)[number];

/** financial_metrics.metric_type for each money field. */
export const METRIC_TYPE: Record<MoneyField, string> = {
  gross_production: "production",
  adjustments: "adjustment",
  write_offs: "write_off",
  collections: "collection",
  refunds: "refund",
};

/**
 * Money that reduces production or collections is stored as a positive amount whatever sign the
 * sheet uses ("(253.83)" and "253.83" both mean an adjustment of 253.83): the roll-up subtracts
 * these types (server/metrics/base-measures.ts).
 */
export const STORED_AS_MAGNITUDE: ReadonlySet<MoneyField> = new Set<MoneyField>(["adjustments", "write_offs", "refunds"]);

export function isMoneyField(key: FieldKey): key is MoneyField {
  return (MONEY_FIELDS as readonly string[]).includes(key);
}

export function isCountField(key: FieldKey): key is CountField {
  return (COUNT_FIELDS as readonly string[]).includes(key);
}
