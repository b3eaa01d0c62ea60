/**
 * Sheet records → rows of the four metric tables, one per natural key.
 *
 *  - financial_metrics: one row per (date, provider, metric type) for each money field present;
 *  - appointment_metrics: one row per (date, provider), appointment_type 'all';
 *  - patient_metrics: one row per (date, provider);
 *  - call_metrics: one row per date for the whole clinic (staff_member_id NULL, call_type 'all'):
 *    phone numbers belong to the front desk, not to the provider whose line they were typed on
 *    (sheets put the day's calls on the first row of the day).
 *
 * Several sheet rows with the same key (two locations on one day, no provider column) are added
 * together; source_reference names the first of them.
 */
import { type AppointmentField, type CallField, type MoneyField, type PatientField, METRIC_TYPE, MONEY_FIELDS, STORED_AS_MAGNITUDE } from "./metric-fields.ts";
import type { SheetRecord } from "./transform-rows.ts";

export interface FinancialRow {
  date: string;
  providerId: string | null;
  metricType: string;
  amountCents: number;
  ref: string;
}

export interface AppointmentRow {
  date: string;
  providerId: string | null;
  scheduled: number;
  completed: number;
  cancelled: number;
  noShow: number;
  bookedMinutes: number | null;
  availableMinutes: number | null;
  ref: string;
}

export interface CallRow {
  date: string;
  total: number;
  answered: number;
  voicemails: number;
  booked: number;
  ref: string;
}

export interface PatientRow {
  date: string;
  providerId: string | null;
  active: number | null;
  newPatients: number;
  reactivated: number;
  lost: number;
  ref: string;
}

export interface MetricRows {
  financial: FinancialRow[];
  appointments: AppointmentRow[];
  calls: CallRow[];
  patients: PatientRow[];
}

/** The kinds of metric rows (one per metric table), in the order they are written and hashed. */
export const METRIC_ROW_KINDS = ["financial", "appointments", "calls", "patients"] as const satisfies readonly (keyof MetricRows)[];
export type MetricRowKind = (typeof METRIC_ROW_KINDS)[number];

export function refOf(record: Pick<SheetRecord, "tab" | "row">): string {
  return `${record.tab}!${record.row}`;
}

/** The tab part of a source_reference ("Jan-24!5" → "Jan-24"; tab titles may contain "!"). */
export function tabOfRef(ref: string): string | null {
  const m = /^(.*)!\d+$/.exec(ref);
  return m ? (m[1] ?? null) : null;
}

const add = (a: number | null, b: number | undefined): number | null => (b === undefined ? a : (a ?? 0) + b);
const has = <K extends string>(obj: Partial<Record<K, number>>, keys: readonly K[]) => keys.some((k) => obj[k] !== undefined);

const APPT: readonly AppointmentField[] = ["appointments_scheduled", "appointments_completed", "appointments_cancelled", "appointments_no_show", "booked_minutes", "available_minutes"];
const CALLS: readonly CallField[] = ["calls_total", "calls_answered", "calls_voicemail", "calls_appointments_booked"];
const PATIENTS: readonly PatientField[] = ["patients_new", "patients_active", "patients_reactivated", "patients_lost"];

export function buildMetricRows(records: readonly SheetRecord[]): MetricRows {
  const financial = new Map<string, FinancialRow>();
  const appointments = new Map<string, AppointmentRow>();
  const calls = new Map<string, CallRow>();
  const patients = new Map<string, PatientRow>();

  for (const r of records) {
    const ref = refOf(r);
    const who = r.providerId ?? "";
    for (const field of MONEY_FIELDS) {
      const cents = r.money[field as MoneyField];
      if (cents === undefined) continue;
      const amount = STORED_AS_MAGNITUDE.has(field) ? Math.abs(cents) : cents;
      const metricType = METRIC_TYPE[field];
      const key = `${r.date}|${who}|${metricType}`;
      const existing = financial.get(key);
      if (existing) existing.amountCents += amount;
      else financial.set(key, { date: r.date, providerId: r.providerId, metricType, amountCents: amount, ref });
    }
    const c = r.counts;
    if (has(c, APPT)) {
      const key = `${r.date}|${who}`;
      const row = appointments.get(key) ?? { date: r.date, providerId: r.providerId, scheduled: 0, completed: 0, cancelled: 0, noShow: 0, bookedMinutes: null, availableMinutes: null, ref };
      row.scheduled += c.appointments_scheduled ?? 0;
      row.completed += c.appointments_completed ?? 0;
      row.cancelled += c.appointments_cancelled ?? 0;
      row.noShow += c.appointments_no_show ?? 0;
      row.bookedMinutes = add(row.bookedMinutes, c.booked_minutes);
      row.availableMinutes = add(row.availableMinutes, c.available_minutes);
      appointments.set(key, row);
    }
    if (has(c, CALLS)) {
      const row = calls.get(r.date) ?? { date: r.date, total: 0, answered: 0, voicemails: 0, booked: 0, ref };
      row.total += c.calls_total ?? 0;
      row.answered += c.calls_answered ?? 0;
      row.voicemails += c.calls_voicemail ?? 0;
      row.booked += c.calls_appointments_booked ?? 0;
      calls.set(r.date, row);
    }
    if (has(c, PATIENTS)) {
      const key = `${r.date}|${who}`;
      const row = patients.get(key) ?? { date: r.date, providerId: r.providerId, active: null, newPatients: 0, reactivated: 0, lost: 0, ref };
      row.active = add(row.active, c.patients_active);
      row.newPatients += c.patients_new ?? 0;
      row.reactivated += c.patients_reactivated ?? 0;
      row.lost += c.patients_lost ?? 0;
      patients.set(key, row);
    }
  }
  return {
    financial: [...financial.values()],
    appointments: [...appointments.values()],
    calls: [...calls.values()],
    patients: [...patients.values()],
  };
}

/** Integer cents → numeric text ("-1234.05"). */
export function centsToText(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** How many rows of each kind. */
export function rowsPerKind(rows: MetricRows): Record<MetricRowKind, number> {
  return { financial: rows.financial.length, appointments: rows.appointments.length, calls: rows.calls.length, patients: rows.patients.length };
}

export function countRows(rows: MetricRows): number {
  return rows.financial.length + rows.appointments.length + rows.calls.length + rows.patients.length;
}
